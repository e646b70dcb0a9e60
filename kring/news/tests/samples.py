"""Articles and announcements for the news tests, written as editors would."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from kring.accounts.models import Member
from kring.news.banners import forget_active_announcements
from kring.news.models import Announcement, AnnouncementLevel, Article
from kring.news.services import ArticleDraft, create_article

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def write_article(author: Member, title: str = "Nieuws", **options: Any) -> Article:
    """An article by `author` through the service (published now unless told otherwise)."""
    files = options.pop("files", ())
    options.setdefault("body", f"Tekst van {title}.")
    return create_article(author, draft=ArticleDraft(title=title, **options), files=files)


def later(days: float = 7) -> Any:
    return timezone.now() + timedelta(days=days)


def make_announcement(author: Member | None = None, **fields: Any) -> Announcement:
    """An announcement row (any period, also one in the past), active since a minute ago
    unless told otherwise; the cached list is dropped as the services do."""
    fields.setdefault("title", "Onderhoud vanavond")
    fields.setdefault("level", AnnouncementLevel.INFO)
    fields.setdefault("starts_at", timezone.now() - timedelta(minutes=1))
    announcement = Announcement.objects.create(created_by=author, **fields)
    forget_active_announcements()
    return announcement
