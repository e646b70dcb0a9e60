"""A space's denormalised post count and last activity, kept in step by every write."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import F
from django.utils import timezone

from kring.spaces.models import Space


def bump_space(
    space_id: int, *, posts: int = 0, activity: bool = True, at: datetime | None = None
) -> None:
    """Count posts and move the space's last activity to `at` (the moment of the write, so the
    space, the post and its newest comment agree to the microsecond)."""
    changes: dict[str, Any] = {}
    if posts:
        changes["post_count"] = F("post_count") + posts
    if activity:
        changes["last_activity_at"] = at or timezone.now()
    spaces = Space.objects.filter(pk=space_id)
    if posts < 0:
        spaces = spaces.filter(post_count__gte=-posts)  # a counter never goes below zero
    spaces.update(**changes)
