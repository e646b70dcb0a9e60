"""Who may read the audit log: pure predicates.

Site moderators, community managers and admins read every entry; a group's owner and
moderators read the entries of their own groups. Exporting the log as CSV is for community
managers and admins. The transparency page (counts only) is public."""

from __future__ import annotations

from typing import Any

from kring.accounts import roles
from kring.content.permissions import is_site_moderator
from kring.spaces.models import GroupRole, Membership, MembershipStatus
from kring.spaces.queries import is_participant

__all__ = [
    "can_export_audit_log",
    "can_read_audit_log",
    "can_read_whole_audit_log",
    "can_see_transparency",
    "moderated_group_ids",
]


def moderated_group_ids(actor: Any) -> list[int]:
    """Ids of the groups `actor` owns or moderates (one query)."""
    if not is_participant(actor):
        return []
    return list(
        Membership.objects.filter(
            member_id=actor.pk,
            status=MembershipStatus.ACTIVE,
            role__in=(GroupRole.OWNER, GroupRole.MODERATOR),
        ).values_list("space_id", flat=True)
    )


def can_read_whole_audit_log(actor: Any) -> bool:
    return is_site_moderator(actor)


def can_read_audit_log(actor: Any) -> bool:
    """Site staff, and the owners and moderators of groups (their groups' entries)."""
    return is_site_moderator(actor) or bool(moderated_group_ids(actor))


def can_export_audit_log(actor: Any) -> bool:
    """Community managers and admins download the (filtered) log as CSV."""
    return is_participant(actor) and roles.may_manage(actor)


def can_see_transparency(viewer: Any) -> bool:
    """Everyone, visitors included: the page holds counts only."""
    return True
