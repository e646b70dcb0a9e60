"""The index follows every create, edit, delete and restore, through the published events."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.content.models import Post
from kring.content.services import (
    delete_comment,
    delete_post,
    edit_comment,
    edit_post,
    restore_post,
)
from kring.content.tests.samples import community_space
from kring.core.events import publish
from kring.forum.events import AnswerAccepted
from kring.members.services import update_profile
from kring.search.models import EntryKind, SearchEntry
from kring.search.tests.conftest import IndexNow
from kring.search.tests.samples import found, post, reply, topic
from kring.spaces.services.groups import create_group, update_group

pytestmark = pytest.mark.django_db


def test_index_follows_post_create_edit_delete_and_restore(
    member: Member, moderator: Member, index_now: IndexNow
) -> None:
    with index_now():
        made = post(member, community_space(), "Eerste versie over **kaas**")
    entry = SearchEntry.objects.get(key=f"post:{made.pk}")
    assert (entry.kind, entry.body, entry.author_id) == (
        EntryKind.POST,
        "Eerste versie over kaas",
        member.pk,
    )
    with index_now():
        edit_post(member, post=made, body="Tweede versie over worst")
    assert found(member, "kaas") == []
    assert found(member, "worst") == [f"post:{made.pk}"]
    with index_now():
        delete_post(member, post=made)
    assert not SearchEntry.objects.filter(key=f"post:{made.pk}").exists()
    with index_now():
        restore_post(moderator, post=Post.objects.get(pk=made.pk))
    assert found(member, "worst") == [f"post:{made.pk}"]


def test_index_follows_comment_create_edit_and_delete(
    member: Member, friend: Member, index_now: IndexNow
) -> None:
    with index_now():
        question = topic(member, community_space(), "Printer doet raar")
        answer = reply(friend, question, "Probeer de cartridge opnieuw")
    entry = SearchEntry.objects.get(key=f"comment:{answer.pk}")
    assert (entry.kind, entry.post_id, entry.space_id) == (
        EntryKind.REPLY,
        question.pk,
        question.space_id,
    )
    with index_now():
        edit_comment(friend, comment=answer, body="Probeer de toner opnieuw")
    assert found(member, "cartridge") == []
    assert found(member, "toner") == [f"comment:{answer.pk}"]
    with index_now():
        delete_comment(friend, comment=answer)
    assert found(member, "toner") == []
    assert not SearchEntry.objects.filter(key=f"comment:{answer.pk}").exists()


def test_index_follows_group_create_and_update(
    employee: Member, member: Member, index_now: IndexNow
) -> None:
    with index_now():
        group = create_group(employee, name="Fotografie", description="Samen **foto's** maken")
    assert found(member, "fotografie") == [f"group:{group.pk}"]
    with index_now():
        update_group(employee, space=group, name="Schilderen", description="Verf en kwasten")
    assert found(member, "fotografie") == []
    assert found(member, "kwasten") == [f"group:{group.pk}"]


def test_index_follows_new_members_and_profile_edits(member: Member, index_now: IndexNow) -> None:
    with index_now():
        person = MemberFactory(display_name="Iris Haverkamp")
    assert found(member, "haverkamp") == [f"member:{person.pk}"]
    with index_now():
        update_profile(
            person, member=person, display_name="Iris Korenblom", organisation="Molen De Hoop"
        )
    assert found(member, "haverkamp") == []
    assert found(member, "korenblom") == [f"member:{person.pk}"]
    assert found(member, "molen") == [f"member:{person.pk}"]
    entry = SearchEntry.objects.get(key=f"member:{person.pk}")
    assert person.email not in entry.body + entry.title


def test_index_follows_accepted_answers(member: Member, index_now: IndexNow) -> None:
    with index_now():
        question = topic(member, community_space(), "Wachtwoord vergeten")
    Post.objects.filter(pk=question.pk).update(solved_at=timezone.now())
    publish(AnswerAccepted(topic_id=question.pk, reply_id=0, by=member.pk))
    assert SearchEntry.objects.get(key=f"post:{question.pk}").is_solved


def test_index_keeps_scheduled_posts_hidden_until_their_time(
    manager: Member, member: Member, index_now: IndexNow
) -> None:
    with index_now():
        later = post(manager, community_space(), "Onderhoud aan het netwerk")
        Post.objects.filter(pk=later.pk).update(created_at=timezone.now() + timedelta(hours=3))
    assert SearchEntry.objects.filter(key=f"post:{later.pk}").exists()
    assert found(member, "onderhoud") == []
