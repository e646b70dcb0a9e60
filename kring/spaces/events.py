"""Facts the spaces app publishes after commit (notifications, gamification and search listen).

Each is published only by the call that made the change: a second click publishes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GroupCreated:
    space_id: int
    owner_id: int


@dataclass(frozen=True)
class GroupUpdated:
    space_id: int
    by: int


@dataclass(frozen=True)
class GroupJoined:
    """`member_id` became an active member (joined, was approved, or accepted an invitation)."""

    space_id: int
    member_id: int
    via: str  # "join", "approval" or "invitation"


@dataclass(frozen=True)
class JoinRequested:
    space_id: int
    member_id: int


@dataclass(frozen=True)
class JoinRequestDeclined:
    space_id: int
    member_id: int
    by: int


@dataclass(frozen=True)
class GroupInvitationSent:
    space_id: int
    member_id: int
    by: int


@dataclass(frozen=True)
class GroupLeft:
    space_id: int
    member_id: int


@dataclass(frozen=True)
class RemovedFromGroup:
    """An active member was removed, or (`was_invited`) an invitation was withdrawn."""

    space_id: int
    member_id: int
    by: int
    was_invited: bool


@dataclass(frozen=True)
class GroupRoleChanged:
    space_id: int
    member_id: int
    role: str
    by: int


@dataclass(frozen=True)
class GroupOwnershipTransferred:
    space_id: int
    old_owner_id: int | None
    new_owner_id: int
    by: int
