"""Writing posts: creating, editing, deleting, restoring and pinning them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.audit.services import record_action
from kring.content import events
from kring.content.mentions import render_with_mentions
from kring.content.models import ModerationState, Post, PostAudience, PostKind, PostRevision
from kring.content.permissions import (
    can_choose_friends_audience,
    can_delete_post,
    can_edit_post,
    can_pin_post,
    can_post_in_space,
    can_restore_post,
)
from kring.content.screening import Submission, screen
from kring.content.services.counters import bump_space
from kring.content.services.limits import IDEMPOTENCY_KEY_MAX, POST_BODY_MAX, TITLE_MAX, check_text
from kring.core.events import publish_on_commit
from kring.core.permissions import require
from kring.spaces.models import Space

NOT_ALLOWED_TO_POST = gettext_lazy("You cannot post here.")


def get_or_create_post(
    actor: Any,
    *,
    space: Space,
    kind: str = PostKind.STATUS,
    body: str,
    title: str = "",
    audience: str = PostAudience.SPACE,
    idempotency_key: str = "",
) -> tuple[Post, bool]:
    """Like create_post, and whether the post is new (False: the idempotency key was used)."""
    require(can_post_in_space(actor, space), NOT_ALLOWED_TO_POST)
    idempotency_key = idempotency_key[:IDEMPOTENCY_KEY_MAX]
    if idempotency_key:
        existing = Post.objects.filter(author_id=actor.pk, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False
    if kind not in PostKind.values:
        raise ValidationError(_("Unknown kind of post."), code="invalid")
    if audience not in PostAudience.values:
        raise ValidationError(_("Choose who can see this."), code="invalid")
    if audience == PostAudience.FRIENDS and not can_choose_friends_audience(actor, space):
        raise ValidationError(
            _("Posts for friends only are possible on your own profile."), code="invalid"
        )
    check_text(body, limit=POST_BODY_MAX)
    check_text(title, limit=TITLE_MAX)
    screened = screen(
        Submission(actor=actor, target="post", body=body, title=title, space=space, kind=kind)
    )
    body, title = screened.body, screened.title
    body_html, mentioned = render_with_mentions(actor, body)
    fields = {
        "space": space,
        "author": actor,
        "kind": kind,
        "audience": audience,
        "title": title,
        "body": body,
        "body_html": body_html,
        "idempotency_key": idempotency_key,
        "moderation": (
            ModerationState.PENDING if screened.hold_reason else ModerationState.PUBLISHED
        ),
        "moderation_reason": str(screened.hold_reason),
    }
    # Inside a caller's transaction (the wall's post_status) no savepoint of its own: an error
    # here fails the caller's whole write anyway.
    with transaction.atomic(savepoint=False):
        if not idempotency_key:
            post = Post.objects.create(**fields)
        else:
            try:
                with transaction.atomic():  # a savepoint: a twin request may have won the race
                    post = Post.objects.create(**fields)
            except IntegrityError:
                return Post.objects.get(author_id=actor.pk, idempotency_key=idempotency_key), False
        bump_space(space.pk, posts=1, at=post.created_at)
        publish_on_commit(
            events.PostCreated(
                post_id=post.pk,
                space_id=space.pk,
                author_id=actor.pk,
                kind=kind,
                mentioned_ids=mentioned,
                held=post.moderation == ModerationState.PENDING,
            )
        )
    return post, True


def create_post(
    actor: Any,
    *,
    space: Space,
    kind: str = PostKind.STATUS,
    body: str,
    title: str = "",
    audience: str = PostAudience.SPACE,
    idempotency_key: str = "",
) -> Post:
    """Post in `space`; the same idempotency key again returns the post made the first time."""
    post, _created = get_or_create_post(
        actor,
        space=space,
        kind=kind,
        body=body,
        title=title,
        audience=audience,
        idempotency_key=idempotency_key,
    )
    return post


def edit_post(
    actor: Any, *, post: Post, body: str, title: str | None = None, note: str = ""
) -> Post:
    """Change a post's text; the previous text is kept as a revision (the edit history), with
    `note` saying why when a moderator edits someone else's post."""
    require(can_edit_post(actor, post), _("You cannot edit this post."))
    check_text(body, limit=POST_BODY_MAX)
    title = post.title if title is None else title
    check_text(title, limit=TITLE_MAX)
    if post.author_id == actor.pk:
        screened = screen(
            Submission(
                actor=actor,
                target="post",
                body=body,
                title=title,
                space=post.space,
                kind=post.kind,
                is_new=False,
            )
        )
        body, title = screened.body, screened.title
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        if body == post.body and title == post.title:
            return post
        old_mentions = set(render_with_mentions(post.author, post.body)[1])
        body_html, mentioned = render_with_mentions(post.author, body)
        PostRevision.objects.create(
            post=post,
            title=post.title,
            body=post.body,
            body_html=post.body_html,
            edited_by=actor,
            note=note[:300],
        )
        post.title, post.body, post.body_html = title, body, body_html
        post.edited_at = timezone.now()
        post.save(update_fields=["title", "body", "body_html", "edited_at"])
        publish_on_commit(
            events.PostEdited(
                post_id=post.pk,
                by=actor.pk,
                mentioned_ids=tuple(pk for pk in mentioned if pk not in old_mentions),
            )
        )
    return post


def _audit_staff_action(actor: Any, action: str, post: Post, *, audit: bool) -> None:
    """Log what staff do to someone else's post (authors tidying their own are not staff).
    Callers that log the act themselves, with its reason, pass audit=False."""
    if audit and actor is not None and actor.pk != post.author_id:
        record_action(actor, action=action, target=post, subject=post.author, space=post.space)


def delete_post(actor: Any, *, post: Post, audit: bool = True) -> Post:
    """Hide a post (soft delete: moderators can restore it)."""
    require(can_delete_post(actor, post), _("You cannot delete this post."))
    now = timezone.now()
    with transaction.atomic():
        changed = Post.objects.filter(pk=post.pk, deleted_at__isnull=True).update(
            deleted_at=now, deleted_by=actor
        )
        if changed:
            bump_space(post.space_id, posts=-1, activity=False)
            _audit_staff_action(actor, "post.delete", post, audit=audit)
            publish_on_commit(
                events.PostDeleted(post_id=post.pk, space_id=post.space_id, by=actor.pk)
            )
    post.deleted_at, post.deleted_by = now, actor
    return post


def restore_post(actor: Any, *, post: Post, audit: bool = True) -> Post:
    """Bring a deleted post back."""
    require(can_restore_post(actor, post), _("You cannot restore this post."))
    with transaction.atomic():
        changed = Post.objects.filter(pk=post.pk, deleted_at__isnull=False).update(
            deleted_at=None, deleted_by=None
        )
        if changed:
            bump_space(post.space_id, posts=1, activity=False)
            _audit_staff_action(actor, "post.restore", post, audit=audit)
            publish_on_commit(
                events.PostRestored(post_id=post.pk, space_id=post.space_id, by=actor.pk)
            )
    post.deleted_at, post.deleted_by = None, None
    return post


def pin_post(actor: Any, *, post: Post, audit: bool = True) -> Post:
    """Show a post above the others in its group (or the community stream)."""
    require(can_pin_post(actor, post), _("You cannot pin this post."))
    with transaction.atomic():
        post.pinned_at = timezone.now()
        post.save(update_fields=["pinned_at"])
        _audit_staff_action(actor, "post.pin", post, audit=audit)
        publish_on_commit(events.PostPinned(post_id=post.pk, space_id=post.space_id, by=actor.pk))
    return post


def unpin_post(actor: Any, *, post: Post, audit: bool = True) -> Post:
    require(can_pin_post(actor, post), _("You cannot unpin this post."))
    with transaction.atomic():
        post.pinned_at = None
        post.save(update_fields=["pinned_at"])
        _audit_staff_action(actor, "post.unpin", post, audit=audit)
        publish_on_commit(events.PostUnpinned(post_id=post.pk, space_id=post.space_id, by=actor.pk))
    return post
