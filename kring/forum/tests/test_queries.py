"""The forum's reads: visibility, lists, filters, statistics and keyset pages of replies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kring.accounts.models import Member
from kring.content.models import Comment, Post
from kring.content.tests.samples import join
from kring.core.permissions import NotFound
from kring.forum import queries, services
from kring.forum.models import Category, Topic
from kring.forum.tests.samples import answer, ask, fresh, note

pytestmark = pytest.mark.django_db


def titles(page: queries.TopicPage) -> list[str]:
    return [topic.post.title for topic in page.topics]


@pytest.mark.usefixtures("anonymous")
def test_a_secret_group_topic_is_visible_to_its_members_only(
    request: pytest.FixtureRequest, member: Member, stranger: Member, secret_category: Category
) -> None:
    anonymous = request.getfixturevalue("anonymous")
    moderator = request.getfixturevalue("moderator")
    secret_group = secret_category.space
    topic = ask(stranger, secret_category)
    assert queries.get_topic_for(stranger, topic.pk) == topic
    assert queries.get_topic_for(moderator, topic.pk) == topic
    for outsider in (member, anonymous):
        with pytest.raises(NotFound):
            queries.get_topic_for(outsider, topic.pk)
        with pytest.raises(NotFound):
            queries.get_category_for(outsider, "geheim", secret_category.slug)
        _community, groups = queries.forum_index(outsider)
        assert secret_group not in [forum.space for forum in groups]
    join(secret_group, member)
    assert queries.get_topic_for(member, topic.pk) == topic
    assert [forum.space for forum in queries.forum_index(member)[1]] == [secret_group]


def test_a_deleted_or_scheduled_topic_is_not_listed(member: Member, category: Category) -> None:
    gone = ask(member, category, title="Weg")
    later = ask(member, category, title="Later")
    ask(member, category, title="Nu")
    Post.objects.filter(pk=gone.pk).update(deleted_at=timezone.now())
    Post.objects.filter(pk=later.pk).update(created_at=timezone.now() + timedelta(days=1))
    assert titles(queries.category_topics(member, category)) == ["Nu"]


def test_category_topics_orders_pinned_first_then_activity(
    member: Member, friend: Member, moderator: Member, category: Category
) -> None:
    old = ask(member, category, title="Oud")
    ask(member, category, title="Nieuw")
    pinned = ask(member, category, title="Vast")
    services.pin_topic(moderator, topic=pinned)
    answer(friend, old)
    assert titles(queries.category_topics(member, category)) == ["Vast", "Oud", "Nieuw"]


def test_category_topics_top_and_unanswered(
    member: Member, friend: Member, employee: Member, category: Category
) -> None:
    busy = ask(member, category, title="Druk")
    ask(member, category, title="Stil")
    answer(friend, busy)
    answer(friend, busy)
    internal_only = ask(member, category, title="Alleen notitie")
    note(employee, internal_only)
    assert titles(queries.category_topics(member, category, order="top"))[0] == "Druk"
    assert titles(queries.category_topics(member, category, order="unanswered")) == [
        "Alleen notitie",
        "Stil",
    ]


def test_category_topics_solved_filters(member: Member, friend: Member, category: Category) -> None:
    solved = ask(member, category, title="Opgelost")
    ask(member, category, title="Open")
    ask(member, category, title="Gesprek", kind="discussion")
    services.accept_answer(member, topic=solved, reply=answer(friend, solved))
    assert titles(queries.category_topics(member, category, solved="solved")) == ["Opgelost"]
    assert titles(queries.category_topics(member, category, solved="unsolved")) == ["Open"]


def test_category_topics_pages(member: Member, category: Category) -> None:
    for n in range(queries.TOPICS_PER_PAGE + 2):
        ask(member, category, title=f"Vraag {n}")
    first = queries.category_topics(member, category)
    second = queries.category_topics(member, category, page=2)
    assert first.has_next
    assert not second.has_next
    assert len(second.topics) == 2
    assert not set(titles(first)) & set(titles(second))


def test_category_topics_pages_run_on_from_the_pinned_into_the_rest(
    member: Member, moderator: Member, category: Category, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "TOPICS_PER_PAGE", 2)
    topics = [ask(member, category, title=f"Vraag {n}") for n in range(6)]
    for n in (1, 4, 2):  # pinned in this order: the newest pin shows first
        services.pin_topic(moderator, topic=topics[n])
    pages = [queries.category_topics(member, category, page=n) for n in (1, 2, 3, 4)]
    assert [titles(page) for page in pages] == [
        ["Vraag 2", "Vraag 4"],
        ["Vraag 1", "Vraag 5"],
        ["Vraag 3", "Vraag 0"],
        [],
    ]
    assert [page.has_next for page in pages] == [True, True, False, False]


def test_category_stats_share_solved_and_median_first_reply(
    member: Member, friend: Member, category: Category
) -> None:
    assert queries.category_stats(category).solved_share is None
    moments = [timedelta(hours=1), timedelta(hours=3), timedelta(hours=5)]
    for n, delay in enumerate(moments):
        topic = ask(member, category, title=f"Vraag {n}")
        Topic.objects.filter(pk=topic.pk).update(first_reply_at=topic.post.created_at + delay)
    solved = ask(member, category, title="Opgelost")
    services.accept_answer(member, topic=solved, reply=answer(friend, solved))
    ask(member, category, title="Gesprek", kind="discussion")
    stats = queries.category_stats(category)
    assert (stats.questions, stats.solved, stats.solved_share) == (4, 1, 25)
    assert stats.median_first_reply is not None
    assert timedelta(hours=1) < stats.median_first_reply <= timedelta(hours=3)


def test_topic_replies_hide_internal_notes_from_customers(
    member: Member, employee: Member, category: Category
) -> None:
    topic = ask(member, category)
    answer(employee, topic)
    note(employee, topic)
    assert len(queries.topic_replies(member, topic).replies) == 1
    assert len(queries.topic_replies(employee, topic).replies) == 2


def test_topic_replies_keyset_pages_cover_every_reply_once(
    member: Member, friend: Member, category: Category
) -> None:
    topic = ask(member, category)
    now = timezone.now()
    Comment.objects.bulk_create(
        Comment(post=topic.post, author=friend, body=f"r{n}", created_at=now)
        for n in range(queries.REPLIES_PER_PAGE * 2 + 5)
    )  # one moment for all: the id breaks the ties
    seen: list[int] = []
    page = queries.topic_replies(member, topic)
    assert not page.previous_cursor
    while True:
        seen += [reply.pk for reply in page.replies]
        if not page.next_cursor:
            break
        page = queries.topic_replies(member, topic, after=page.next_cursor)
    assert len(seen) == len(set(seen)) == queries.REPLIES_PER_PAGE * 2 + 5
    back = queries.topic_replies(member, topic, before=page.previous_cursor)
    assert [r.pk for r in back.replies] == seen[queries.REPLIES_PER_PAGE : -5]
    start = queries.topic_replies(member, topic, start=queries.encode_cursor(page.replies[0]))
    assert start.replies == page.replies


@pytest.mark.parametrize("cursor", ["", "nonsense", "a" * 500, "MjAyNnwx", "%%%"])
def test_topic_replies_ignore_bad_cursors(member: Member, category: Category, cursor: str) -> None:
    topic = ask(member, category)
    assert queries.topic_replies(member, topic, after=cursor, before=cursor).replies == []


def test_assigned_topics_lists_the_employees_open_questions_first(
    member: Member, friend: Member, employee: Member, category: Category
) -> None:
    first = ask(member, category, title="Eerste")
    second = ask(member, category, title="Tweede")
    ask(member, category, title="Niet toegewezen")
    services.assign_question(employee, topic=first, assignee=employee)
    services.assign_question(employee, topic=second, assignee=employee)
    services.accept_answer(member, topic=fresh(second), reply=answer(friend, second))
    assert [t.post.title for t in queries.assigned_topics(employee)] == ["Eerste", "Tweede"]
    assert queries.assigned_topics(member) == []
