"""Deleting and restoring through the content kernel keeps the forum right."""

from __future__ import annotations

from typing import Any

import pytest

from kring.accounts.models import Member
from kring.content import services as content_services
from kring.forum import services
from kring.forum.models import Category
from kring.forum.tests.samples import answer, ask, fresh, note

pytestmark = pytest.mark.django_db


def counts(category: Category) -> tuple[int, int]:
    category.refresh_from_db()
    return category.topic_count, category.reply_count


def test_deleting_and_restoring_a_topic_moves_the_counters(
    member: Member,
    friend: Member,
    moderator: Member,
    category: Category,
    django_capture_on_commit_callbacks: Any,
) -> None:
    topic = ask(member, category)
    answer(friend, topic)
    answer(friend, topic)
    ask(member, category, title="Tweede")
    with django_capture_on_commit_callbacks(execute=True):
        content_services.delete_post(member, post=topic.post)
    assert counts(category) == (1, 0)
    with django_capture_on_commit_callbacks(execute=True):
        content_services.restore_post(moderator, post=fresh(topic).post)
    assert counts(category) == (2, 2)


def test_deleting_the_accepted_reply_unsolves_the_question(
    member: Member, friend: Member, category: Category, django_capture_on_commit_callbacks: Any
) -> None:
    topic = ask(member, category)
    reply = answer(friend, topic)
    services.accept_answer(member, topic=topic, reply=reply)
    with django_capture_on_commit_callbacks(execute=True):
        content_services.delete_comment(friend, comment=reply)
    topic = fresh(topic)
    assert topic.accepted_answer is None
    assert topic.post.solved_at is None
    assert counts(category) == (1, 0)


def test_deleting_an_internal_note_leaves_the_counters(
    member: Member, employee: Member, category: Category, django_capture_on_commit_callbacks: Any
) -> None:
    topic = ask(member, category)
    answer(employee, topic)
    internal = note(employee, topic)
    with django_capture_on_commit_callbacks(execute=True):
        content_services.delete_comment(employee, comment=internal)
    assert counts(category) == (1, 1)


def test_deleting_a_reply_of_a_deleted_topic_does_not_count_twice(
    member: Member,
    friend: Member,
    moderator: Member,
    category: Category,
    django_capture_on_commit_callbacks: Any,
) -> None:
    topic = ask(member, category)
    reply = answer(friend, topic)
    answer(friend, ask(member, category, title="Tweede"))
    with django_capture_on_commit_callbacks(execute=True):
        content_services.delete_post(member, post=topic.post)
    with django_capture_on_commit_callbacks(execute=True):
        content_services.delete_comment(moderator, comment=reply)
    assert counts(category) == (1, 1)
