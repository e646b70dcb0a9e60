"""The inbox and a conversation cost the same number of queries whatever the data: 3
conversations or 30, 5 messages or 60 (with attachments). These numbers are pinned."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import MemberFactory, session_queries
from kring.accounts.models import Member
from kring.messaging import services
from kring.messaging.models import Conversation
from kring.uploads.tests.samples import pdf_bytes

pytestmark = pytest.mark.django_db

# Inbox for a member (second visit): the viewer, the page of conversations (each with its
# last message's excerpt, sender and moderation as subqueries), the other participants with
# their profiles and the test client's e-mail leak check (the viewer's profile, for the
# header's avatar, comes with the viewer).
INBOX_QUERIES = 4
# Conversation page (second visit, nothing unread): the viewer, their place in it with the
# conversation, the participants with profiles, the page of messages (senders and profiles
# joined), their attachments, whether a one-to-one is blocked either way (two) and the leak
# check.
CONVERSATION_QUERIES = 8


def fill_inbox(member: Member, count: int) -> None:
    others = MemberFactory.create_batch(3)
    for n in range(count):
        services.start_conversation(others[n % 3], members=[member, *others], title=f"G{n}",
                                    body=f"Bericht {n}")  # fmt: skip


def fill_conversation(
    conversation: Conversation, member: Member, friend: Member, count: int
) -> None:
    for n in range(count):
        sender = member if n % 2 else friend
        attachments = (
            [SimpleUploadedFile(f"plan{n}.pdf", pdf_bytes(), "application/pdf")]
            if n % 10 == 0
            else []
        )
        services.send_message(sender, conversation=conversation, body=f"Nummer {n}",
                              attachments=attachments)  # fmt: skip


@pytest.mark.parametrize("count", [3, 30])
def test_inbox_query_count_is_fixed(
    client: Client, member: Member, count: int, django_assert_num_queries: Any
) -> None:
    fill_inbox(member, count)
    client.force_login(member)
    url = reverse("messaging:inbox")
    client.get(url)
    with django_assert_num_queries(INBOX_QUERIES + session_queries()):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 60])
def test_conversation_query_count_is_fixed(  # noqa: PLR0917  (personas)
    client: Client,
    member: Member,
    friend: Member,
    media: Path,
    count: int,
    django_assert_num_queries: Any,
) -> None:
    conversation = services.start_conversation(member, members=[friend], body="Begin")
    fill_conversation(conversation, member, friend, count)
    client.force_login(member)
    url = reverse("messaging:conversation-detail", args=[conversation.pk])
    client.get(url)
    with django_assert_num_queries(CONVERSATION_QUERIES + session_queries()):
        response = client.get(url)
    assert response.status_code == 200
