"""Slow mode: at most one comment per member per interval on a post."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kring.content import events
from kring.content.models import Comment, Post
from kring.content.permissions import moderates_space_of
from kring.core.events import publish_on_commit
from kring.core.permissions import require

SLOW_MODE_CHOICES = (0, 1, 5, 10, 15, 30, 60, 120, 1440)


def set_slow_mode(actor: Any, *, post: Post, minutes: int) -> Post:
    """One comment per member per `minutes` on `post` (0 switches slow mode off)."""
    require(moderates_space_of(actor, post), _("Only moderators can switch slow mode."))
    if minutes not in SLOW_MODE_CHOICES:
        raise ValidationError(_("Choose one of the offered intervals."), code="invalid")
    with transaction.atomic():
        Post.objects.filter(pk=post.pk).update(slow_mode_minutes=minutes)
        publish_on_commit(events.SlowModeChanged(post_id=post.pk, minutes=minutes, by=actor.pk))
    post.slow_mode_minutes = minutes
    return post


def slow_mode_wait(actor: Any, post: Post) -> int:
    """Seconds before `actor` may comment on `post` again under slow mode (0: now)."""
    if not post.slow_mode_minutes or moderates_space_of(actor, post):
        return 0
    last = (
        Comment.objects.filter(post_id=post.pk, author_id=actor.pk, deleted_at__isnull=True)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last is None:
        return 0
    remaining = last + timedelta(minutes=post.slow_mode_minutes) - timezone.now()
    return max(0, math.ceil(remaining.total_seconds()))


def check_slow_mode(actor: Any, post: Post) -> None:
    wait = slow_mode_wait(actor, post)
    if wait:
        minutes = max(1, -(-wait // 60))
        raise ValidationError(
            ngettext(
                "Slow mode is on to let this conversation cool down: you can reply again in"
                " %(minutes)d minute. What you wrote is still here.",
                "Slow mode is on to let this conversation cool down: you can reply again in"
                " %(minutes)d minutes. What you wrote is still here.",
                minutes,
            )
            % {"minutes": minutes},
            code="slow_mode",
        )
