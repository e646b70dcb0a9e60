"""`kring reindex`: rebuild the whole index in batches, on a live site.

Entries are upserted batch by batch (search keeps answering meanwhile); entries not touched by
this run (their object is gone) are dropped at the end. An event handled during the run stamps
its entry later than the run's start, so it is kept too.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils import timezone

from kring.accounts.models import Member
from kring.content.models import Comment, Post
from kring.search.backends import backend
from kring.search.indexing import (
    comment_entry,
    group_entry,
    member_entry,
    post_entry,
    save_entries,
)
from kring.search.models import SearchEntry
from kring.spaces.models import Space, SpaceKind

BATCH = 1_000
M = TypeVar("M", bound=Model)
# phase, done, total: called after each batch.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Phase:
    name: str
    rows: Callable[[], QuerySet[Any]]
    entry: Callable[[Any], SearchEntry]


PHASES = [
    Phase("posts", lambda: Post.objects.filter(deleted_at__isnull=True), post_entry),
    Phase(
        "replies",
        lambda: Comment.objects.filter(deleted_at__isnull=True).select_related("post"),
        comment_entry,
    ),
    Phase("groups", lambda: Space.objects.filter(kind=SpaceKind.GROUP), group_entry),
    Phase(
        "members",
        lambda: Member.objects.select_related("profile").prefetch_related("profile__interests"),
        member_entry,
    ),
]


def in_batches(rows: QuerySet[M], size: int) -> Iterator[list[M]]:
    """`rows` in primary-key order, `size` at a time (keyset: each batch costs the same)."""
    last = None
    while True:
        page = rows.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        batch = list(page[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def refill_engine_index(*, batch_size: int = BATCH) -> int:
    """Write the engine's own full-text index (SQLite's FTS5 table) anew from the SearchEntry
    rows, leaving the rows as they are; returns how many. After a restore: a backup carries the
    model table, not the engine's index. (PostgreSQL's vector is a column of the row.)"""
    engine = backend()
    count = 0
    for batch in in_batches(SearchEntry.objects.all(), batch_size):
        engine.store(batch)
        count += len(batch)
    return count


def rebuild_index(progress: Progress | None = None, *, batch_size: int = BATCH) -> dict[str, int]:
    """Index every post, reply, group and member; drop entries of what no longer exists."""
    started = timezone.now()
    counts: dict[str, int] = {}
    for phase in PHASES:
        rows = phase.rows()
        total, done = rows.count(), 0
        if progress:
            progress(phase.name, 0, total)
        for batch in in_batches(rows, batch_size):
            save_entries([phase.entry(row) for row in batch])
            done += len(batch)
            if progress:
                progress(phase.name, done, max(total, done))
        counts[phase.name] = done
    stale = list(SearchEntry.objects.filter(indexed_at__lt=started).values_list("pk", flat=True))
    for at in range(0, len(stale), batch_size):
        chunk = stale[at : at + batch_size]
        backend().forget(chunk)
        SearchEntry.objects.filter(pk__in=chunk).delete()
    counts["dropped"] = len(stale)
    return counts


def progress_bar(write: Callable[[str], None], *, width: int = 30) -> Progress:
    """A text progress bar per phase, redrawn in place (one line per phase when finished)."""
    began: dict[str, float] = {}

    def show(phase: str, done: int, total: int) -> None:
        began.setdefault(phase, time.monotonic())
        share = done / total if total else 1.0
        filled = int(share * width)
        seconds = time.monotonic() - began[phase]
        line = (
            f"\r  {phase:<8} [{'#' * filled}{'.' * (width - filled)}] {share:>4.0%} "
            f"{done:>9,}/{total:,} {seconds:6.1f} s"
        )
        write(line + ("\n" if done >= total else ""))

    return show
