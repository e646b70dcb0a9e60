"""The demo forum: categories, topics, answers, notes and assignments, with exact counters.

Built once for the module on top of the demo community (at a small scale), inside a
transaction rolled back at its end."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from kring.content.models import Comment, Post
from kring.demo.context import DemoContext
from kring.demo.forum import KEY_PREFIX, build_forum
from kring.forum.models import Category, Topic

pytestmark = pytest.mark.django_db

SCALE = 0.15


@pytest.fixture(scope="module")
def _built(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("demo", "--scale", str(SCALE), stdout=StringIO())
        context = DemoContext(scale=SCALE)
        summary = build_forum(context, context.random_for("forum"))
        yield summary
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def summary(_built: str, db: None, settings: Any, tmp_path: Path) -> str:
    settings.MEDIA_ROOT = tmp_path
    return _built


def demo_topics() -> Any:
    return Topic.objects.filter(post__idempotency_key__startswith=KEY_PREFIX)


def test_the_demo_forum_has_community_and_group_categories() -> None:
    slugs = set(Category.objects.values_list("space__kind", "slug"))
    assert {("community", "klantenservice"), ("community", "producten")} <= slugs
    assert ("community", "community") in slugs
    assert any(kind == "group" for kind, _slug in slugs)
    assert Category.objects.get(slug="klantenservice").is_customer_service


def test_the_demo_forum_has_questions_most_of_them_solved(summary: str) -> None:
    topics = demo_topics()
    total = topics.count()
    questions = topics.filter(post__kind="question")
    solved = questions.filter(post__solved_at__isnull=False)
    assert total >= 40
    assert 0.25 < questions.count() / total < 0.6
    assert solved.count() > questions.count() / 2
    assert solved.filter(accepted_answer__author__role="employee").exists()
    assert f"{total} topics" in summary


def test_the_demo_forum_has_pins_notes_assignments_and_history() -> None:
    topics = demo_topics()
    assert topics.filter(post__pinned_at__isnull=False).count() >= 2
    assert topics.filter(assigned_to__isnull=False).exists()
    assert Comment.objects.filter(post__topic__in=topics, is_internal=True).exists()
    now = timezone.now()
    assert not Post.objects.filter(topic__in=topics, created_at__gt=now).exists()
    assert not Comment.objects.filter(post__topic__in=topics, created_at__gt=now).exists()
    oldest = topics.order_by("post__created_at").first()
    assert oldest is not None
    assert (now - oldest.post.created_at).days > 30


def test_the_demo_forum_counters_are_exact() -> None:
    for category in Category.objects.all():
        live = Topic.objects.filter(category=category, post__deleted_at__isnull=True)
        replies = Comment.objects.filter(
            post__topic__in=live, is_internal=False, deleted_at__isnull=True
        ).count()
        assert (category.topic_count, category.reply_count) == (live.count(), replies)
    for topic in demo_topics().select_related("post")[:50]:
        public = Comment.objects.filter(post=topic.post, is_internal=False).count()
        assert topic.post.comment_count == public
        if topic.accepted_answer_id:
            assert topic.post.solved_at is not None


def test_the_demo_forum_is_built_once() -> None:
    before = (Topic.objects.count(), Comment.objects.count(), Category.objects.count())
    context = DemoContext(scale=SCALE)
    build_forum(context, context.random_for("forum"))
    assert (Topic.objects.count(), Comment.objects.count(), Category.objects.count()) == before
