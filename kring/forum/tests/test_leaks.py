"""Internal notes leak nowhere: not on the topic page, in lists or their reply counts, in the
category counters, on wall cards (home, group, community), in RSS, search or the similar-
question suggestions. Customers see the customer's conversation; employees see the notes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Member
from kring.content.tests.samples import join
from kring.forum.models import Category, Topic
from kring.forum.tests.samples import answer, ask, make_category, note
from kring.spaces.models import Space

pytestmark = pytest.mark.django_db

SECRET = "Klant-dossier-X42 belt dagelijks"


@pytest.fixture
def thread(member: Member, employee: Member, service_category: Category) -> Topic:
    topic = ask(member, service_category, title="Storing bij mijn laadpaal")
    answer(employee, topic, "We kijken ernaar.")
    note(employee, topic, SECRET)
    note(employee, topic, "Nog een notitie")
    return topic


def page(client: Client, url: str, viewer: Member | None) -> str:
    if viewer is not None:
        client.force_login(viewer)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def surfaces(topic: Topic) -> list[str]:
    category = topic.category
    return [
        reverse("forum:topic-detail", args=[topic.pk]),
        reverse("forum:category-detail", args=[category.space.slug, category.slug]),
        reverse("forum:category-detail", args=[category.space.slug, category.slug])
        + "?volgorde=unanswered",
        reverse("forum:forum-index"),
        reverse("core:home"),
        reverse("wall:community"),
    ]


@pytest.mark.parametrize("who", ["member", "friend", "anonymous"])
def test_customers_never_see_internal_notes_or_their_count(
    request: pytest.FixtureRequest, client: Client, thread: Topic, who: str
) -> None:
    viewer = None if who == "anonymous" else request.getfixturevalue(who)
    for url in surfaces(thread):
        html = page(client, url, viewer)
        assert SECRET not in html, url
        assert "Internal note" not in html, url
        for count in ("2 replies", "3 replies", "2 comments", "3 comments"):
            assert count not in html, url


def test_employees_see_internal_notes_on_the_topic_page(
    client: Client, employee: Member, thread: Topic
) -> None:
    html = page(client, reverse("forum:topic-detail", args=[thread.pk]), employee)
    assert SECRET in html
    assert "Internal note — only employees see this" in html
    assert "1 reply" in html  # the count is the public one, for employees too


def test_counters_ignore_internal_notes(thread: Topic) -> None:
    thread.category.refresh_from_db()
    thread.post.refresh_from_db()
    assert (thread.category.topic_count, thread.category.reply_count) == (1, 1)
    assert thread.post.comment_count == 1


def test_rss_has_no_internal_notes(client: Client, thread: Topic) -> None:
    response = client.get(reverse("wall:community-rss"))
    assert response.status_code == 200
    assert SECRET not in response.content.decode()


def test_search_and_similar_questions_have_no_internal_notes(
    client: Client, member: Member, thread: Topic
) -> None:
    client.force_login(member)
    for url in (
        reverse("search:search") + "?q=Klant-dossier-X42",
        reverse("search:similar-topics") + "?title=Klant-dossier-X42+laadpaal",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url


def test_group_feed_cards_count_public_replies_only(
    client: Client, member: Member, employee: Member, group: Space
) -> None:
    join(group, member)
    category = make_category(group, "Vragen")
    topic = ask(member, category, title="Vraag in de groep")
    note(employee, topic, SECRET)
    html = page(client, reverse("spaces:group-detail", args=[group.slug]), member)
    assert "Vraag in de groep" in html
    assert SECRET not in html
    assert "1 comment" not in html


def test_a_secret_groups_topic_shows_on_no_page_of_an_outsider(
    client: Client, member: Member, stranger: Member, secret_category: Category
) -> None:
    topic = ask(stranger, secret_category, title="Geheime vraag")
    client.force_login(member)
    assert client.get(reverse("forum:topic-detail", args=[topic.pk])).status_code == 404
    assert (
        client.get(
            reverse("forum:category-detail", args=["geheim", secret_category.slug])
        ).status_code
        == 404
    )
    assert client.get(reverse("forum:space-forum", args=["geheim"])).status_code == 404
    for url in (reverse("forum:forum-index"), reverse("core:home")):
        assert "Geheime vraag" not in page(client, url, member)
        assert "Binnenkamer" not in page(client, url, member)


def test_the_home_feed_card_shows_the_public_reply_count(
    client: Client, member: Member, thread: Topic
) -> None:
    html = page(client, reverse("core:home"), member)
    assert "Storing bij mijn laadpaal" in html
    assert "1 comment" in html
    assert reverse("forum:topic-detail", args=[thread.pk]) in html
