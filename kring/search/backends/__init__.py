"""One full-text backend per database engine behind the same three calls: `store` the
engine's index for saved entries, `forget` entries about to be deleted, and `matching`, which
narrows a queryset of entries to those matching a query and annotates each with its `score`
(relevance with a recency boost, higher is better). With `best`, only the `best` entries of
the highest text relevance are candidates: a query made of common words ("het") then costs
what a rare one costs, because the visibility check runs on those candidates only."""

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

    def matching(
        self,
        entries: QuerySet[SearchEntry],
        *,
        query: str,
        terms: list[Term],
        any_term: bool = False,
        best: int | None = None,
    ) -> QuerySet[SearchEntry]: ...


def backend() -> Backend:
    """The backend of the default database's engine."""
    if connection.vendor == "postgresql":
        from kring.search.backends import postgres

        return postgres.PostgresBackend()
    from kring.search.backends import sqlite

    return sqlite.SqliteBackend()
