"""Search through the visibility policy: who finds what, on both engines."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.content.models import Post, PostKind
from kring.content.services import create_post, delete_post
from kring.content.tests.samples import (
    block,
    community_space,
    join,
    make_friends,
    make_group,
    profile_space_for,
)
from kring.search.queries import PER_PAGE, SearchFilters, search, similar_topics, space_choices
from kring.search.rebuild import rebuild_index
from kring.search.tests.conftest import IndexNow
from kring.search.tests.samples import found, post, reply, topic
from kring.spaces.models import Visibility

pytestmark = pytest.mark.django_db


def test_search_in_secret_group_is_found_by_its_members_only(  # noqa: PLR0917  (personas)
    member: Member,
    friend: Member,
    stranger: Member,
    employee: Member,
    moderator: Member,
    anonymous: Any,
    index_now: IndexNow,
) -> None:
    group = make_group(Visibility.SECRET, owner=member)
    join(group, friend)
    with index_now():
        secret = post(member, group, "Het geheime recept voor appeltaart met kaneel")
    key = f"post:{secret.pk}"
    assert found(member, "appeltaart kaneel") == [key]
    assert found(friend, "appeltaart") == [key]
    assert found(stranger, "appeltaart") == []
    assert found(anonymous, "appeltaart") == []
    assert found(employee, "appeltaart") == []  # employees read only their own groups
    assert found(moderator, "appeltaart") == [key]  # site moderators read every space


def test_search_follows_membership_without_reindex(
    member: Member, stranger: Member, index_now: IndexNow
) -> None:
    group = make_group(Visibility.SECRET, owner=member)
    with index_now():
        post(member, group, "Vergadering over de begroting")
    assert found(stranger, "begroting") == []
    join(group, stranger)
    assert len(found(stranger, "begroting")) == 1


def test_search_never_shows_internal_notes_to_customers(
    member: Member, employee: Member, moderator: Member, anonymous: Any, index_now: IndexNow
) -> None:
    with index_now():
        question = topic(member, community_space(), "Mijn router valt steeds uit")
        note = reply(employee, question, "Klant heeft storingsticket zebrapad", is_internal=True)
    key = f"comment:{note.pk}"
    assert found(employee, "zebrapad") == [key]
    assert found(member, "zebrapad") == []
    assert found(anonymous, "zebrapad") == []
    assert found(moderator, "zebrapad") == [key]  # moderators rank above employees


def test_search_shows_friends_only_posts_to_friends(
    member: Member, friend: Member, stranger: Member, index_now: IndexNow
) -> None:
    make_friends(member, friend)
    with index_now():
        private = post(member, profile_space_for(member), "Verjaardag vieren", audience="friends")
    assert found(friend, "verjaardag") == [f"post:{private.pk}"]
    assert found(stranger, "verjaardag") == []


def test_search_hides_scheduled_posts_until_their_time(
    manager: Member, member: Member, index_now: IndexNow
) -> None:
    with index_now():
        later = post(manager, community_space(), "Nieuwe tarieven per januari")
        Post.objects.filter(pk=later.pk).update(created_at=timezone.now() + timedelta(days=2))
    assert found(member, "tarieven") == []
    Post.objects.filter(pk=later.pk).update(created_at=timezone.now() - timedelta(minutes=1))
    assert found(member, "tarieven") == [f"post:{later.pk}"]


def test_search_hides_deleted_posts_and_their_replies(
    member: Member, friend: Member, index_now: IndexNow
) -> None:
    with index_now():
        first = post(member, community_space(), "Fietsenstalling bij het station")
        answer = reply(friend, first, "De fietsenstalling is gratis")
        delete_post(member, post=first)
    assert found(friend, "fietsenstalling") == []
    assert f"comment:{answer.pk}" not in found(member, "gratis")


def test_search_finds_groups_and_members_as_the_viewer_may_see_them(
    member: Member, stranger: Member, anonymous: Any
) -> None:
    make_group(name="Tuinieren in de stad", slug="tuinieren")
    secret = make_group(Visibility.SECRET, name="Tuinieren geheim", slug="tuin-geheim")
    person = MemberFactory(display_name="Zeno Tuinman")
    rebuild_index()
    assert f"group:{secret.pk}" not in found(stranger, "tuinieren")
    assert len(found(stranger, "tuinieren", kind="group")) == 1
    assert found(member, "tuinman") == [f"member:{person.pk}"]
    assert found(anonymous, "tuinman") == []  # profiles are for members by default
    block(person, member)
    assert found(member, "tuinman") == []


def test_search_never_matches_email_addresses(member: Member, stranger: Member) -> None:
    rebuild_index()
    assert found(stranger, "anne@example.nl") == []
    assert found(stranger, "example") == []


def test_search_stems_dutch_and_english(member: Member, index_now: IndexNow) -> None:
    with index_now():
        dutch = post(member, community_space(), "Wij hebben nieuwe boeken gekocht")
        english = post(member, community_space(), "She repairs the bicycles")
    assert found(member, "boek") == [f"post:{dutch.pk}"]
    assert found(member, "bicycle repair") == [f"post:{english.pk}"]


def test_search_ranks_title_matches_and_recent_items_first(
    member: Member, index_now: IndexNow
) -> None:
    space = community_space()
    with index_now():
        in_body = topic(member, space, "Vraag over facturen", "Hoe werkt de modem precies?")
        in_title = topic(member, space, "Modem knippert oranje")
        old = topic(member, space, "Modem knippert rood")
    Post.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=700))
    rebuild_index()
    keys = found(member, "modem")
    assert keys[0] == f"post:{in_title.pk}"
    assert keys.index(f"post:{old.pk}") > keys.index(f"post:{in_title.pk}")
    assert f"post:{in_body.pk}" in keys


def test_search_filters_by_kind_space_author_and_period(
    member: Member, friend: Member, index_now: IndexNow
) -> None:
    group = make_group(owner=member, name="Kookclub", slug="kookclub")
    with index_now():
        in_group = post(member, group, "Lasagne recept")
        by_friend = post(friend, community_space(), "Lasagne recept van oma")
        question = topic(friend, community_space(), "Lasagne zonder oven?")
    old = post(member, community_space(), "Lasagne van vroeger")
    Post.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=60))
    rebuild_index()
    assert found(member, "lasagne", space="kookclub") == [f"post:{in_group.pk}"]
    assert set(found(member, "lasagne", author="bram")) == {
        f"post:{by_friend.pk}",
        f"post:{question.pk}",
    }
    assert found(member, "lasagne", kind="topic") == [f"post:{question.pk}"]
    assert f"post:{old.pk}" not in found(member, "lasagne", period="month")
    assert f"post:{old.pk}" in found(member, "lasagne")


def test_search_marks_sponsored_and_solved(
    manager: Member, member: Member, index_now: IndexNow
) -> None:
    with index_now():
        paid = create_post(
            manager,
            space=community_space(),
            kind=PostKind.ARTICLE,
            title="Glasvezel",
            body="Sneller internet",
        )
        question = topic(member, community_space(), "Glasvezel aansluiten")
    Post.objects.filter(pk=paid.pk).update(is_sponsored=True)
    Post.objects.filter(pk=question.pk).update(solved_at=timezone.now())
    results = {r.entry.key: r for r in search(member, "glasvezel").results}
    assert results[f"post:{paid.pk}"].is_sponsored
    assert not results[f"post:{paid.pk}"].is_solved
    assert results[f"post:{question.pk}"].is_solved


def test_search_highlights_matches_escaped(member: Member, index_now: IndexNow) -> None:
    with index_now():
        post(member, community_space(), "Gebruik `<script>` nooit in een recept voor pannenkoeken")
    [result] = search(member, "pannenkoek").results
    assert "<mark>pannenkoeken</mark>" in result.snippet
    assert "<script>" not in result.snippet


def test_search_pages_through_many_results(member: Member) -> None:
    space = community_space()
    Post.objects.bulk_create(
        Post(space=space, author=member, body="Zonnepanelen", body_html="<p>Zonnepanelen</p>")
        for _ in range(PER_PAGE + 5)
    )
    rebuild_index()
    first = search(member, "zonnepanelen")
    second = search(member, "zonnepanelen", page=2)
    assert (first.total, first.page_count, len(first.results)) == (PER_PAGE + 5, 2, PER_PAGE)
    assert len(second.results) == 5
    assert search(member, "zonnepanelen", page=99).page == 2


NASTY = [
    '"',
    "'",
    '""',
    "AND",
    "OR",
    "NOT",
    "NEAR(",
    "a OR",
    "-",
    "--",
    "*",
    "^",
    ":",
    "title:x",
    '"unterminated',
    "(((",
    ")))",
    "\\",
    "%",
    "_",
    "%_%",
    "'; DROP TABLE search_searchentry; --",
    "\x00",
    "a\x00b",
    "\u200b",
    "🙂🙂",
    "日本語のテキスト",
    "ﷺ",
    "e\u0301",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "NEAR(a b, 3)",
    "col:term",
    "a* b*",
    "!",
    "&",
    "|",
    "<->",
    "fiets & | !",
    "x" * 200,
    "word " * 40,
    "@",
    "#",
    "$$",
    "OR OR OR",
    "de het een",
]


@pytest.mark.parametrize("query", NASTY)
def test_search_survives_nasty_queries(member: Member, query: str, index_now: IndexNow) -> None:
    with index_now():
        post(member, community_space(), "Gewone tekst over fietsen en auto's 🙂 日本語")
    page = search(member, query, filters=SearchFilters(author=query, space=query))
    assert page.total >= 0
    assert similar_topics(member, query) is not None


def test_similar_topics_lists_visible_topics_solved_first(
    member: Member, stranger: Member, index_now: IndexNow
) -> None:
    secret = make_group(Visibility.SECRET, owner=member)
    with index_now():
        open_one = topic(member, community_space(), "Wifi werkt niet op zolder")
        solved = topic(member, community_space(), "Wifi signaal zwak")
        hidden = topic(member, secret, "Wifi op zolder geheim")
        post(member, community_space(), "Wifi status update")
    Post.objects.filter(pk=solved.pk).update(solved_at=timezone.now())
    keys = [r.entry.key for r in similar_topics(stranger, "Mijn wifi op zolder")]
    assert keys == [f"post:{solved.pk}", f"post:{open_one.pk}"]
    assert f"post:{hidden.pk}" in [r.entry.key for r in similar_topics(member, "wifi zolder")]
    assert similar_topics(stranger, "wi") == []


def test_space_choices_offer_readable_groups_and_the_chosen_one(
    member: Member, stranger: Member
) -> None:
    community_space()
    secret = make_group(Visibility.SECRET, owner=member, name="Geheim", slug="geheim")
    make_group(name="Open", slug="open")
    assert [s.slug for s in space_choices(stranger)] == ["community", "open"]
    assert "geheim" in [s.slug for s in space_choices(member, secret.slug)]
    assert "geheim" not in [s.slug for s in space_choices(stranger, "geheim")]
