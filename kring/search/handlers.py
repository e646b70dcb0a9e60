"""The index follows the facts other apps publish (subscribed in apps.py).

Handlers run in the request, right after its transaction commits: cheap (one row read, one
upsert), and a result can be found the moment the page that made it has loaded.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kring.content import events as content
from kring.content.models import Comment
from kring.core.events import subscribe
from kring.forum import events as forum
from kring.members import events as members
from kring.moderation import events as moderation
from kring.search.indexing import (
    comment_entry,
    index_comment,
    index_group,
    index_member,
    index_post,
    save_entries,
)
from kring.spaces import events as spaces


def post_changed(
    event: content.PostCreated | content.PostEdited | content.PostDeleted | content.PostRestored,
) -> None:
    index_post(event.post_id)


def _reindex_thread(post_id: int) -> None:
    index_post(post_id)
    replies = Comment.objects.select_related("post").filter(
        post_id=post_id, deleted_at__isnull=True
    )
    save_entries([comment_entry(reply) for reply in replies])


def post_moved(event: content.PostMoved) -> None:
    """The post and its replies carry their space in the index: all follow the move."""
    _reindex_thread(event.post_id)


def topic_moved(event: moderation.TopicMoved) -> None:
    """A topic moved to another category (perhaps another group): it and its replies follow."""
    _reindex_thread(event.topic_id)


def topics_rearranged(event: moderation.TopicsMerged | moderation.TopicSplit) -> None:
    """Replies changed topics: both threads are indexed again (a merged source is gone: its
    deletion removed its own entry)."""
    for post_id in (
        (event.target_id,)
        if isinstance(event, moderation.TopicsMerged)
        else (event.topic_id, event.new_topic_id)
    ):
        _reindex_thread(post_id)


def comment_changed(
    event: content.CommentCreated | content.CommentEdited | content.CommentDeleted,
) -> None:
    index_comment(event.comment_id)


def group_changed(event: spaces.GroupCreated | spaces.GroupUpdated) -> None:
    index_group(event.space_id)


def profile_changed(event: members.ProfileUpdated) -> None:
    index_member(event.member_id)


def answer_changed(event: forum.AnswerAccepted | forum.AnswerUnaccepted) -> None:
    index_post(event.topic_id)  # the topic's "solved" flag


def profile_created(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """A new member is findable at once (Django's post_save of Profile: the members app makes
    a profile with every account and publishes no event for it)."""
    if created and not kwargs.get("raw"):
        member_id = instance.member_id
        transaction.on_commit(lambda: index_member(member_id))


def index_after_restore(sender: Any, using: str, **kwargs: Any) -> None:
    """A backup carries the SearchEntry rows but not SQLite's FTS5 table (no model's table):
    refill it from the restored rows, which stay exactly as backed up."""
    from kring.search.rebuild import refill_engine_index

    if using == "default":
        refill_engine_index()


def connect() -> None:
    from django.db.models.signals import post_save

    from kring.core.backup.restore import backup_restored
    from kring.members.models import Profile

    subscribe(content.PostCreated, post_changed)
    subscribe(content.PostEdited, post_changed)
    subscribe(content.PostDeleted, post_changed)
    subscribe(content.PostRestored, post_changed)
    subscribe(content.PostMoved, post_moved)
    subscribe(moderation.TopicMoved, topic_moved)
    subscribe(moderation.TopicsMerged, topics_rearranged)
    subscribe(moderation.TopicSplit, topics_rearranged)
    subscribe(content.CommentCreated, comment_changed)
    subscribe(content.CommentEdited, comment_changed)
    subscribe(content.CommentDeleted, comment_changed)
    subscribe(spaces.GroupCreated, group_changed)
    subscribe(spaces.GroupUpdated, group_changed)
    subscribe(members.ProfileUpdated, profile_changed)
    subscribe(forum.AnswerAccepted, answer_changed)
    subscribe(forum.AnswerUnaccepted, answer_changed)
    post_save.connect(profile_created, sender=Profile, dispatch_uid="search.profile_created")
    backup_restored.connect(index_after_restore, dispatch_uid="search.index_after_restore")
