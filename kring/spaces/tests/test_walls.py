"""A profile wall's readability is kept on its own row (kring.spaces.walls): it must always agree
with the rule it copies, the owner's visibility to the viewer (`visible_members`), through every
way an owner or a profile changes."""

from __future__ import annotations

from datetime import timedelta
from itertools import product

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import MemberFactory
from kring.accounts import services as account_services
from kring.accounts.models import ApprovalStatus, Member
from kring.accounts.roles import Role
from kring.members import services as member_services
from kring.members.models import Profile, ProfileVisibility
from kring.members.queries import visible_members
from kring.sanctions import services as sanction_services
from kring.spaces.models import Space, SpaceKind
from kring.spaces.queries import profile_space_for, readable_spaces
from kring.spaces.tests.test_permissions import befriend
from kring.spaces.walls import sync_walls

pytestmark = pytest.mark.django_db

STATES = [
    (active, approval, visibility)
    for active, approval, visibility in product(
        (True, False),
        (ApprovalStatus.APPROVED, ApprovalStatus.PENDING, ApprovalStatus.DECLINED),
        ProfileVisibility.values,
    )
]


def owner(active: bool, approval: str, visibility: str) -> Member:
    member: Member = MemberFactory(is_active=active, approval_status=approval)
    member.profile.visibility = visibility
    member.profile.save(update_fields=["visibility"])
    return member


def viewers(friend_of: list[Member]) -> dict[str, object]:
    """Everyone who reads walls differently: a visitor, an applicant, members (a friend of
    every owner among them), a suspended member, a manager and a moderator."""
    friend = MemberFactory()
    for member in friend_of:
        befriend(friend, member)
    suspended = MemberFactory()
    suspended.suspended_until = timezone.now() + timedelta(days=3)
    suspended.save(update_fields=["suspended_until"])
    return {
        "visitor": AnonymousUser(),
        "applicant": MemberFactory(approval_status=ApprovalStatus.PENDING),
        "member": MemberFactory(),
        "friend": friend,
        "suspended": suspended,
        "employee": MemberFactory(role=Role.EMPLOYEE),
        "manager": MemberFactory(role=Role.MANAGER),
        "moderator": MemberFactory(role=Role.MODERATOR),
    }


def assert_walls_agree(readers: dict[str, object]) -> None:
    for name, viewer in readers.items():
        fresh = Member.objects.get(pk=viewer.pk) if isinstance(viewer, Member) else viewer
        by_row = set(
            readable_spaces(fresh)
            .filter(kind=SpaceKind.PROFILE)
            .values_list("owner_member_id", flat=True)
        )
        by_owner = set(visible_members(fresh).values_list("pk", flat=True))
        if name in ("moderator", "manager"):  # staff read every wall, to moderate it
            by_owner = set(Member.objects.values_list("pk", flat=True))
        walls = set(Space.objects.filter(kind=SpaceKind.PROFILE).values_list("owner_member_id"))
        assert by_row == by_owner & {pk for (pk,) in walls}, name


def test_every_owner_state_reads_as_its_owners_visibility() -> None:
    owners = [owner(*state) for state in STATES]
    readers = viewers(owners)
    for member in [*owners, *(r for r in readers.values() if isinstance(r, Member))]:
        profile_space_for(member)
    # A member who is themselves in every state reads their own wall as the rule says.
    assert_walls_agree(readers)
    for member, (active, approval, visibility) in zip(owners, STATES, strict=True):
        wall = Space.objects.get(owner_member=member)
        shown = active and approval == ApprovalStatus.APPROVED
        assert wall.wall_visibility == (visibility if shown else "")


def test_walls_follow_their_owners_through_the_services() -> None:
    manager = MemberFactory(role=Role.MANAGER)
    applicant = owner(True, ApprovalStatus.PENDING, ProfileVisibility.EVERYONE)
    declined = owner(True, ApprovalStatus.PENDING, ProfileVisibility.MEMBERS)
    changing = owner(True, ApprovalStatus.APPROVED, ProfileVisibility.EVERYONE)
    banned = owner(True, ApprovalStatus.APPROVED, ProfileVisibility.EVERYONE)
    owners = [applicant, declined, changing, banned]
    for member in owners:
        profile_space_for(member)
    readers = viewers(owners)
    assert_walls_agree(readers)

    account_services.approve_member(manager, member=applicant)
    account_services.decline_member(manager, member=declined)
    assert_walls_agree(readers)
    for visibility in (ProfileVisibility.FRIENDS, ProfileVisibility.MEMBERS):
        member_services.update_profile(changing, member=changing, visibility=visibility)
        assert_walls_agree(readers)
    sanction_services.ban_member(manager, member=banned, reason_code="spam", reason="Spam")
    assert Space.objects.get(owner_member=banned).wall_visibility == ""
    assert_walls_agree(readers)


def test_a_wall_made_later_starts_in_step_and_a_lost_profile_closes_it() -> None:
    member = owner(True, ApprovalStatus.APPROVED, ProfileVisibility.FRIENDS)
    assert profile_space_for(member).wall_visibility == ProfileVisibility.FRIENDS
    made_directly = owner(True, ApprovalStatus.APPROVED, ProfileVisibility.EVERYONE)
    wall = Space.objects.create(
        kind=SpaceKind.PROFILE, name="x", slug="x", owner_member=made_directly
    )
    assert wall.wall_visibility == ProfileVisibility.EVERYONE

    Profile.objects.filter(member=member).delete()
    sync_walls([member.pk])
    assert Space.objects.get(owner_member=member).wall_visibility == ""


def test_a_login_leaves_the_walls_alone() -> None:
    member = owner(True, ApprovalStatus.APPROVED, ProfileVisibility.MEMBERS)
    profile_space_for(member)
    with CaptureQueriesContext(connection) as queries:
        member.save(update_fields=["last_login"])
        member.profile.save(update_fields=["bio"])
    assert len(queries) == 2


def test_sync_walls_mends_every_wall_after_a_bulk_change() -> None:
    members = [owner(*state) for state in STATES]
    for member in members:
        profile_space_for(member)
    Space.objects.filter(kind=SpaceKind.PROFILE).update(wall_visibility="")
    assert sync_walls() == len(members)
    for member in members:
        shown = member.is_active and member.approval_status == ApprovalStatus.APPROVED
        expected = member.profile.visibility if shown else ""
        assert Space.objects.get(owner_member=member).wall_visibility == expected
