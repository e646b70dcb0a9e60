"""Reads of friendships, follows and blocks for the other apps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Lower

from kring.accounts.models import ApprovalStatus, Member
from kring.core.permissions import NotFound
from kring.social.models import Block, Follow, FriendRequest, FriendRequestStatus, Friendship
from kring.spaces.models import Space

if TYPE_CHECKING:
    from kring.members.queries import DirectoryPage

INBOX_LIMIT = 100


def _is_member(viewer: Any) -> bool:
    return bool(viewer is not None and getattr(viewer, "is_authenticated", False))


def friend_ids(viewer: Any) -> QuerySet[Friendship, int]:
    """Ids of `viewer`'s friends (a subquery; empty for visitors)."""
    if not _is_member(viewer):
        return Friendship.objects.none().values_list("friend_id", flat=True)
    return Friendship.objects.filter(member_id=viewer.pk).values_list("friend_id", flat=True)


def friends_not_blocking_ids(viewer: Any) -> QuerySet[Friendship, int]:
    """Friends of `viewer` who have not blocked them: whose friends-only content they may see."""
    if not _is_member(viewer):
        return friend_ids(viewer)
    blocking = Block.objects.filter(blocked_id=viewer.pk).values("blocker_id")
    return friend_ids(viewer).exclude(friend_id__in=blocking)


def are_friends(a: Any, b: Any) -> bool:
    if not (_is_member(a) and _is_member(b)) or a.pk == b.pk:
        return False
    return Friendship.objects.filter(member_id=a.pk, friend_id=b.pk).exists()


def has_blocked(blocker: Any, blocked: Any) -> bool:
    """Whether `blocker` blocks `blocked`."""
    if not (_is_member(blocker) and _is_member(blocked)):
        return False
    return Block.objects.filter(blocker_id=blocker.pk, blocked_id=blocked.pk).exists()


def blocked_either_way_ids(viewer: Any) -> set[int]:
    """Members `viewer` blocks or is blocked by (for people search and mentions)."""
    if not _is_member(viewer):
        return set()
    outgoing = Block.objects.filter(blocker_id=viewer.pk).values_list("blocked_id", flat=True)
    incoming = Block.objects.filter(blocked_id=viewer.pk).values_list("blocker_id", flat=True)
    return set(outgoing) | set(incoming)


def followed_member_ids(viewer: Any) -> QuerySet[Follow, int]:
    if not _is_member(viewer):
        return Follow.objects.none().values_list("member_id", flat=True)
    return Follow.objects.filter(follower_id=viewer.pk, member__isnull=False).values_list(
        "member_id", flat=True
    )


def followed_space_ids(viewer: Any) -> QuerySet[Follow, int]:
    if not _is_member(viewer):
        return Follow.objects.none().values_list("space_id", flat=True)
    return Follow.objects.filter(follower_id=viewer.pk, space__isnull=False).values_list(
        "space_id", flat=True
    )


def blocked_member_ids(viewer: Any) -> QuerySet[Block, int]:
    """Ids of the members `viewer` blocks (a subquery)."""
    if not _is_member(viewer):
        return Block.objects.none().values_list("blocked_id", flat=True)
    return Block.objects.filter(blocker_id=viewer.pk).values_list("blocked_id", flat=True)


def blocker_ids(viewer: Any) -> QuerySet[Block, int]:
    """Ids of the members who block `viewer` (a subquery)."""
    if not _is_member(viewer):
        return Block.objects.none().values_list("blocker_id", flat=True)
    return Block.objects.filter(blocked_id=viewer.pk).values_list("blocker_id", flat=True)


@dataclass(frozen=True)
class Relationship:
    """Where `viewer` stands with `member`, and the counts on `member`'s profile as `viewer`
    may see them (friends and followers `viewer` may see and has no block with)."""

    is_friend: bool = False
    sent_request_id: int | None = None  # viewer -> member, pending
    received_request_id: int | None = None  # member -> viewer, pending
    following: bool = False
    blocking: bool = False  # viewer blocks member
    blocked_by: bool = False  # member blocks viewer
    friend_count: int = 0
    follower_count: int = 0
    following_count: int = 0
    pending_received_count: int = 0  # only for one's own profile


def _count(rows: QuerySet[Any], by: str) -> Coalesce:
    """`rows` counted as a scalar subquery, so the counts ride along in one query."""
    counted = rows.order_by().values(by).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _pending(sender: Any, recipient: Any) -> Subquery:
    pending = FriendRequest.objects.filter(
        sender=sender, recipient=recipient, status=FriendRequestStatus.PENDING
    )
    return Subquery(pending.values("pk")[:1], output_field=IntegerField())


def relationship_between(viewer: Any, member: Any, *, with_counts: bool = False) -> Relationship:
    """How `viewer` and `member` relate (one query; none for visitors without counts)."""
    from kring.members.queries import findable_member_filter  # members.queries reads us

    viewer_is_member = _is_member(viewer) and viewer.pk != member.pk
    if not viewer_is_member and not with_counts:
        return Relationship()
    annotations: dict[str, Any] = {}
    if viewer_is_member:
        me, them = viewer.pk, OuterRef("pk")
        annotations.update(
            is_friend=Exists(Friendship.objects.filter(member_id=me, friend_id=them)),
            sent_request_id=_pending(me, them),
            received_request_id=_pending(them, me),
            following=Exists(Follow.objects.filter(follower_id=me, member_id=them)),
            blocking=Exists(Block.objects.filter(blocker_id=me, blocked_id=them)),
            blocked_by=Exists(Block.objects.filter(blocker_id=them, blocked_id=me)),
        )
    if with_counts:
        friends = Friendship.objects.filter(findable_member_filter(viewer, "friend"))
        followers = Follow.objects.filter(findable_member_filter(viewer, "follower"))
        followed = Follow.objects.filter(findable_member_filter(viewer, "member"))
        annotations.update(
            friend_count=_count(friends.filter(member_id=member.pk), "member_id"),
            follower_count=_count(followers.filter(member_id=member.pk), "member_id"),
            following_count=_count(followed.filter(follower_id=member.pk), "follower_id"),
        )
        if _is_member(viewer) and viewer.pk == member.pk:
            annotations["pending_received_count"] = _count(
                received_friend_requests(viewer), "recipient_id"
            )
    # Prefixed: some names (blocked_by, follows) are also relations on Member.
    aliased = {f"rel_{name}": expression for name, expression in annotations.items()}
    row = Member.objects.filter(pk=member.pk).annotate(**aliased).values(*aliased).first() or {}
    return Relationship(**{name.removeprefix("rel_"): value for name, value in row.items()})


def pending_request_count(viewer: Any) -> int:
    """How many friend requests wait for `viewer`'s answer."""
    if not _is_member(viewer):
        return 0
    return received_friend_requests(viewer).count()


def received_friend_requests(viewer: Any) -> QuerySet[FriendRequest]:
    """Pending requests to `viewer` from members who are still active and approved."""
    if not _is_member(viewer):
        return FriendRequest.objects.none()
    return FriendRequest.objects.filter(
        recipient_id=viewer.pk,
        status=FriendRequestStatus.PENDING,
        sender__is_active=True,
        sender__approval_status=ApprovalStatus.APPROVED,
    )


def sent_friend_requests(viewer: Any) -> QuerySet[FriendRequest]:
    """Pending requests `viewer` sent to members who are still active and approved."""
    if not _is_member(viewer):
        return FriendRequest.objects.none()
    return FriendRequest.objects.filter(
        sender_id=viewer.pk,
        status=FriendRequestStatus.PENDING,
        recipient__is_active=True,
        recipient__approval_status=ApprovalStatus.APPROVED,
    )


@dataclass(frozen=True)
class RequestInbox:
    received: Sequence[FriendRequest]
    sent: Sequence[FriendRequest]


def friend_request_inbox(viewer: Any, *, limit: int = INBOX_LIMIT) -> RequestInbox:
    """`viewer`'s open friend requests, newest first, with the other member and their profile
    (two queries)."""
    related = ("sender", "sender__profile", "recipient", "recipient__profile")
    received = received_friend_requests(viewer).select_related(*related[:2])
    sent = sent_friend_requests(viewer).select_related(*related[2:])
    return RequestInbox(
        received=list(received.order_by("-created_at", "-pk")[:limit]),
        sent=list(sent.order_by("-created_at", "-pk")[:limit]),
    )


def get_friend_request_for(viewer: Any, request_id: int) -> FriendRequest:
    """A friend request `viewer` sent or received; NotFound for any other."""
    if not _is_member(viewer):
        raise NotFound
    found = (
        FriendRequest.objects.select_related("sender", "recipient")
        .filter(Q(sender_id=viewer.pk) | Q(recipient_id=viewer.pk), pk=request_id)
        .first()
    )
    if found is None:
        raise NotFound
    return found


def friends_page(viewer: Any, member: Any, *, after: str = "", before: str = "") -> DirectoryPage:
    """One page of `member`'s friends, by name, as `viewer` may see them (two queries)."""
    return _member_page(viewer, Friendship.objects.filter(member_id=member.pk), "friend_id",
                        after=after, before=before)  # fmt: skip


def followers_page(viewer: Any, member: Any, *, after: str = "", before: str = "") -> DirectoryPage:
    """One page of the members following `member`, as `viewer` may see them."""
    return _member_page(viewer, Follow.objects.filter(member_id=member.pk), "follower_id",
                        after=after, before=before)  # fmt: skip


def following_page(viewer: Any, member: Any, *, after: str = "", before: str = "") -> DirectoryPage:
    """One page of the members `member` follows, as `viewer` may see them."""
    return _member_page(viewer, Follow.objects.filter(follower_id=member.pk), "member_id",
                        after=after, before=before)  # fmt: skip


def _member_page(
    viewer: Any, rows: QuerySet[Any], column: str, *, after: str, before: str
) -> DirectoryPage:
    from kring.members.queries import findable_members, page_of_members

    members = findable_members(viewer).filter(pk__in=rows.values(column))
    return page_of_members(members, after=after, before=before, with_interests=False)


def blocked_members(viewer: Any) -> QuerySet[Member]:
    """The members `viewer` blocks, by name, with their profiles."""
    return (
        Member.objects.filter(pk__in=blocked_member_ids(viewer))
        .select_related("profile")
        .order_by(Lower("display_name"), "pk")
    )


def get_blocked_member_for(viewer: Any, member_id: int) -> Member:
    """A member `viewer` blocks (whatever their profile shows now); NotFound otherwise."""
    return _related_member(viewer, member_id, blocked_member_ids(viewer))


def get_blockable_member_for(viewer: Any, member_id: int) -> Member:
    """The member behind `member_id` if `viewer` may see their profile or they sent `viewer`
    a pending friend request (so a request can be answered with a block even when the
    sender's profile is for their friends only); NotFound otherwise."""
    from kring.members.queries import get_profile_for

    try:
        return get_profile_for(viewer, member_id).member
    except NotFound:
        asked = received_friend_requests(viewer).filter(sender_id=member_id)
        found = Member.objects.select_related("profile").filter(
            pk=member_id, pk__in=asked.values("sender_id")
        )
        member = found.first()
        if member is None:
            raise
        return member


def _related_member(viewer: Any, member_id: int, ids: QuerySet[Any, int]) -> Member:
    found = Member.objects.select_related("profile").filter(pk=member_id, pk__in=ids).first()
    if found is None:
        raise NotFound
    return found


def get_friend_for(viewer: Any, member_id: int) -> Member:
    """A friend of `viewer`; NotFound for anyone else."""
    return _related_member(viewer, member_id, friend_ids(viewer))


def get_followed_member_for(viewer: Any, member_id: int) -> Member:
    """A member `viewer` follows (whatever their profile shows now); NotFound otherwise."""
    return _related_member(viewer, member_id, followed_member_ids(viewer))


def get_followed_group_for(viewer: Any, space_id: int) -> Space:
    """A group `viewer` follows, even one they can no longer see, so they can stop following
    it; NotFound otherwise."""
    found = Space.objects.filter(pk=space_id, pk__in=followed_space_ids(viewer)).first()
    if found is None:
        raise NotFound
    return found


def is_following_group(viewer: Any, group: Any) -> bool:
    """Whether `viewer` follows `group` (for the group page's follow button)."""
    return followed_space_ids(viewer).filter(space_id=group.pk).exists()
