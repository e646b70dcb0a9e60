"""The ranking steps below `search`: candidates with their relevance from the engine's index,
narrowed to ids, ranked with recency in Python (on whichever engine the suite runs on)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kring.accounts.models import Member
from kring.content.models import Post
from kring.content.tests.samples import community_space
from kring.search.backends import backend
from kring.search.models import EntryKind, SearchEntry
from kring.search.queries import ranked_ids, recency
from kring.search.rebuild import rebuild_index
from kring.search.tests.conftest import IndexNow
from kring.search.tests.samples import post, topic
from kring.search.text import query_terms

pytestmark = pytest.mark.django_db


def candidates_for(
    query: str, *, best: int, any_term: bool = False, kind: str | None = None
) -> dict[int, float]:
    terms = query_terms(query)
    return backend().candidates(query=query, terms=terms, any_term=any_term, best=best, kind=kind)


def entry_id(key: str) -> int:
    return SearchEntry.objects.get(key=key).pk


def test_candidates_rank_title_matches_first_and_keep_the_best_only(
    member: Member, index_now: IndexNow
) -> None:
    space = community_space()
    with index_now():
        in_body = topic(member, space, "Vraag over facturen", "Mijn router start steeds opnieuw")
        in_title = topic(member, space, "Router start steeds opnieuw")
        post(member, space, "Iets heel anders")
    found = candidates_for("router", best=10)
    title_id, body_id = entry_id(f"post:{in_title.pk}"), entry_id(f"post:{in_body.pk}")
    assert set(found) == {title_id, body_id}
    assert found[title_id] > found[body_id] > 0
    assert list(candidates_for("router", best=1)) == [title_id]
    assert candidates_for("onvindbaarwoord", best=10) == {}


def test_candidates_of_one_kind_and_any_term(member: Member, index_now: IndexNow) -> None:
    space = community_space()
    with index_now():
        question = topic(member, space, "Glasvezel in de straat")
        status = post(member, space, "Eindelijk glasvezel en een nieuwe modem")
    by_kind = candidates_for("glasvezel modem", best=10, any_term=True, kind=EntryKind.TOPIC.value)
    assert list(by_kind) == [entry_id(f"post:{question.pk}")]
    assert list(candidates_for("glasvezel modem", best=10)) == [entry_id(f"post:{status.pk}")]


def test_ranked_ids_weigh_recency_and_break_ties_newest_then_highest_id(member: Member) -> None:
    space = community_space()
    posts = Post.objects.bulk_create(
        Post(space=space, author=member, body="Zeilen", body_html="<p>Zeilen</p>") for _ in range(4)
    )
    rebuild_index()
    now = timezone.now()
    old, recent, twin_a, twin_b = (entry_id(f"post:{p.pk}") for p in posts)
    SearchEntry.objects.filter(pk=old).update(created_at=now - timedelta(days=700))
    SearchEntry.objects.filter(pk__in=[twin_a, twin_b]).update(created_at=now - timedelta(days=3))
    SearchEntry.objects.filter(pk=recent).update(created_at=now - timedelta(hours=1))
    # The old entry matches best by text, but not by enough to beat a recent one.
    relevance = {old: 1.5, recent: 1.0, twin_a: 1.0, twin_b: 1.0}
    entries = SearchEntry.objects.all()
    with CaptureQueriesContext(connection) as queries:
        ranked = ranked_ids(entries, relevance)
    assert ranked == [recent, max(twin_a, twin_b), min(twin_a, twin_b), old]
    assert len(queries) == 1
    assert ranked_ids(entries.exclude(pk=recent), relevance)[0] == max(twin_a, twin_b)
    assert ranked_ids(entries, {}) == []


def test_recency_doubles_today_and_fades_over_months() -> None:
    now = timezone.now()
    assert recency(now, now) == 2.0
    assert recency(now + timedelta(days=1), now) == 2.0  # a clock ahead never counts more
    assert recency(now - timedelta(days=30), now) == pytest.approx(1.5)
    assert recency(now - timedelta(days=365), now) == pytest.approx(1 + 1 / (1 + 365 / 30))


def test_among_narrows_to_the_ids_given(member: Member) -> None:
    space = community_space()
    Post.objects.bulk_create(
        Post(space=space, author=member, body="Fietsen", body_html="<p>Fietsen</p>")
        for _ in range(3)
    )
    rebuild_index()
    ids = sorted(SearchEntry.objects.values_list("pk", flat=True))
    narrowed = backend().among(SearchEntry.objects.all(), ids[:2])
    assert sorted(narrowed.values_list("pk", flat=True)) == ids[:2]
    assert list(backend().among(SearchEntry.objects.all(), [])) == []
