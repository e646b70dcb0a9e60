"""Who may do what with accounts: approvals, invitations, roles, deleting an account."""

from __future__ import annotations

from typing import Any

from kring.accounts import roles
from kring.accounts.models import ApprovalStatus, Member
from kring.accounts.roles import Role


def is_last_admin(member: Member) -> bool:
    """True when `member` is the only active administrator left."""
    if member.role != Role.ADMIN:
        return False
    return not (
        Member.objects.filter(role=Role.ADMIN, is_active=True).exclude(pk=member.pk).exists()
    )


def can_manage_community(actor: Any) -> bool:
    """Community managers and admins reach the management pages."""
    return roles.may_manage(actor)


def can_review_applications(actor: Any) -> bool:
    return roles.may_manage(actor)


def can_invite_members(actor: Any) -> bool:
    return roles.may_manage(actor)


def can_see_member_email(actor: Any) -> bool:
    """Members' e-mail addresses are shown to admins only (managers are not admins)."""
    return roles.may_administer(actor)


def can_edit_site_settings(actor: Any) -> bool:
    return roles.may_administer(actor)


def can_assign_role(actor: Any, member: Member, role: Role | str) -> bool:
    """Admins hand out any role, managers up to moderator, to approved members other than
    themselves, and a manager never touches a manager's or an admin's role.

    The last admin therefore can never be demoted: demoting an admin takes another admin (the
    actor). assign_role re-checks that under a lock, against changes made meanwhile.
    """
    if not roles.may_manage(actor) or member.pk == getattr(actor, "pk", None):
        return False
    if not member.is_active or member.approval_status != ApprovalStatus.APPROVED:
        return False
    try:
        wanted, current = Role(role), Role(member.role)
    except ValueError:
        return False
    allowed = roles.assignable_roles(actor)
    return wanted in allowed and current in allowed


def can_change_role_of(actor: Any, member: Member) -> bool:
    """Whether `actor` may give `member` some other role than the current one."""
    return any(
        can_assign_role(actor, member, role)
        for role in roles.assignable_roles(actor)
        if role != member.role
    )


def can_delete_account(actor: Any, member: Member) -> bool:
    """Only the member themself, and never the last administrator (nobody could manage)."""
    if not getattr(actor, "is_authenticated", False) or actor.pk != member.pk:
        return False
    return not is_last_admin(member)


def can_set_language(actor: Any, member: Member) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and actor.pk == member.pk
