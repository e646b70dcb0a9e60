"""Facts the social app publishes after commit (notifications and the like listen)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FriendRequestSent:
    request_id: int
    sender_id: int
    recipient_id: int


@dataclass(frozen=True)
class FriendshipAccepted:
    """`member_id` accepted the request of `friend_id`: they are friends now."""

    request_id: int
    member_id: int
    friend_id: int


@dataclass(frozen=True)
class FriendshipEnded:
    member_id: int
    friend_id: int


@dataclass(frozen=True)
class MemberFollowed:
    follower_id: int
    member_id: int


@dataclass(frozen=True)
class GroupFollowed:
    follower_id: int
    space_id: int


@dataclass(frozen=True)
class MemberBlocked:
    """Listeners drop what the blocked member would still reach the blocker with."""

    blocker_id: int
    blocked_id: int
