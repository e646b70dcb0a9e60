"""A member's record (flags about them, flags by them) and reporting after leaving a
conversation."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Member
from kring.content.services import comment_on_post
from kring.content.tests.samples import post_in
from kring.core.permissions import NotFound
from kring.messaging.services import leave_conversation
from kring.moderation import queries, services
from kring.moderation.tests.samples import message_between
from kring.spaces.models import Space

pytestmark = pytest.mark.django_db


def test_flags_against_and_by_a_member(
    community: Space, member: Member, friend: Member, stranger: Member
) -> None:
    post = post_in(community, member)
    comment = comment_on_post(member, post=post, body="Nog iets")
    message = message_between(member, friend)
    on_post = services.flag_post(friend, post_id=post.pk, reason="spam")
    on_comment = services.flag_comment(stranger, comment_id=comment.pk, reason="offensive")
    on_profile = services.flag_member(friend, member_id=member.pk, reason="other", text="Nep")
    on_message = services.flag_message(friend, message_id=message.pk, reason="offensive")
    about_friend = services.flag_member(member, member_id=friend.pk, reason="spam")
    against = list(queries.flags_against(member))
    assert {flag.pk for flag in against} == {
        on_post.pk,
        on_comment.pk,
        on_profile.pk,
        on_message.pk,
    }
    assert [flag.pk for flag in against] == sorted((f.pk for f in against), reverse=True)
    assert [flag.pk for flag in queries.flags_by(member)] == [about_friend.pk]
    assert [flag.pk for flag in queries.flags_by(friend)] == [
        on_message.pk,
        on_profile.pk,
        on_post.pk,
    ]
    assert list(queries.flags_against(stranger)) == []


def test_a_member_who_left_a_conversation_cannot_report_its_messages(
    client: Client, member: Member, friend: Member
) -> None:
    message = message_between(friend, member)
    leave_conversation(member, conversation=message.conversation)
    with pytest.raises(NotFound):
        services.flag_message(member, message_id=message.pk, reason="spam")
    client.force_login(member)
    url = reverse("moderation:flag-message", args=[message.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "spam"}).status_code == 404
