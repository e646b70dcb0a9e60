"""The forum's writes: topics, replies, answers, closing, locking, watching, assigning."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from kring.accounts.models import Member
from kring.content import services as content_services
from kring.content.models import Post
from kring.content.tests.samples import join
from kring.core.events import subscribe, unsubscribe
from kring.core.permissions import Denied
from kring.forum import events, services
from kring.forum.models import Category, Topic, TopicWatch
from kring.forum.tests.samples import answer, ask, fresh, note
from kring.knowledge.models import KnowledgePage, ProductLink
from kring.spaces.models import Space

pytestmark = pytest.mark.django_db


def counts(category: Category) -> tuple[int, int]:
    category.refresh_from_db()
    return category.topic_count, category.reply_count


def test_create_topic_makes_a_post_a_topic_and_a_watch(member: Member, category: Category) -> None:
    topic = ask(member, category, title="  Omvormer  ")
    assert topic.post.kind == "question"
    assert topic.post.title == "Omvormer"
    assert topic.post.space_id == category.space_id
    assert TopicWatch.objects.filter(member=member, topic=topic).exists()
    assert counts(category) == (1, 0)


def test_create_topic_with_the_same_idempotency_key_makes_one_topic(
    member: Member, category: Category
) -> None:
    first = ask(member, category, idempotency_key="abc")
    second = ask(member, category, idempotency_key="abc")
    assert first.pk == second.pk
    assert counts(category) == (1, 0)


@pytest.mark.parametrize(
    ("kind", "title", "body"),
    [("status", "Titel", "Tekst"), ("question", " ", "Tekst"), ("discussion", "Titel", "  ")],
)
def test_create_topic_rejects_bad_input(
    member: Member, category: Category, kind: str, title: str, body: str
) -> None:
    with pytest.raises(ValidationError):
        ask(member, category, title=title, body=body, kind=kind)
    assert not Topic.objects.exists()


def test_create_topic_in_a_group_needs_membership(
    member: Member, group: Space, friend: Member
) -> None:
    category = Category.objects.create(space=group, name="Vragen", slug="vragen")
    with pytest.raises(Denied):
        ask(member, category)
    join(group, friend)
    assert ask(friend, category).category == category


def test_create_topic_links_a_product_page(
    member: Member, category: Category, manager: Member
) -> None:
    page_post = content_services.create_post(
        manager, space=category.space, kind="page", title="Thuisbatterij", body="Info"
    )
    page = KnowledgePage.objects.create(post=page_post, slug="thuisbatterij", is_product=True)
    topic = ask(member, category, product_page_id=page.pk)
    assert ProductLink.objects.filter(page=page, post=topic.post).exists()


def test_create_topic_rejects_an_unknown_product(member: Member, category: Category) -> None:
    with pytest.raises(ValidationError):
        ask(member, category, product_page_id=999)
    assert not Post.objects.exists()


def test_reply_counts_and_sets_first_reply_by_someone_else(
    member: Member, friend: Member, category: Category
) -> None:
    topic = ask(member, category)
    answer(member, topic, "Nog iemand?")
    assert fresh(topic).first_reply_at is None
    reply = answer(friend, topic)
    assert fresh(topic).first_reply_at == reply.created_at
    assert counts(category) == (1, 2)
    assert TopicWatch.objects.filter(member=friend, topic=topic).exists()


def test_internal_notes_never_count(member: Member, employee: Member, category: Category) -> None:
    topic = ask(member, category)
    note(employee, topic)
    assert counts(category) == (1, 0)
    assert fresh(topic).post.comment_count == 0
    assert fresh(topic).first_reply_at is None


def test_only_employees_write_internal_notes(member: Member, category: Category) -> None:
    topic = ask(member, category)
    with pytest.raises(Denied):
        note(member, topic)


def test_reply_is_refused_on_a_closed_topic_except_for_staff(
    member: Member, friend: Member, moderator: Member, category: Category
) -> None:
    topic = ask(member, category)
    services.close_topic(member, topic=topic)
    with pytest.raises(Denied):
        answer(friend, fresh(topic))
    answer(moderator, fresh(topic))
    services.reopen_topic(member, topic=fresh(topic))
    answer(friend, fresh(topic))


def test_lock_needs_a_reason_and_stops_replies(
    member: Member, moderator: Member, category: Category
) -> None:
    topic = ask(member, category)
    with pytest.raises(ValidationError):
        services.lock_topic(moderator, topic=topic, reason="  ")
    services.lock_topic(moderator, topic=topic, reason="Te verhit")
    assert fresh(topic).lock_reason == "Te verhit"
    with pytest.raises(Denied):
        answer(member, fresh(topic))
    with pytest.raises(Denied):
        services.lock_topic(member, topic=fresh(topic), reason="x")
    services.unlock_topic(moderator, topic=fresh(topic))
    assert fresh(topic).locked_at is None


def test_accept_answer_solves_the_question(
    member: Member, friend: Member, category: Category, django_capture_on_commit_callbacks: Any
) -> None:
    published: list[object] = []
    subscribe(events.AnswerAccepted, published.append)
    try:
        topic = ask(member, category)
        reply = answer(friend, topic)
        with django_capture_on_commit_callbacks(execute=True):
            services.accept_answer(member, topic=topic, reply=reply)
    finally:
        unsubscribe(events.AnswerAccepted, published.append)
    topic = fresh(topic)
    assert topic.accepted_answer_id == reply.pk
    assert topic.solved_by == member
    assert topic.post.solved_at is not None
    assert published == [events.AnswerAccepted(topic_id=topic.pk, reply_id=reply.pk, by=member.pk)]
    services.unaccept_answer(member, topic=topic)
    topic = fresh(topic)
    assert topic.accepted_answer is None
    assert topic.post.solved_at is None


def test_accept_answer_is_for_the_asker_employees_and_moderators(
    member: Member, friend: Member, employee: Member, moderator: Member, category: Category
) -> None:
    topic = ask(member, category)
    reply = answer(friend, topic)
    with pytest.raises(Denied):
        services.accept_answer(friend, topic=topic, reply=reply)
    services.accept_answer(employee, topic=topic, reply=reply)
    services.accept_answer(moderator, topic=fresh(topic), reply=reply)


def test_accept_answer_refuses_notes_deleted_replies_and_other_topics(
    member: Member, friend: Member, employee: Member, category: Category
) -> None:
    topic = ask(member, category)
    other = ask(member, category, title="Andere vraag")
    internal = note(employee, topic)
    foreign = answer(friend, other)
    gone = answer(friend, topic)
    content_services.delete_comment(friend, comment=gone)
    for reply in (internal, foreign, gone):
        with pytest.raises(ValidationError):
            services.accept_answer(member, topic=topic, reply=reply)
    assert fresh(topic).post.solved_at is None


def test_discussions_have_no_accepted_answer(
    member: Member, friend: Member, category: Category
) -> None:
    topic = ask(member, category, kind="discussion")
    with pytest.raises(Denied):
        services.accept_answer(member, topic=topic, reply=answer(friend, topic))


def test_pin_topic_reuses_the_content_pin(
    member: Member, moderator: Member, category: Category
) -> None:
    topic = ask(member, category)
    with pytest.raises(Denied):
        services.pin_topic(member, topic=topic)
    services.pin_topic(moderator, topic=topic)
    assert fresh(topic).post.pinned_at is not None
    services.unpin_topic(moderator, topic=fresh(topic))
    assert fresh(topic).post.pinned_at is None


def test_close_topic_is_for_the_asker_and_staff(
    member: Member, friend: Member, category: Category
) -> None:
    topic = ask(member, category)
    with pytest.raises(Denied):
        services.close_topic(friend, topic=topic)
    services.close_topic(member, topic=topic)
    assert fresh(topic).closed_by == member


def test_watch_and_unwatch(member: Member, friend: Member, category: Category) -> None:
    topic = ask(member, category)
    services.watch_topic(friend, topic=topic)
    services.watch_topic(friend, topic=topic)
    assert TopicWatch.objects.filter(topic=topic).count() == 2
    services.unwatch_topic(friend, topic=topic)
    assert not TopicWatch.objects.filter(member=friend).exists()


def test_assign_question_to_an_employee(
    member: Member, employee: Member, manager: Member, friend: Member, category: Category
) -> None:
    topic = ask(member, category)
    with pytest.raises(Denied):
        services.assign_question(member, topic=topic, assignee=employee)
    with pytest.raises(ValidationError):
        services.assign_question(manager, topic=topic, assignee=friend)
    services.assign_question(manager, topic=topic, assignee=employee)
    topic = fresh(topic)
    assert (topic.assigned_to, topic.assigned_by) == (employee, manager)
    services.assign_question(employee, topic=topic, assignee=None)
    assert fresh(topic).assigned_to is None


def test_assign_refuses_an_employee_who_cannot_read_the_topic(
    stranger: Member, employee: Member, manager: Member, secret_category: Category
) -> None:
    topic = ask(stranger, secret_category)
    with pytest.raises(ValidationError):
        services.assign_question(manager, topic=topic, assignee=employee)


def test_record_view_counts_others_only(member: Member, friend: Member, category: Category) -> None:
    topic = ask(member, category)
    services.record_view(member, topic=topic)
    services.record_view(friend, topic=topic)
    services.record_view(friend, topic=topic)
    assert fresh(topic).view_count == 2


def test_edit_topic_keeps_a_revision(member: Member, category: Category) -> None:
    topic = ask(member, category)
    services.edit_topic(member, topic=topic, title="Nieuwe titel", body="Nieuwe tekst")
    post = fresh(topic).post
    assert post.title == "Nieuwe titel"
    assert post.revisions.get().title == "Hoe zet ik mijn omvormer opnieuw aan?"


def test_quote_of_makes_a_blockquote_with_a_link(
    member: Member, friend: Member, category: Category
) -> None:
    reply = answer(friend, ask(member, category), "Regel een\n\nRegel twee")
    text = services.quote_of(reply, link="/forum/reactie/1/")
    assert text.startswith(f"> [{friend.display_name}](/forum/reactie/1/):")
    assert "> Regel een\n>\n> Regel twee" in text


def test_categories_are_created_ordered_and_deleted_when_empty(
    manager: Member, member: Member, community: Space
) -> None:
    with pytest.raises(Denied):
        services.create_category(member, space=community, name="Nee")
    first = services.create_category(manager, space=community, name="Producten")
    second = services.create_category(manager, space=community, name="Producten")
    assert (first.slug, second.slug) == ("producten", "producten-2")
    services.move_category(manager, category=second, up=True)
    assert list(Category.objects.filter(space=community)) == [second, first]
    ask(member, first)
    with pytest.raises(ValidationError):
        services.delete_category(manager, category=first)
    services.delete_category(manager, category=second)
    assert list(Category.objects.all()) == [first]


def test_group_owners_manage_their_groups_categories(
    employee: Member, member: Member, group: Space
) -> None:
    services.create_category(employee, space=group, name="Tips")
    with pytest.raises(Denied):
        services.create_category(member, space=group, name="Nee")


def test_recount_categories_restores_exact_counters(
    member: Member, friend: Member, employee: Member, category: Category
) -> None:
    topic = ask(member, category)
    answer(friend, topic)
    note(employee, topic)
    Category.objects.update(topic_count=9, reply_count=9)
    services.recount_categories()
    assert counts(category) == (1, 1)


def test_record_view_writes_once_per_batch_and_shows_the_pending_views(
    member: Member, friend: Member, category: Category, settings: Any
) -> None:
    settings.FORUM_VIEWS_PER_WRITE = 3
    topic = ask(member, category)
    seen = []
    for _ in range(7):
        shown = fresh(topic)
        services.record_view(friend, topic=shown)
        seen.append((shown.view_count, fresh(topic).view_count))
    # (what the page shows, what the row holds): the row moves by three at a time.
    assert seen == [(1, 0), (2, 0), (3, 3), (4, 3), (5, 3), (6, 6), (7, 6)]
