"""Every write of the social app: friend requests and friendships, follows, blocks.

Whatever two members do to each other happens while holding a lock on both their member rows,
taken in id order (`_lock_pair`): two members who accept each other's requests, or one who
blocks while the other sends a request, are served one after the other, and never deadlock.
The unique constraints stay the last line of defence (e.g. SQLite, which has no row locks but
serialises writers anyway).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import Member
from kring.core.events import publish_on_commit
from kring.core.permissions import require
from kring.social.events import (
    FriendRequestSent,
    FriendshipAccepted,
    FriendshipEnded,
    GroupFollowed,
    MemberBlocked,
    MemberFollowed,
)
from kring.social.models import Block, Follow, FriendRequest, FriendRequestStatus, Friendship
from kring.social.permissions import (
    accept_denial,
    block_denial,
    can_cancel_friend_request,
    can_decline_friend_request,
    can_unblock,
    can_unfollow,
    can_unfriend,
    follow_denial,
    friend_request_denial,
)
from kring.social.queries import relationship_between
from kring.spaces.models import Space

PENDING = FriendRequestStatus.PENDING


def _lock_pair(a_id: int, b_id: int) -> None:
    """Lock both members' rows, lowest id first. Call inside transaction.atomic().

    FOR NO KEY UPDATE, so rows that merely point at the members (posts, memberships) can still
    be written meanwhile; SQLite ignores the lock and serialises writers instead."""
    locked = Member.objects.select_for_update(no_key=True).filter(pk__in=[a_id, b_id])
    list(locked.order_by("pk").values_list("pk", flat=True))


def _fresh_request(friend_request: FriendRequest) -> FriendRequest:
    """The request as stored now; call while holding the pair lock."""
    return FriendRequest.objects.select_related("sender", "recipient").get(pk=friend_request.pk)


def _make_friends(a_id: int, b_id: int) -> bool:
    """Both rows of the friendship; False if it already existed. Call holding the pair lock."""
    try:
        # A savepoint: should another transaction have made the same friendship (without the
        # lock, e.g. an import), its unique constraint refuses ours and the outer one goes on.
        with transaction.atomic():
            Friendship.objects.bulk_create(
                [
                    Friendship(member_id=a_id, friend_id=b_id),
                    Friendship(member_id=b_id, friend_id=a_id),
                ]
            )
    except IntegrityError:
        return False
    return True


def _end_friendship(a_id: int, b_id: int) -> bool:
    """Delete both rows; whether there was a friendship. Call holding the pair lock."""
    deleted, _rows = Friendship.objects.filter(
        Q(member_id=a_id, friend_id=b_id) | Q(member_id=b_id, friend_id=a_id)
    ).delete()
    if deleted:
        publish_on_commit(FriendshipEnded(member_id=a_id, friend_id=b_id))
    return bool(deleted)


def _accept(actor: Member, friend_request: FriendRequest) -> FriendRequest:
    """Make `friend_request` (to `actor`) a friendship; holding the pair lock."""
    denial = accept_denial(actor, friend_request)
    require(not denial, denial)
    now = timezone.now()
    created = _make_friends(actor.pk, friend_request.sender_id)
    # Settle a request `actor` may have sent the other way too: one friendship answers both.
    FriendRequest.objects.filter(
        Q(pk=friend_request.pk) | Q(sender_id=actor.pk, recipient_id=friend_request.sender_id),
        status=PENDING,
    ).update(status=FriendRequestStatus.ACCEPTED, responded_at=now)
    friend_request.status = FriendRequestStatus.ACCEPTED
    friend_request.responded_at = now
    if created:
        publish_on_commit(
            FriendshipAccepted(
                request_id=friend_request.pk, member_id=actor.pk, friend_id=friend_request.sender_id
            )
        )
    return friend_request


def send_friend_request(actor: Member, *, member: Member) -> FriendRequest:
    """Ask `member` to be friends. If they already asked `actor`, accept theirs instead (the
    answer is that accepted request); asking twice returns the open request."""
    with transaction.atomic():
        _lock_pair(actor.pk, member.pk)
        relationship = relationship_between(actor, member)
        if relationship.received_request_id is not None:
            theirs = FriendRequest.objects.select_related("sender", "recipient")
            return _accept(actor, theirs.get(pk=relationship.received_request_id))
        if relationship.sent_request_id is not None:
            return FriendRequest.objects.get(pk=relationship.sent_request_id)
        denial = friend_request_denial(actor, member, relationship)
        require(not denial, denial)
        try:
            with transaction.atomic():
                friend_request = FriendRequest.objects.create(sender=actor, recipient=member)
        except IntegrityError:
            # The partial unique index: the same request was just sent (without the lock).
            return FriendRequest.objects.get(sender=actor, recipient=member, status=PENDING)
        publish_on_commit(
            FriendRequestSent(
                request_id=friend_request.pk, sender_id=actor.pk, recipient_id=member.pk
            )
        )
    return friend_request


def accept_friend_request(actor: Member, *, friend_request: FriendRequest) -> FriendRequest:
    """`actor` accepts a request they received: both become friends (two rows)."""
    with transaction.atomic():
        _lock_pair(friend_request.sender_id, friend_request.recipient_id)
        fresh = _fresh_request(friend_request)
        if fresh.status == FriendRequestStatus.ACCEPTED and fresh.recipient_id == actor.pk:
            # Accepted already: a second click, or the other accepted `actor`'s request to
            # them at the same moment, which settled this one too.
            return fresh
        return _accept(actor, fresh)


def decline_friend_request(actor: Member, *, friend_request: FriendRequest) -> FriendRequest:
    """`actor` says no to a request they received (the sender may ask again later)."""
    with transaction.atomic():
        _lock_pair(friend_request.sender_id, friend_request.recipient_id)
        fresh = _fresh_request(friend_request)
        if fresh.status == FriendRequestStatus.DECLINED and fresh.recipient_id == actor.pk:
            return fresh
        require(
            fresh.recipient_id == actor.pk,
            _("Only the member who received this friend request can decline it."),
        )
        require(
            can_decline_friend_request(actor, fresh),
            _("This friend request has already been answered."),
        )
        fresh.status = FriendRequestStatus.DECLINED
        fresh.responded_at = timezone.now()
        fresh.save(update_fields=["status", "responded_at"])
    return fresh


def cancel_friend_request(actor: Member, *, friend_request: FriendRequest) -> FriendRequest:
    """`actor` takes back a request they sent and that is still open."""
    with transaction.atomic():
        _lock_pair(friend_request.sender_id, friend_request.recipient_id)
        fresh = _fresh_request(friend_request)
        if fresh.status == FriendRequestStatus.CANCELLED and fresh.sender_id == actor.pk:
            return fresh
        require(
            fresh.sender_id == actor.pk,
            _("Only the member who sent this friend request can take it back."),
        )
        require(
            can_cancel_friend_request(actor, fresh),
            _("This friend request has already been answered."),
        )
        fresh.status = FriendRequestStatus.CANCELLED
        fresh.responded_at = timezone.now()
        fresh.save(update_fields=["status", "responded_at"])
    return fresh


def unfriend(actor: Member, *, member: Member) -> bool:
    """End the friendship of `actor` and `member` (both rows); False if there was none."""
    require(can_unfriend(actor, member), _("You cannot end this friendship."))
    with transaction.atomic():
        _lock_pair(actor.pk, member.pk)
        return _end_friendship(actor.pk, member.pk)


def follow_member(actor: Member, *, member: Member) -> Follow:
    """`actor` follows `member` (no approval; following twice is fine)."""
    with transaction.atomic():
        _lock_pair(actor.pk, member.pk)
        denial = follow_denial(actor, member)
        require(not denial, denial)
        follow, created = Follow.objects.get_or_create(follower=actor, member=member)
        if created:
            publish_on_commit(MemberFollowed(follower_id=actor.pk, member_id=member.pk))
    return follow


def unfollow_member(actor: Member, *, member: Member) -> bool:
    """`actor` stops following `member`; False if they did not."""
    require(can_unfollow(actor), _("Only members of the community can unfollow."))
    deleted, _rows = Follow.objects.filter(follower=actor, member=member).delete()
    return bool(deleted)


def follow_group(actor: Member, *, group: Space) -> Follow:
    """`actor` follows `group` (no approval; following twice is fine)."""
    denial = follow_denial(actor, group)
    require(not denial, denial)
    with transaction.atomic():
        follow, created = Follow.objects.get_or_create(follower=actor, space=group)
        if created:
            publish_on_commit(GroupFollowed(follower_id=actor.pk, space_id=group.pk))
    return follow


def unfollow_group(actor: Member, *, group: Space) -> bool:
    """`actor` stops following `group`; False if they did not."""
    require(can_unfollow(actor), _("Only members of the community can unfollow."))
    deleted, _rows = Follow.objects.filter(follower=actor, space=group).delete()
    return bool(deleted)


def block_member(actor: Member, *, member: Member) -> Block:
    """`actor` blocks `member`: it also ends their friendship, cancels open friend requests
    and removes follows, both ways. Blocking twice is fine."""
    denial = block_denial(actor, member)
    require(not denial, denial)
    with transaction.atomic():
        _lock_pair(actor.pk, member.pk)
        block, created = Block.objects.get_or_create(blocker=actor, blocked=member)
        _end_friendship(actor.pk, member.pk)
        between = Q(sender_id=actor.pk, recipient_id=member.pk) | Q(
            sender_id=member.pk, recipient_id=actor.pk
        )
        FriendRequest.objects.filter(between, status=PENDING).update(
            status=FriendRequestStatus.CANCELLED, responded_at=timezone.now()
        )
        Follow.objects.filter(
            Q(follower_id=actor.pk, member_id=member.pk)
            | Q(follower_id=member.pk, member_id=actor.pk)
        ).delete()
        if created:
            publish_on_commit(MemberBlocked(blocker_id=actor.pk, blocked_id=member.pk))
    return block


def unblock_member(actor: Member, *, member: Member) -> bool:
    """`actor` lifts their block of `member` (an ended friendship stays ended); False if there
    was no block."""
    require(can_unblock(actor), _("Only members of the community can unblock someone."))
    deleted, _rows = Block.objects.filter(blocker=actor, blocked=member).delete()
    return bool(deleted)
