"""Fixtures of the filters' tests: the content tests' fixtures (English, a community, a group
owned by the employee) and helpers that make members old and established."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kring.accounts.models import Member
from kring.content.tests.fixtures import _english, client, community, group, media
from kring.spaces.models import GroupRole, Membership, MembershipStatus, Space

__all__ = ["_english", "client", "community", "group", "media", "veteran"]


def age(member: Member, *, days: int) -> Member:
    """`member` as if they joined `days` ago."""
    member.date_joined = timezone.now() - timedelta(days=days)
    member.save(update_fields=["date_joined"])
    return member


def join(member: Member, space: Space, role: str = GroupRole.MEMBER) -> Membership:
    return Membership.objects.create(
        space=space, member=member, role=role, status=MembershipStatus.ACTIVE
    )


@pytest.fixture
def veteran(friend: Member) -> Member:
    """A member who joined a year ago (the friend persona)."""
    return age(friend, days=365)
