"""Every write of the news app: articles (through the content kernel's services, so the edit
history, counters and events are the kernel's own) and announcements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.audit.services import record_action
from kring.content.models import Post, PostKind
from kring.content.services import create_post, edit_post
from kring.core.events import publish_on_commit
from kring.core.markup import render_markdown
from kring.core.permissions import require
from kring.news import events
from kring.news.banners import forget_active_announcements
from kring.news.models import (
    DRAFT_MOMENT,
    Announcement,
    AnnouncementDismissal,
    AnnouncementLevel,
    Article,
    ArticleKind,
)
from kring.news.permissions import (
    can_dismiss_announcement,
    can_edit_article,
    can_manage_announcements,
    can_write_articles,
)
from kring.news.videos import parse_video_url
from kring.spaces.models import Space, SpaceKind
from kring.spaces.queries import community_space
from kring.uploads.services import attach_to_post


@dataclass(frozen=True)
class ArticleDraft:
    """What an editor wrote: the article's text and settings."""

    title: str
    body: str
    kind: str = ArticleKind.NEWS
    summary: str = ""
    video_url: str = ""
    is_featured: bool = False
    is_sponsored: bool = False
    # Publish at this moment (None: now) unless `draft`.
    publish_at: datetime | None = None
    draft: bool = False


def _check(draft: ArticleDraft) -> tuple[str, str]:
    """The video's provider and id ("" for other kinds); ValidationError on bad input."""
    if draft.kind not in ArticleKind.values:
        raise ValidationError(_("Choose a kind of article."), code="invalid")
    if not draft.title.strip():
        raise ValidationError(_("Give the article a title."), code="required")
    if draft.kind != ArticleKind.VIDEO:
        return "", ""
    if not draft.video_url.strip():
        raise ValidationError(_("A video article needs the address of its video."), code="required")
    video = parse_video_url(draft.video_url)
    return video.provider, video.id


def _moment(draft: ArticleDraft, *, keep: datetime | None = None) -> datetime | None:
    """When the article appears: None for a draft; `keep` leaves a published date alone."""
    if draft.draft:
        return None
    if keep is not None:
        return keep
    return draft.publish_at or timezone.now()


def _date_post(post: Post, moment: datetime | None, *, sponsored: bool, redate: bool) -> None:
    """Set the post's sponsored flag and, unless it was published already (`redate` False:
    its date and activity stay), its date: the publishing moment, or DRAFT_MOMENT."""
    changes: dict[str, Any] = {"is_sponsored": sponsored}
    if redate:
        # Post.created_at is auto_now_add: the publishing moment goes in with an update.
        when = moment or DRAFT_MOMENT
        changes |= {"created_at": when, "last_activity_at": when}
    Post.objects.filter(pk=post.pk).update(**changes)
    for name, value in changes.items():
        setattr(post, name, value)


def create_article(actor: Any, *, draft: ArticleDraft, files: Sequence[Any] = ()) -> Article:
    """Write an article in the community space, published now, scheduled or as a draft; with
    its files (a whitepaper's PDF). All or nothing."""
    require(can_write_articles(actor), _("Only editors and community managers write articles."))
    provider, video_id = _check(draft)
    if draft.kind == ArticleKind.WHITEPAPER and not files:
        raise ValidationError({"files": [_("Add the whitepaper's file.")]})
    moment = _moment(draft)
    with transaction.atomic():
        post = create_post(
            actor,
            space=community_space(),
            kind=PostKind.ARTICLE,
            title=draft.title.strip(),
            body=draft.body,
        )
        _date_post(post, moment, sponsored=draft.is_sponsored, redate=True)
        article = Article.objects.create(
            post=post,
            kind=draft.kind,
            summary=draft.summary.strip(),
            is_featured=draft.is_featured,
            publish_at=moment,
            video_url=draft.video_url.strip() if provider else "",
            video_provider=provider,
            video_id=video_id,
        )
        if files:
            attach_to_post(actor, post=post, photos=[], files=list(files))
        publish_on_commit(
            events.ArticleSaved(post_id=post.pk, by=actor.pk, created=True, publish_at=moment)
        )
    return article


def edit_article(
    actor: Any, *, article: Article, draft: ArticleDraft, files: Sequence[Any] = ()
) -> Article:
    """Change an article: its text through the kernel (kept as a revision), its settings here.
    A published article keeps its date; a draft or scheduled one takes the new moment."""
    require(can_edit_article(actor, article), _("You cannot edit this article."))
    provider, video_id = _check(draft)
    published = article.publish_at is not None and article.publish_at <= timezone.now()
    moment = _moment(draft, keep=article.publish_at if published else None)
    with transaction.atomic():
        post = edit_post(actor, post=article.post, body=draft.body, title=draft.title.strip())
        _date_post(post, moment, sponsored=draft.is_sponsored, redate=not published)
        article.post = post
        article.kind = draft.kind
        article.summary = draft.summary.strip()
        article.is_featured = draft.is_featured
        article.publish_at = moment
        article.video_url = draft.video_url.strip() if provider else ""
        article.video_provider, article.video_id = provider, video_id
        article.save(
            update_fields=[
                "kind",
                "summary",
                "is_featured",
                "publish_at",
                "video_url",
                "video_provider",
                "video_id",
            ]
        )
        if files:
            attach_to_post(actor, post=post, photos=[], files=list(files))
        if article.kind == ArticleKind.WHITEPAPER and not post.attachments.exists():
            raise ValidationError({"files": [_("Add the whitepaper's file.")]})
        publish_on_commit(
            events.ArticleSaved(post_id=post.pk, by=actor.pk, created=False, publish_at=moment)
        )
    return article


# Announcements -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnnouncementText:
    """What a community manager wrote for a banner."""

    title: str
    level: str = AnnouncementLevel.INFO
    body: str = ""
    starts_at: datetime | None = None  # None: now
    ends_at: datetime | None = None  # None: until ended
    group: Space | None = None


def _checked(text: AnnouncementText) -> datetime:
    if not text.title.strip():
        raise ValidationError({"title": [_("Give the announcement a title.")]})
    if text.level not in AnnouncementLevel.values:
        raise ValidationError({"level": [_("Choose a kind of announcement.")]})
    if text.group is not None and text.group.kind != SpaceKind.GROUP:
        raise ValidationError({"group": [_("Choose a group.")]})
    starts_at = text.starts_at or timezone.now()
    if text.ends_at is not None and text.ends_at <= starts_at:
        raise ValidationError({"ends_at": [_("The end must come after the start.")]})
    return starts_at


def create_announcement(actor: Any, *, text: AnnouncementText) -> Announcement:
    """Show a banner from its start to its end (or until ended)."""
    require(can_manage_announcements(actor), _("Only community managers make announcements."))
    starts_at = _checked(text)
    with transaction.atomic():
        announcement = Announcement.objects.create(
            title=text.title.strip(),
            body=text.body,
            body_html=render_markdown(text.body),
            level=text.level,
            starts_at=starts_at,
            ends_at=text.ends_at,
            group=text.group,
            created_by=actor,
        )
        record_action(
            actor, action="announcement.create", target=announcement, space=announcement.group
        )
        forget_active_announcements()
        publish_on_commit(events.AnnouncementChanged(announcement_id=announcement.pk, by=actor.pk))
    return announcement


def edit_announcement(
    actor: Any, *, announcement: Announcement, text: AnnouncementText
) -> Announcement:
    """Change a banner's text, kind, period or group."""
    require(can_manage_announcements(actor), _("Only community managers make announcements."))
    starts_at = _checked(text)
    with transaction.atomic():
        announcement.title = text.title.strip()
        announcement.body = text.body
        announcement.body_html = render_markdown(text.body)
        announcement.level = text.level
        announcement.starts_at = starts_at
        announcement.ends_at = text.ends_at
        announcement.group = text.group
        announcement.save(
            update_fields=[
                "title",
                "body",
                "body_html",
                "level",
                "starts_at",
                "ends_at",
                "group",
                "updated_at",
            ]
        )
        record_action(
            actor, action="announcement.edit", target=announcement, space=announcement.group
        )
        forget_active_announcements()
        publish_on_commit(events.AnnouncementChanged(announcement_id=announcement.pk, by=actor.pk))
    return announcement


def end_announcement(actor: Any, *, announcement: Announcement) -> Announcement:
    """Stop showing a banner now (one not started yet is ended before it shows)."""
    require(can_manage_announcements(actor), _("Only community managers make announcements."))
    now = timezone.now()
    if announcement.ends_at is not None and announcement.ends_at <= now:
        return announcement
    with transaction.atomic():
        if announcement.starts_at >= now:
            # Its period must stay valid (end after start): it "ran" for one second.
            announcement.starts_at = now - timedelta(seconds=1)
        announcement.ends_at = now
        announcement.save(update_fields=["starts_at", "ends_at", "updated_at"])
        record_action(
            actor, action="announcement.end", target=announcement, space=announcement.group
        )
        forget_active_announcements()
        publish_on_commit(events.AnnouncementChanged(announcement_id=announcement.pk, by=actor.pk))
    return announcement


def dismiss_announcement(actor: Any, *, announcement: Announcement) -> None:
    """Hide a banner for `actor` from now on (twice is once)."""
    require(can_dismiss_announcement(actor, announcement), _("Log in to close announcements."))
    try:
        with transaction.atomic():
            AnnouncementDismissal.objects.get_or_create(member=actor, announcement=announcement)
    except IntegrityError:
        pass  # a twin request dismissed it a moment earlier
