"""XSS through search (issue #4), layer (a) as in test_xss.py.

The search page echoes the query back (in its field, its heading and its page links) and shows
snippets with the matching words in <mark>, cut from stored text that may be hostile
(kring/search/text.py escapes every piece). The similar-topics fragment under the new-topic
form shows the titles of topics like the one being typed. Here hostile topics, replies,
knowledge pages and articles, by authors with hostile names, are indexed; every vector is then
the query (and the typed title), so the snippets are built from the hostile text its words
match. Every answer is audited by xss_audit.py against the same page for a harmless query.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.core.tests.security.conftest import Probe
from kring.core.tests.security.test_xss import ALL_RAW, HARMLESS, Clients, Findings, N, rotated
from kring.core.tests.security.test_xss_forum import start_category, start_topic
from kring.core.tests.security.test_xss_knowledge import new_page
from kring.core.tests.security.test_xss_news import publish
from kring.core.tests.security.vectors import VECTORS
from kring.core.tests.security.xss_audit import fit
from kring.forum.services import reply_to_topic
from kring.members.services import update_profile

pytestmark = pytest.mark.django_db

PROBE = "XSS: server-side audit of every input"
MARK = ("mark", frozenset[str]())


@pytest.fixture(autouse=True)
def _no_posting_limits(settings: Any) -> None:
    settings.RATE_LIMITS = {}


@pytest.fixture
def clients() -> Clients:
    return Clients()


@pytest.fixture
def index_now(django_capture_on_commit_callbacks: Any) -> Callable[[], AbstractContextManager[Any]]:
    """`with index_now(): …` runs the after-commit handlers (the index updates) on exit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def search_path(query: str) -> str:
    return f"{reverse('search:search')}?{urlencode({'q': query})}"


def similar_path(title: str) -> str:
    return f"{reverse('search:similar-topics')}?{urlencode({'title': title})}"


def test_search_page_and_similar_topics(
    admin: Member,
    employee: Member,
    clients: Clients,
    probe: Probe,
    index_now: Callable[[], AbstractContextManager[Any]],
) -> None:
    """Object i: a question (title, body), a reply to it, a knowledge page (title, text) and,
    for every sixth, an article (title, summary, text), by an author whose name holds a vector.
    Every vector is then searched for, and typed as a new topic's title."""
    findings = Findings()
    viewer = clients.logged_in(employee, role="employee")
    with index_now():
        category = start_category(admin, HARMLESS, HARMLESS)
        for _n in range(25):  # a full page of harmless results, solved and not, for the baseline
            start_topic(admin, category, HARMLESS, HARMLESS)
        for i in range(N):
            author = MemberFactory()
            update_profile(author, member=author, display_name=fit(rotated(i, 5).text, 80))
            topic = start_topic(author, category, rotated(i, 0), rotated(i, 1))
            reply_to_topic(author, topic=topic, body=fit(rotated(i, 2).text, 9_000))
            new_page(admin, rotated(i, 3), rotated(i, 4), rotated(i, 2))
            if i % 6 == 0:
                publish(admin, rotated(i, 6), rotated(i, 7), rotated(i, 8), "")
    # Besides <mark>: the paragraph that says there are no results (for a query that finds
    # nothing, which the harmless one does not).
    allowed = frozenset({MARK, ("p", frozenset[str]())})
    baseline = findings.harmless(viewer, search_path(HARMLESS.text))
    similar = findings.harmless(viewer, similar_path(HARMLESS.text))
    assert 'rel="next"' in viewer.get(search_path(HARMLESS.text)).content.decode()
    marked = 0
    for vector in VECTORS:
        query = " ".join(fit(vector.text, 1000).split()) or "x"
        html = viewer.get(search_path(query)).content.decode()
        marked += html.count("<mark>")
        findings.check(
            html, f"search {vector.number}", (vector,), baseline=baseline, allowed=allowed
        )
        findings.page(
            viewer,
            similar_path(vector.text.replace("\x00", "")),
            f"similar topics {vector.number}",
            vectors=(vector,),
            baseline=similar,
        )
    # The snippets were built from the hostile text: the vectors' words were found.
    assert marked > N, marked
    # Every vector at once, raw (NUL and all), as the query, on a later page, as a visitor.
    for client in (viewer, clients.visitor):
        for path in (
            f"{reverse('search:search')}?{urlencode({'q': ALL_RAW, 'page': '2'})}",
            f"{reverse('search:search')}?{urlencode({'q': ALL_RAW[:300], 'kind': ALL_RAW})}",
            similar_path(ALL_RAW),
        ):
            response = client.get(path)
            assert response.status_code == 200, path[:80]
            findings.check(response.content.decode(), f"raw query {path[:60]}")
    probe(PROBE, cases=N * 2 + N * 9)
    findings.assert_none()


def test_with_snippets_unescaped_the_audit_finds_the_holes(
    admin: Member,
    clients: Clients,
    monkeypatch: pytest.MonkeyPatch,
    index_now: Callable[[], AbstractContextManager[Any]],
) -> None:
    """The probe can fail: let the snippets through unescaped, and the vectors show."""
    monkeypatch.setattr("kring.search.text.escape", lambda text: text)
    with index_now():
        category = start_category(admin, HARMLESS, HARMLESS)
        for vector in VECTORS[:20]:
            start_topic(admin, category, HARMLESS, vector)
    findings = Findings()
    findings.page(clients.visitor, search_path("alert"), "unescaped")
    assert len(findings.items) >= 5, findings.items
