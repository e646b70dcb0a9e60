"""SQLite: an FTS5 table (rowid = entry id) of pre-stemmed text, ranked with bm25.

The text is stored as stems (see kring.search.text.stemmed_text) and queries are stemmed the
same way, so Dutch and English word forms meet. Every query term becomes a quoted FTS5 string
built from word characters only: nothing a person types is read as FTS5 syntax.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from kring.search.models import SearchEntry
from kring.search.text import Term, stemmed_text

CHUNK = 500
# bm25 weights of the columns: a word in the title counts more than one in the body.
RANK = "-bm25(search_fts, 10.0, 3.0)"
RECENCY = (
    "(1.0 + 1.0 / (1.0 + MAX(julianday('now') - julianday(search_searchentry.created_at), 0)"
    " / 30.0))"
)


def _quoted(stem: str) -> str:
    return '"' + stem.replace('"', '""') + '"'


def match_expression(terms: list[Term], *, any_term: bool) -> str:
    """An FTS5 query: each term as (stem OR stem), terms AND-ed (or OR-ed for `any_term`)."""
    groups = [
        "(" + " OR ".join(_quoted(s) for s in term.stems) + ")" for term in terms if term.stems
    ]
    return (" OR " if any_term else " AND ").join(groups)


class SqliteBackend:
    def store(self, entries: Sequence[SearchEntry]) -> None:
        """Replace the FTS5 rows of `entries` (saved: they have their ids)."""
        self.forget([entry.pk for entry in entries])
        rows = [(e.pk, stemmed_text(e.title), stemmed_text(e.body)) for e in entries]
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)", rows
            )

    def forget(self, entry_ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            for at in range(0, len(entry_ids), CHUNK):
                chunk = list(entry_ids[at : at + CHUNK])
                marks = ", ".join(["%s"] * len(chunk))
                delete = f"DELETE FROM search_fts WHERE rowid IN ({marks})"  # noqa: S608  (placeholders)
                cursor.execute(delete, chunk)

    def matching(
        self,
        entries: QuerySet[SearchEntry],
        *,
        query: str,
        terms: list[Term],
        any_term: bool = False,
        best: int | None = None,
    ) -> QuerySet[SearchEntry]:
        expression = match_expression(terms, any_term=any_term)
        if not expression:
            return entries.none()
        # Only our own SQL text goes into RawSQL; the match expression is a parameter.
        candidates = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
        if best is not None:
            candidates += f" ORDER BY {RANK.lstrip('-')} LIMIT {int(best)}"
        condition = f"search_searchentry.id IN ({candidates})"
        score = (
            f"(SELECT {RANK} FROM search_fts WHERE search_fts MATCH %s"  # noqa: S608
            f" AND search_fts.rowid = search_searchentry.id) * {RECENCY}"
        )
        matches = RawSQL(condition, [expression], output_field=BooleanField())  # noqa: S611
        scored = RawSQL(score, [expression], output_field=FloatField())  # noqa: S611
        return entries.filter(matches).annotate(score=scored)
