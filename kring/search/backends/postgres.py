"""PostgreSQL: a generated tsvector column (title A, body B; Dutch and English) with a GIN index,
queried with websearch_to_tsquery in both configurations, ranked with ts_rank."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from kring.search.models import SearchEntry
from kring.search.text import Term


def tsquery(*, query: str, terms: list[Term], any_term: bool) -> tuple[str, list[str]]:
    """SQL for the query in both configurations and its parameters.

    All terms: websearch_to_tsquery, which accepts anything a person types (quotes, "or",
    "-word") and never raises. Any term (similar topics): each word on its own, OR-ed.
    """
    if any_term:
        parts, params = [], []
        for term in terms:
            parts += ["plainto_tsquery('dutch', %s)", "plainto_tsquery('english', %s)"]
            params += [term.word, term.word]
        return "(" + " || ".join(parts) + ")", params
    return (
        "(websearch_to_tsquery('dutch', %s) || websearch_to_tsquery('english', %s))",
        [query, query],
    )


# A semi-join with one array parameter, not `id IN (%s, %s, …)`: over a list of a thousand ids
# the planner hashes the whole visibility policy (every visible post and comment, and JIT
# compiles it), where it checks each candidate row by index through a join (measured on the
# small seed: 20 ms against 58, or 198 with JIT).
AMONG = "SELECT unnest(%s::bigint[])"


class PostgresBackend:
    def store(self, entries: Sequence[SearchEntry]) -> None:
        """Nothing to do: the database computes the vector column itself."""

    def forget(self, entry_ids: Sequence[int]) -> None:
        """Nothing to do: the vector goes with its row."""

    def among(self, entries: QuerySet[SearchEntry], ids: Sequence[int]) -> QuerySet[SearchEntry]:
        """`entries` narrowed to `ids`."""
        return entries.filter(id__in=RawSQL(AMONG, [list(ids)]))  # noqa: S611  (a parameter)

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
        with their relevance: one query, each row ranked once."""
        if not terms:
            return {}
        sql, params = tsquery(query=query, terms=terms, any_term=any_term)
        # Only our own SQL text and an int; what the person typed and the kind are parameters.
        select = (
            f"SELECT id, ts_rank(vector, {sql}) FROM search_searchentry"  # noqa: S608
            f" WHERE vector @@ {sql}"
        )
        params = params + params
        if kind is not None:
            select += " AND kind = %s"
            params.append(kind)
        select += f" ORDER BY 2 DESC LIMIT {int(best)}"
        with connection.cursor() as cursor:
            cursor.execute(select, params)
            return {entry_id: float(rank) for entry_id, rank in cursor.fetchall()}
