"""Groups, memberships and personas for the spaces tests, and the visibility matrix they share."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import ExifTags, Image

from conftest import MemberFactory
from kring.accounts.models import ApprovalStatus, Member
from kring.accounts.roles import Role
from kring.spaces.models import (
    Audience,
    GroupRole,
    Membership,
    MembershipStatus,
    Space,
    SpaceKind,
    Visibility,
)

PUBLIC, PRIVATE, SECRET = Visibility.PUBLIC, Visibility.PRIVATE, Visibility.SECRET
EVERYONE, EMPLOYEES = Audience.EVERYONE, Audience.EMPLOYEES

# The six kinds of group: every visibility for everyone, and for employees only.
KINDS = [(v, a) for a in (EVERYONE, EMPLOYEES) for v in (PUBLIC, PRIVATE, SECRET)]
PUB_ALL, PRIV_ALL, SEC_ALL, PUB_EMP, PRIV_EMP, SEC_EMP = KINDS
ALL = frozenset(KINDS)
FOR_EVERYONE = frozenset({PUB_ALL, PRIV_ALL, SEC_ALL})
NONE: frozenset[tuple[str, str]] = frozenset()


def make_group(
    visibility: str = PUBLIC,
    audience: str = EVERYONE,
    *,
    owner: Member | None = None,
    name: str | None = None,
    **fields: Any,
) -> Space:
    """A group in the database, owned by `owner` (an employee by default), counted correctly."""
    owner = owner or MemberFactory(role=Role.EMPLOYEE)
    name = name or f"{visibility} {audience} group"
    slug = fields.pop("slug", None) or f"{visibility}-{audience}-{Space.objects.count()}"
    space = Space.objects.create(
        kind=SpaceKind.GROUP,
        name=name,
        slug=slug,
        visibility=visibility,
        audience=audience,
        member_count=1,
        **fields,
    )
    Membership.objects.create(
        space=space,
        member=owner,
        role=GroupRole.OWNER,
        status=MembershipStatus.ACTIVE,
        joined_at=timezone.now(),
    )
    return space


def add_membership(
    space: Space,
    member: Member,
    status: str = MembershipStatus.ACTIVE,
    role: str = GroupRole.MEMBER,
    invited_by: Member | None = None,
) -> Membership:
    """Put `member` in `space` directly (a state to start from), keeping member_count right."""
    membership = Membership.objects.create(
        space=space,
        member=member,
        status=status,
        role=role,
        invited_by=invited_by,
        joined_at=timezone.now() if status == MembershipStatus.ACTIVE else None,
    )
    if status == MembershipStatus.ACTIVE:
        space.member_count += 1
        space.save(update_fields=["member_count"])
    return membership


def suspend(member: Member) -> Member:
    member.suspended_until = timezone.now() + timedelta(days=7)
    member.save(update_fields=["suspended_until"])
    return member


def recount(space: Space) -> tuple[int, int]:
    """(stored member_count, number of active memberships) of `space`."""
    space.refresh_from_db(fields=["member_count"])
    return space.member_count, space.memberships.filter(status=MembershipStatus.ACTIVE).count()


# The visibility matrix ---------------------------------------------------------------------


# viewer -> (groups they may know exist, groups they may read, groups they may post in,
#            groups they manage)
MATRIX: dict[str, tuple[frozenset[Any], frozenset[Any], frozenset[Any], frozenset[Any]]] = {
    "anonymous": ({PUB_ALL, PRIV_ALL}, {PUB_ALL}, NONE, NONE),
    "member": ({PUB_ALL, PRIV_ALL}, {PUB_ALL}, NONE, NONE),
    "pending_account": ({PUB_ALL, PRIV_ALL}, {PUB_ALL}, NONE, NONE),
    "requester": ({PUB_ALL, PRIV_ALL}, {PUB_ALL}, NONE, NONE),
    # An invitation reveals a secret group, but reading it takes accepting.
    "invitee": ({PUB_ALL, PRIV_ALL, SEC_ALL}, {PUB_ALL}, NONE, NONE),
    # A customer's membership of an employees-only group grants nothing.
    "group_member": (FOR_EVERYONE, FOR_EVERYONE, FOR_EVERYONE, NONE),
    "group_moderator": (FOR_EVERYONE, FOR_EVERYONE, FOR_EVERYONE, FOR_EVERYONE),
    "suspended_member": ({PUB_ALL, PRIV_ALL}, {PUB_ALL}, NONE, NONE),
    "employee": ({PUB_ALL, PRIV_ALL, PUB_EMP, PRIV_EMP}, {PUB_ALL, PUB_EMP}, NONE, NONE),
    "employee_member": (ALL, ALL, ALL, NONE),
    "owner": (ALL, ALL, ALL, ALL),
    "moderator": (ALL, ALL, ALL, ALL),
    "admin": (ALL, ALL, ALL, ALL),
    # Suspension takes a moderator's powers too: they read what visitors read.
    "suspended_moderator": ({PUB_ALL, PRIV_ALL}, {PUB_ALL}, NONE, NONE),
}
VIEWERS = list(MATRIX)


@dataclass
class World:
    """One group of each kind, and a persona in every relation to all of them."""

    groups: dict[tuple[str, str], Space]
    people: dict[str, Any] = field(default_factory=dict)

    def viewer(self, name: str) -> Any:
        return self.people[name]


def build_world(request: pytest.FixtureRequest) -> World:
    owner = MemberFactory(display_name="Olga Eigenaar", role=Role.EMPLOYEE)
    groups = {
        (v, a): make_group(v, a, owner=owner, name=f"Groep {v} {a}", slug=f"groep-{v}-{a}")
        for v, a in KINDS
    }
    people: dict[str, Any] = {
        name: request.getfixturevalue(name)
        for name in ("anonymous", "member", "employee", "moderator", "admin")
    }
    people["owner"] = owner
    people["pending_account"] = MemberFactory(
        display_name="Pim Wachtend", approval_status=ApprovalStatus.PENDING
    )
    relations = {
        "requester": (Role.MEMBER, MembershipStatus.REQUESTED, GroupRole.MEMBER),
        "invitee": (Role.MEMBER, MembershipStatus.INVITED, GroupRole.MEMBER),
        "group_member": (Role.MEMBER, MembershipStatus.ACTIVE, GroupRole.MEMBER),
        "group_moderator": (Role.MEMBER, MembershipStatus.ACTIVE, GroupRole.MODERATOR),
        "suspended_member": (Role.MEMBER, MembershipStatus.ACTIVE, GroupRole.MEMBER),
        "employee_member": (Role.EMPLOYEE, MembershipStatus.ACTIVE, GroupRole.MEMBER),
    }
    for name, (role, status, group_role) in relations.items():
        person = MemberFactory(display_name=name.replace("_", " ").title(), role=role)
        for space in groups.values():
            add_membership(space, person, status, group_role, invited_by=owner)
        people[name] = person
    suspend(people["suspended_member"])
    people["suspended_moderator"] = suspend(
        MemberFactory(display_name="Sanne Geschorst", role=Role.MODERATOR)
    )
    return World(groups=groups, people=people)


# Pictures ------------------------------------------------------------------------------------


def image_bytes(size: tuple[int, int] = (300, 200), fmt: str = "PNG", colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=fmt)
    return buffer.getvalue()


def jpeg_with_exif(size: tuple[int, int] = (2400, 600)) -> bytes:
    image = Image.new("RGB", size, "blue")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretCam"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, quality=90)
    return buffer.getvalue()


def upload(data: bytes, name: str = "cover.png", content_type: str = "image/png") -> Any:
    return SimpleUploadedFile(name, data, content_type)


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())
