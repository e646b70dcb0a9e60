"""Writing the audit log: services of every app call `record_action` inside their own
transaction, so an action and its entry are committed together or not at all."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from kring.audit.models import AuditEntry
from kring.audit.queries import forget_transparency_report
from kring.audit.transparency import MODERATION_ACTIONS

# JSON-safe values only: before/after hold field values, never model instances.
Snapshot = dict[str, Any]


def _label_of(target: Any) -> str:
    if target is None:
        return ""
    for attribute in ("title", "display_name", "name"):
        value = getattr(target, attribute, "")
        if value:
            return str(value)[:200]
    return str(target)[:200]


def record_action(
    actor: Any,
    *,
    action: str,
    target: models.Model | None = None,
    subject: Any = None,
    space: Any = None,
    before: Snapshot | None = None,
    after: Snapshot | None = None,
    reason: str = "",
    reason_code: str = "",
) -> AuditEntry:
    """Append one entry: `actor` (None: the system) did `action` to `target`."""
    is_member = actor is not None and getattr(actor, "is_authenticated", False)
    if action in MODERATION_ACTIONS:
        # The public transparency report counts these: recount it after this commits.
        forget_transparency_report()
        transaction.on_commit(forget_transparency_report)
    return AuditEntry.objects.create(
        actor=actor if is_member else None,
        actor_name=str(actor.display_name)[:80] if is_member else "system",
        actor_role=str(getattr(actor, "role", "")) if is_member else "",
        action=action[:40],
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=_label_of(target),
        subject=subject,
        space=space,
        before=before or {},
        after=after or {},
        reason=reason,
        reason_code=reason_code,
    )
