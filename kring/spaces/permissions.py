"""Who may do what with spaces and groups: predicates shared by services, views and templates.

Seeing and reading a group are decided by `kring.spaces.queries` (the one visibility policy);
the predicates here ask it rather than repeat its rules.

Predicates about one group accept the actor's `membership` of it when the caller has already
fetched it (None: no membership); left out (`...`), they fetch it themselves. A page asking
several of them thus reads the membership once.
"""

from __future__ import annotations

from types import EllipsisType
from typing import Any

from kring.accounts import roles
from kring.members.queries import visible_members
from kring.social.queries import are_friends, has_blocked
from kring.spaces import queries
from kring.spaces.models import (
    Audience,
    GroupRole,
    Membership,
    MembershipStatus,
    Space,
    SpaceKind,
    Visibility,
)

MANAGING_ROLES = (GroupRole.OWNER, GroupRole.MODERATOR)


def is_site_staff(actor: Any) -> bool:
    """Site moderators and up, not suspended: they moderate every space."""
    return roles.may_moderate(actor) and not getattr(actor, "is_suspended", False)


def audience_fits(member: Any, space: Space) -> bool:
    """Whether `member` belongs to the audience of `space` (employees-only groups: employees)."""
    return space.audience == Audience.EVERYONE or roles.is_employee(member)


Known = Membership | None | EllipsisType


def _active_role(actor: Any, space: Space, membership: Known = ...) -> str | None:
    """The group role of `actor`'s active membership of `space`, or None."""
    if membership is ...:
        membership = queries.membership_of(actor, space)
    if membership is None or membership.status != MembershipStatus.ACTIVE:
        return None
    return membership.role


def can_create_group(actor: Any, *, audience: str = Audience.EVERYONE) -> bool:
    """Participants start groups; only employees start employees-only groups."""
    if not queries.is_participant(actor):
        return False
    return audience == Audience.EVERYONE or roles.is_employee(actor)


def can_choose_audience(actor: Any) -> bool:
    """Whether `actor` may pick a group's audience (customers only make groups for everyone)."""
    return queries.is_participant(actor) and roles.is_employee(actor)


def can_see_group(viewer: Any, space: Space) -> bool:
    """Whether `viewer` may know that group `space` exists."""
    return queries.visible_groups(viewer).filter(pk=space.pk).exists()


def can_read_group(viewer: Any, space: Space) -> bool:
    """Whether `viewer` may read the posts and members of group `space`."""
    return queries.can_read_space(viewer, space)


def can_join_group(actor: Any, space: Space, membership: Known = ...) -> bool:
    """Public groups of the actor's audience take participants without approval."""
    if not (queries.is_participant(actor) and space.is_group):
        return False
    if space.visibility != Visibility.PUBLIC or not audience_fits(actor, space):
        return False
    return _active_role(actor, space, membership) is None


def can_request_to_join(actor: Any, space: Space, membership: Known = ...) -> bool:
    """Private groups of the actor's audience take requests from participants not yet in them."""
    if not (queries.is_participant(actor) and space.is_group):
        return False
    if space.visibility != Visibility.PRIVATE or not audience_fits(actor, space):
        return False
    if membership is ...:
        membership = queries.membership_of(actor, space)
    return membership is None


def can_manage_group(actor: Any, space: Space, membership: Known = ...) -> bool:
    """The group's owner and moderators, and site moderators and up, manage its members."""
    if not space.is_group:
        return False
    if is_site_staff(actor):
        return True
    if not (queries.is_participant(actor) and audience_fits(actor, space)):
        return False
    return _active_role(actor, space, membership) in MANAGING_ROLES


def can_edit_group(actor: Any, space: Space, membership: Known = ...) -> bool:
    """The group's owner, and community managers and up, change its name, text and settings."""
    if not space.is_group:
        return False
    if roles.may_manage(actor) and not getattr(actor, "is_suspended", False):
        return True
    if not (queries.is_participant(actor) and audience_fits(actor, space)):
        return False
    return _active_role(actor, space, membership) == GroupRole.OWNER


def can_set_group_role(actor: Any, space: Space, membership: Known = ...) -> bool:
    """The owner, and site moderators and up, appoint and dismiss group moderators."""
    if not space.is_group:
        return False
    if is_site_staff(actor):
        return True
    if not (queries.is_participant(actor) and audience_fits(actor, space)):
        return False
    return _active_role(actor, space, membership) == GroupRole.OWNER


def can_transfer_ownership(actor: Any, space: Space, membership: Known = ...) -> bool:
    """The owner hands their group over; site administrators may too (an owner who left)."""
    if not space.is_group:
        return False
    if roles.may_administer(actor) and not getattr(actor, "is_suspended", False):
        return True
    if not (queries.is_participant(actor) and audience_fits(actor, space)):
        return False
    return _active_role(actor, space, membership) == GroupRole.OWNER


def can_remove_from_group(actor: Any, membership: Membership) -> bool:
    """Managers remove members and withdraw invitations; never the owner, and a group moderator
    does not remove another group moderator (the owner or site staff do)."""
    space = membership.space
    if membership.role == GroupRole.OWNER or membership.member_id == getattr(actor, "pk", None):
        return False
    if not can_manage_group(actor, space):
        return False
    if membership.role == GroupRole.MODERATOR and membership.status == MembershipStatus.ACTIVE:
        return is_site_staff(actor) or _active_role(actor, space) == GroupRole.OWNER
    return True


def can_post_in_space(
    actor: Any, space: Space, membership: Known = ..., *, readable: bool | None = None
) -> bool:
    """Whether `actor` may post in `space`.

    Community space: any participant. Group: participants who read it and are active members,
    or site staff. Profile: its owner, and friends whom the owner has not blocked. `membership`
    and `readable` (may the actor read the group?) save their queries when the caller knows.
    """
    if not queries.is_participant(actor):
        return False
    if space.kind == SpaceKind.COMMUNITY:
        return True
    if space.kind == SpaceKind.GROUP:
        if is_site_staff(actor):
            return True
        if _active_role(actor, space, membership) is None:
            return False
        return can_read_group(actor, space) if readable is None else readable
    return _may_post_on_profile(actor, space)


def _may_post_on_profile(actor: Any, space: Space) -> bool:
    # `space` may be unsaved (a profile wall is made on its first post): judge by its owner.
    owner = space.owner_member
    if owner is None:
        return False
    if owner.pk == actor.pk:
        return True
    return (
        are_friends(actor, owner)
        and not has_blocked(owner, actor)
        and visible_members(actor).filter(pk=owner.pk).exists()
    )
