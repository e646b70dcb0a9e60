"""How long something took, in words ("3 hours"), for the category statistics."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import ngettext


def duration_text(duration: timedelta | None) -> str:
    """Minutes under two hours, hours under two days, days beyond; '' for None."""
    if duration is None:
        return ""
    minutes = int(duration.total_seconds() // 60)
    if minutes < 120:
        return ngettext("%(num)d minute", "%(num)d minutes", minutes) % {"num": minutes}
    hours = minutes // 60
    if hours < 48:
        return ngettext("%(num)d hour", "%(num)d hours", hours) % {"num": hours}
    days = hours // 24
    return ngettext("%(num)d day", "%(num)d days", days) % {"num": days}
