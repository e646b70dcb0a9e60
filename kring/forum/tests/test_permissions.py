"""Who may do what with a topic: the predicates as a matrix of personas."""

from __future__ import annotations

import pytest

from kring.accounts.models import Member
from kring.content.tests.samples import join, suspend
from kring.forum import permissions
from kring.forum.models import Category, Topic
from kring.forum.tests.samples import ask, fresh
from kring.spaces.models import GroupRole, Space

pytestmark = pytest.mark.django_db

PERSONAS = ["member", "friend", "employee", "moderator", "manager", "admin"]


@pytest.fixture
def question(member: Member, category: Category) -> Topic:
    return fresh(ask(member, category))


def persona(request: pytest.FixtureRequest, name: str) -> Member:
    return request.getfixturevalue(name)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("member", True),
        ("friend", False),
        ("employee", True),
        ("moderator", True),
        ("manager", True),
        ("admin", True),
    ],
)
def test_can_accept_answer_matrix(
    request: pytest.FixtureRequest, question: Topic, name: str, allowed: bool
) -> None:
    assert permissions.can_accept_answer(persona(request, name), question) is allowed


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("member", False),
        ("friend", False),
        ("employee", False),
        ("moderator", True),
        ("manager", True),
        ("admin", True),
    ],
)
def test_can_lock_topic_matrix(
    request: pytest.FixtureRequest, question: Topic, name: str, allowed: bool
) -> None:
    assert permissions.can_lock_topic(persona(request, name), question) is allowed


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("member", False),
        ("friend", False),
        ("employee", True),
        ("moderator", True),
        ("manager", True),
        ("admin", True),
    ],
)
def test_can_assign_question_matrix(
    request: pytest.FixtureRequest, question: Topic, name: str, allowed: bool
) -> None:
    assert permissions.can_assign_question(persona(request, name), question) is allowed


def test_anonymous_and_suspended_members_cannot_reply(
    anonymous: object, friend: Member, question: Topic
) -> None:
    assert not permissions.can_reply_to_topic(anonymous, question)
    assert permissions.can_reply_to_topic(friend, question)
    assert not permissions.can_reply_to_topic(suspend(friend), question)


def test_group_moderators_lock_topics_in_their_group(
    member: Member, friend: Member, group: Space
) -> None:
    join(group, member)
    join(group, friend, role=GroupRole.MODERATOR)
    category = Category.objects.create(space=group, name="Vragen", slug="vragen")
    topic = fresh(ask(member, category))
    assert permissions.can_lock_topic(friend, topic)
    assert not permissions.can_lock_topic(member, topic)


def test_a_locked_topic_is_edited_by_staff_only(
    member: Member, moderator: Member, question: Topic
) -> None:
    assert permissions.can_edit_topic(member, question)
    question.locked_at = question.post.created_at
    assert not permissions.can_edit_topic(member, question)
    assert permissions.can_edit_topic(moderator, question)


def test_only_managers_manage_community_categories(
    member: Member, employee: Member, manager: Member, community: Space
) -> None:
    assert permissions.can_manage_categories(manager, community)
    assert not permissions.can_manage_categories(employee, community)
    assert not permissions.can_manage_categories(member, community)
