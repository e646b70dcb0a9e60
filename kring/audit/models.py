"""The audit log: every action of a moderator, group moderator, manager or admin, append-only.

Nothing in Kring's UI edits or deletes an entry (the admin shows them read-only); entries keep
the actor's and target's names as they were, so they stay readable after an account is
anonymised or an item deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reason(models.TextChoices):
    """Why a moderator acted, in categories the public transparency page counts. Flags use the
    same categories (kring.moderation), so a flag's reason carries over to the action."""

    SPAM = "spam", _("Spam")
    OFFENSIVE = "offensive", _("Offensive or abusive")
    OFF_TOPIC = "off_topic", _("Off-topic")
    PERSONAL_DATA = "personal_data", _("Personal details")
    OTHER = "other", _("Other")


class AuditEntry(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The actor's name and role at the time ("system" when Kring acted by itself).
    actor_name = models.CharField(max_length=80)
    actor_role = models.CharField(max_length=20, blank=True)
    # A dotted code naming what was done: "post.hide", "member.silence", "role.assign" …
    action = models.CharField(max_length=40, db_index=True)
    # What it was done to: a model label ("content.post") and primary key, and a short name.
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.CharField(max_length=40, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    # The member the action concerns (a post's author, the sanctioned member), for the
    # member's history; the group it happened in, so group moderators see their own.
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    space = models.ForeignKey(
        "spaces.Space", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason_code = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="audit_new"),
            models.Index(fields=["subject", "-created_at"], name="audit_subject"),
            models.Index(fields=["space", "-created_at"], name="audit_space"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"
