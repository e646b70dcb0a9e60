"""Who may do what with mediation cases, slow mode and a member's history: pure predicates
shared by services, views and templates.

Mediation and member history are for site staff (moderators, community managers, admins):
a case touches members across groups and its notes are confidential. Slow mode is for whoever
moderates the post's space (site staff, and the group's owner and moderators)."""

from __future__ import annotations

from typing import Any

from kring.content.models import Post
from kring.content.permissions import is_site_moderator, moderates_space_of
from kring.mediation.models import MediationCase

__all__ = [
    "can_add_mediation_note",
    "can_close_mediation",
    "can_open_mediation",
    "can_own_mediation",
    "can_read_mediation_notes",
    "can_see_member_history",
    "can_set_slow_mode",
    "can_view_mediation",
]


def can_open_mediation(actor: Any) -> bool:
    """Site moderators and up take a conflict on as a mediation case."""
    return is_site_moderator(actor)


def can_view_mediation(actor: Any, case: MediationCase | None = None) -> bool:
    """Cases (their parties, owner, outcome) are for site staff."""
    return is_site_moderator(actor)


def can_read_mediation_notes(actor: Any, case: MediationCase | None = None) -> bool:
    """Internal notes: site staff only, never the parties."""
    return is_site_moderator(actor)


def can_own_mediation(member: Any) -> bool:
    """Who may lead a case (be its owner): site staff."""
    return is_site_moderator(member)


def can_add_mediation_note(actor: Any, case: MediationCase) -> bool:
    return is_site_moderator(actor)


def can_close_mediation(actor: Any, case: MediationCase) -> bool:
    """Site staff close an open case with an outcome."""
    return case.is_open and is_site_moderator(actor)


def can_set_slow_mode(actor: Any, post: Post) -> bool:
    """Whoever moderates the post's space (the content kernel's rule)."""
    return not post.is_deleted and moderates_space_of(actor, post)


def can_see_member_history(actor: Any, member: Any = None) -> bool:
    """Site staff see a member's flags, sanctions, cases and audit entries in one place."""
    return is_site_moderator(actor)
