"""What readers do with a topic: following it, and counting their views."""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections import Counter
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from kring.core.events import publish_on_commit
from kring.core.permissions import require
from kring.forum import events
from kring.forum.models import Topic, TopicWatch
from kring.forum.permissions import can_watch_topic

logger = logging.getLogger(__name__)


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


class CachedViews:
    """Visitors' views of topic pages served from the page cache, held in this process and
    written together at most once per `settings.FORUM_VIEW_FLUSH_SECONDS`, at the next cached
    view after that, and when the process stops.

    A cached page must cost next to nothing: a write per view serialised its readers behind one
    row, a counter in the embedded file cache halved the page's throughput, and writing one in
    twenty views (drawn at random) still cost the hot topic page a quarter of its throughput
    (0.49x the bare view against 0.64-0.72x for the other cached pages). A killed process loses
    its last few seconds of visitors' views, never more.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: Counter[int] = Counter()
        self._since = time.monotonic()
        atexit.register(self._flush_at_exit)

    def add(self, topic_id: int) -> None:
        with self._lock:
            self._pending[topic_id] += 1
            if time.monotonic() - self._since < _flush_seconds():
                return
        self.flush()

    def flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, Counter()
            self._since = time.monotonic()
        for topic_id, views in sorted(pending.items()):
            Topic.objects.filter(pk=topic_id).update(view_count=F("view_count") + views)

    def _flush_at_exit(self) -> None:
        if not self._pending:
            return
        try:
            self.flush()
        except DatabaseError:  # the database went first: these views are lost
            logger.warning("Could not write the last visitors' topic views.", exc_info=True)


cached_views = CachedViews()


def count_cached_view(topic_id: int) -> None:
    """A visitor's view of the topic page served from the visitors' page cache: held in this
    process and written with the others every few seconds (`CachedViews`)."""
    cached_views.add(topic_id)


def _flush_seconds() -> float:
    return max(0.0, float(getattr(settings, "FORUM_VIEW_FLUSH_SECONDS", 0)))


def _views_per_write() -> int:
    return max(1, int(getattr(settings, "FORUM_VIEWS_PER_WRITE", 1)))


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
