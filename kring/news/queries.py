"""Every read of articles and announcements leaving the news app.

Articles read through `kring.content.queries.visible_posts(viewer)`: drafts and scheduled
articles (their post dated later than now) stay out of every list, page and feed, except the
editors' own list and an editor's preview.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from kring.content.models import PostKind
from kring.content.queries import has_visible_post, visible_posts
from kring.core.permissions import NotFound
from kring.news.models import Announcement, Article, ArticleKind
from kring.news.permissions import can_edit_article, can_write_articles
from kring.wall.queries import ORDER_NEWEST, decode_cursor, encode_cursor

PER_PAGE = 12
FEATURED_ON_HOME = 3
_ARTICLE_JOINS = ("post", "post__author", "post__author__profile")


@dataclass(frozen=True)
class ArticlePage:
    articles: list[Article]
    next_cursor: str = ""


def visible_articles(viewer: Any) -> QuerySet[Article]:
    """Published articles `viewer` may read."""
    return Article.objects.filter(has_visible_post(viewer, kind=PostKind.ARTICLE))


def clean_kind(kind: str | None) -> str:
    """An article kind from a query string, or "" for all kinds."""
    return kind if kind in ArticleKind.values else ""


def article_page(
    viewer: Any, *, kind: str = "", cursor: str | None = None, per_page: int = PER_PAGE
) -> ArticlePage:
    """One page of the news list, newest first, optionally of one kind (one query)."""
    articles = visible_articles(viewer).select_related(*_ARTICLE_JOINS)
    if kind:
        articles = articles.filter(kind=kind)
    key = decode_cursor(ORDER_NEWEST, cursor)
    if key is not None:
        moment, pk = key
        articles = articles.filter(
            Q(post__created_at__lt=moment) | Q(post__created_at=moment, post_id__lt=pk)
        )
    rows = list(articles.order_by("-post__created_at", "-post_id")[: per_page + 1])
    page = rows[:per_page]
    has_more = len(rows) > per_page
    return ArticlePage(
        articles=page,
        next_cursor=encode_cursor(ORDER_NEWEST, page[-1].post) if has_more else "",
    )


FEATURED_CANDIDATES = 30


def featured_articles(viewer: Any, *, limit: int = FEATURED_ON_HOME) -> list[Article]:
    """The newest featured articles `viewer` may read (one query).

    The newest published featured articles (at most FEATURED_CANDIDATES, a limited subquery the
    database must read first) are checked one by one, rather than leaving PostgreSQL to choose:
    at medium scale it walked 250,000 posts backwards to find three featured articles (66 ms,
    and 193 ms in one run). Featured articles live in the community space, so only one hidden
    by moderation can be skipped, and thirty are plenty to find three."""
    newest = (
        Article.objects.filter(
            is_featured=True, post__deleted_at__isnull=True, post__created_at__lte=timezone.now()
        )
        .order_by("-post__created_at", "-post_id")
        .values("post_id")[:FEATURED_CANDIDATES]
    )
    return list(
        visible_articles(viewer)
        .filter(post_id__in=newest)
        .select_related("post")
        .order_by("-post__created_at", "-post_id")[:limit]
    )


def get_article_for(viewer: Any, post_id: int) -> Article:
    """The article if `viewer` may read it; a draft or scheduled one only for the editors who
    may edit it. NotFound for missing and forbidden alike."""
    article = (
        Article.objects.select_related(*_ARTICLE_JOINS, "post__space", "post__space__owner_member")
        .filter(post_id=post_id, post__deleted_at__isnull=True, post__kind=PostKind.ARTICLE)
        .first()
    )
    if article is None:
        raise NotFound
    published = article.post.created_at <= timezone.now()
    if published and visible_posts(viewer).filter(pk=post_id).exists():
        return article
    if not published and can_edit_article(viewer, article):
        return article
    raise NotFound


def unpublished_articles(viewer: Any) -> list[Article]:
    """Drafts and scheduled articles, for editors: drafts first, then the soonest to appear."""
    if not can_write_articles(viewer):
        return []
    return list(
        Article.objects.filter(
            Q(publish_at__isnull=True) | Q(publish_at__gt=timezone.now()),
            post__deleted_at__isnull=True,
        )
        .select_related(*_ARTICLE_JOINS)
        .order_by(F("publish_at").asc(nulls_first=True), "-post_id")
    )


# Announcements -------------------------------------------------------------------------------


def managed_announcements() -> list[Announcement]:
    """Every announcement, newest first, for the community managers' list."""
    return list(Announcement.objects.select_related("group").order_by("-starts_at", "-id")[:200])


def get_announcement(announcement_id: int) -> Announcement:
    """One announcement (the caller checked who may see it); NotFound when missing."""
    announcement = Announcement.objects.select_related("group").filter(pk=announcement_id).first()
    if announcement is None:
        raise NotFound
    return announcement
