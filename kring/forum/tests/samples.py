"""Categories, topics and replies for the forum tests, written through the services."""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify

from kring.accounts.models import Member
from kring.content.models import Comment
from kring.forum import services
from kring.forum.models import Category, Topic
from kring.spaces.models import Space


def make_category(space: Space, name: str, **fields: Any) -> Category:
    return Category.objects.create(space=space, name=name, slug=slugify(name), **fields)


def ask(
    author: Member,
    category: Category,
    title: str = "Hoe zet ik mijn omvormer opnieuw aan?",
    body: str = "Mijn omvormer staat uit sinds gisteren.",
    *,
    kind: str = "question",
    **fields: Any,
) -> Topic:
    return services.create_topic(
        author, category=category, kind=kind, title=title, body=body, **fields
    )


def answer(author: Member, topic: Topic, body: str = "Zet de schakelaar om.") -> Comment:
    return services.reply_to_topic(author, topic=topic, body=body)


def note(employee: Member, topic: Topic, body: str = "Klant belt vaker, let op.") -> Comment:
    return services.add_internal_note(employee, topic=topic, body=body)


def fresh(topic: Topic) -> Topic:
    return Topic.objects.select_related("post", "category").get(pk=topic.pk)
