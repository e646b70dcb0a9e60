"""The demo's news: ten articles (news, a vacancy, a whitepaper with its PDF, a video), one
sponsored, two featured, one scheduled; an outage running now and an ended announcement; a
second run adds nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kring.content.models import Attachment
from kring.content.queries import visible_posts
from kring.demo.context import DemoContext
from kring.demo.members import build_demo_logins
from kring.demo.news import build_news, pdf_file
from kring.news.banners import active_banners
from kring.news.models import Announcement, Article, ArticleKind
from kring.uploads.filetypes import detect_file_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(settings: Any, tmp_path: Path) -> str:
    settings.MEDIA_ROOT = tmp_path
    context = DemoContext()
    build_demo_logins(context, context.random_for("demo logins"))
    return build_news(context, context.random_for("news"))


def test_the_demo_writes_ten_articles_of_every_kind(built: str) -> None:
    articles = Article.objects.select_related("post")
    assert articles.count() == 10
    assert {a.kind for a in articles} == set(ArticleKind.values)
    assert articles.filter(post__is_sponsored=True).count() == 1
    assert articles.filter(is_featured=True).count() == 2
    assert "10 articles (10 new, one scheduled)" in built


def test_the_demo_schedules_one_article_for_next_week(built: str, anonymous: Any) -> None:
    now = timezone.now()
    scheduled = Article.objects.filter(publish_at__gt=now)
    assert scheduled.count() == 1
    assert not visible_posts(anonymous).filter(pk=scheduled.get().post_id).exists()
    published = Article.objects.filter(publish_at__lte=now)
    assert all(a.post.created_at == a.publish_at for a in published.select_related("post"))


def test_the_demo_whitepaper_has_a_real_pdf(built: str) -> None:
    whitepaper = Article.objects.get(kind=ArticleKind.WHITEPAPER)
    attachment = Attachment.objects.get(post_id=whitepaper.post_id)
    assert attachment.content_type == "application/pdf"
    with attachment.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"


def test_the_demo_pdf_passes_the_upload_checks() -> None:
    upload = SimpleUploadedFile("wp.pdf", pdf_file(("Titel", "Regel")), "application/pdf")
    assert detect_file_type(upload, name="wp.pdf").extension == "pdf"


def test_the_demo_runs_an_outage_and_ended_an_announcement(built: str) -> None:
    assert Announcement.objects.count() == 2
    active = active_banners()
    assert [b.title for b in active] == ["Inloggen op de app gaat traag"]
    page = Client().get(reverse("news:article-list")).content.decode()
    assert "Inloggen op de app gaat traag" in page
    assert "Stem mee" not in page


def test_the_demo_adds_nothing_the_second_time(built: str) -> None:
    context = DemoContext()
    summary = build_news(context, context.random_for("news"))
    assert Article.objects.count() == 10
    assert Announcement.objects.count() == 2
    assert "(0 new, one scheduled)" in summary
    assert "(0 new)" in summary
