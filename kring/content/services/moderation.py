"""Moderation states of posts and comments, and what their authors read while they wait."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kring.content import events
from kring.content.models import Comment, ModerationState, Post
from kring.core.events import publish_on_commit

# Moderation: the moderation app decides who may (kring.moderation.permissions) and calls these;
# they only keep the rows, the search index and the pages in step.


def set_post_moderation(actor: Any, *, post: Post, state: str, reason: str = "") -> Post:
    """Put `post` in moderation `state` (published, pending, held, hidden) with the reason its
    author reads. `actor` is None when the system acts (flags passing the threshold)."""
    if state not in ModerationState.values:
        raise ValidationError(_("Unknown moderation state."), code="invalid")
    with transaction.atomic():
        Post.objects.filter(pk=post.pk).update(moderation=state, moderation_reason=reason[:500])
        publish_on_commit(
            events.PostModerated(
                post_id=post.pk,
                space_id=post.space_id,
                state=state,
                by=getattr(actor, "pk", None),
            )
        )
    post.moderation, post.moderation_reason = state, reason[:500]
    return post


def set_comment_moderation(
    actor: Any, *, comment: Comment, state: str, reason: str = ""
) -> Comment:
    """Put `comment` in moderation `state`, like `set_post_moderation`."""
    if state not in ModerationState.values:
        raise ValidationError(_("Unknown moderation state."), code="invalid")
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(
            moderation=state, moderation_reason=reason[:500]
        )
        publish_on_commit(
            events.CommentModerated(
                comment_id=comment.pk,
                post_id=comment.post_id,
                state=state,
                by=getattr(actor, "pk", None),
            )
        )
    comment.moderation, comment.moderation_reason = state, reason[:500]
    return comment


def waiting_notice(item: Post | Comment) -> str:
    """What its author is told right after writing `item` when it waits for a moderator
    ("" when it is published at once)."""
    if item.moderation != ModerationState.PENDING:
        return ""
    return item.moderation_reason or _("Thanks! What you wrote waits for a moderator's approval.")
