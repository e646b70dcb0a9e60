"""Who may sanction whom, lift, appeal and decide: pure predicates shared by services, views and
templates."""

from __future__ import annotations

from typing import Any

from kring.accounts import roles
from kring.content.permissions import is_site_moderator
from kring.sanctions.models import Sanction, SanctionKind


def _outranks(actor: Any, member: Any) -> bool:
    """`actor` holds a higher role than `member` (staff never sanction their equals)."""
    actor_rank = roles.RANK.get(roles.Role(actor.role), 0)
    member_rank = roles.RANK.get(roles.Role(member.role), 0)
    return actor_rank > member_rank


def can_sanction_member(actor: Any, member: Any, kind: str = SanctionKind.WARNING) -> bool:
    """Moderators and up sanction members of a lower role (never themselves); only community
    managers and admins ban. A banned (inactive) account takes no further sanctions."""
    if not is_site_moderator(actor) or member is None or actor.pk == member.pk:
        return False
    if not member.is_active or not _outranks(actor, member):
        return False
    if kind == SanctionKind.BAN:
        return roles.may_manage(actor)
    return kind in SanctionKind.values


def can_sanction_anyone(actor: Any) -> bool:
    """Sees the staff pages of this app (appeals, warning templates)."""
    return is_site_moderator(actor)


def can_lift_sanction(actor: Any, sanction: Sanction) -> bool:
    """Staff who could have issued it lift a sanction still in force. A ban cannot be lifted:
    the account was anonymised and cannot be given back."""
    if sanction.kind == SanctionKind.BAN or not sanction.is_active:
        return False
    if not is_site_moderator(actor) or actor.pk == sanction.member_id:
        return False
    return _outranks(actor, sanction.member)


def can_appeal_sanction(
    actor: Any, sanction: Sanction, *, appeals: list[Any] | None = None
) -> bool:
    """The sanctioned member, once per sanction, while it is in force (a decided appeal is
    final). `appeals`: the sanction's appeals when the caller has them loaded already."""
    if getattr(actor, "pk", None) != sanction.member_id or not sanction.is_active:
        return False
    if sanction.kind == SanctionKind.BAN:
        return False
    existing = appeals if appeals is not None else list(sanction.appeals.all())
    return not existing


def can_decide_appeal(actor: Any, sanction: Sanction) -> bool:
    """Staff who outrank the member decide an appeal (managers for a ban)."""
    if not is_site_moderator(actor) or actor.pk == sanction.member_id:
        return False
    if sanction.kind == SanctionKind.BAN and not roles.may_manage(actor):
        return False
    return _outranks(actor, sanction.member)


def can_manage_warning_templates(actor: Any) -> bool:
    """Moderators and up keep the warning texts."""
    return is_site_moderator(actor)


def can_see_sanctions_of(viewer: Any, member: Any) -> bool:
    """A member sees their own sanctions; site moderators see everyone's."""
    if not getattr(viewer, "is_authenticated", False):
        return False
    return viewer.pk == member.pk or is_site_moderator(viewer)
