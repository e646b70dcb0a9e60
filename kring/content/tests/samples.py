"""Spaces, relations, posts and pictures for the content and wall tests."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.accounts.roles import Role
from kring.content.models import Post
from kring.content.services import create_post
from kring.social.models import Block, Follow, Friendship
from kring.spaces.models import (
    Audience,
    GroupRole,
    Membership,
    MembershipStatus,
    Space,
    SpaceKind,
    Visibility,
)
from kring.spaces.queries import community_space, profile_space_for

__all__ = [
    "block",
    "community_space",
    "follow",
    "join",
    "make_friends",
    "make_group",
    "photo_upload",
    "png_bytes",
    "post_in",
    "profile_space_for",
    "suspend",
]


def make_group(
    visibility: str = Visibility.PUBLIC,
    audience: str = Audience.EVERYONE,
    *,
    owner: Member | None = None,
    name: str = "",
    slug: str = "",
) -> Space:
    """A group owned by `owner` (a new employee by default)."""
    owner = owner or MemberFactory(role=Role.EMPLOYEE)
    number = Space.objects.count()
    space = Space.objects.create(
        kind=SpaceKind.GROUP,
        name=name or f"Groep {number}",
        slug=slug or f"groep-{number}",
        visibility=visibility,
        audience=audience,
        member_count=1,
    )
    Membership.objects.create(
        space=space, member=owner, role=GroupRole.OWNER, status=MembershipStatus.ACTIVE
    )
    return space


def join(
    space: Space,
    member: Member,
    *,
    role: str = GroupRole.MEMBER,
    status: str = MembershipStatus.ACTIVE,
) -> Membership:
    return Membership.objects.create(space=space, member=member, role=role, status=status)


def make_friends(a: Member, b: Member) -> None:
    """A friendship, stored in both directions as the social app does."""
    Friendship.objects.create(member=a, friend=b)
    Friendship.objects.create(member=b, friend=a)


def follow(follower: Member, *, member: Member | None = None, space: Space | None = None) -> None:
    Follow.objects.create(follower=follower, member=member, space=space)


def block(blocker: Member, blocked: Member) -> None:
    Block.objects.create(blocker=blocker, blocked=blocked)


def suspend(member: Member) -> Member:
    member.suspended_until = timezone.now() + timedelta(days=3)
    member.save(update_fields=["suspended_until"])
    return member


def post_in(space: Space, author: Member, body: str = "Hallo allemaal", **fields: Any) -> Post:
    """A post made through the service (so counters and rules apply)."""
    return create_post(author, space=space, body=body, **fields)


def png_bytes(size: tuple[int, int] = (120, 80), colour: str = "teal") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def photo_upload(name: str = "foto.png", data: bytes | None = None) -> SimpleUploadedFile:
    """A picture made in memory with Pillow, as a browser would upload it."""
    return SimpleUploadedFile(name, data if data is not None else png_bytes(), "image/png")
