"""The topic page and the topic list cost the same number of queries whatever the data:
10 replies or 100, 10 topics or 100. These numbers are pinned."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import MemberFactory, session_queries
from kring.accounts.models import Member
from kring.accounts.roles import Role
from kring.content.models import Comment, Post, Reaction
from kring.core.pagecache import invalidate_visitor_pages
from kring.forum import services
from kring.forum.models import Category, Topic
from kring.forum.tests.samples import ask

pytestmark = pytest.mark.django_db

# Measured on a second visit (site settings cached, as in production).
# Topic page for a member: the viewer (with the profile the header's avatar shows), the topic
# (post, author, profile, category, space, accepted answer and its author joined, whether the
# viewer watches it), the view count, the page of replies (authors joined), the viewer's
# reactions, the products the topic is about, and the test client's e-mail leak check (the
# news banners are cached).
# (Moderates the space? costs none in the community space.)
TOPIC_PAGE_QUERIES = 7
# Topic list for a member: the viewer, the category (readable?), the pinned topics, the page of
# the others (post, author, profile joined) and the leak check; the
# statistics (totals and the first-reply times) come from the cache after the first visit
# (five minutes).
TOPIC_LIST_QUERIES = 5


def fill_replies(topic: Topic, count: int, *, viewer: Member) -> None:
    """`count` replies by customers and employees (every fifth an internal note), reactions."""
    writers = [MemberFactory(), MemberFactory(role=Role.EMPLOYEE), MemberFactory()]
    now = timezone.now()
    replies = Comment.objects.bulk_create(
        Comment(
            post=topic.post,
            author=writers[n % 3],
            body=f"Antwoord {n}",
            body_html=f"<p>Antwoord {n}</p>",
            is_internal=n % 5 == 4,
            created_at=now,
            reaction_count=1,
            reaction_counts={"like": 1},
        )
        for n in range(count)
    )
    Reaction.objects.bulk_create(
        Reaction(member=viewer, comment=reply, kind="like") for reply in replies
    )
    public = sum(1 for reply in replies if not reply.is_internal)
    Post.objects.filter(pk=topic.pk).update(comment_count=F("comment_count") + public)
    first = next(reply for reply in replies if not reply.is_internal)
    services.accept_answer(writers[1], topic=topic, reply=first)


@pytest.fixture(params=[10, 100], ids=["10-replies", "100-replies"])
def big_topic(request: Any, member: Member, friend: Member, category: Category) -> Topic:
    topic = ask(friend, category)
    fill_replies(topic, request.param, viewer=member)
    return topic


def test_topic_page_queries_are_fixed(
    client: Client, member: Member, big_topic: Topic, django_assert_num_queries: Any
) -> None:
    client.force_login(member)
    url = reverse("forum:topic-detail", args=[big_topic.pk])
    client.get(url)
    with django_assert_num_queries(TOPIC_PAGE_QUERIES + session_queries()):
        response = client.get(url)
    assert response.status_code == 200
    assert b"Antwoord 0" in response.content


def test_topic_page_of_an_anonymous_visitor_queries_are_fixed(
    client: Client, big_topic: Topic, django_assert_num_queries: Any
) -> None:
    url = reverse("forum:topic-detail", args=[big_topic.pk])
    client.get(url)
    invalidate_visitor_pages()  # measure a rendering, not the visitors' cached copy
    # No viewer, no reactions of their own.
    with django_assert_num_queries(TOPIC_PAGE_QUERIES - 2):
        assert client.get(url).status_code == 200


@pytest.fixture(params=[10, 100], ids=["10-topics", "100-topics"])
def full_category(request: Any, friend: Member, category: Category) -> Category:
    for n in range(request.param):
        topic = ask(friend, category, title=f"Vraag {n}")
        Topic.objects.filter(pk=topic.pk).update(first_reply_at=timezone.now())
    return category


def test_topic_list_queries_are_fixed(
    client: Client, member: Member, full_category: Category, django_assert_num_queries: Any
) -> None:
    client.force_login(member)
    url = reverse("forum:category-detail", args=["community", full_category.slug])
    client.get(url)
    with django_assert_num_queries(TOPIC_LIST_QUERIES + session_queries()):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.count(b'<li class="topic-row') == min(30, Topic.objects.count())


def test_a_two_thousand_reply_topic_opens_on_any_page(
    client: Client, member: Member, friend: Member, category: Category,
    django_assert_num_queries: Any,
) -> None:  # fmt: skip
    topic = ask(friend, category)
    fill_replies(topic, 2000, viewer=member)
    last = Comment.objects.filter(post=topic.post, is_internal=False).order_by("-id")[40]
    client.force_login(member)
    from kring.forum.queries import encode_cursor

    url = reverse("forum:topic-detail", args=[topic.pk]) + f"?na={encode_cursor(last)}"
    client.get(url)
    with django_assert_num_queries(TOPIC_PAGE_QUERIES + session_queries()):
        response = client.get(url)
    assert response.status_code == 200
    assert b"Antwoord 1998" in response.content
