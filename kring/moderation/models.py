"""Flags and the moderation queue.

A `FlagCase` is the queue's row: one per flagged (or held, or pending) item forever. Flags
on an item whose case was resolved reopen the same case, so its history stays in one place.
A `Flag` is one member's report on it, with a reason category shared with the audit log.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kring.audit.models import Reason

# The reasons a member picks when reporting (personal details is a moderator's category).
FLAG_REASONS = [
    (Reason.SPAM.value, Reason.SPAM.label),
    (Reason.OFFENSIVE.value, Reason.OFFENSIVE.label),
    (Reason.OFF_TOPIC.value, Reason.OFF_TOPIC.label),
    (Reason.OTHER.value, Reason.OTHER.label),
]


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class Resolution(models.TextChoices):
    APPROVED = "approved", _("Approved")
    HIDDEN = "hidden", _("Hidden")
    DELETED = "deleted", _("Deleted")
    EDITED = "edited", _("Edited")
    # A topic merged into another: its case closes with it.
    MERGED = "merged", _("Merged")


class CaseKind(models.TextChoices):
    POST = "post", _("Post")
    COMMENT = "comment", _("Comment")
    MEMBER = "member", _("Profile")
    MESSAGE = "message", _("Private message")


class FlagCase(models.Model):
    post = models.ForeignKey(
        "content.Post", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    comment = models.ForeignKey(
        "content.Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.ForeignKey(
        "messaging.Message", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The group or community the item is in (null for profiles and messages): filters, and
    # which group moderators see the case.
    space = models.ForeignKey(
        "spaces.Space", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    flag_count = models.PositiveIntegerField(default=0)
    first_flagged_at = models.DateTimeField(null=True, blank=True)
    last_flagged_at = models.DateTimeField(null=True, blank=True)
    # When the case (re)entered the queue: the queue's order and its age filter.
    opened_at = models.DateTimeField()
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=10, choices=Resolution.choices, blank=True)
    # Flags passed the threshold and the item was held pending review.
    hidden_by_threshold = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("flag case")
        verbose_name_plural = _("flag cases")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(post__isnull=False, comment__isnull=True, member__isnull=True)
                    & Q(message__isnull=True)
                )
                | (
                    Q(post__isnull=True, comment__isnull=False, member__isnull=True)
                    & Q(message__isnull=True)
                )
                | (
                    Q(post__isnull=True, comment__isnull=True, member__isnull=False)
                    & Q(message__isnull=True)
                )
                | (
                    Q(post__isnull=True, comment__isnull=True, member__isnull=True)
                    & Q(message__isnull=False)
                ),
                name="flagcase_one_target",
            ),
            models.UniqueConstraint(
                fields=["post"], condition=Q(post__isnull=False), name="flagcase_post_once"
            ),
            models.UniqueConstraint(
                fields=["comment"],
                condition=Q(comment__isnull=False),
                name="flagcase_comment_once",
            ),
            models.UniqueConstraint(
                fields=["member"], condition=Q(member__isnull=False), name="flagcase_member_once"
            ),
            models.UniqueConstraint(
                fields=["message"],
                condition=Q(message__isnull=False),
                name="flagcase_message_once",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-opened_at", "-id"], name="flagcase_queue"),
            models.Index(fields=["space", "status", "-opened_at"], name="flagcase_space_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.target_id}"

    @property
    def kind(self) -> str:
        if self.post_id is not None:
            return CaseKind.POST
        if self.comment_id is not None:
            return CaseKind.COMMENT
        if self.member_id is not None:
            return CaseKind.MEMBER
        return CaseKind.MESSAGE

    @property
    def target_id(self) -> int | None:
        return self.post_id or self.comment_id or self.member_id or self.message_id

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN


class Flag(models.Model):
    case = models.ForeignKey(FlagCase, on_delete=models.CASCADE, related_name="flags")
    flagger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=FLAG_REASONS)
    text = models.CharField(_("explanation"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "flagger"], name="flag_once_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.flagger_id} → {self.case_id}: {self.reason}"


class ModerationSettings(models.Model):
    """The site's moderation options: one row, managed by community managers."""

    flag_threshold = models.PositiveSmallIntegerField(
        _("flags before an item is hidden pending review"),
        default=3,
        help_text=_(
            "When this many members report the same item, it is hidden until a moderator "
            "reviews it. A report by a moderator or an employee hides it at once."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("moderation settings")
        verbose_name_plural = _("moderation settings")

    def __str__(self) -> str:
        return "moderation settings"

    @classmethod
    def load(cls) -> ModerationSettings:
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row
