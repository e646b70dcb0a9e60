"""Moderators reorganise reported topics: lock, pin, move, merge, split."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Member
from kring.audit.models import AuditEntry
from kring.content.models import Comment, Post
from kring.content.tests.samples import join
from kring.forum.models import Category, Topic
from kring.forum.tests.samples import answer, ask, fresh, make_category
from kring.moderation import services
from kring.moderation.models import Resolution
from kring.moderation.tests.samples import case_of
from kring.spaces.models import Space

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(community: Space) -> Category:
    return make_category(community, "Algemeen")


def _reported(topic: Topic, flagger: Member) -> None:
    services.flag_post(flagger, post_id=topic.pk, reason="off_topic")


def test_lock_and_pin_a_reported_topic(
    category: Category, member: Member, friend: Member, moderator: Member
) -> None:
    topic = ask(member, category)
    _reported(topic, friend)
    case = case_of(post=topic.post)
    with pytest.raises(ValidationError):
        services.lock_case_topic(moderator, case=case, reason=" ")
    services.lock_case_topic(moderator, case=case, reason="Te verhit")
    services.pin_case_post(moderator, case=case)
    topic = fresh(topic)
    assert topic.lock_reason == "Te verhit"
    assert topic.post.pinned_at is not None
    assert AuditEntry.objects.filter(action="topic.lock").exists()
    assert AuditEntry.objects.filter(action="post.pin").exists()


def test_move_a_topic_to_another_category_recounts(
    category: Category, community: Space, member: Member, friend: Member, moderator: Member
) -> None:
    other = make_category(community, "Elders")
    topic = ask(member, category)
    answer(friend, topic)
    _reported(topic, friend)
    services.move_case_topic(moderator, case=case_of(post=topic.post), category=other)
    assert fresh(topic).category_id == other.pk
    category.refresh_from_db()
    other.refresh_from_db()
    assert (category.topic_count, category.reply_count) == (0, 0)
    assert (other.topic_count, other.reply_count) == (1, 1)
    assert AuditEntry.objects.filter(action="topic.move").exists()


@pytest.mark.usefixtures("category")
def test_merge_moves_the_replies_and_deletes_the_source(
    member: Member,
    friend: Member,
    stranger: Member,
    moderator: Member,
    django_capture_on_commit_callbacks: object,
) -> None:
    category = Category.objects.get()
    target = ask(member, category, title="Omvormer staat uit")
    source = ask(stranger, category, title="Omvormer doet niks")
    answer(friend, target)
    answer(friend, source, body="Herstart hem")
    _reported(source, friend)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.merge_case_topic(moderator, case=case_of(post=source.post), into=target)
    assert Post.objects.get(pk=source.pk).deleted_at is not None
    bodies = set(Comment.objects.filter(post_id=target.pk).values_list("body", flat=True))
    assert {"Herstart hem", "Mijn omvormer staat uit sinds gisteren."} <= bodies
    assert Post.objects.get(pk=target.pk).comment_count == 3
    category.refresh_from_db()
    assert (category.topic_count, category.reply_count) == (1, 3)
    assert case_of(post=source.post).resolution == Resolution.MERGED
    with pytest.raises(ValidationError):
        services.merge_case_topic(moderator, case=case_of(post=source.post), into=target)


def test_split_makes_a_new_topic_of_the_selected_replies(
    category: Category, member: Member, friend: Member, stranger: Member, moderator: Member
) -> None:
    topic = ask(member, category)
    keep = answer(friend, topic, body="Zet de schakelaar om.")
    first = answer(stranger, topic, body="Off-topic: wie gaat er mee fietsen?")
    second = answer(friend, topic, body="Ik fiets mee!")
    _reported(topic, friend)
    new_topic = services.split_case_topic(
        moderator,
        case=case_of(post=topic.post),
        reply_ids=[first.pk, second.pk],
        title="Fietsen",
    )
    new_post = Post.objects.get(pk=new_topic.pk)
    assert (new_post.title, new_post.author_id, new_post.body) == (
        "Fietsen",
        stranger.pk,
        first.body,
    )
    assert list(Comment.objects.filter(post_id=new_post.pk).values_list("pk", flat=True)) == [
        second.pk
    ]
    assert list(Comment.objects.filter(post_id=topic.pk).values_list("pk", flat=True)) == [keep.pk]
    assert (Post.objects.get(pk=topic.pk).comment_count, new_post.comment_count) == (1, 1)
    category.refresh_from_db()
    assert (category.topic_count, category.reply_count) == (2, 2)
    with pytest.raises(ValidationError):
        services.split_case_topic(moderator, case=case_of(post=topic.post), reply_ids=[], title="X")


def test_topic_actions_refuse_other_items(
    category: Category, member: Member, friend: Member, moderator: Member
) -> None:
    topic = ask(member, category)
    reply = answer(member, topic)
    services.flag_comment(friend, comment_id=reply.pk, reason="spam")
    with pytest.raises(ValidationError):
        services.lock_case_topic(moderator, case=case_of(comment=reply), reason="Nee")


def test_case_page_offers_the_topic_actions(
    client: Client, category: Category, member: Member, friend: Member, moderator: Member
) -> None:
    topic = ask(member, category)
    answer(friend, topic)
    _reported(topic, friend)
    case = case_of(post=topic.post)
    client.force_login(moderator)
    page = client.get(reverse("moderation:case-detail", args=[case.pk])).content.decode()
    for name in ("case-lock", "case-move", "case-merge", "case-split", "case-pin", "case-edit"):
        assert reverse(f"moderation:{name}", args=[case.pk]) in page
    bad = client.post(reverse("moderation:case-merge", args=[case.pk]), {"into": "999999"})
    assert bad.status_code == 400
    assert "There is no topic with that number" in bad.content.decode()
    moved = client.post(
        reverse("moderation:case-lock", args=[case.pk]), {"reason": "Even rust", "next": "/"}
    )
    assert moved.status_code == 302


def test_move_a_topic_into_another_group(
    category: Category, group: Space, member: Member, friend: Member, moderator: Member
) -> None:
    elsewhere = make_category(group, "Fietsvragen")
    topic = ask(member, category)
    _reported(topic, friend)
    services.move_case_topic(moderator, case=case_of(post=topic.post), category=elsewhere)
    assert Post.objects.get(pk=topic.pk).space_id == group.pk
    assert case_of(post=topic.post).space_id == group.pk


@pytest.mark.usefixtures("category")
def test_group_moderators_move_only_within_their_group(
    client: Client, group: Space, member: Member, friend: Member, employee: Member
) -> None:
    join(group, member)
    inside = make_category(group, "Fietsvragen")
    other = make_category(group, "Tochten")
    topic = ask(member, inside)
    _reported(topic, friend)
    case = case_of(post=topic.post)
    client.force_login(employee)  # the group's owner
    page = client.get(reverse("moderation:case-detail", args=[case.pk])).content.decode()
    assert "Tochten" in page
    assert "Algemeen" not in page
    response = client.post(
        reverse("moderation:case-move", args=[case.pk]), {"category": other.pk, "next": "/"}
    )
    assert response.status_code == 302
    assert fresh(topic).category_id == other.pk
