"""Which audit actions count as moderation actions on the public transparency page, and the
kind each one is counted as. Everything else in the log (approvals, role changes, pins, notes,
mediation) is staff work, not moderation of what members wrote or did, and is not counted.

Keep this list in step with docs/audit.md."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionKind(models.TextChoices):
    HIDDEN = "hidden", _("Hidden")
    DELETED = "deleted", _("Deleted")
    WARNING = "warning", _("Warnings")
    SILENCE = "silence", _("Silences")
    SUSPENSION = "suspension", _("Suspensions")
    BAN = "ban", _("Bans")


KIND_OF_ACTION: dict[str, str] = {
    # Content hidden by a moderator (kring.moderation).
    "post.hide": ActionKind.HIDDEN,
    "comment.hide": ActionKind.HIDDEN,
    "profile.hide": ActionKind.HIDDEN,
    "message.hide": ActionKind.HIDDEN,
    # Content deleted by someone other than its author.
    "post.delete": ActionKind.DELETED,
    "comment.delete": ActionKind.DELETED,
    "message.delete": ActionKind.DELETED,
    # Sanctions (kring.sanctions).
    "member.warn": ActionKind.WARNING,
    "member.silence": ActionKind.SILENCE,
    "member.suspend": ActionKind.SUSPENSION,
    "member.ban": ActionKind.BAN,
}

MODERATION_ACTIONS = tuple(KIND_OF_ACTION)
