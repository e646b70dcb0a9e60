"""News, articles and announcements.

An article is a Post of kind "article" in the community space (so reactions, comments, search,
RSS and moderation work on it as on any post); `Article` keeps what only articles have.
Its text history is the kernel's PostRevision.

Publishing: `publish_at` is the moment an article appears, mirrored into `Post.created_at`,
which `visible_posts` hides until then. A draft has no `publish_at`; its post carries
`DRAFT_MOMENT`, a date no clock reaches, so every surface (wall, RSS, search, API) keeps it out
without knowing about drafts.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kring.core.models import TimeStampedModel

DRAFT_MOMENT = datetime(9999, 1, 1, tzinfo=UTC)


class ArticleKind(models.TextChoices):
    NEWS = "news", _("News")
    VACANCY = "vacancy", _("Vacancy")
    WHITEPAPER = "whitepaper", _("Whitepaper")
    VIDEO = "video", _("Video")


class VideoProvider(models.TextChoices):
    YOUTUBE = "youtube", "YouTube"
    VIMEO = "vimeo", "Vimeo"


class Article(models.Model):
    post = models.OneToOneField(
        "content.Post", on_delete=models.CASCADE, primary_key=True, related_name="article"
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=ArticleKind.choices, default=ArticleKind.NEWS
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    is_featured = models.BooleanField(_("featured"), default=False)
    # None: a draft. Kept in step with Post.created_at (see the module's docstring).
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    video_url = models.URLField(_("video address"), max_length=300, blank=True)
    video_provider = models.CharField(max_length=8, choices=VideoProvider.choices, blank=True)
    video_id = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(
                fields=["-publish_at"], condition=Q(is_featured=True), name="article_featured"
            )
        ]

    def __str__(self) -> str:
        return str(self.post_id)

    @property
    def is_draft(self) -> bool:
        return self.publish_at is None


class AnnouncementLevel(models.TextChoices):
    INFO = "info", _("Information")
    WARNING = "warning", _("Warning")
    OUTAGE = "outage", _("Outage")


class Announcement(TimeStampedModel):
    """A banner at the top of every page (or a group's pages and its members' pages) between
    `starts_at` and `ends_at`."""

    title = models.CharField(_("title"), max_length=160)
    body = models.TextField(_("message"), max_length=2000, blank=True)
    body_html = models.TextField(blank=True, editable=False)
    level = models.CharField(
        _("kind"), max_length=8, choices=AnnouncementLevel.choices, default=AnnouncementLevel.INFO
    )
    starts_at = models.DateTimeField(_("shown from"))
    ends_at = models.DateTimeField(_("shown until"), null=True, blank=True)
    group = models.ForeignKey(
        "spaces.Space",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only for group"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["ends_at", "starts_at"], name="announcement_window")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="announcement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class AnnouncementDismissal(models.Model):
    """A member closed an announcement: it stays away for them."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="dismissals"
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed announcement")
        verbose_name_plural = _("dismissed announcements")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "announcement"], name="announcement_dismissed_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} / {self.announcement_id}"
