"""Who may report and who may moderate: pure predicates shared by services, views and templates.

Site moderators (and managers, admins) moderate everything; a group's owner and moderators
moderate the cases of their own groups only. Reported profiles and private messages are for
site moderators alone.
"""

from __future__ import annotations

from typing import Any

from kring.accounts import roles
from kring.content.permissions import is_site_moderator
from kring.moderation.models import FlagCase
from kring.spaces.models import GroupRole, Membership, MembershipStatus, SpaceKind
from kring.spaces.permissions import can_manage_group
from kring.spaces.queries import is_participant

__all__ = [
    "can_change_moderation_settings",
    "can_flag",
    "can_moderate_case",
    "can_see_queue",
    "can_see_registrations",
    "flag_counts_as_threshold",
    "is_site_moderator",
]


def can_flag(actor: Any) -> bool:
    """Participants (logged in, approved, not suspended) report what they can see."""
    return is_participant(actor)


def flag_counts_as_threshold(actor: Any) -> bool:
    """A moderator's or an employee's report hides the item at once."""
    return roles.is_employee(actor)


def manages_any_group(actor: Any) -> bool:
    if not is_participant(actor):
        return False
    return Membership.objects.filter(
        member_id=actor.pk,
        status=MembershipStatus.ACTIVE,
        role__in=[GroupRole.OWNER, GroupRole.MODERATOR],
        space__kind=SpaceKind.GROUP,
    ).exists()


def can_see_queue(actor: Any) -> bool:
    """Site moderators and up, and the owners and moderators of groups."""
    return is_site_moderator(actor) or manages_any_group(actor)


def can_moderate_case(actor: Any, case: FlagCase) -> bool:
    """Site moderators any case; group moderators the cases of the groups they manage."""
    if is_site_moderator(actor):
        return True
    if case.post_id is None and case.comment_id is None:
        return False  # profiles and private messages
    space = case.space
    return space is not None and space.is_group and can_manage_group(actor, space)


def can_see_registrations(actor: Any) -> bool:
    """Pending registrations (approval mode) are the community managers' to decide."""
    return is_participant(actor) and roles.may_manage(actor)


def can_change_moderation_settings(actor: Any) -> bool:
    return is_participant(actor) and roles.may_manage(actor)
