"""Questions: accepting an answer and assigning the question to an employee."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.content.models import Comment, Post
from kring.content.queries import visible_posts
from kring.core.events import publish_on_commit
from kring.core.permissions import require
from kring.forum import events
from kring.forum.models import Topic
from kring.forum.permissions import (
    can_accept_answer,
    can_assign_question,
    can_be_assigned,
    moderates_topic,
)
from kring.forum.services.auditing import audit_topic


def accept_answer(actor: Any, *, topic: Topic, reply: Comment) -> Topic:
    """Mark `reply` as the accepted answer of question `topic` (replacing an earlier one)."""
    require(can_accept_answer(actor, topic), _("Only the asker or staff can accept an answer."))
    if reply.post_id != topic.pk or reply.is_internal or reply.deleted_at is not None:
        raise ValidationError(_("That reply cannot be the answer."), code="invalid")
    now = timezone.now()
    with transaction.atomic():
        Topic.objects.select_for_update().filter(pk=topic.pk).first()
        Topic.objects.filter(pk=topic.pk).update(accepted_answer=reply, solved_by=actor)
        Post.objects.filter(pk=topic.pk).update(solved_at=now)
        publish_on_commit(events.AnswerAccepted(topic_id=topic.pk, reply_id=reply.pk, by=actor.pk))
    topic.accepted_answer, topic.solved_by, topic.post.solved_at = reply, actor, now
    return topic


def unaccept_answer(actor: Any, *, topic: Topic) -> Topic:
    """The question is open again."""
    require(can_accept_answer(actor, topic), _("Only the asker or staff can accept an answer."))
    reply_id = topic.accepted_answer_id
    if reply_id is None:
        return topic
    with transaction.atomic():
        Topic.objects.filter(pk=topic.pk).update(accepted_answer=None, solved_by=None)
        Post.objects.filter(pk=topic.pk).update(solved_at=None)
        publish_on_commit(
            events.AnswerUnaccepted(topic_id=topic.pk, reply_id=reply_id, by=actor.pk)
        )
    topic.accepted_answer, topic.solved_by, topic.post.solved_at = None, None, None
    return topic


def assign_question(actor: Any, *, topic: Topic, assignee: Any | None) -> Topic:
    """Bring in the right colleague: `assignee` (an employee who can read the topic) sees the
    question in their "assigned to me" list. None takes the assignment away."""
    require(can_assign_question(actor, topic), _("You cannot assign this question."))
    if assignee is not None and not (
        can_be_assigned(assignee) and visible_posts(assignee).filter(pk=topic.pk).exists()
    ):
        raise ValidationError(_("Questions are assigned to employees only."), code="invalid")
    with transaction.atomic():
        topic.assigned_to = assignee
        topic.assigned_by = actor if assignee is not None else None
        topic.assigned_at = timezone.now() if assignee is not None else None
        topic.save(update_fields=["assigned_to", "assigned_by", "assigned_at"])
        if moderates_topic(actor, topic):
            audit_topic(
                actor,
                "topic.assign",
                topic,
                after={"assigned_to": assignee.pk if assignee is not None else None},
            )
        publish_on_commit(
            events.QuestionAssigned(
                topic_id=topic.pk,
                assignee_id=assignee.pk if assignee is not None else None,
                by=actor.pk,
            )
        )
    return topic
