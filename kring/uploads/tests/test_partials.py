"""The attachments partial: thumbnails linking to photos, a list of files; no queries."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.db.models import prefetch_related_objects
from django.template import engines
from django.urls import reverse

from kring.accounts.models import Member
from kring.content.models import Post
from kring.uploads.services import attach_to_post
from kring.uploads.tests.samples import image_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db

TEMPLATE = (
    '{% from "uploads/partials/_attachments.html" import attachments %}{{ attachments(post) }}'
)


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def render(post: Post) -> str:
    return str(engines["jinja2"].from_string(TEMPLATE).render({"post": post}))


def tags(html: str, name: str) -> list[dict[str, str | None]]:
    collector = TagCollector()
    collector.feed(html)
    return [attrs for tag, attrs in collector.tags if tag == name]


def test_photos_and_files_render_without_a_query(
    member: Member, post: Post, media: Path, django_assert_num_queries: Any
) -> None:
    photo, pdf = attach_to_post(
        member,
        post=post,
        photos=[upload(image_bytes((960, 480)), "zon & <b>zee.png")],
        files=[upload(pdf_bytes() + b"x" * 2000, "plan.pdf")],
    )
    fresh = Post.objects.get(pk=post.pk)
    prefetch_related_objects([fresh], "attachments")
    with django_assert_num_queries(0):
        html = render(fresh)

    [image] = tags(html, "img")
    assert image["src"] == reverse(
        "uploads:attachment-thumbnail", args=[photo.pk, photo.original_name]
    )
    assert image["alt"] == "zon & <b>zee.png"  # escaped in the page, the name itself as alt text
    assert "<b>" not in html
    assert "zon &amp; &lt;b&gt;zee.png" in html
    assert (image["width"], image["height"]) == ("480", "240")
    links = [attrs["href"] for attrs in tags(html, "a")]
    assert reverse("uploads:attachment-download", args=[photo.pk, photo.original_name]) in links
    assert reverse("uploads:attachment-download", args=[pdf.pk, "plan.pdf"]) in links
    assert "plan.pdf" in html
    assert "(PDF, 2.1 kB)" in html


def test_a_post_without_attachments_renders_nothing(post: Post) -> None:
    prefetch_related_objects([post], "attachments")
    assert render(post).strip() == ""
