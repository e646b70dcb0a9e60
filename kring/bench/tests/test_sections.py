"""The forum, knowledge pages, reviews, articles and search index that `kring seed` writes."""

from __future__ import annotations

from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import reverse

from kring.accounts.models import Member
from kring.bench.people import bench_moderator
from kring.bench.scales import SCALES
from kring.content.models import Comment, Post
from kring.forum import queries as forum_queries
from kring.forum.models import Category, Topic
from kring.knowledge.models import KnowledgePage, ProductLink, Review
from kring.news.models import Article
from kring.search import queries as search_queries
from kring.search.models import SearchEntry

TINY = SCALES["tiny"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> str:
    out = StringIO()
    call_command("seed", "--scale", "tiny", "--seed", "11", stdout=out)
    return out.getvalue()


def a_member() -> Member:
    member = Member.objects.filter(
        role="member", approval_status="approved", is_active=True
    ).first()
    assert member is not None
    return member


@pytest.mark.django_db(transaction=True)  # each phase commits: every foreign key is checked
def test_seed_writes_the_forum_at_scale(seeded: str) -> None:
    assert "topics" in seeded
    assert "search index" in seeded
    assert Topic.objects.count() == TINY.topics
    assert Post.objects.filter(kind__in=["question", "discussion"]).count() == TINY.topics
    replies = Comment.objects.filter(post__kind__in=["question", "discussion"])
    assert 0.9 * TINY.replies <= replies.count() <= TINY.replies
    assert replies.filter(is_internal=True).exists()
    questions = Post.objects.filter(kind="question").count()
    assert 0.2 * TINY.topics <= questions <= 0.6 * TINY.topics
    solved = Topic.objects.filter(accepted_answer__isnull=False).count()
    assert solved > 0
    assert Topic.objects.filter(assigned_to__isnull=False).count() >= 0
    # One hot topic, far above the rest.
    counts = sorted(
        Post.objects.filter(topic__isnull=False).values_list("comment_count", flat=True)
    )
    assert counts[-1] >= TINY.replies // 5


def test_seeded_category_counters_equal_a_recount(seeded: str) -> None:
    for category in Category.objects.annotate(
        n_topics=Count("topics", filter=Q(topics__post__deleted_at__isnull=True), distinct=True)
    ):
        replies = Comment.objects.filter(
            post__topic__category=category, deleted_at__isnull=True, is_internal=False
        ).count()
        assert category.topic_count == category.n_topics, category
        assert category.reply_count == replies, category
    assert Category.objects.filter(topic_count__gt=0).exists()


def test_seeded_topics_keep_the_forum_invariants(seeded: str) -> None:
    for topic in Topic.objects.select_related("post", "accepted_answer"):
        post = topic.post
        public = Comment.objects.filter(post=post, is_internal=False, deleted_at__isnull=True)
        assert post.comment_count == public.count(), post.pk
        others = public.exclude(author_id=post.author_id).order_by("created_at")
        first = others.first()
        assert topic.first_reply_at == (first.created_at if first else None), post.pk
        if topic.accepted_answer is not None:
            answer = topic.accepted_answer
            assert post.kind == "question"
            assert answer.post_id == post.pk
            assert not answer.is_internal
            assert answer.deleted_at is None
            assert post.solved_at is not None
            assert post.solved_at >= answer.created_at
            assert topic.solved_by_id is not None
        else:
            assert post.solved_at is None
            assert topic.solved_by_id is None
        if topic.assigned_to_id is not None:
            assert topic.assigned_to.is_employee  # type: ignore[union-attr]
    for note in Comment.objects.filter(is_internal=True, post__topic__isnull=False):
        assert note.author.is_employee


def test_seeded_knowledge_counters_equal_a_recount(seeded: str) -> None:
    pages = KnowledgePage.objects.all()
    assert pages.count() == TINY.pages
    assert pages.filter(is_product=True, parent__isnull=False).exists()
    assert pages.filter(is_product=False, parent__isnull=True).exists()
    assert Review.objects.exists()
    for page in pages:
        ratings = list(Review.objects.filter(page=page).values_list("rating", flat=True))
        assert page.review_count == len(ratings), page
        assert page.rating_sum == sum(ratings), page
        assert page.rating_counts == {str(k): n for k, n in Counter(ratings).items()}, page
    assert ProductLink.objects.filter(post__kind="question").exists()
    assert Article.objects.count() == TINY.articles
    assert Post.objects.filter(kind="article", is_sponsored=True).exists()


def test_seeded_topics_are_visible_through_the_forum_queries(seeded: str) -> None:
    member = a_member()
    assert forum_queries.visible_topics(member).count() > TINY.topics // 2
    category = Category.objects.order_by("-topic_count").first()
    assert category is not None
    listed = forum_queries.category_topics(member, category)
    assert listed.topics
    hot = Topic.objects.order_by("-post__comment_count").select_related("post").first()
    assert hot is not None
    # Walk the keyset pages to the last one: every public reply once, no internal note.
    seen, cursor = [], ""
    while True:
        page = forum_queries.topic_replies(member, hot, after=cursor)
        seen += [reply.pk for reply in page.replies]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == hot.post.comment_count


def test_search_finds_seeded_words(seeded: str) -> None:
    member = a_member()
    assert SearchEntry.objects.filter(post_kind="question").exists()
    assert SearchEntry.objects.filter(post_kind="page").exists()
    found = search_queries.search(member, "thuisbatterij")
    assert found.total > 0
    internal = Comment.objects.filter(is_internal=True).values_list("pk", flat=True)
    assert not [r for r in found.results if r.entry.comment_id in set(internal)]


def test_seeded_forum_and_knowledge_pages_render(seeded: str, client: Any) -> None:
    client.force_login(a_member())
    hot = Topic.objects.order_by("-post__comment_count").select_related("category").first()
    category = Category.objects.order_by("-topic_count").select_related("space").first()
    product = KnowledgePage.objects.filter(is_product=True).order_by("-review_count").first()
    article = Post.objects.filter(kind="article", is_sponsored=True).first()
    assert hot is not None
    assert category is not None
    assert product is not None
    assert article is not None
    for url in (
        reverse("forum:topic-detail", args=[hot.pk]),
        reverse("forum:category-detail", args=[category.space.slug, category.slug]),
        reverse("knowledge:page-detail", args=[product.slug]),
        reverse("search:search") + "?q=omvormer+storing",
        reverse("news:article-list"),
        reverse("news:article-detail", args=[article.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_the_driver_measures_the_forum_knowledge_and_search_pages(seeded: str, client: Any) -> None:
    from bench.targets import choose_targets, data_counts

    targets, member = choose_targets()
    names = [t.name for t in targets]
    for wanted in ("Topic page 1", "Topic last page", "Topic list", "Knowledge product page"):
        assert any(name.startswith(wanted) for name in names), wanted
    assert any(name.startswith("Search") for name in names)
    # Visitors first (a warm page cache, before any write), writes last.
    order = [t.who for t in targets]
    assert order == sorted(order, key=["visitor", "member", "moderator", "write"].index)
    assert data_counts()["topics"] == TINY.topics
    last = next(t for t in targets if t.name.startswith("Topic last page"))
    assert "?na=" in last.paths[0]
    for target in targets:
        if target.method != "GET":
            continue
        if target.who == "moderator":
            client.force_login(bench_moderator())
        elif target.who == "member":
            client.force_login(member)
        else:
            client.logout()
        for path in target.paths:
            assert client.get(path).status_code == 200, (target.name, path)
