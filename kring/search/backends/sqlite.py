"""SQLite: an FTS5 table (rowid = entry id) of pre-stemmed text, ranked with bm25.

The text is stored as stems (see kring.search.text.stemmed_text) and queries are stemmed the
same way, so Dutch and English word forms meet. Every query term becomes a quoted FTS5 string
built from word characters only: nothing a person types is read as FTS5 syntax.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import QuerySet

from kring.search.models import SearchEntry
from kring.search.text import Term, stemmed_text

CHUNK = 500
# bm25 weights of the columns: a word in the title counts more than one in the body.
RANK = "-bm25(search_fts, 10.0, 3.0)"


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
        """Replace the FTS5 rows of `entries` (saved: they have their ids). FTS5 replaces a row
        and its terms on `INSERT OR REPLACE`, so a new or changed entry is one statement."""
        rows = [(e.pk, stemmed_text(e.title), stemmed_text(e.body)) for e in entries]
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT OR REPLACE INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)", rows
            )

    def forget(self, entry_ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            for at in range(0, len(entry_ids), CHUNK):
                chunk = list(entry_ids[at : at + CHUNK])
                marks = ", ".join(["%s"] * len(chunk))
                delete = f"DELETE FROM search_fts WHERE rowid IN ({marks})"  # noqa: S608  (placeholders)
                cursor.execute(delete, chunk)

    def among(self, entries: QuerySet[SearchEntry], ids: Sequence[int]) -> QuerySet[SearchEntry]:
        """`entries` narrowed to `ids`."""
        return entries.filter(id__in=list(ids))

    def candidates(
        self,
        *,
        query: str,
        terms: list[Term],
        any_term: bool = False,
        best: int,
        kind: str | None = None,
    ) -> dict[int, float]:
        """The `best` entries of the highest text relevance (of `kind` only, if given), by id,
        with their relevance: one FTS5 query, each row ranked once."""
        expression = match_expression(terms, any_term=any_term)
        if not expression:
            return {}
        # Only our own SQL text and an int; the match expression and the kind are parameters.
        sql = f"SELECT search_fts.rowid, {RANK} AS text_rank FROM search_fts"  # noqa: S608
        params: list[str] = [expression]
        if kind is not None:
            sql += " JOIN search_searchentry entry ON entry.id = search_fts.rowid"
        sql += " WHERE search_fts MATCH %s"
        if kind is not None:
            sql += " AND entry.kind = %s"
            params.append(kind)
        sql += f" ORDER BY text_rank DESC LIMIT {int(best)}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {entry_id: float(rank) for entry_id, rank in cursor.fetchall()}
