"""PostgreSQL: a generated tsvector column (title A, body B; Dutch and English) with a GIN index,
queried with websearch_to_tsquery in both configurations, ranked with ts_rank."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from kring.search.models import SearchEntry
from kring.search.text import Term

# 1 + 1 / (1 + age in months): today counts double, a month ago 1.5 times, a year ago ~1.08.
RECENCY = (
    "(1.0 + 1.0 / (1.0 + GREATEST(EXTRACT(EPOCH FROM (now() - search_searchentry.created_at)),"
    " 0) / 2592000.0))"
)


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


class PostgresBackend:
    def store(self, entries: Sequence[SearchEntry]) -> None:
        """Nothing to do: the database computes the vector column itself."""

    def forget(self, entry_ids: Sequence[int]) -> None:
        """Nothing to do: the vector goes with its row."""

    def matching(
        self,
        entries: QuerySet[SearchEntry],
        *,
        query: str,
        terms: list[Term],
        any_term: bool = False,
        best: int | None = None,
    ) -> QuerySet[SearchEntry]:
        if not terms:
            return entries.none()
        sql, params = tsquery(query=query, terms=terms, any_term=any_term)
        # Only our own SQL text goes into RawSQL; what the person typed is a parameter.
        condition = f"search_searchentry.vector @@ {sql}"
        condition_params = params
        if best is not None:
            # Only our own SQL text and an int; the query text stays a parameter.
            condition = (
                "search_searchentry.id IN (SELECT candidate.id FROM search_searchentry candidate"  # noqa: S608
                f" WHERE candidate.vector @@ {sql}"
                f" ORDER BY ts_rank(candidate.vector, {sql}) DESC LIMIT {int(best)})"
            )
            condition_params = params + params
        score = f"ts_rank(search_searchentry.vector, {sql}) * {RECENCY}"
        matches = RawSQL(condition, condition_params, output_field=BooleanField())  # noqa: S611
        scored = RawSQL(score, params, output_field=FloatField())  # noqa: S611
        return entries.filter(matches).annotate(score=scored)
