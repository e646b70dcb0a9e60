"""Pinning, closing and locking topics."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.content import services as content_services
from kring.core.events import publish_on_commit
from kring.core.permissions import require
from kring.forum import events
from kring.forum.models import Topic
from kring.forum.permissions import can_close_topic, can_lock_topic, can_pin_topic
from kring.forum.services.auditing import audit_topic

LOCK_REASON_MAX = 300


def pin_topic(actor: Any, *, topic: Topic) -> Topic:
    require(can_pin_topic(actor, topic), _("You cannot pin this topic."))
    topic.post = content_services.pin_post(actor, post=topic.post)
    return topic


def unpin_topic(actor: Any, *, topic: Topic) -> Topic:
    require(can_pin_topic(actor, topic), _("You cannot unpin this topic."))
    topic.post = content_services.unpin_post(actor, post=topic.post)
    return topic


def close_topic(actor: Any, *, topic: Topic) -> Topic:
    """No more replies (except from staff)."""
    require(can_close_topic(actor, topic), _("You cannot close this topic."))
    with transaction.atomic():
        topic.closed_at, topic.closed_by = timezone.now(), actor
        topic.save(update_fields=["closed_at", "closed_by"])
        audit_topic(actor, "topic.close", topic)
        publish_on_commit(events.TopicClosed(topic_id=topic.pk, by=actor.pk))
    return topic


def reopen_topic(actor: Any, *, topic: Topic) -> Topic:
    require(can_close_topic(actor, topic), _("You cannot reopen this topic."))
    with transaction.atomic():
        topic.closed_at, topic.closed_by = None, None
        topic.save(update_fields=["closed_at", "closed_by"])
        audit_topic(actor, "topic.reopen", topic)
        publish_on_commit(events.TopicReopened(topic_id=topic.pk, by=actor.pk))
    return topic


def lock_topic(actor: Any, *, topic: Topic, reason: str, audit: bool = True) -> Topic:
    """Stop a heated topic, with a reason everyone reads."""
    require(can_lock_topic(actor, topic), _("You cannot lock this topic."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the topic is locked."), code="required")
    if len(reason) > LOCK_REASON_MAX:
        raise ValidationError(
            _("Keep the reason under %(limit)d characters.") % {"limit": LOCK_REASON_MAX},
            code="max_length",
        )
    with transaction.atomic():
        topic.locked_at, topic.locked_by, topic.lock_reason = timezone.now(), actor, reason
        topic.save(update_fields=["locked_at", "locked_by", "lock_reason"])
        if audit:
            audit_topic(actor, "topic.lock", topic, reason=reason)
        publish_on_commit(events.TopicLocked(topic_id=topic.pk, by=actor.pk, reason=reason))
    return topic


def unlock_topic(actor: Any, *, topic: Topic, audit: bool = True) -> Topic:
    require(can_lock_topic(actor, topic), _("You cannot unlock this topic."))
    with transaction.atomic():
        before = {"lock_reason": topic.lock_reason}
        topic.locked_at, topic.locked_by, topic.lock_reason = None, None, ""
        topic.save(update_fields=["locked_at", "locked_by", "lock_reason"])
        if audit:
            audit_topic(actor, "topic.unlock", topic, before=before)
        publish_on_commit(events.TopicUnlocked(topic_id=topic.pk, by=actor.pk))
    return topic
