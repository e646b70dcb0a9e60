"""Writing comments and replies: commenting, editing and deleting them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.audit.services import record_action
from kring.content import events
from kring.content.mentions import render_with_mentions
from kring.content.models import Comment, ModerationState, Post
from kring.content.permissions import (
    can_comment,
    can_delete_comment,
    can_edit_comment,
    can_write_internal_notes,
)
from kring.content.screening import Submission, screen
from kring.content.services.counters import bump_space
from kring.content.services.limits import COMMENT_BODY_MAX, check_text
from kring.content.services.slow_mode import check_slow_mode
from kring.core.events import publish_on_commit
from kring.core.permissions import require


def comment_on_post(
    actor: Any,
    *,
    post: Post,
    body: str,
    parent: Comment | None = None,
    is_internal: bool = False,
) -> Comment:
    """Comment on `post`, or reply to a comment (a reply to a reply joins its top-level comment).

    Internal notes (employees only) are not counted in the post's comment count, which every
    reader sees, and do not move the post up in "last activity" order.
    """
    require(can_comment(actor, post), _("You cannot comment on this post."))
    check_text(body, limit=COMMENT_BODY_MAX, required=True)
    if parent is not None:
        if parent.post_id != post.pk or parent.deleted_at is not None:
            raise ValidationError(_("That comment no longer exists."), code="invalid")
        if parent.is_internal and not can_write_internal_notes(actor):
            raise ValidationError(_("That comment no longer exists."), code="invalid")
        if parent.parent_id is not None:
            parent = Comment.objects.get(pk=parent.parent_id)
        is_internal = is_internal or parent.is_internal
    if is_internal:
        require(can_write_internal_notes(actor), _("Only employees write internal notes."))
    check_slow_mode(actor, post)
    screened = screen(
        Submission(actor=actor, target="comment", body=body, space=post.space, kind=post.kind)
    )
    body = screened.body
    body_html, mentioned = render_with_mentions(actor, body)
    with transaction.atomic():
        comment = Comment.objects.create(
            post=post,
            parent=parent,
            author=actor,
            body=body,
            body_html=body_html,
            is_internal=is_internal,
            moderation=(
                ModerationState.PENDING if screened.hold_reason else ModerationState.PUBLISHED
            ),
            moderation_reason=str(screened.hold_reason),
        )
        if not is_internal:
            Post.objects.filter(pk=post.pk).update(
                comment_count=F("comment_count") + 1, last_activity_at=comment.created_at
            )
            bump_space(post.space_id, at=comment.created_at)
        publish_on_commit(
            events.CommentCreated(
                comment_id=comment.pk,
                post_id=post.pk,
                author_id=actor.pk,
                parent_id=parent.pk if parent is not None else None,
                is_internal=is_internal,
                mentioned_ids=mentioned,
                held=comment.moderation == ModerationState.PENDING,
            )
        )
    return comment


def edit_comment(actor: Any, *, comment: Comment, body: str) -> Comment:
    require(can_edit_comment(actor, comment), _("You cannot edit this comment."))
    check_text(body, limit=COMMENT_BODY_MAX, required=True)
    if comment.author_id == actor.pk:
        body = screen(Submission(actor=actor, target="comment", body=body, is_new=False)).body
    if body == comment.body:
        return comment
    old_mentions = set(render_with_mentions(comment.author, comment.body)[1])
    body_html, mentioned = render_with_mentions(comment.author, body)
    with transaction.atomic():
        comment.body, comment.body_html = body, body_html
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "body_html", "edited_at"])
        publish_on_commit(
            events.CommentEdited(
                comment_id=comment.pk,
                post_id=comment.post_id,
                by=actor.pk,
                mentioned_ids=tuple(pk for pk in mentioned if pk not in old_mentions),
            )
        )
    return comment


def delete_comment(actor: Any, *, comment: Comment, audit: bool = True) -> Comment:
    """Hide a comment (soft delete); its replies stay."""
    require(can_delete_comment(actor, comment), _("You cannot delete this comment."))
    now = timezone.now()
    with transaction.atomic():
        changed = Comment.objects.filter(pk=comment.pk, deleted_at__isnull=True).update(
            deleted_at=now, deleted_by=actor
        )
        if changed and not comment.is_internal:
            Post.objects.filter(pk=comment.post_id, comment_count__gt=0).update(
                comment_count=F("comment_count") - 1
            )
        if changed and audit and actor.pk != comment.author_id:
            record_action(
                actor,
                action="comment.delete",
                target=comment,
                subject=comment.author,
                space=comment.post.space,
            )
        if changed:
            publish_on_commit(
                events.CommentDeleted(comment_id=comment.pk, post_id=comment.post_id, by=actor.pk)
            )
    comment.deleted_at, comment.deleted_by = now, actor
    return comment
