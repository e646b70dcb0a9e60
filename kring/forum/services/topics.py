"""Starting topics, editing them and replying to them (on top of the content kernel)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from kring.content import services as content_services
from kring.content.models import Comment, PostKind
from kring.content.permissions import can_write_internal_notes
from kring.core.permissions import require
from kring.forum.models import Category, Topic, TopicWatch
from kring.forum.permissions import can_create_topic, can_edit_topic, can_reply_to_topic
from kring.knowledge.queries import get_product_page_for
from kring.knowledge.services import link_post_to_product

TOPIC_KINDS = (PostKind.DISCUSSION.value, PostKind.QUESTION.value)


def create_topic(
    actor: Any,
    *,
    category: Category,
    kind: str,
    title: str,
    body: str,
    product_page_id: int | None = None,
    idempotency_key: str = "",
) -> Topic:
    """Start a discussion or ask a question in `category`; the author watches it."""
    require(can_create_topic(actor, category), _("You cannot start a topic here."))
    if kind not in TOPIC_KINDS:
        raise ValidationError(_("Choose a question or a discussion."), code="invalid")
    if not title.strip():
        raise ValidationError(_("Give your topic a title."), code="required")
    if not body.strip():
        raise ValidationError(_("Write a message first."), code="required")
    product = None
    if product_page_id is not None:
        product = get_product_page_for(actor, product_page_id)
        if product is None:
            raise ValidationError(_("That product does not exist."), code="invalid")
    with transaction.atomic():
        post, created = content_services.get_or_create_post(
            actor,
            space=category.space,
            kind=kind,
            title=title.strip(),
            body=body,
            idempotency_key=idempotency_key,
        )
        if not created:
            existing = Topic.objects.filter(pk=post.pk).select_related("post").first()
            if existing is not None:
                return existing
        topic = Topic.objects.create(post=post, category=category)
        Category.objects.filter(pk=category.pk).update(topic_count=F("topic_count") + 1)
        TopicWatch.objects.get_or_create(member_id=actor.pk, topic=topic)
        if product is not None:
            link_post_to_product(actor, post=post, page=product)
    return topic


def edit_topic(actor: Any, *, topic: Topic, title: str, body: str) -> Topic:
    """Change a topic's title and text (the content kernel keeps the edit history)."""
    require(can_edit_topic(actor, topic), _("You cannot edit this topic."))
    if not title.strip():
        raise ValidationError(_("Give your topic a title."), code="required")
    if not body.strip():
        raise ValidationError(_("Write a message first."), code="required")
    topic.post = content_services.edit_post(actor, post=topic.post, title=title.strip(), body=body)
    return topic


def reply_to_topic(actor: Any, *, topic: Topic, body: str) -> Comment:
    """A public reply; the replier watches the topic from now on."""
    require(can_reply_to_topic(actor, topic), _("This topic takes no more replies."))
    with transaction.atomic():
        reply = content_services.comment_on_post(actor, post=topic.post, body=body)
        Category.objects.filter(pk=topic.category_id).update(reply_count=F("reply_count") + 1)
        if actor.pk != topic.post.author_id and topic.first_reply_at is None:
            Topic.objects.filter(pk=topic.pk, first_reply_at__isnull=True).update(
                first_reply_at=reply.created_at
            )
            topic.first_reply_at = reply.created_at
        TopicWatch.objects.get_or_create(member_id=actor.pk, topic_id=topic.pk)
    return reply


def add_internal_note(actor: Any, *, topic: Topic, body: str) -> Comment:
    """A note inside the thread that only employees see (never counted, never shown to
    customers)."""
    require(can_write_internal_notes(actor), _("Only employees write internal notes."))
    return content_services.comment_on_post(actor, post=topic.post, body=body, is_internal=True)


def quote_of(reply: Comment, *, link: str) -> str:
    """The Markdown a quoting reply starts with: the quoted text as a blockquote, with a link."""
    quoted = "\n".join(f"> {line}" if line else ">" for line in reply.body.strip().splitlines())
    name = reply.author.display_name
    return f"> [{name}]({link}):\n>\n{quoted}\n\n"
