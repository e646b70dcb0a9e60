"""What the forum does when the content kernel deletes or restores a topic or a reply
(subscribed in apps.py): category counters and the accepted answer stay right."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from kring.content.events import CommentDeleted, PostDeleted, PostRestored
from kring.content.models import Comment, Post
from kring.forum.models import Category, Topic


def _topic_of(post_id: int) -> Topic | None:
    return Topic.objects.filter(pk=post_id).select_related("post").first()


def topic_deleted(event: PostDeleted) -> None:
    """A deleted topic leaves its category's counts, with its public replies."""
    topic = _topic_of(event.post_id)
    if topic is None:
        return
    replies = topic.post.comment_count
    Category.objects.filter(pk=topic.category_id, topic_count__gt=0).update(
        topic_count=F("topic_count") - 1
    )
    Category.objects.filter(pk=topic.category_id, reply_count__gte=replies).update(
        reply_count=F("reply_count") - replies
    )


def topic_restored(event: PostRestored) -> None:
    topic = _topic_of(event.post_id)
    if topic is None:
        return
    Category.objects.filter(pk=topic.category_id).update(
        topic_count=F("topic_count") + 1, reply_count=F("reply_count") + topic.post.comment_count
    )


def reply_deleted(event: CommentDeleted) -> None:
    """A deleted public reply leaves the counts; the accepted answer, if it was, goes too."""
    comment = Comment.objects.filter(pk=event.comment_id).first()
    topic = _topic_of(event.post_id)
    if comment is None or topic is None or comment.is_internal:
        return
    with transaction.atomic():
        if topic.accepted_answer_id == comment.pk:
            Topic.objects.filter(pk=topic.pk).update(accepted_answer=None, solved_by=None)
            Post.objects.filter(pk=topic.pk).update(solved_at=None)
        if topic.post.deleted_at is None:
            Category.objects.filter(pk=topic.category_id, reply_count__gt=0).update(
                reply_count=F("reply_count") - 1
            )
