"""Moderators reorganise topics: moving, merging and splitting them (for kring.moderation)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from kring.content import services as content_services
from kring.content.models import Comment, Post
from kring.core.events import publish_on_commit
from kring.core.permissions import require
from kring.forum.models import Category, Topic
from kring.forum.services.categories import recount_categories
from kring.spaces.models import Space


def _moderates_category(actor: Any, category: Category) -> bool:
    from kring.content.permissions import is_site_moderator
    from kring.spaces.permissions import can_manage_group

    return is_site_moderator(actor) or can_manage_group(actor, category.space)


def _public_replies(post_id: int) -> int:
    return Comment.objects.filter(
        post_id=post_id, deleted_at__isnull=True, is_internal=False
    ).count()


def move_topic(actor: Any, *, topic: Topic, category: Category) -> Topic:
    """Move a topic to another category, also one in another group (its post moves along)."""
    from kring.forum.permissions import moderates_topic

    require(
        moderates_topic(actor, topic) and _moderates_category(actor, category),
        _("You cannot move this topic there."),
    )
    if topic.post.is_deleted:
        raise ValidationError(_("A deleted topic cannot be moved."), code="invalid")
    if category.pk == topic.category_id:
        return topic
    old_category_id, old_space_id = topic.category_id, topic.post.space_id
    with transaction.atomic():
        Topic.objects.filter(pk=topic.pk).update(category=category)
        if category.space_id != old_space_id:
            Post.objects.filter(pk=topic.pk).update(space_id=category.space_id)
            Space.objects.filter(pk=old_space_id, post_count__gt=0).update(
                post_count=F("post_count") - 1
            )
            Space.objects.filter(pk=category.space_id).update(post_count=F("post_count") + 1)
        recount_categories(Category.objects.filter(pk__in=[old_category_id, category.pk]))
    topic.category = category
    topic.post.space_id = category.space_id
    return topic


def merge_topics(actor: Any, *, source: Topic, target: Topic) -> Topic:
    """Move the replies of `source` (and its opening post, as a reply) under `target`, then
    delete `source`. Counters are recounted."""
    from kring.forum.permissions import moderates_topic

    require(
        moderates_topic(actor, source) and moderates_topic(actor, target),
        _("You cannot merge these topics."),
    )
    if source.pk == target.pk:
        raise ValidationError(_("Choose another topic to merge with."), code="invalid")
    if source.post.is_deleted or target.post.is_deleted:
        raise ValidationError(_("A deleted topic cannot be merged."), code="invalid")
    with transaction.atomic():
        moved = _public_replies(source.pk)
        opening = Comment.objects.create(
            post_id=target.pk,
            author_id=source.post.author_id,
            body=source.post.body,
            body_html=source.post.body_html,
        )
        Comment.objects.filter(pk=opening.pk).update(created_at=source.post.created_at)
        Comment.objects.filter(post_id=source.pk).update(post_id=target.pk)
        Topic.objects.filter(pk=source.pk).update(accepted_answer=None, solved_by=None)
        Post.objects.filter(pk=source.pk).update(comment_count=0, solved_at=None)
        Post.objects.filter(pk=target.pk).update(comment_count=_public_replies(target.pk))
        Category.objects.filter(pk=source.category_id, reply_count__gte=moved).update(
            reply_count=F("reply_count") - moved
        )
        Category.objects.filter(pk=target.category_id).update(
            reply_count=F("reply_count") + moved + 1
        )
        # Its category's topic count drops in the forum's PostDeleted listener.
        content_services.delete_post(actor, post=source.post)
    return target


def split_topic(actor: Any, *, topic: Topic, replies: list[Comment], title: str) -> Topic:
    """Make a new topic of the selected replies: the first becomes its opening post, the others
    (and their own replies) its replies."""
    from kring.content import events as content_events
    from kring.forum.permissions import moderates_topic

    require(moderates_topic(actor, topic), _("You cannot split this topic."))
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the new topic a title."), code="required")
    replies = sorted(
        (
            r
            for r in replies
            if r.post_id == topic.pk and r.deleted_at is None and not r.is_internal
        ),
        key=lambda r: (r.created_at, r.pk),
    )
    if not replies:
        raise ValidationError(_("Choose the replies for the new topic."), code="required")
    first, others = replies[0], replies[1:]
    with transaction.atomic():
        post = Post.objects.create(
            space_id=topic.post.space_id,
            author_id=first.author_id,
            kind=topic.post.kind,
            title=title[:200],
            body=first.body,
            body_html=first.body_html,
        )
        Post.objects.filter(pk=post.pk).update(created_at=first.created_at)
        new_topic = Topic.objects.create(post=post, category=topic.category)
        moved_ids = [r.pk for r in others]
        # Replies to the first one lose their parent: it becomes the opening post.
        Comment.objects.filter(parent_id=first.pk).update(post_id=post.pk, parent=None)
        Comment.objects.filter(parent_id__in=moved_ids).update(post_id=post.pk)
        Comment.objects.filter(pk__in=moved_ids).update(post_id=post.pk, parent=None)
        Comment.objects.filter(pk=first.pk).delete()
        if (
            topic.accepted_answer_id is not None
            and not Comment.objects.filter(pk=topic.accepted_answer_id, post_id=topic.pk).exists()
        ):
            Topic.objects.filter(pk=topic.pk).update(accepted_answer=None, solved_by=None)
            Post.objects.filter(pk=topic.pk).update(solved_at=None)
        Post.objects.filter(pk=topic.pk).update(comment_count=_public_replies(topic.pk))
        Post.objects.filter(pk=post.pk).update(comment_count=_public_replies(post.pk))
        Space.objects.filter(pk=post.space_id).update(post_count=F("post_count") + 1)
        recount_categories(Category.objects.filter(pk=topic.category_id))
        publish_on_commit(
            content_events.PostCreated(
                post_id=post.pk, space_id=post.space_id, author_id=post.author_id, kind=post.kind
            )
        )
    return new_topic
