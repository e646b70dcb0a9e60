"""The community's moderation settings: how many reports hide an item pending review."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kring.audit.services import record_action
from kring.core.events import publish_on_commit
from kring.core.permissions import require
from kring.moderation import events
from kring.moderation.models import (
    ModerationSettings,
)
from kring.moderation.permissions import (
    can_change_moderation_settings,
)

MAX_THRESHOLD = 100


def change_moderation_settings(actor: Any, *, flag_threshold: int) -> ModerationSettings:
    """Set how many reports hide an item pending review."""
    require(
        can_change_moderation_settings(actor),
        _("Only community managers change the moderation settings."),
    )
    if not 1 <= flag_threshold <= MAX_THRESHOLD:
        raise ValidationError(
            _("Choose a number from 1 to %(max)d.") % {"max": MAX_THRESHOLD}, code="invalid"
        )
    with transaction.atomic():
        row = ModerationSettings.load()
        before = row.flag_threshold
        row.flag_threshold = flag_threshold
        row.save(update_fields=["flag_threshold", "updated_at"])
        record_action(
            actor,
            action="moderation.settings",
            target=row,
            before={"flag_threshold": before},
            after={"flag_threshold": flag_threshold},
        )
        publish_on_commit(
            events.ModerationSettingsChanged(by=actor.pk, flag_threshold=flag_threshold)
        )
    return row
