"""Sanctions of members (warnings, silences, suspensions, bans), appeals against them, and the
warning texts moderators reuse.

`Member.silenced_until` and `Member.suspended_until` (accounts) are the fast copies every
request checks; the services here keep them equal to the latest end of the active sanctions of
that kind, so a row here is the reason and history, the member's field is the gate.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.audit.models import Reason


class SanctionKind(models.TextChoices):
    WARNING = "warning", _("Warning")
    SILENCE = "silence", _("Silence (read-only)")
    SUSPENSION = "suspension", _("Suspension (cannot log in)")
    BAN = "ban", _("Ban (permanent, account anonymised)")


class Sanction(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SanctionKind.choices)
    reason_code = models.CharField(
        _("reason category"), max_length=20, choices=Reason.choices, default=Reason.OTHER
    )
    # What the member reads on their sanctions page, the refusal page and the banner.
    reason = models.TextField(_("reason"), max_length=2000)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # None: permanent (bans); warnings have no end either, they simply stay on record.
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lift_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["member", "-created_at"], name="sanction_member")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="warning") | Q(ends_at__isnull=True),
                name="sanction_warning_has_no_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_lifted(self) -> bool:
        return self.lifted_at is not None

    @property
    def is_active(self) -> bool:
        """In force now: not lifted and not ended (a warning is "active" until lifted)."""
        if self.lifted_at is not None:
            return False
        return self.ends_at is None or self.ends_at > timezone.now()


class AppealStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UPHELD = "upheld", _("Upheld")
    OVERTURNED = "overturned", _("Overturned")


class Appeal(models.Model):
    sanction = models.ForeignKey(Sanction, on_delete=models.CASCADE, related_name="appeals")
    text = models.TextField(_("your appeal"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=AppealStatus.choices, default=AppealStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True, max_length=4000)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sanction"],
                condition=Q(status="open"),
                name="appeal_one_open_per_sanction",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="appeal_queue")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} #{self.pk}"


class WarningTemplate(models.Model):
    """A reusable warning text, kept by moderators."""

    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("warning template")
        verbose_name_plural = _("warning templates")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title
