"""Moderators' actions on a reported topic or post: lock, pin, move, merge, split."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from kring.audit.services import record_action
from kring.content import services as content_services
from kring.content.models import Comment, Post
from kring.core.events import publish_on_commit
from kring.core.permissions import require
from kring.forum import services as forum_services
from kring.forum.models import Category, Topic
from kring.moderation import events
from kring.moderation.models import (
    FlagCase,
    Resolution,
)
from kring.moderation.permissions import (
    can_moderate_case,
)
from kring.moderation.services.items import (
    NOT_A_MODERATOR,
    _resolve,
    _top_reason,
)
from kring.spaces.models import Space


def _topic_of_case(case: FlagCase) -> Topic:
    topic = (
        Topic.objects.select_related("post", "post__space", "category")
        .filter(pk=case.post_id)
        .first()
    )
    if topic is None:
        raise ValidationError(_("This is not a forum topic."), code="invalid")
    return topic


def lock_case_topic(actor: Any, *, case: FlagCase, reason: str) -> Topic:
    """Lock the reported topic with a reason everyone reads."""
    require(can_moderate_case(actor, case), NOT_A_MODERATOR)
    topic = _topic_of_case(case)
    with transaction.atomic():
        forum_services.lock_topic(actor, topic=topic, reason=reason, audit=False)
        record_action(
            actor,
            action="topic.lock",
            target=topic.post,
            subject=topic.post.author,
            space=case.space,
            reason=reason.strip(),
            reason_code=_top_reason(case),
        )
    return topic


def pin_case_post(actor: Any, *, case: FlagCase) -> Post:
    """Pin the post (a topic through the forum)."""
    require(can_moderate_case(actor, case), NOT_A_MODERATOR)
    post = case.post
    if post is None:
        raise ValidationError(_("Only posts can be pinned."), code="invalid")
    with transaction.atomic():
        topic = Topic.objects.filter(pk=post.pk).select_related("post", "post__space").first()
        if topic is not None:
            # The kernel's pin_post, under the forum's rule, writes the audit entry.
            forum_services.pin_topic(actor, topic=topic)
        else:
            content_services.pin_post(actor, post=post, audit=False)
            record_action(
                actor, action="post.pin", target=post, subject=post.author, space=case.space
            )
    return post


def move_case_topic(actor: Any, *, case: FlagCase, category: Category) -> Topic:
    """Move the reported topic to another category (also in another group)."""
    require(can_moderate_case(actor, case), NOT_A_MODERATOR)
    topic = _topic_of_case(case)
    before = {"category": topic.category_id, "space": topic.post.space_id}
    with transaction.atomic():
        forum_services.move_topic(actor, topic=topic, category=category)
        FlagCase.objects.filter(pk=case.pk).update(space_id=category.space_id)
        record_action(
            actor,
            action="topic.move",
            target=topic.post,
            subject=topic.post.author,
            space=category.space,
            before=before,
            after={"category": category.pk, "space": category.space_id},
        )
        publish_on_commit(
            events.TopicMoved(topic_id=topic.pk, category_id=category.pk, by=actor.pk)
        )
    return topic


def move_case_post(actor: Any, *, case: FlagCase, space: Space) -> Post:
    """Move the reported wall post, with its comments, to another group or the community."""
    require(can_moderate_case(actor, case), NOT_A_MODERATOR)
    post = case.post
    if post is None or Topic.objects.filter(pk=post.pk).exists():
        raise ValidationError(
            _("Only wall posts move here: a topic moves to another category."), code="invalid"
        )
    before = {"space": post.space_id}
    with transaction.atomic():
        content_services.move_post(actor, post=post, space=space, audit=False)
        # The cases of the post and of its comments belong to the space's moderators now.
        FlagCase.objects.filter(Q(post_id=post.pk) | Q(comment__post_id=post.pk)).update(
            space_id=space.pk
        )
        case.space = space
        record_action(
            actor,
            action="post.move",
            target=post,
            subject=post.author,
            space=space,
            before=before,
            after={"space": space.pk},
            reason_code=_top_reason(case),
        )
    return post


def merge_case_topic(actor: Any, *, case: FlagCase, into: Topic) -> Topic:
    """Merge the reported topic into `into`: its replies move there, it is deleted."""
    require(can_moderate_case(actor, case), NOT_A_MODERATOR)
    source = _topic_of_case(case)
    with transaction.atomic():
        forum_services.merge_topics(actor, source=source, target=into)
        record_action(
            actor,
            action="topic.merge",
            target=source.post,
            subject=source.post.author,
            space=case.space,
            after={"merged_into": into.pk},
        )
        _resolve(actor, case, Resolution.MERGED)
        publish_on_commit(events.TopicsMerged(source_id=source.pk, target_id=into.pk, by=actor.pk))
    return into


def split_case_topic(actor: Any, *, case: FlagCase, reply_ids: list[int], title: str) -> Topic:
    """Make a new topic of the selected replies of the reported topic."""
    require(can_moderate_case(actor, case), NOT_A_MODERATOR)
    topic = _topic_of_case(case)
    replies = list(Comment.objects.filter(post_id=topic.pk, pk__in=reply_ids))
    with transaction.atomic():
        new_topic = forum_services.split_topic(actor, topic=topic, replies=replies, title=title)
        record_action(
            actor,
            action="topic.split",
            target=topic.post,
            subject=topic.post.author,
            space=case.space,
            after={"new_topic": new_topic.pk, "replies": sorted(reply_ids)},
        )
        publish_on_commit(
            events.TopicSplit(topic_id=topic.pk, new_topic_id=new_topic.pk, by=actor.pk)
        )
    return new_topic
