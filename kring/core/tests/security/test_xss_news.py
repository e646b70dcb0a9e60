"""XSS through the news inputs (issue #4), layer (a) as in test_xss.py.

Inputs: an article's title, summary, text and video address (kring/news/videos.py parses it: a
hostile address must never become a frame or a script link), an announcement's title and
text. Each vector goes in through the input's own form class and the service its view calls;
the news list, every article page, the visitor's home page (featured articles and banners)
and the community RSS feed (where articles appear) are fetched through the full stack and
audited by xss_audit.py.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Member
from kring.content.services import POST_BODY_MAX, TITLE_MAX
from kring.core.tests.security.conftest import Probe
from kring.core.tests.security.test_xss import (
    ALL_RAW,
    HARMLESS,
    Clients,
    Findings,
    N,
    rotated,
    valid,
)
from kring.core.tests.security.vectors import VECTORS, Vector
from kring.core.tests.security.xss_audit import MARKDOWN_SIGNATURES, dangerous_url, fit
from kring.news.forms import AnnouncementForm, ArticleForm
from kring.news.models import Article
from kring.news.services import create_announcement, create_article
from kring.news.videos import FRAME_HOSTS, parse_video_url
from kring.wall.feeds import FEED_LENGTH

pytestmark = pytest.mark.django_db

PROBE = "XSS: server-side audit of every input"

# Addresses that try to pass for a video, or to smuggle something through one.
HOSTILE_VIDEO_URLS = [
    "javascript:alert(1)//https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "JaVaScRiPt:alert(1)//youtu.be/dQw4w9WgXcQ",
    "data:text/html,<script>alert(1)</script>#youtube.com/watch?v=dQw4w9WgXcQ",
    "vbscript:msgbox(1)//vimeo.com/123",
    'https://www.youtube.com/watch?v=dQw4w9WgXc"onload=alert(1)//',
    "https://www.youtube.com/watch?v=<script>alert(1)</script>",
    'https://youtu.be/"><svg onload=alert(1)>',
    "https://www.youtube.com/embed/javascript:alert(1)",
    "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
    "https://evil.example/?https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://evil.example/youtube.com/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
    "https://vimeo.com.evil.example/123456",
    "https://evil.example/vimeo.com/123456",
    'https://vimeo.com/123456"><iframe src=javascript:alert(1)>',
    'https://player.vimeo.com/video/12345?x="><script>alert(1)</script>',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ&x="><script>alert(1)</script>',
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ#javascript:alert(1)",
    "//www.youtube.com/watch?v=dQw4w9WgXcQ",
    "ftp://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ%22onload%3Dalert(1)",
    "https://youtu.be/dQw4w9WgXcQ%0a%0dalert(1)",
    "https://\u0000www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://www.you\u200btube.com/watch?v=dQw4w9WgXcQ",
]
VIDEO_ID = re.compile(r"^(?:[A-Za-z0-9_-]{11}|[0-9]{1,20})$")
WATCH_HOSTS = ("https://www.youtube.com/watch?v=", "https://vimeo.com/")


@pytest.fixture(autouse=True)
def _no_posting_limits(settings: Any) -> None:
    settings.RATE_LIMITS = {}


@pytest.fixture
def clients() -> Clients:
    return Clients()


def article_form(title: str, summary: str, body: str, *, video_url: str = "") -> ArticleForm:
    return ArticleForm(
        {
            "title": title,
            "kind": "video" if video_url else "news",
            "summary": summary,
            "body": body,
            "video_url": video_url,
            "is_featured": "on",
            "state": "publish",
            "publish_at": "",
        }
    )


def test_hostile_video_addresses_never_become_frames_or_script_links(probe: Probe) -> None:
    """Every hostile address and every vector as a video address: the form or the parser
    refuses it, or what it keeps is a provider's id, from which only the privacy-friendly
    player and the provider's own page are built."""
    problems: list[str] = []
    tried = [*HOSTILE_VIDEO_URLS, *(vector.text for vector in VECTORS)]
    for url in tried:
        form = article_form("Video", "", "Tekst", video_url=url)
        if not form.is_valid():
            continue
        try:
            video = parse_video_url(form.cleaned_data["video_url"])
        except ValidationError:
            continue
        if not VIDEO_ID.match(video.id):
            problems.append(f"{url!r}: id {video.id!r}")
        if not video.embed_url.startswith(tuple(f"{host}/" for host in FRAME_HOSTS)):
            problems.append(f"{url!r}: player {video.embed_url!r}")
        if not video.watch_url.startswith(WATCH_HOSTS) or dangerous_url(video.watch_url):
            problems.append(f"{url!r}: page {video.watch_url!r}")
    probe(PROBE, cases=len(tried))
    assert problems == [], "\n".join(problems)


def publish(admin: Member, title: Vector, summary: Vector, body: Vector, video: str) -> Article:
    """What news:article-create does with a valid form."""
    form = article_form(
        fit(title.text, TITLE_MAX), fit(summary.text, 300), fit(body.text, POST_BODY_MAX),
        video_url=video,
    )  # fmt: skip
    valid(form, "article form")
    return create_article(admin, draft=form.draft())


def next_link(html: str) -> str | None:
    found = re.search(r'<a [^>]*rel="next"[^>]*>', html)
    href = re.search(r'href="([^"]+)"', found.group()) if found else None
    return href.group(1).replace("&amp;", "&") if href else None


def audit_feed(client: Client, findings: Findings, where: str) -> int:
    """The community RSS feed: well-formed, every description safe HTML, every link ours."""
    response = client.get(reverse("wall:community-rss"))
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314  (our own feed)
    items = root.findall("./channel/item")
    for item in items:
        findings.check(item.findtext("description") or "", f"{where} description")
        link = item.findtext("link") or ""
        if not link.startswith("http://testserver/"):
            findings.items.append(f"{where}: item link {link!r}")
    return len(items)


def test_articles(admin: Member, clients: Clients, probe: Probe) -> None:
    """Article i: its title, summary and text each hold another vector; every third is a video
    with a valid address. Audited: every article page and the news list (as a visitor), the
    home page with the featured articles, and the RSS feed every FEED_LENGTH articles."""
    findings = Findings()
    visitor = clients.visitor
    video = "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1"
    plain = publish(admin, HARMLESS, HARMLESS, HARMLESS, "")
    plain_video = publish(admin, HARMLESS, HARMLESS, HARMLESS, video)
    baselines = {
        False: findings.harmless(visitor, reverse("news:article-detail", args=[plain.pk])),
        True: findings.harmless(visitor, reverse("news:article-detail", args=[plain_video.pk])),
    }
    home = findings.harmless(visitor, "/")
    in_feeds = 0
    for i in range(N):
        vectors = (rotated(i, 0), rotated(i, 1), rotated(i, 2))
        is_video = i % 3 == 0
        article = publish(admin, *vectors, video if is_video else "")
        response = visitor.get(reverse("news:article-detail", args=[article.pk]))
        assert response.status_code == 200, i
        html = response.content.decode()
        findings.check(
            html,
            f"article {i}",
            vectors,
            baseline=baselines[is_video],
            allowed=MARKDOWN_SIGNATURES,
        )
        if is_video and 'data-video-embed="https://www.youtube-nocookie.com/embed/' not in html:
            findings.items.append(f"article {i}: the video's player address is not the one built")
        if i % 3 == 1:
            findings.page(visitor, "/", f"home {i}", vectors=vectors, baseline=home)
        if (i + 1) % FEED_LENGTH == 0 or i == N - 1:
            in_feeds += audit_feed(visitor, findings, f"RSS after article {i}")
    assert in_feeds >= N
    next_path: str | None = reverse("news:article-list")
    pages = 0
    while next_path is not None and pages < 40:
        html = visitor.get(next_path).content.decode()
        findings.check(html, f"news list {next_path}")
        next_path, pages = next_link(html), pages + 1
    assert pages * 12 >= N, pages
    editor = clients.logged_in(admin, role="admin")
    response = editor.post(
        reverse("news:article-create"),
        {
            "title": ALL_RAW,
            "kind": "video",
            "summary": ALL_RAW,
            "body": ALL_RAW,
            "video_url": ALL_RAW[:300],
            "state": "publish",
        },
    )
    assert response.status_code == 200
    findings.check(response.content.decode(), "article form echo")
    probe(PROBE, cases=N * 3 + N)
    findings.assert_none()


def test_announcements(admin: Member, clients: Clients, probe: Probe) -> None:
    """Every announcement is active at once, so every page carries every banner: title i and
    text i hold two vectors. Audited: the home page, the news list and the forum (which also
    shows outages at the top of customer-service categories), and the managers' list."""
    findings = Findings()
    levels = ("info", "warning", "outage")
    for i in range(N):
        form = AnnouncementForm(
            {
                "title": fit(rotated(i, 0).text, 160),
                "level": levels[i % 3],
                "body": fit(rotated(i, 1).text, 2000),
                "starts_at": "",
                "ends_at": "",
                "group": "",
            }
        )
        valid(form, "announcement form")
        create_announcement(admin, text=form.text())
    manager = clients.logged_in(admin, role="admin")
    for client in (clients.visitor, manager):
        for path in ("/", reverse("news:article-list"), reverse("forum:forum-index")):
            html = findings.page(client, path, f"banners on {path}")
            assert sum(html.values()) > N
    findings.page(manager, reverse("news:announcement-list"), "announcement list")
    response = manager.post(
        reverse("news:announcement-create"), {"title": ALL_RAW, "level": "info", "body": ALL_RAW}
    )
    assert response.status_code == 200
    findings.check(response.content.decode(), "announcement form echo")
    probe(PROBE, cases=N * 2 + N)
    findings.assert_none()


def test_the_feed_survives_control_characters_and_its_audit_can_fail(
    admin: Member, clients: Clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A title with a control character (XML 1.0 cannot carry it) leaves the feed readable,
    without it; and a description that is not safe HTML is what the feed audit reports."""
    publish(admin, Vector(-3, "control", "Titel\x0bmet\x1fstuurteken"), HARMLESS, HARMLESS, "")
    findings = Findings()
    assert audit_feed(clients.visitor, findings, "feed") == 1
    assert findings.items == []
    root = ET.fromstring(clients.visitor.get(reverse("wall:community-rss")).content)  # noqa: S314
    assert root.findtext("./channel/item/title") == "Titelmetstuurteken"
    monkeypatch.setattr(
        "kring.wall.feeds._PostFeed.item_description",
        lambda _feed, _item: "<img src=x onerror=alert(1)>",
    )
    audit_feed(clients.visitor, findings, "feed")
    assert any("onerror" in item for item in findings.items), findings.items
