"""Who may befriend, follow and block whom: predicates shared by services, views and templates.

Each rule comes in two forms: `<rule>_denial(...)` says *why* not (a translated sentence, or ""
when allowed), so services can refuse with a clear message; `can_<verb>_<noun>(...)` is the
boolean. Both take an optional `Relationship` (one query, `queries.relationship_between`), so
a page that shows several buttons asks the database once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from kring.accounts import roles
from kring.core.sitesettings.models import FriendRequestPolicy, SiteSettings
from kring.members.permissions import can_view_profile, is_approved_member
from kring.social.models import FriendRequest, FriendRequestStatus
from kring.social.queries import Relationship, relationship_between
from kring.spaces.models import Space, SpaceKind
from kring.spaces.queries import is_participant, visible_groups


def _same(a: Any, b: Any) -> bool:
    return bool(getattr(a, "pk", None) is not None and a.pk == b.pk)


def friendship_denial(  # noqa: PLR0911  (one guard clause per reason reads best)
    actor: Any, member: Any, relationship: Relationship | None = None
) -> str:
    """Why `actor` and `member` may not become friends now (whoever asks), or ""."""
    if not is_participant(actor):
        return _("Only active members of the community can make friends here.")
    if _same(actor, member):
        return _("You cannot befriend yourself.")
    if not is_approved_member(member):
        return _("This member cannot be befriended.")
    site = SiteSettings.load()
    if site.friend_request_policy == FriendRequestPolicy.NOBODY:
        return _("Friendships are switched off in this community.")
    if not site.employees_may_befriend_customers and (
        roles.is_employee(actor) != roles.is_employee(member)
    ):
        return _("In this community, employees and customers do not become friends.")
    if relationship is None:
        relationship = relationship_between(actor, member)
    if relationship.blocking:
        return _("You have blocked %(name)s. Unblock them first.") % {"name": member.display_name}
    if relationship.blocked_by:
        # Not "they blocked you": a block is not announced to the blocked member.
        return _("You cannot become friends with this member.")
    return ""


def friend_request_denial(actor: Any, member: Any, relationship: Relationship | None = None) -> str:
    """Why `actor` may not send `member` a friend request now, or ""."""
    if is_participant(actor) and not _same(actor, member):
        if not can_view_profile(actor, member):
            return _("You cannot send a friend request to this member.")
        if relationship is None:
            relationship = relationship_between(actor, member)
    denial = friendship_denial(actor, member, relationship)
    if denial or relationship is None:
        return denial
    name = {"name": member.display_name}
    if relationship.is_friend:
        return _("You are already friends with %(name)s.") % name
    if relationship.sent_request_id is not None:
        return _("You have already asked %(name)s; they have not answered yet.") % name
    if relationship.received_request_id is not None:
        return _("%(name)s has already asked you: accept their request instead.") % name
    return ""


def can_send_friend_request(
    actor: Any, member: Any, relationship: Relationship | None = None
) -> bool:
    """Participants may ask members they can see, unless a block, the site's friendship
    policy, an existing friendship or an open request (either way) stands in the way."""
    return not friend_request_denial(actor, member, relationship)


def accept_denial(actor: Any, friend_request: FriendRequest) -> str:
    """Why `actor` may not accept `friend_request`, or ""."""
    if friend_request.recipient_id != getattr(actor, "pk", None):
        return _("Only the member who received this friend request can accept it.")
    if friend_request.status != FriendRequestStatus.PENDING:
        return _("This friend request is no longer open.")
    return friendship_denial(actor, friend_request.sender)


def can_accept_friend_request(actor: Any, friend_request: FriendRequest) -> bool:
    return not accept_denial(actor, friend_request)


def can_decline_friend_request(actor: Any, friend_request: FriendRequest) -> bool:
    """The recipient may decline an open request, suspended or not (saying no is no risk)."""
    return (
        is_approved_member(actor)
        and friend_request.recipient_id == actor.pk
        and friend_request.status == FriendRequestStatus.PENDING
    )


def can_cancel_friend_request(actor: Any, friend_request: FriendRequest) -> bool:
    """The sender may take back an open request."""
    return (
        is_approved_member(actor)
        and friend_request.sender_id == actor.pk
        and friend_request.status == FriendRequestStatus.PENDING
    )


def can_unfriend(actor: Any, member: Any) -> bool:
    """Any active member may end a friendship, suspended or not; there may be none (a no-op)."""
    return is_approved_member(actor) and not _same(actor, member)


def follow_denial(  # noqa: PLR0911  (one guard clause per reason)
    actor: Any, target: Any, relationship: Relationship | None = None
) -> str:
    """Why `actor` may not follow `target` (a member or a group), or ""."""
    if not is_participant(actor):
        return _("Only active members of the community can follow.")
    if isinstance(target, Space):
        if (
            target.kind != SpaceKind.GROUP
            or not visible_groups(actor).filter(pk=target.pk).exists()
        ):
            return _("This group cannot be followed.")
        return ""
    if _same(actor, target):
        return _("You cannot follow yourself.")
    if not can_view_profile(actor, target):
        return _("You cannot follow this member.")
    if relationship is None:
        relationship = relationship_between(actor, target)
    if relationship.blocking:
        return _("You have blocked %(name)s. Unblock them first.") % {"name": target.display_name}
    if relationship.blocked_by:
        return _("You cannot follow this member.")
    return ""


def can_follow(actor: Any, target: Any, relationship: Relationship | None = None) -> bool:
    """Participants follow members they can see and have no block with, and groups they can
    see; no approval is needed."""
    return not follow_denial(actor, target, relationship)


def can_unfollow(actor: Any) -> bool:
    """Anyone logged in may stop following (a no-op when they were not)."""
    return is_approved_member(actor)


def block_denial(actor: Any, member: Any) -> str:
    """Why `actor` may not block `member`, or ""."""
    # Not is_participant: a suspended member may still protect themselves.
    if not is_approved_member(actor):
        return _("Only members of the community can block someone.")
    if _same(actor, member):
        return _("You cannot block yourself.")
    if roles.may_moderate(member):
        return _(
            "Moderators and community managers cannot be blocked: they must be able to reach"
            " every member to keep the community safe. If one of them bothers you, tell an"
            " administrator."
        )
    return ""


def can_block(actor: Any, member: Any) -> bool:
    """Members may block anyone but themselves and the staff who moderate them."""
    return not block_denial(actor, member)


def can_unblock(actor: Any) -> bool:
    return is_approved_member(actor)


@dataclass(frozen=True)
class ProfileActions:
    """Which social buttons `actor` gets on `member`'s profile."""

    send_request: bool = False
    cancel_request: bool = False
    answer_request: bool = False  # accept (if allowed) and decline
    accept_request: bool = False
    unfriend: bool = False
    follow: bool = False
    unfollow: bool = False
    block: bool = False
    unblock: bool = False

    @property
    def any(self) -> bool:
        return any(getattr(self, name) for name in self.__dataclass_fields__)


def profile_actions(actor: Any, member: Any, relationship: Relationship) -> ProfileActions:
    """The buttons on `member`'s profile for `actor`, from one `relationship` (no queries but
    the cached site settings)."""
    if not is_approved_member(actor) or _same(actor, member):
        return ProfileActions()
    answering = relationship.received_request_id is not None
    return ProfileActions(
        send_request=can_send_friend_request(actor, member, relationship),
        cancel_request=relationship.sent_request_id is not None,
        answer_request=answering,
        accept_request=answering and not friendship_denial(actor, member, relationship),
        unfriend=relationship.is_friend,
        follow=not relationship.following and can_follow(actor, member, relationship),
        unfollow=relationship.following,
        block=not relationship.blocking and can_block(actor, member),
        unblock=relationship.blocking,
    )
