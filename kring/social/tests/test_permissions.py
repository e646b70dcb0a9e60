"""Who may befriend, follow and block whom: the predicates as a matrix."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import MemberFactory
from kring.accounts.models import ApprovalStatus, Member
from kring.accounts.roles import Role
from kring.core.sitesettings.models import FriendRequestPolicy
from kring.members.models import ProfileVisibility
from kring.social import services
from kring.social.permissions import (
    ProfileActions,
    can_block,
    can_follow,
    can_send_friend_request,
    profile_actions,
)
from kring.social.queries import relationship_between
from kring.social.tests.samples import befriend, change_site, make_group
from kring.spaces.models import Audience, Membership, Visibility

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "pending", "suspended", "inactive", "member", "employee", "moderator"]


def actor_named(request: pytest.FixtureRequest, name: str) -> Any:
    if name == "pending":
        return MemberFactory(approval_status=ApprovalStatus.PENDING)
    if name == "suspended":
        return MemberFactory(suspended_until=timezone.now() + timedelta(days=1))
    if name == "inactive":
        return MemberFactory(is_active=False)
    return request.getfixturevalue(name)


# actor -> (may send a request to, follow, block) an ordinary member
TOWARDS_A_MEMBER = {
    "anonymous": (False, False, False),
    "pending": (False, False, False),
    "suspended": (False, False, True),  # protecting oneself needs no good standing
    "inactive": (False, False, False),
    "member": (True, True, True),
    "employee": (True, True, True),
    "moderator": (True, True, True),
}


@pytest.mark.parametrize("actor_name", ACTORS)
def test_what_each_actor_may_do_to_an_ordinary_member(
    request: pytest.FixtureRequest, actor_name: str, stranger: Member
) -> None:
    actor = actor_named(request, actor_name)
    expected = TOWARDS_A_MEMBER[actor_name]
    assert (
        can_send_friend_request(actor, stranger),
        can_follow(actor, stranger),
        can_block(actor, stranger),
    ) == expected


@pytest.mark.parametrize(
    ("role", "blockable"),
    [
        (Role.MEMBER, True),
        (Role.EMPLOYEE, True),
        (Role.MODERATOR, False),
        (Role.MANAGER, False),
        (Role.ADMIN, False),
    ],
)
def test_staff_who_moderate_cannot_be_blocked(member: Member, role: str, blockable: bool) -> None:
    assert can_block(member, MemberFactory(role=role)) is blockable


def test_nobody_acts_on_themselves(member: Member) -> None:
    assert not can_send_friend_request(member, member)
    assert not can_follow(member, member)
    assert not can_block(member, member)


@pytest.mark.parametrize(
    ("state", "may_ask"),
    [
        ("nothing", True),
        ("friends", False),
        ("asked", False),
        ("was_asked", False),  # the button is "Accept" then
        ("blocks", False),
        ("blocked_by", False),
        ("declined", True),
    ],
)
def test_a_request_needs_no_friendship_open_request_or_block(
    member: Member, stranger: Member, state: str, may_ask: bool
) -> None:
    if state == "friends":
        befriend(member, stranger)
    elif state == "asked":
        services.send_friend_request(member, member=stranger)
    elif state == "was_asked":
        services.send_friend_request(stranger, member=member)
    elif state == "blocks":
        services.block_member(member, member=stranger)
    elif state == "blocked_by":
        services.block_member(stranger, member=member)
    elif state == "declined":
        asked = services.send_friend_request(member, member=stranger)
        services.decline_friend_request(stranger, friend_request=asked)
    assert can_send_friend_request(member, stranger) is may_ask


def test_policy_nobody_means_never(member: Member, stranger: Member, admin: Member) -> None:
    change_site(friend_request_policy=FriendRequestPolicy.NOBODY)
    assert not can_send_friend_request(member, stranger)
    assert not can_send_friend_request(admin, stranger)
    assert can_follow(member, stranger)  # following is not a friendship


@pytest.mark.parametrize("switch", [True, False])
def test_the_employee_rule_follows_the_switch(
    member: Member, employee: Member, manager: Member, switch: bool
) -> None:
    change_site(employees_may_befriend_customers=switch)
    assert can_send_friend_request(employee, member) is switch
    assert can_send_friend_request(member, manager) is switch
    assert can_send_friend_request(employee, manager)  # both speak for the organisation


def test_friends_only_profiles_take_requests_and_follows_only_from_who_sees_them(
    member: Member, stranger: Member, manager: Member
) -> None:
    stranger.profile.visibility = ProfileVisibility.FRIENDS
    stranger.profile.save(update_fields=["visibility"])
    assert not can_send_friend_request(member, stranger)
    assert not can_follow(member, stranger)
    assert can_send_friend_request(manager, stranger)  # managers see every profile


def test_follow_blocks_count_both_ways(member: Member, stranger: Member) -> None:
    services.block_member(stranger, member=member)
    assert not can_follow(member, stranger)
    assert not can_follow(stranger, member)


# actor -> follows a (public, private, secret, public employees-only) group
GROUPS = {
    "anonymous": (False, False, False, False),
    "pending": (False, False, False, False),
    "suspended": (False, False, False, False),
    "member": (True, True, False, False),
    "employee": (True, True, False, True),
    "moderator": (True, True, True, True),  # staff see every group
}


@pytest.mark.parametrize("actor_name", list(GROUPS))
def test_who_may_follow_which_group(request: pytest.FixtureRequest, actor_name: str) -> None:
    actor = actor_named(request, actor_name)
    groups = [
        make_group("Openbaar"),
        make_group("Besloten", visibility=Visibility.PRIVATE),
        make_group("Geheim", visibility=Visibility.SECRET),
        make_group("Intern", audience=Audience.EMPLOYEES),
    ]
    assert tuple(can_follow(actor, group) for group in groups) == GROUPS[actor_name]


def test_a_secret_group_member_may_follow_it(member: Member) -> None:
    secret = make_group("Geheim", visibility=Visibility.SECRET)
    assert not can_follow(member, secret)
    Membership.objects.create(space=secret, member=member)
    assert can_follow(member, secret)


# The buttons on a profile


def actions(actor: Any, member: Member) -> ProfileActions:
    return profile_actions(actor, member, relationship_between(actor, member))


def test_profile_actions_follow_the_state(member: Member, stranger: Member) -> None:
    assert actions(member, stranger) == ProfileActions(send_request=True, follow=True, block=True)
    services.send_friend_request(member, member=stranger)
    assert actions(member, stranger) == ProfileActions(cancel_request=True, follow=True, block=True)
    assert actions(stranger, member) == ProfileActions(
        answer_request=True, accept_request=True, follow=True, block=True
    )
    services.send_friend_request(stranger, member=member)  # accepts the open request
    services.follow_member(member, member=stranger)
    assert actions(member, stranger) == ProfileActions(unfriend=True, unfollow=True, block=True)
    services.block_member(member, member=stranger)
    assert actions(member, stranger) == ProfileActions(unblock=True)
    # Blocked: they may block back, nothing else; the block itself is not shown to them.
    assert actions(stranger, member) == ProfileActions(block=True)


def test_no_buttons_for_visitors_or_on_ones_own_profile(
    member: Member, anonymous: Any, moderator: Member
) -> None:
    assert not actions(anonymous, member).any
    assert not actions(member, member).any
    assert actions(member, moderator) == ProfileActions(send_request=True, follow=True)


def test_answering_is_offered_even_when_accepting_is_not(member: Member, employee: Member) -> None:
    services.send_friend_request(member, member=employee)
    change_site(employees_may_befriend_customers=False)
    assert actions(employee, member) == ProfileActions(answer_request=True, follow=True, block=True)
