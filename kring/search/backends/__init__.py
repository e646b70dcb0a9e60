"""One full-text backend per database engine behind the same calls: `store` the engine's
index for saved entries, `forget` entries about to be deleted, `candidates`, the `best`
entries matching a query, by id, with their text relevance (higher is better), in one query
that ranks each matching row once, and `among`, which narrows a queryset to such ids. Only the
candidates go on to the visibility check and the recency boost (kring.search.queries), so a
query made of common words ("het") costs what a rare one costs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from django.db import connection
from django.db.models import QuerySet

from kring.search.models import SearchEntry
from kring.search.text import Term


class Backend(Protocol):
    def store(self, entries: Sequence[SearchEntry]) -> None: ...

    def forget(self, entry_ids: Sequence[int]) -> None: ...

    def among(self, entries: QuerySet[SearchEntry], ids: Sequence[int]) -> QuerySet[SearchEntry]:
        """`entries` narrowed to `ids`, in the form the engine's planner handles best."""
        ...

    def candidates(
        self,
        *,
        query: str,
        terms: list[Term],
        any_term: bool = False,
        best: int,
        kind: str | None = None,
    ) -> dict[int, float]: ...


def backend() -> Backend:
    """The backend of the default database's engine."""
    if connection.vendor == "postgresql":
        from kring.search.backends import postgres

        return postgres.PostgresBackend()
    from kring.search.backends import sqlite

    return sqlite.SqliteBackend()
