"""The search page and the similar-topics fragment: what each viewer sees, messages for odd
input, and a fixed number of queries whatever the number of matches."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD, MemberFactory
from kring.accounts.models import Member
from kring.content.models import Comment, Post, PostKind
from kring.content.tests.samples import community_space, make_group
from kring.search.queries import MAX_QUERY_LENGTH
from kring.search.rebuild import rebuild_index
from kring.search.tests.conftest import IndexNow
from kring.search.tests.samples import post, reply, topic
from kring.search.tests.test_queries import NASTY
from kring.spaces.models import Visibility

pytestmark = pytest.mark.django_db
URL = reverse("search:search")
SIMILAR = reverse("search:similar-topics")


def logged_in(client: Client, member: Member) -> Client:
    assert client.login(username=member.email, password=PASSWORD)
    return client


def test_search_page_asks_for_words_without_a_query(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert "Type one or more words" in response.content.decode()


def test_search_page_refuses_too_long_queries_with_a_message(client: Client) -> None:
    response = client.get(URL, {"q": "a" * (MAX_QUERY_LENGTH + 1)})
    assert response.status_code == 200
    assert "Your search is too long" in response.content.decode()


def test_search_page_shows_results_with_links_labels_and_marks(
    client: Client, member: Member, manager: Member, index_now: IndexNow
) -> None:
    with index_now():
        article = post(
            manager,
            community_space(),
            "Glasvezel in jouw wijk",
            title="Glasvezel nieuws",
            kind=PostKind.ARTICLE,
        )
        question = topic(member, community_space(), "Glasvezel storing?")
        answer = reply(manager, question, "De glasvezel is hersteld")
    Post.objects.filter(pk=article.pk).update(is_sponsored=True)
    Post.objects.filter(pk=question.pk).update(solved_at=timezone.now())
    html = logged_in(client, member).get(URL, {"q": "glasvezel"}).content.decode()
    assert "3 results for" in html
    assert "<mark>Glasvezel</mark> nieuws" in html
    assert "Sponsored" in html
    assert "Solved" in html
    assert reverse("forum:reply-jump", args=[answer.pk]) in html  # lands on the reply's page
    assert "Reply to “Glasvezel storing?”" in html


def test_search_page_hides_a_secret_group_post_from_outsiders(
    client: Client, member: Member, stranger: Member, index_now: IndexNow
) -> None:
    group = make_group(Visibility.SECRET, owner=member)
    with index_now():
        post(member, group, "Verrassingsfeest voor Sanne")
    assert "Verrassingsfeest" not in client.get(URL, {"q": "verrassingsfeest"}).content.decode()
    html = logged_in(client, stranger).get(URL, {"q": "verrassingsfeest"}).content.decode()
    assert "No results for" in html
    client.logout()
    html = logged_in(client, member).get(URL, {"q": "verrassingsfeest"}).content.decode()
    assert "<mark>Verrassingsfeest</mark>" in html


def test_search_page_never_shows_internal_notes_to_customers(
    client: Client, member: Member, employee: Member, index_now: IndexNow
) -> None:
    with index_now():
        question = topic(member, community_space(), "Factuur klopt niet")
        reply(employee, question, "Interne notitie: creditnota klaarzetten", is_internal=True)
    html = logged_in(client, member).get(URL, {"q": "creditnota"}).content.decode()
    assert "klaarzetten" not in html
    assert "No results for" in html
    client.logout()
    html = logged_in(client, employee).get(URL, {"q": "creditnota"}).content.decode()
    assert "klaarzetten" in html


@pytest.mark.parametrize("query", NASTY)
def test_search_page_survives_nasty_input(client: Client, member: Member, query: str) -> None:
    params = {
        "q": query,
        "kind": query,
        "space": query,
        "author": query,
        "period": query,
        "page": query,
    }
    assert client.get(URL, params).status_code == 200
    assert client.get(SIMILAR, {"title": query}).status_code == 200


def test_search_page_links_page_numbers(client: Client, member: Member) -> None:
    Post.objects.bulk_create(
        Post(space=community_space(), author=member, body="Kaas", body_html="<p>Kaas</p>")
        for _ in range(45)
    )
    rebuild_index()
    html = client.get(URL, {"q": "kaas", "page": "2"}).content.decode()
    assert 'aria-current="page">2<' in html
    assert "page=3" in html
    assert "page=1" in html


def make_matches(member: Member, count: int) -> None:
    """`count` matching wall posts and topics with a reply each; two groups and three people
    named after the query (their titles rank them first: every page has each kind)."""
    space = community_space()
    owner = MemberFactory(display_name="Eigenaar Zeilen")
    posts = Post.objects.bulk_create(
        Post(space=space, author=member, kind=kind, title=f"Vraag {n}", body="Zeilen op het meer",
             body_html="<p>Zeilen op het meer</p>")
        for n in range(count) for kind in ("status", "question")
    )  # fmt: skip
    Comment.objects.bulk_create(
        Comment(post=p, author=owner, body="Zeilen!", body_html="<p>Zeilen!</p>") for p in posts
    )
    for n in range(2):
        make_group(owner=owner, name=f"Zeilclub zeilen {n}", slug=f"zeilen-{n}")
        MemberFactory(display_name=f"Zeilen Fan {n}")
    rebuild_index()


@pytest.mark.parametrize("count", [5, 50])
def test_search_page_query_count_is_fixed(
    client: Client, member: Member, count: int, django_assert_num_queries: Any
) -> None:
    make_matches(member, count)
    logged_in(client, member)
    client.get(URL)  # warm what the layout caches
    with CaptureQueriesContext(connection) as layout:
        client.get(URL)  # the page without a query: layout and filters only
    # The search itself: the candidates with their relevance, the visible ones among them, the
    # page's entries, and its posts, groups and people.
    with django_assert_num_queries(len(layout) + 6):
        response = client.get(URL, {"q": "zeilen"})
    assert f"{4 * count + 5} results for" in response.content.decode()
    assert len(layout) + 6 - 1 <= 10  # the last query is the test client's e-mail leak check


def test_similar_topics_fragment_lists_solved_first_without_layout(
    client: Client, member: Member, index_now: IndexNow
) -> None:
    with index_now():
        open_one = topic(member, community_space(), "Telefoon laadt niet op")
        solved = topic(member, community_space(), "Telefoon laadt traag")
    Post.objects.filter(pk=solved.pk).update(solved_at=timezone.now())
    html = client.get(SIMILAR, {"title": "telefoon laadt"}).content.decode()
    assert "<html" not in html
    assert 'aria-live="polite"' in html
    assert html.index("Telefoon laadt traag") < html.index("Telefoon laadt niet op")
    assert "Solved" in html
    assert str(open_one.pk) in html
    assert client.get(SIMILAR, {"title": "te"}).content.decode().strip() == ""


def test_header_search_form_points_to_search(client: Client) -> None:
    html = client.get(reverse("core:home")).content.decode()
    assert f'class="site-search" role="search" method="get" action="{URL}"' in html
