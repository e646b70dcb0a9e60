"""Private conversations: one-to-one or a group of up to 20 members, and mediation
conversations a moderator opens with the parties of a conflict (kring.mediation).

Moderators cannot read them: no query of this app returns a message to someone who is not a
participant, except a message someone flagged (kring.moderation shows that one, with its
sender).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_PARTICIPANTS = 20


class ConversationKind(models.TextChoices):
    PRIVATE = "private", _("Private conversation")
    # Opened by a moderator about a conflict: marked as mediation wherever it is shown.
    MEDIATION = "mediation", _("Mediation")


class Conversation(models.Model):
    kind = models.CharField(
        max_length=10, choices=ConversationKind.choices, default=ConversationKind.PRIVATE
    )
    # Group conversations may have a title; one-to-one ones are named after the other person.
    title = models.CharField(_("title"), max_length=120, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # A group conversation (several people, or a title): people can be added to it. A
    # one-to-one one (False) is reused whenever either of the two writes to the other again.
    is_group = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, blank=True)
    message_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"


class Participant(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    # Left: sees the conversation up to this moment no more in the inbox, receives nothing new.
    left_at = models.DateTimeField(null=True, blank=True)
    last_read_at = models.DateTimeField(null=True, blank=True)
    # Messages from others since last_read_at; kept in step by the services (inbox badge).
    unread_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "member"], name="messaging_participant_once"
            )
        ]
        indexes = [models.Index(fields=["member", "left_at"], name="messaging_inbox")]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.conversation_id}"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages_sent"
    )
    body = models.TextField(_("message"), max_length=10000)
    body_html = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Hidden by a moderator after a flag (the sender sees why).
    moderation = models.CharField(max_length=10, default="published")
    moderation_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("private message")
        verbose_name_plural = _("private messages")
        indexes = [
            models.Index(fields=["conversation", "created_at", "id"], name="messaging_order"),
            # The conversation page pages by id (ids follow send time): without this index
            # PostgreSQL walked the whole message table backwards to find one conversation's.
            models.Index(fields=["conversation", "-id"], name="messaging_page"),
        ]

    def __str__(self) -> str:
        return self.body[:60]


class MessageAttachment(models.Model):
    """A photo or file on a message; served only to the conversation's participants."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="private/messages/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    is_image = models.BooleanField(default=False)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("message attachment")
        verbose_name_plural = _("message attachments")
        constraints = [models.CheckConstraint(condition=Q(size__gte=0), name="msg_att_size")]

    def __str__(self) -> str:
        return self.original_name
