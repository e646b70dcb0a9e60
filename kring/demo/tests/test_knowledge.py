"""The demo's knowledge base: twenty pages in a tree, mostly products, with revisions, reviews
in a realistic spread, employees' answers and linked wall posts; a second run adds nothing.

Built once for the module on the demo community at a small scale (in a transaction rolled back
at its end), as test_community.py does."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from kring.accounts import roles
from kring.accounts.models import Member
from kring.content.models import PostRevision
from kring.demo.context import DemoContext
from kring.demo.knowledge import build_knowledge
from kring.demo.knowledge_pages import PAGES
from kring.knowledge.models import KnowledgePage, ProductLink, Review

pytestmark = pytest.mark.django_db

SCALE = 0.15


def build(scale: float = SCALE) -> str:
    context = DemoContext(scale=scale)
    return build_knowledge(context, context.random_for("knowledge"))


@pytest.fixture(scope="module")
def built(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, str]]:
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("demo", "--scale", str(SCALE), stdout=StringIO())
        summary = build()
        yield media, summary
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def media(built: tuple[Path, str], db: None, settings: Any) -> Path:
    settings.MEDIA_ROOT = built[0]
    return built[0]


def demo_pages() -> Any:
    return KnowledgePage.objects.filter(slug__in=[spec.slug for spec in PAGES])


def test_the_demo_has_twenty_pages_in_a_tree_mostly_products(built: tuple[Path, str]) -> None:
    pages = demo_pages()
    assert pages.count() == 20
    assert pages.filter(is_product=True).count() > 10
    assert pages.filter(parent__isnull=True).count() < 10
    omvormers = pages.get(slug="omvormers")
    assert omvormers.parent is not None
    assert omvormers.parent.slug == "zonnepanelen"
    assert omvormers.group is not None
    assert "<h2>Wat je krijgt</h2>" in omvormers.body_html
    assert "20 knowledge pages" in built[1]


def test_the_demo_pages_have_revisions_by_editors() -> None:
    revisions = PostRevision.objects.filter(post__knowledge_page__in=demo_pages())
    assert revisions.count() == sum(1 for spec in PAGES if spec.update)
    assert all(roles.may_edit_knowledge(r.edited_by) for r in revisions.select_related("edited_by"))
    assert Member.objects.get(email="medewerker@example.nl").is_editor


def test_the_demo_reviews_are_mostly_good_with_exact_counters() -> None:
    reviews = Review.objects.filter(page__in=demo_pages())
    stars = Counter(reviews.values_list("rating", flat=True))
    assert reviews.count() >= 13
    assert stars[5] + stars[4] > stars[1] + stars[2]
    assert reviews.exclude(reply="").exists()
    assert all(
        roles.is_employee(review.reply_by)
        for review in reviews.exclude(reply="").select_related("reply_by")
    )
    assert not any(roles.is_employee(review.author) for review in reviews.select_related("author"))
    for page in demo_pages().filter(is_product=True):
        rows = list(page.reviews.values_list("rating", flat=True))
        assert (page.review_count, page.rating_sum) == (len(rows), sum(rows))


def test_the_demo_links_wall_posts_to_products() -> None:
    assert ProductLink.objects.filter(page__in=demo_pages()).exists()


def test_running_the_knowledge_demo_again_adds_nothing() -> None:
    before = (demo_pages().count(), Review.objects.count(), ProductLink.objects.count())
    summary = build()
    assert "(0 pages and 0 reviews new)" in summary
    assert (demo_pages().count(), Review.objects.count(), ProductLink.objects.count()) == before


def test_the_demo_product_page_opens(client: Client) -> None:
    response = client.get(reverse("knowledge:page-detail", args=["thuisbatterij"]))
    assert response.status_code == 200
    assert "Thuisbatterij Buffer 10" in response.content.decode()
