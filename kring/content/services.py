"""Every write to posts, comments and reactions: one function per member action.

Each checks its permission with `require(can_…)`, writes in one transaction, keeps the
denormalised counters exact with F() expressions, and publishes its event after commit.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kring.audit.services import record_action
from kring.content import events
from kring.content.links import has_own_page
from kring.content.mentions import render_with_mentions
from kring.content.models import (
    Comment,
    ModerationState,
    Post,
    PostAudience,
    PostKind,
    PostRevision,
    Reaction,
)
from kring.content.permissions import (
    can_choose_friends_audience,
    can_comment,
    can_delete_comment,
    can_delete_post,
    can_edit_comment,
    can_edit_post,
    can_pin_post,
    can_post_in_space,
    can_react,
    can_react_to_comment,
    can_restore_post,
    can_write_internal_notes,
    is_site_moderator,
    moderates_space_of,
)
from kring.content.screening import Submission, screen
from kring.core.events import publish_on_commit
from kring.core.permissions import require
from kring.core.sitesettings.models import SiteSettings
from kring.spaces.models import Space, SpaceKind
from kring.spaces.permissions import can_manage_group

POST_BODY_MAX = 20000
COMMENT_BODY_MAX = 10000
TITLE_MAX = 200
IDEMPOTENCY_KEY_MAX = 64

NOT_ALLOWED_TO_POST = gettext_lazy("You cannot post here.")


def _check_text(body: str, *, limit: int, required: bool = False) -> str:
    if required and not body.strip():
        raise ValidationError(_("Write a message first."), code="required")
    if len(body) > limit:
        raise ValidationError(
            _("Keep it under %(limit)d characters (it has %(length)d).")
            % {"limit": limit, "length": len(body)},
            code="max_length",
        )
    return body


def _bump_space(
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
    _check_text(body, limit=POST_BODY_MAX)
    _check_text(title, limit=TITLE_MAX)
    screened = screen(
        Submission(actor=actor, target="post", body=body, title=title, space=space, kind=kind)
    )
    body, title = screened.body, screened.title
    body_html, mentioned = render_with_mentions(actor, body)
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: a twin request may have won the race
                post = Post.objects.create(
                    space=space,
                    author=actor,
                    kind=kind,
                    audience=audience,
                    title=title,
                    body=body,
                    body_html=body_html,
                    idempotency_key=idempotency_key,
                    moderation=(
                        ModerationState.PENDING
                        if screened.hold_reason
                        else ModerationState.PUBLISHED
                    ),
                    moderation_reason=str(screened.hold_reason),
                )
        except IntegrityError:
            if not idempotency_key:
                raise
            return Post.objects.get(author_id=actor.pk, idempotency_key=idempotency_key), False
        _bump_space(space.pk, posts=1, at=post.created_at)
        publish_on_commit(
            events.PostCreated(
                post_id=post.pk,
                space_id=space.pk,
                author_id=actor.pk,
                kind=kind,
                mentioned_ids=mentioned,
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
    _check_text(body, limit=POST_BODY_MAX)
    title = post.title if title is None else title
    _check_text(title, limit=TITLE_MAX)
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
            _bump_space(post.space_id, posts=-1, activity=False)
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
            _bump_space(post.space_id, posts=1, activity=False)
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
    _check_text(body, limit=COMMENT_BODY_MAX, required=True)
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
    _check_slow_mode(actor, post)
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
            _bump_space(post.space_id, at=comment.created_at)
        publish_on_commit(
            events.CommentCreated(
                comment_id=comment.pk,
                post_id=post.pk,
                author_id=actor.pk,
                parent_id=parent.pk if parent is not None else None,
                is_internal=is_internal,
                mentioned_ids=mentioned,
            )
        )
    return comment


def edit_comment(actor: Any, *, comment: Comment, body: str) -> Comment:
    require(can_edit_comment(actor, comment), _("You cannot edit this comment."))
    _check_text(body, limit=COMMENT_BODY_MAX, required=True)
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


def react(
    actor: Any, *, post: Post | None = None, comment: Comment | None = None, kind: str
) -> str:
    """React to a post or a comment: the same kind again takes the reaction back, another kind
    replaces it. Returns the actor's reaction kind afterwards ("" when none).

    The target row is locked, so concurrent reactions on one item queue up and the counts
    recomputed from the Reaction rows are exact.
    """
    if (post is None) == (comment is None):
        raise ValueError("React to exactly one post or comment.")
    if comment is not None:
        require(can_react_to_comment(actor, comment), _("You cannot react to this comment."))
    else:
        assert post is not None  # noqa: S101  (narrows the type; checked just above)
        require(can_react(actor, post), _("You cannot react to this post."))
    model: type[Post] | type[Comment] = Comment if comment is not None else Post
    target_id = comment.pk if comment is not None else post.pk  # type: ignore[union-attr]
    target = {"comment_id": target_id} if comment is not None else {"post_id": target_id}
    with transaction.atomic():
        model.objects.select_for_update().filter(pk=target_id).first()
        existing = Reaction.objects.filter(member_id=actor.pk, **target).first()
        previous = existing.kind if existing is not None else ""
        if kind != previous and kind not in SiteSettings.load().enabled_reaction_kinds:
            raise ValidationError(_("That reaction is not available."), code="invalid")
        if existing is not None and previous == kind:
            existing.delete()
            delta, result = -1, ""
        elif existing is not None:
            existing.kind = kind
            existing.save(update_fields=["kind"])
            delta, result = 0, kind
        else:
            Reaction.objects.create(member=actor, kind=kind, **target)
            delta, result = 1, kind
        counts = dict(
            Reaction.objects.filter(**target)
            .order_by("kind")
            .values("kind")
            .annotate(n=Count("id"))
            .values_list("kind", "n")
        )
        model.objects.filter(pk=target_id).update(
            reaction_count=F("reaction_count") + delta, reaction_counts=counts
        )
        publish_on_commit(
            events.ReactionChanged(
                member_id=actor.pk,
                post_id=post.pk if post is not None else None,
                comment_id=comment.pk if comment is not None else None,
                kind=result,
                previous_kind=previous,
            )
        )
    return result


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


def _check_slow_mode(actor: Any, post: Post) -> None:
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


def waiting_notice(item: Post | Comment) -> str:
    """What its author is told right after writing `item` when it waits for a moderator
    ("" when it is published at once)."""
    if item.moderation != ModerationState.PENDING:
        return ""
    return item.moderation_reason or _("Thanks! What you wrote waits for a moderator's approval.")


# Moving a wall post to another group or the community (a forum topic moves with its category:
# kring.forum.services.move_topic).

MOVABLE_TO = (SpaceKind.COMMUNITY, SpaceKind.GROUP)


def _moderates_both(actor: Any, post: Post, space: Space) -> bool:
    """Site moderators move anywhere; a group's moderator between groups they both moderate."""
    if is_site_moderator(actor):
        return True
    return (
        moderates_space_of(actor, post)
        and post.space.is_group
        and space.is_group
        and can_manage_group(actor, space)
    )


def movable_post_refusal(post: Post) -> str:
    """Why `post` cannot be moved at all, "" when it can (pages offer "Move" only then)."""
    if post.deleted_at is not None:
        return _("A deleted post cannot be moved.")
    if post.space.kind not in MOVABLE_TO:
        return _("Posts on a profile wall stay on that wall.")
    if post.audience == PostAudience.FRIENDS:
        return _("Posts for friends only cannot be moved.")
    if has_own_page(post.kind):
        return _("This kind of post is moved on its own page (a topic: to another category).")
    return ""


def move_post(actor: Any, *, post: Post, space: Space, audit: bool = True) -> Post:
    """Move a wall post, with its comments, to another group or the community. Callers that log
    the act themselves, with its reason, pass audit=False."""
    require(_moderates_both(actor, post, space), _("You cannot move this post there."))
    refusal = movable_post_refusal(post)
    if refusal:
        raise ValidationError(refusal, code="invalid")
    if space.kind not in MOVABLE_TO:
        raise ValidationError(_("A post moves to a group or the community."), code="invalid")
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if locked.deleted_at is not None:
            raise ValidationError(_("A deleted post cannot be moved."), code="invalid")
        old_space_id = locked.space_id
        if old_space_id == space.pk:
            return post
        # A pin means "above the others in this space": the new space's moderators decide.
        Post.objects.filter(pk=locked.pk).update(space_id=space.pk, pinned_at=None)
        _bump_space(old_space_id, posts=-1, activity=False)
        _bump_space(space.pk, posts=1, activity=False)
        moved_at = locked.last_activity_at
        Space.objects.filter(
            Q(last_activity_at__isnull=True) | Q(last_activity_at__lt=moved_at), pk=space.pk
        ).update(last_activity_at=moved_at)
        # The old space was last active through this post: its newest remaining post says now.
        newest = (
            # A scheduled post (dated in the future) is no activity yet.
            Post.objects.filter(
                space_id=OuterRef("pk"), deleted_at__isnull=True, created_at__lte=timezone.now()
            )
            .order_by("-last_activity_at")
            .values("last_activity_at")[:1]
        )
        Space.objects.filter(pk=old_space_id, last_activity_at__lte=moved_at).update(
            last_activity_at=Coalesce(Subquery(newest), F("created_at"))
        )
        if audit:
            record_action(
                actor,
                action="post.move",
                target=locked,
                subject=locked.author,
                space=space,
                before={"space": old_space_id},
                after={"space": space.pk},
            )
        publish_on_commit(
            events.PostMoved(
                post_id=locked.pk, from_space_id=old_space_id, space_id=space.pk, by=actor.pk
            )
        )
    post.space, post.pinned_at = space, None
    return post
