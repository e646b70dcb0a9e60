"""Every write of the social app: each transition of a friend request, friendships, follows,
blocks and their side effects, the site's friendship policy, and the mutual-accept race."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import MemberFactory
from kring.accounts.models import ApprovalStatus, Member
from kring.accounts.roles import Role
from kring.core.events import subscribe, unsubscribe
from kring.core.permissions import Denied
from kring.core.sitesettings.models import FriendRequestPolicy
from kring.social import services
from kring.social.events import (
    FriendRequestSent,
    FriendshipAccepted,
    FriendshipEnded,
    GroupFollowed,
    MemberBlocked,
    MemberFollowed,
)
from kring.social.models import Block, Follow, FriendRequest, FriendRequestStatus, Friendship
from kring.social.queries import are_friends
from kring.social.services import _make_friends
from kring.social.tests.samples import befriend, change_site, friendship_rows, make_group
from kring.spaces.models import Visibility

pytestmark = pytest.mark.django_db

PENDING = FriendRequestStatus.PENDING
ACCEPTED = FriendRequestStatus.ACCEPTED
DECLINED = FriendRequestStatus.DECLINED
CANCELLED = FriendRequestStatus.CANCELLED


@pytest.fixture
def published() -> Iterator[list[object]]:
    """Every social event published (after commit) during the test."""
    seen: list[object] = []
    kinds = (
        FriendRequestSent,
        FriendshipAccepted,
        FriendshipEnded,
        MemberFollowed,
        GroupFollowed,
        MemberBlocked,
    )

    def record(event: object) -> None:
        seen.append(event)

    for kind in kinds:
        subscribe(kind, record)
    yield seen
    for kind in kinds:
        unsubscribe(kind, record)


def suspended() -> Member:
    member: Member = MemberFactory(suspended_until=timezone.now() + timedelta(days=3))
    return member


# Sending


def test_send_friend_request_creates_one_pending_request(
    member: Member, friend: Member, published: list[object], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        request = services.send_friend_request(member, member=friend)
    assert (request.sender, request.recipient, request.status) == (member, friend, PENDING)
    assert published == [
        FriendRequestSent(request_id=request.pk, sender_id=member.pk, recipient_id=friend.pk)
    ]
    assert not are_friends(member, friend)


def test_sending_twice_returns_the_open_request(member: Member, friend: Member) -> None:
    first = services.send_friend_request(member, member=friend)
    second = services.send_friend_request(member, member=friend)
    assert first.pk == second.pk
    assert FriendRequest.objects.count() == 1


def test_sending_to_someone_who_already_asked_accepts_their_request(
    member: Member, friend: Member
) -> None:
    theirs = services.send_friend_request(friend, member=member)
    answer = services.send_friend_request(member, member=friend)
    assert answer.pk == theirs.pk
    assert answer.status == ACCEPTED
    assert FriendRequest.objects.count() == 1  # no second request was made
    assert friendship_rows(member, friend) == sorted(
        [(member.pk, friend.pk), (friend.pk, member.pk)]
    )


def test_friends_cannot_ask_again(member: Member, friend: Member) -> None:
    befriend(member, friend)
    with pytest.raises(Denied, match="already friends"):
        services.send_friend_request(friend, member=member)


def test_nobody_befriends_themselves(member: Member) -> None:
    with pytest.raises(Denied, match="yourself"):
        services.send_friend_request(member, member=member)


@pytest.mark.parametrize(
    "make_sender",
    [
        lambda: MemberFactory(approval_status=ApprovalStatus.PENDING),
        lambda: MemberFactory(is_active=False),
        suspended,
    ],
    ids=["pending", "inactive", "suspended"],
)
def test_only_participants_send_friend_requests(
    make_sender: Callable[[], Member], friend: Member
) -> None:
    with pytest.raises(Denied, match="Only active members"):
        services.send_friend_request(make_sender(), member=friend)
    assert not FriendRequest.objects.exists()


def test_a_friends_only_profile_cannot_be_asked_by_a_stranger(
    member: Member, stranger: Member
) -> None:
    stranger.profile.visibility = "friends"
    stranger.profile.save(update_fields=["visibility"])
    with pytest.raises(Denied, match="cannot send a friend request"):
        services.send_friend_request(member, member=stranger)


# Answering


def test_accept_friend_request_creates_both_rows(
    member: Member, friend: Member, published: list[object], django_capture_on_commit_callbacks: Any
) -> None:
    request = services.send_friend_request(member, member=friend)
    with django_capture_on_commit_callbacks(execute=True):
        accepted = services.accept_friend_request(friend, friend_request=request)
    assert accepted.status == ACCEPTED
    assert accepted.responded_at is not None
    assert friendship_rows(member, friend) == sorted(
        [(member.pk, friend.pk), (friend.pk, member.pk)]
    )
    assert are_friends(member, friend)
    assert are_friends(friend, member)
    assert published == [
        FriendshipAccepted(request_id=request.pk, member_id=friend.pk, friend_id=member.pk)
    ]


def test_accepting_twice_is_harmless(member: Member, friend: Member) -> None:
    request = services.send_friend_request(member, member=friend)
    services.accept_friend_request(friend, friend_request=request)
    again = services.accept_friend_request(friend, friend_request=request)
    assert again.status == ACCEPTED
    assert Friendship.objects.count() == 2


@pytest.mark.parametrize("who", ["member", "stranger"])
def test_only_the_recipient_accepts(
    request: pytest.FixtureRequest, who: str, member: Member, friend: Member
) -> None:
    friend_request = services.send_friend_request(member, member=friend)
    with pytest.raises(Denied, match="Only the member who received"):
        services.accept_friend_request(request.getfixturevalue(who), friend_request=friend_request)
    assert not Friendship.objects.exists()


def test_decline_friend_request_and_ask_again_later(member: Member, friend: Member) -> None:
    request = services.send_friend_request(member, member=friend)
    declined = services.decline_friend_request(friend, friend_request=request)
    assert declined.status == DECLINED
    assert declined.responded_at is not None
    assert services.decline_friend_request(friend, friend_request=request).status == DECLINED
    with pytest.raises(Denied, match="no longer open"):
        services.accept_friend_request(friend, friend_request=request)
    again = services.send_friend_request(member, member=friend)
    assert again.pk != request.pk
    assert again.status == PENDING


def test_only_the_recipient_declines(member: Member, friend: Member) -> None:
    request = services.send_friend_request(member, member=friend)
    with pytest.raises(Denied, match="Only the member who received"):
        services.decline_friend_request(member, friend_request=request)


def test_cancel_friend_request(member: Member, friend: Member) -> None:
    request = services.send_friend_request(member, member=friend)
    with pytest.raises(Denied, match="Only the member who sent"):
        services.cancel_friend_request(friend, friend_request=request)
    cancelled = services.cancel_friend_request(member, friend_request=request)
    assert cancelled.status == CANCELLED
    assert services.cancel_friend_request(member, friend_request=request).status == CANCELLED
    with pytest.raises(Denied, match="no longer open"):
        services.accept_friend_request(friend, friend_request=request)


def test_an_answered_request_cannot_be_cancelled(member: Member, friend: Member) -> None:
    request = services.send_friend_request(member, member=friend)
    services.accept_friend_request(friend, friend_request=request)
    with pytest.raises(Denied, match="already been answered"):
        services.cancel_friend_request(member, friend_request=request)
    declined = services.send_friend_request(member, member=MemberFactory())
    services.decline_friend_request(declined.recipient, friend_request=declined)
    with pytest.raises(Denied, match="already been answered"):
        services.cancel_friend_request(member, friend_request=declined)


def test_a_suspended_member_may_still_decline_but_not_accept(member: Member) -> None:
    target = suspended()
    first = services.send_friend_request(member, member=target)
    with pytest.raises(Denied, match="Only active members"):
        services.accept_friend_request(target, friend_request=first)
    assert services.decline_friend_request(target, friend_request=first).status == DECLINED


# The race: both ask, both accept


def test_mutual_accepts_end_in_exactly_one_friendship(member: Member, friend: Member) -> None:
    # Both pressed "Add friend" at the same moment: two open requests, one each way (the
    # constraint is per direction). Simulated by creating them directly.
    mine = FriendRequest.objects.create(sender=member, recipient=friend)
    theirs = FriendRequest.objects.create(sender=friend, recipient=member)
    # Both now accept the other's request, each holding the request as loaded before.
    services.accept_friend_request(member, friend_request=theirs)
    late = services.accept_friend_request(friend, friend_request=mine)
    assert late.status == ACCEPTED
    assert Friendship.objects.count() == 2
    assert friendship_rows(member, friend) == sorted(
        [(member.pk, friend.pk), (friend.pk, member.pk)]
    )
    assert set(FriendRequest.objects.values_list("status", flat=True)) == {ACCEPTED}


def test_making_an_existing_friendship_again_is_refused_by_the_constraint(
    member: Member, friend: Member
) -> None:
    assert _make_friends(member.pk, friend.pk) is True
    # What the second of two accepts racing without the lock would do: the unique constraint
    # refuses its rows inside a savepoint, and the surrounding transaction goes on.
    assert _make_friends(friend.pk, member.pk) is False
    assert Friendship.objects.count() == 2


# Ending a friendship


@pytest.mark.parametrize("side", ["asker", "accepter"])
def test_unfriend_removes_both_rows(
    member: Member,
    friend: Member,
    side: str,
    published: list[object],
    django_capture_on_commit_callbacks: Any,
) -> None:
    befriend(member, friend)
    actor, other = (member, friend) if side == "asker" else (friend, member)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.unfriend(actor, member=other) is True
    assert not Friendship.objects.exists()
    assert published == [FriendshipEnded(member_id=actor.pk, friend_id=other.pk)]
    assert services.unfriend(actor, member=other) is False  # nothing left to end


def test_after_unfriending_either_may_ask_again(member: Member, friend: Member) -> None:
    befriend(member, friend)
    services.unfriend(member, member=friend)
    assert services.send_friend_request(friend, member=member).status == PENDING


# The site's friendship policy


def test_policy_nobody_stops_requests_and_accepts_but_keeps_friendships(
    member: Member, friend: Member, stranger: Member
) -> None:
    befriend(member, friend)
    waiting = services.send_friend_request(stranger, member=member)
    change_site(friend_request_policy=FriendRequestPolicy.NOBODY)

    with pytest.raises(Denied, match="switched off"):
        services.send_friend_request(member, member=MemberFactory())
    with pytest.raises(Denied, match="switched off"):
        services.accept_friend_request(member, friend_request=waiting)
    # Saying no and taking back still work; existing friendships stay.
    assert services.decline_friend_request(member, friend_request=waiting).status == DECLINED
    assert are_friends(member, friend)
    assert services.unfriend(member, member=friend)


@pytest.mark.parametrize(
    ("sender_role", "recipient_role", "allowed"),
    [
        (Role.EMPLOYEE, Role.MEMBER, False),
        (Role.MEMBER, Role.EMPLOYEE, False),
        (Role.MEMBER, Role.MODERATOR, False),  # staff speak for the organisation too
        (Role.EMPLOYEE, Role.EMPLOYEE, True),
        (Role.MODERATOR, Role.EMPLOYEE, True),
        (Role.MEMBER, Role.MEMBER, True),
    ],
)
def test_employees_and_customers_do_not_befriend_when_switched_off(
    sender_role: str, recipient_role: str, allowed: bool
) -> None:
    change_site(employees_may_befriend_customers=False)
    sender, recipient = MemberFactory(role=sender_role), MemberFactory(role=recipient_role)
    if allowed:
        assert services.send_friend_request(sender, member=recipient).status == PENDING
    else:
        with pytest.raises(Denied, match="employees and customers"):
            services.send_friend_request(sender, member=recipient)


def test_switching_the_employee_rule_off_stops_open_requests_being_accepted(
    member: Member, employee: Member
) -> None:
    change_site(employees_may_befriend_customers=True)
    request = services.send_friend_request(member, member=employee)
    befriend(employee, MemberFactory())  # an existing employee-customer friendship
    change_site(employees_may_befriend_customers=False)
    with pytest.raises(Denied, match="employees and customers"):
        services.accept_friend_request(employee, friend_request=request)
    assert Friendship.objects.filter(member=employee).count() == 1  # the old one stays


# Follows


def test_follow_member_is_idempotent(
    member: Member, friend: Member, published: list[object], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = services.follow_member(member, member=friend)
        second = services.follow_member(member, member=friend)
    assert first.pk == second.pk
    assert Follow.objects.count() == 1
    assert published == [MemberFollowed(follower_id=member.pk, member_id=friend.pk)]
    assert services.unfollow_member(member, member=friend) is True
    assert services.unfollow_member(member, member=friend) is False
    assert not Follow.objects.exists()


def test_following_needs_no_friendship_and_is_one_way(member: Member, friend: Member) -> None:
    services.follow_member(member, member=friend)
    assert not Follow.objects.filter(follower=friend).exists()
    assert not are_friends(member, friend)


def test_nobody_follows_themselves_or_while_suspended(member: Member, friend: Member) -> None:
    with pytest.raises(Denied, match="yourself"):
        services.follow_member(member, member=member)
    with pytest.raises(Denied, match="Only active members"):
        services.follow_member(suspended(), member=friend)


def test_follow_a_group_one_can_see(
    member: Member, published: list[object], django_capture_on_commit_callbacks: Any
) -> None:
    public = make_group("Fietsers")
    private = make_group("Besloten", visibility=Visibility.PRIVATE)
    secret = make_group("Geheim", visibility=Visibility.SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        services.follow_group(member, group=public)
        services.follow_group(member, group=public)
    services.follow_group(member, group=private)  # private groups are known to exist
    with pytest.raises(Denied, match="cannot be followed"):
        services.follow_group(member, group=secret)
    assert sorted(Follow.objects.values_list("space__name", flat=True)) == ["Besloten", "Fietsers"]
    assert published == [GroupFollowed(follower_id=member.pk, space_id=public.pk)]
    assert services.unfollow_group(member, group=public) is True
    assert services.unfollow_group(member, group=public) is False


# Blocks


def test_block_member_ends_everything_between_them(
    member: Member,
    friend: Member,
    published: list[object],
    django_capture_on_commit_callbacks: Any,
) -> None:
    befriend(member, friend)
    services.follow_member(member, member=friend)
    services.follow_member(friend, member=member)
    other = MemberFactory()
    services.follow_member(other, member=member)  # untouched: not part of the block
    with django_capture_on_commit_callbacks(execute=True):
        block = services.block_member(member, member=friend)
    assert (block.blocker, block.blocked) == (member, friend)
    assert not Friendship.objects.exists()
    assert list(Follow.objects.values_list("follower_id", "member_id")) == [(other.pk, member.pk)]
    assert published == [
        FriendshipEnded(member_id=member.pk, friend_id=friend.pk),
        MemberBlocked(blocker_id=member.pk, blocked_id=friend.pk),
    ]


@pytest.mark.parametrize("direction", ["sent", "received"])
def test_block_member_cancels_open_requests_both_ways(
    member: Member, stranger: Member, direction: str
) -> None:
    if direction == "sent":
        request = services.send_friend_request(member, member=stranger)
    else:
        request = services.send_friend_request(stranger, member=member)
    services.block_member(member, member=stranger)
    request.refresh_from_db()
    assert request.status == CANCELLED


def test_blocking_twice_is_fine(member: Member, stranger: Member) -> None:
    first = services.block_member(member, member=stranger)
    assert services.block_member(member, member=stranger).pk == first.pk
    assert Block.objects.count() == 1


def test_a_block_stops_requests_and_follows_both_ways(member: Member, stranger: Member) -> None:
    services.block_member(member, member=stranger)
    with pytest.raises(Denied, match="cannot become friends"):
        services.send_friend_request(stranger, member=member)
    with pytest.raises(Denied, match="Unblock them first"):
        services.send_friend_request(member, member=stranger)
    with pytest.raises(Denied, match="cannot follow"):
        services.follow_member(stranger, member=member)
    with pytest.raises(Denied, match="Unblock them first"):
        services.follow_member(member, member=stranger)


def test_unblock_member_lets_them_ask_again_but_restores_nothing(
    member: Member, friend: Member
) -> None:
    befriend(member, friend)
    services.block_member(member, member=friend)
    assert services.unblock_member(member, member=friend) is True
    assert services.unblock_member(member, member=friend) is False
    assert not are_friends(member, friend)
    assert services.send_friend_request(friend, member=member).status == PENDING


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.MANAGER, Role.ADMIN])
def test_staff_cannot_be_blocked(member: Member, role: str) -> None:
    staff = MemberFactory(role=role)
    with pytest.raises(Denied, match="keep the community safe"):
        services.block_member(member, member=staff)
    assert not Block.objects.exists()


def test_employees_can_be_blocked(member: Member, employee: Member) -> None:
    services.block_member(member, member=employee)
    assert Block.objects.filter(blocker=member, blocked=employee).exists()


def test_a_suspended_member_may_still_block(friend: Member) -> None:
    services.block_member(suspended(), member=friend)
    assert Block.objects.count() == 1


def test_nobody_blocks_themselves(member: Member) -> None:
    with pytest.raises(Denied, match="yourself"):
        services.block_member(member, member=member)
