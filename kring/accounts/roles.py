"""The one place that answers "is employee / may moderate / may manage / may administer".

Roles are ordered: every role has the powers of the ones below it. Staff roles (moderator,
community manager, admin) are held by the organisation's people, so they count as employees.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    EMPLOYEE = "employee", _("Employee")
    MODERATOR = "moderator", _("Moderator")
    MANAGER = "manager", _("Community manager")
    ADMIN = "admin", _("Administrator")


RANK = {role: rank for rank, role in enumerate(Role)}

BADGES = {
    Role.EMPLOYEE: pgettext_lazy("badge", "Employee"),
    Role.MODERATOR: pgettext_lazy("badge", "Moderator"),
    Role.MANAGER: pgettext_lazy("badge", "Community manager"),
    Role.ADMIN: pgettext_lazy("badge", "Admin"),
}


def _rank(member: Any) -> int:
    if member is None or not getattr(member, "is_authenticated", False):
        return -1
    if not getattr(member, "is_active", True):
        return -1
    return RANK.get(member.role, 0)  # Role members are their str values: no enum lookup


def has_role(member: Any, role: Role) -> bool:
    """At least `role` (roles are ordered)."""
    return _rank(member) >= RANK[role]


def is_employee(member: Any) -> bool:
    """Speaks for the organisation (employees and every staff role)."""
    return has_role(member, Role.EMPLOYEE)


def may_moderate(member: Any) -> bool:
    return has_role(member, Role.MODERATOR)


def may_manage(member: Any) -> bool:
    """Community managers and admins: approvals, invitations, roles."""
    return has_role(member, Role.MANAGER)


def may_administer(member: Any) -> bool:
    """Admins: site settings and every role."""
    return has_role(member, Role.ADMIN)


def may_edit_knowledge(member: Any) -> bool:
    """Editors: write knowledge pages, news and articles (employees marked as editor, and
    community managers and admins). Suspension is checked by the callers' `is_participant`."""
    if may_manage(member):
        return True
    return is_employee(member) and bool(getattr(member, "is_editor", False))


def assignable_roles(actor: Any) -> list[Role]:
    """Roles `actor` may hand out: admins any, managers up to moderator, others none."""
    if may_administer(actor):
        return list(Role)
    if may_manage(actor):
        return [Role.MEMBER, Role.EMPLOYEE, Role.MODERATOR]
    return []


def badge_for(member: Any) -> str:
    """The visible badge beside a member's name ("Medewerker" …), or '' for customers."""
    label = BADGES.get(Role(member.role)) if getattr(member, "role", None) else None
    return str(label) if label else ""
