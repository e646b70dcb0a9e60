"""What readers do with a topic: following it, and counting their views."""

from __future__ import annotations

import random
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from kring.core.events import publish_on_commit
from kring.core.permissions import require
from kring.forum import events
from kring.forum.models import Topic, TopicWatch
from kring.forum.permissions import can_watch_topic


def watch_topic(actor: Any, *, topic: Topic) -> None:
    require(can_watch_topic(actor, topic), _("You cannot follow this topic."))
    with transaction.atomic():
        _watch, created = TopicWatch.objects.get_or_create(member_id=actor.pk, topic_id=topic.pk)
        if created:
            publish_on_commit(events.TopicWatched(topic_id=topic.pk, member_id=actor.pk))


def unwatch_topic(actor: Any, *, topic: Topic) -> None:
    TopicWatch.objects.filter(member_id=actor.pk, topic_id=topic.pk).delete()


def record_view(viewer: Any, *, topic: Topic) -> None:
    """One more view (the author's own visits do not count); `topic.view_count` then includes
    the views not yet written."""
    if getattr(viewer, "pk", None) == topic.post.author_id:
        return
    topic.view_count += count_view(topic.pk)


def count_cached_view(topic_id: int) -> None:
    """A visitor's view of the topic page served from the visitors' page cache, which must cost
    next to nothing: one in `settings.FORUM_VIEWS_PER_WRITE` such views, drawn at random, adds
    that many views to the topic (an estimate that is right on average; a counter in the
    embedded file cache halved the cached page's throughput). With one view per write, every
    view counts."""
    every = _views_per_write()
    if every == 1 or _draw() < 1 / every:
        Topic.objects.filter(pk=topic_id).update(view_count=F("view_count") + every)


def _views_per_write() -> int:
    return max(1, int(getattr(settings, "FORUM_VIEWS_PER_WRITE", 1)))


def _draw() -> float:
    return random.random()  # noqa: S311  (sampling views, not security)


def count_view(topic_id: int) -> int:
    """One more view of the topic: a member's other than its author's, or a visitor's page
    rendered afresh.

    Views are counted in the cache and written to the topic once per
    `settings.FORUM_VIEWS_PER_WRITE` (a write on every page view would serialise the readers of
    a popular topic behind one row lock, and SQLite behind its one writer). A cache flush or
    restart loses at most that many. Returns how many views the topic row does not hold yet,
    this one included, for the page to add to what it read.
    """
    every = _views_per_write()
    if every == 1:
        Topic.objects.filter(pk=topic_id).update(view_count=F("view_count") + 1)
        return 1
    key = f"kring:forum:views:{topic_id}"
    cache.add(key, 0, timeout=None)
    try:
        pending = cache.incr(key)
    except ValueError:  # evicted between add() and incr()
        cache.add(key, 1, timeout=None)
        pending = 1
    # Only the request that brings the count to exactly `every` writes, so two requests never
    # write the same views twice.
    if pending == every:
        cache.decr(key, every)
        Topic.objects.filter(pk=topic_id).update(view_count=F("view_count") + every)
    return pending
