"""Shortcuts for the social tests: friendships, site settings, groups."""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify

from kring.accounts.models import Member
from kring.core.sitesettings.models import SiteSettings
from kring.social import services
from kring.social.models import Friendship
from kring.spaces.models import Audience, Space, SpaceKind, Visibility


def befriend(a: Member, b: Member) -> None:
    """`a` asks, `b` accepts."""
    request = services.send_friend_request(a, member=b)
    services.accept_friend_request(b, friend_request=request)


def friendship_rows(a: Member, b: Member) -> list[tuple[int, int]]:
    return sorted(
        Friendship.objects.filter(member__in=[a, b], friend__in=[a, b]).values_list(
            "member_id", "friend_id"
        )
    )


def change_site(**changes: Any) -> SiteSettings:
    site, _created = SiteSettings.objects.get_or_create(pk=1)
    for name, value in changes.items():
        setattr(site, name, value)
    site.save()
    return site


def make_group(
    name: str = "Fietsers",
    visibility: str = Visibility.PUBLIC,
    audience: str = Audience.EVERYONE,
) -> Space:
    return Space.objects.create(
        kind=SpaceKind.GROUP,
        name=name,
        slug=slugify(name),
        visibility=visibility,
        audience=audience,
    )
