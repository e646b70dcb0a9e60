"""The predicates of the spaces app: the group matrix, joining, managing and posting."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import MemberFactory
from kring.accounts.models import ApprovalStatus, Member
from kring.accounts.roles import Role
from kring.social.models import Block, Friendship
from kring.spaces import permissions
from kring.spaces.models import GroupRole, MembershipStatus, Space, SpaceKind
from kring.spaces.queries import community_space
from kring.spaces.tests.samples import (
    EMPLOYEES,
    KINDS,
    MATRIX,
    PRIVATE,
    PUBLIC,
    VIEWERS,
    add_membership,
    build_world,
    make_group,
    suspend,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("viewer_name", VIEWERS)
def test_group_permission_matrix(request: pytest.FixtureRequest, viewer_name: str) -> None:
    world = build_world(request)
    viewer = world.viewer(viewer_name)
    sees, reads, posts, manages = MATRIX[viewer_name]
    for kind in KINDS:
        space = world.groups[kind]
        cell = (viewer_name, kind)
        assert permissions.can_see_group(viewer, space) is (kind in sees), cell
        assert permissions.can_read_group(viewer, space) is (kind in reads), cell
        assert permissions.can_post_in_space(viewer, space) is (kind in posts), cell
        assert permissions.can_manage_group(viewer, space) is (kind in manages), cell


# who may join or ask: viewer -> kinds
JOINS = {
    "member": {(PUBLIC, "everyone")},
    "employee": {(PUBLIC, "everyone"), (PUBLIC, EMPLOYEES)},
    # Joining a public group takes up an invitation, or a request left from when it was private.
    "invitee": {(PUBLIC, "everyone")},
    "requester": {(PUBLIC, "everyone")},
    "moderator": {(PUBLIC, "everyone"), (PUBLIC, EMPLOYEES)},
    "admin": {(PUBLIC, "everyone"), (PUBLIC, EMPLOYEES)},
}
REQUESTS = {
    "member": {(PRIVATE, "everyone")},
    "employee": {(PRIVATE, "everyone"), (PRIVATE, EMPLOYEES)},
    "moderator": {(PRIVATE, "everyone"), (PRIVATE, EMPLOYEES)},
    "admin": {(PRIVATE, "everyone"), (PRIVATE, EMPLOYEES)},
}


@pytest.mark.parametrize("viewer_name", VIEWERS)
def test_who_may_join_and_who_may_ask_to_join(
    request: pytest.FixtureRequest, viewer_name: str
) -> None:
    world = build_world(request)
    viewer = world.viewer(viewer_name)
    for kind in KINDS:
        space = world.groups[kind]
        cell = (viewer_name, kind)
        assert permissions.can_join_group(viewer, space) is (kind in JOINS.get(viewer_name, ())), (
            cell
        )
        assert permissions.can_request_to_join(viewer, space) is (
            kind in REQUESTS.get(viewer_name, ())
        ), cell


def test_only_participants_start_groups_and_only_employees_internal_ones(
    member: Member, employee: Member, anonymous: Any
) -> None:
    pending = MemberFactory(approval_status=ApprovalStatus.PENDING)
    assert permissions.can_create_group(member)
    assert not permissions.can_create_group(member, audience=EMPLOYEES)
    assert permissions.can_create_group(employee, audience=EMPLOYEES)
    assert not permissions.can_create_group(anonymous)
    assert not permissions.can_create_group(pending)
    assert not permissions.can_create_group(suspend(MemberFactory()))


def test_editing_is_for_the_owner_and_community_managers(
    member: Member, employee: Member, moderator: Member, manager: Member
) -> None:
    space = make_group(owner=employee)
    add_membership(space, member, role=GroupRole.MODERATOR)
    assert permissions.can_edit_group(employee, space)
    assert permissions.can_edit_group(manager, space)
    assert not permissions.can_edit_group(member, space)  # a group moderator
    assert not permissions.can_edit_group(moderator, space)  # a site moderator
    assert not permissions.can_edit_group(suspend(employee), space)


def test_transferring_is_for_the_owner_and_administrators(
    member: Member, employee: Member, manager: Member, admin: Member
) -> None:
    space = make_group(owner=employee)
    add_membership(space, member, role=GroupRole.MODERATOR)
    assert permissions.can_transfer_ownership(employee, space)
    assert permissions.can_transfer_ownership(admin, space)
    assert not permissions.can_transfer_ownership(manager, space)
    assert not permissions.can_transfer_ownership(member, space)


def test_group_moderators_do_not_remove_each_other(
    member: Member, friend: Member, stranger: Member, employee: Member, moderator: Member
) -> None:
    space = make_group(owner=employee)
    mine = add_membership(space, member, role=GroupRole.MODERATOR)
    other_moderator = add_membership(space, friend, role=GroupRole.MODERATOR)
    plain = add_membership(space, stranger)
    owner = space.memberships.get(role=GroupRole.OWNER)

    assert permissions.can_remove_from_group(member, plain)
    assert not permissions.can_remove_from_group(member, other_moderator)
    assert not permissions.can_remove_from_group(member, owner)
    assert not permissions.can_remove_from_group(member, mine)  # leaving is another action
    assert permissions.can_remove_from_group(employee, other_moderator)
    assert permissions.can_remove_from_group(moderator, other_moderator)
    assert not permissions.can_remove_from_group(moderator, owner)
    assert not permissions.can_remove_from_group(stranger, plain)


def test_anyone_taking_part_posts_in_the_community_space(member: Member, anonymous: Any) -> None:
    community = community_space()
    assert permissions.can_post_in_space(member, community)
    assert not permissions.can_post_in_space(anonymous, community)
    assert not permissions.can_post_in_space(suspend(MemberFactory()), community)
    pending = MemberFactory(approval_status=ApprovalStatus.PENDING)
    assert not permissions.can_post_in_space(pending, community)


def profile_space(owner: Member) -> Space:
    space, _created = Space.objects.get_or_create(
        kind=SpaceKind.PROFILE,
        owner_member=owner,
        defaults={"name": owner.display_name, "slug": f"profiel-{owner.pk}"},
    )
    return space


def befriend(a: Member, b: Member) -> None:
    Friendship.objects.create(member=a, friend=b)
    Friendship.objects.create(member=b, friend=a)


def test_a_profile_wall_takes_posts_from_its_owner_and_friends(
    member: Member, friend: Member, stranger: Member, moderator: Member
) -> None:
    befriend(member, friend)
    wall = profile_space(member)

    assert permissions.can_post_in_space(member, wall)
    assert permissions.can_post_in_space(friend, wall)
    assert not permissions.can_post_in_space(stranger, wall)
    assert not permissions.can_post_in_space(moderator, wall)
    Block.objects.create(blocker=member, blocked=friend)
    assert not permissions.can_post_in_space(friend, wall)


def test_a_profile_wall_not_yet_made_is_judged_by_its_owner(
    member: Member, friend: Member, stranger: Member
) -> None:
    befriend(member, friend)
    unsaved = Space(kind=SpaceKind.PROFILE, owner_member=member)
    assert permissions.can_post_in_space(member, unsaved)
    assert permissions.can_post_in_space(friend, unsaved)
    assert not permissions.can_post_in_space(stranger, unsaved)


def test_a_customer_member_of_an_employees_group_may_not_post_there(member: Member) -> None:
    space = make_group(audience=EMPLOYEES)
    add_membership(space, member)
    assert not permissions.can_post_in_space(member, space)
    employee = MemberFactory(role=Role.EMPLOYEE)
    add_membership(space, employee, MembershipStatus.INVITED)
    assert not permissions.can_post_in_space(employee, space)  # invited is not a member yet
