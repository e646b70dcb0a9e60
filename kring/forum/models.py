"""Discussions and Q&A: categories in a space, and the forum's data beside each topic's Post.

A topic is a `content.Post` of kind "discussion" or "question" (so reactions, search, feeds,
moderation and visibility work on it as on any post); a reply is a `content.Comment`. This app
keeps what only topics have: their category, the accepted answer, closing, locking, views,
watching and assignment to an employee.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="forum_categories"
    )
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("address"), max_length=90, allow_unicode=True)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    # Customer-service categories show an active outage at the top of their page.
    is_customer_service = models.BooleanField(_("customer service"), default=False)
    # Denormalised, updated with F() by the forum's services and listeners. Internal notes
    # never count: these numbers are shown to customers.
    topic_count = models.PositiveIntegerField(default=0, editable=False)
    reply_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["space", "slug"], name="forum_category_slug"),
        ]
        indexes = [models.Index(fields=["space", "position"], name="forum_category_order")]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    post = models.OneToOneField(
        "content.Post", on_delete=models.CASCADE, primary_key=True, related_name="topic"
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="topics")
    # Always a public, non-deleted reply of this topic (services and listeners keep it so).
    accepted_answer = models.ForeignKey(
        "content.Comment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    solved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Shown publicly above the thread.
    lock_reason = models.CharField(_("reason"), max_length=300, blank=True)
    view_count = models.PositiveIntegerField(default=0)
    # The first public reply by someone other than the asker: "median time to first reply".
    first_reply_at = models.DateTimeField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_topics",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [
            models.Index(fields=["category", "first_reply_at"], name="forum_topic_unanswered"),
            models.Index(fields=["assigned_to", "-assigned_at"], name="forum_topic_assigned"),
        ]

    def __str__(self) -> str:
        return str(self.post_id)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class TopicWatch(models.Model):
    """A member follows a topic (notifications use it)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_watches"
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="watches")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("watched topic")
        verbose_name_plural = _("watched topics")
        constraints = [
            models.UniqueConstraint(fields=["member", "topic"], name="forum_watch_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.topic_id}"
