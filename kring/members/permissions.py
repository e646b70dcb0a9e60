"""Who may see and change a member's profile: pure predicates, shared by services, views and
templates. `queries.visible_members` expresses the same rules as a database filter; the
visibility matrix in the tests keeps the two in step."""

from __future__ import annotations

from typing import Any

from kring.accounts import roles
from kring.accounts.models import ApprovalStatus
from kring.members.models import ProfileVisibility
from kring.social import queries as social_queries


def is_approved_member(viewer: Any) -> bool:
    """Logged in, active and approved: a full member of the community."""
    return bool(
        viewer is not None
        and getattr(viewer, "is_authenticated", False)
        and getattr(viewer, "is_active", False)
        and getattr(viewer, "approval_status", None) == ApprovalStatus.APPROVED
    )


def reads_as_member(viewer: Any) -> bool:
    """An approved member who is not suspended: sees what members see. Suspended members
    read like visitors (as in `kring.spaces.queries.is_participant`)."""
    return is_approved_member(viewer) and not getattr(viewer, "is_suspended", False)


def is_owner(viewer: Any, member: Any) -> bool:
    return bool(
        viewer is not None
        and getattr(viewer, "is_authenticated", False)
        and getattr(viewer, "is_active", False)
        and viewer.pk == member.pk
    )


def are_friends(viewer: Any, member: Any) -> bool:
    """Whether `viewer` and `member` are friends (blocking ends a friendship, so a friend
    never blocks)."""
    return social_queries.are_friends(viewer, member)


def can_view_profile(viewer: Any, member: Any) -> bool:
    """Whether `viewer` (a member or anonymous) may see `member`'s profile page."""
    if is_owner(viewer, member):
        return True
    if not member.is_active or member.approval_status != ApprovalStatus.APPROVED:
        return False
    visibility = member.profile.visibility
    if visibility == ProfileVisibility.EVERYONE:
        return True
    if not reads_as_member(viewer):
        return False
    if visibility == ProfileVisibility.MEMBERS:
        return True
    return roles.may_manage(viewer) or are_friends(viewer, member)


def can_edit_profile(actor: Any, member: Any) -> bool:
    """The owner edits their own profile; administrators may correct anyone's."""
    return is_owner(actor, member) or roles.may_administer(actor)


def can_view_email(viewer: Any, member: Any) -> bool:
    """Another member's e-mail address is for administrators' eyes only."""
    return roles.may_administer(viewer)
