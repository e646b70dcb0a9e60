"""Cases without flags: held content enters the queue, content deleted elsewhere leaves it."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from kring.content.models import Comment, ModerationState, Post
from kring.moderation.models import (
    CaseStatus,
    FlagCase,
    Resolution,
)


def open_case_for_pending(*, post_id: int | None = None, comment_id: int | None = None) -> None:
    """Put a post or comment waiting for approval in the queue (listeners call this)."""
    now = timezone.now()
    if post_id is not None:
        post = Post.objects.filter(pk=post_id).only("pk", "space_id", "moderation").first()
        if post is None or post.moderation != ModerationState.PENDING:
            return
        target: dict[str, Any] = {"post_id": post.pk}
        space_id: int | None = post.space_id
    else:
        comment = Comment.objects.filter(pk=comment_id or 0).select_related("post").first()
        if comment is None or comment.moderation != ModerationState.PENDING:
            return
        target, space_id = {"comment_id": comment.pk}, comment.post.space_id
    with transaction.atomic():
        reopened = FlagCase.objects.filter(status=CaseStatus.RESOLVED, **target).update(
            status=CaseStatus.OPEN,
            opened_at=now,
            resolution="",
            resolved_by=None,
            resolved_at=None,
            hidden_by_threshold=False,
        )
        if not reopened and not FlagCase.objects.filter(**target).exists():
            try:
                with transaction.atomic():
                    FlagCase.objects.create(space_id=space_id, opened_at=now, **target)
            except IntegrityError:
                pass  # made concurrently


def close_case_of_deleted(
    *, post_id: int | None = None, comment_id: int | None = None, by: int | None = None
) -> None:
    """An item deleted elsewhere (by its author, on its page) leaves the queue (listeners)."""
    target: dict[str, int | None] = (
        {"post_id": post_id} if post_id is not None else {"comment_id": comment_id}
    )
    FlagCase.objects.filter(status=CaseStatus.OPEN, **target).update(
        status=CaseStatus.RESOLVED,
        resolution=Resolution.DELETED,
        resolved_by_id=by,
        resolved_at=timezone.now(),
    )
