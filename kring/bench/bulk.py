"""Bulk writing for `kring seed`: batches, explicit timestamps and ids, progress per phase."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TypeVar

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max

from kring.accounts.models import Member
from kring.bench.community import IdBase
from kring.content.models import Comment, Post
from kring.spaces.models import Space

BATCH = 5_000

M = TypeVar("M", bound=models.Model)
Write = Callable[[str], None]


def moment(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


def batches(rows: Iterable[M], size: int = BATCH) -> Iterator[list[M]]:
    batch: list[M] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@contextmanager
def explicit_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk_create keep the timestamps we give (auto_now/auto_now_add would overwrite them
    with the present moment, and a community with two years of history all made today is no
    benchmark). Restored afterwards, also on failure."""
    fields = [
        field
        for model in model_classes
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class Progress:
    """One line per phase: how many rows, how long, rows per second."""

    def __init__(self, write: Write) -> None:
        self.write = write
        self.counts: dict[str, int] = {}
        self.started = time.monotonic()

    def insert(self, phase: str, model: type[M], rows: Iterable[M]) -> int:
        began, count = time.monotonic(), 0
        with transaction.atomic():
            for batch in batches(rows):
                model.objects.bulk_create(batch, batch_size=BATCH)  # type: ignore[attr-defined]
                count += len(batch)
        self.report(phase, count, time.monotonic() - began)
        return count

    def report(self, phase: str, count: int, seconds: float) -> None:
        self.counts[phase] = self.counts.get(phase, 0) + count
        rate = count / seconds if seconds > 0 else 0.0
        self.write(f"  {phase:<18} {count:>10,} rows {seconds:>7.1f} s {rate:>10,.0f} rows/s")


def first_free_ids() -> IdBase:
    def after(model: type[models.Model]) -> int:
        return int(model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1  # type: ignore[attr-defined]

    return IdBase(after(Member), after(Space), after(Post), after(Comment))


def reset_sequences() -> None:
    """PostgreSQL hands out ids from sequences that explicit ids do not move; SQLite needs
    nothing (AUTOINCREMENT follows the highest id)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Member, Space, Post, Comment])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def analyze() -> None:
    """Fresh planner statistics on PostgreSQL, as autovacuum would gather them after a load
    this size: without them every table looks empty and the plans are wrong. (SQLite is left
    as a deployment leaves it: Django never runs ANALYZE there.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
