"""XSS through private messages (issue #5), layer (a) as in test_xss.py.

Inputs: a conversation's title and its first message (the new-conversation form), a reply
(the reply form), and the names typed to find people. Each vector goes in through the input's
own form class and the service its view calls; the pages that show them (the inbox, over all
its pages, and every conversation page, for the sender and the recipient) are fetched through
the full stack and audited by xss_audit.py against the same page holding harmless text. One
real POST per form carries every vector raw, and the page that shows the refused form again
is audited too.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Member
from kring.core.tests.security.conftest import Probe
from kring.core.tests.security.test_xss import (
    ALL_RAW,
    HARMLESS,
    Clients,
    Findings,
    N,
    rotated,
    valid,
)
from kring.core.tests.security.vectors import Vector
from kring.core.tests.security.xss_audit import MARKDOWN_SIGNATURES, fit
from kring.messaging.forms import ConversationForm, ReplyForm
from kring.messaging.models import Conversation
from kring.messaging.services import BODY_MAX, TITLE_MAX, send_message, start_conversation

pytestmark = pytest.mark.django_db

PROBE = "XSS: server-side audit of every input"


@pytest.fixture(autouse=True)
def _no_posting_limits(settings: Any) -> None:
    settings.RATE_LIMITS = {}


@pytest.fixture
def clients() -> Clients:
    return Clients()


def start(author: Member, to: Member, title: Vector, body: Vector) -> Conversation:
    """What messaging:conversation-create does with a valid form."""
    form = ConversationForm(
        {"title": fit(title.text, TITLE_MAX), "body": fit(body.text, BODY_MAX), "find": ""}
    )
    data = valid(form, "conversation form")
    return start_conversation(author, members=[to], title=data["title"], body=data["body"])


def reply(author: Member, conversation: Conversation, body: Vector) -> None:
    """What messaging:message-create does with a valid form."""
    data = valid(ReplyForm({"body": fit(body.text, BODY_MAX)}), "reply form")
    send_message(author, conversation=conversation, body=data["body"])


def inbox_pages(client: Client) -> list[tuple[str, str]]:
    """(path, html) of every page of the inbox."""
    pages = []
    path = reverse("messaging:inbox")
    while path:
        response = client.get(path)
        assert response.status_code == 200
        html = response.content.decode()
        pages.append((path, html))
        marker = 'href="' + reverse("messaging:inbox") + "?na="
        start_at = html.find(marker)
        path = html[start_at + 6 : html.find('"', start_at + 6)] if start_at >= 0 else ""
        assert len(pages) < 50
    return pages


def test_conversation_titles_messages_and_replies(
    member: Member, friend: Member, clients: Clients, probe: Probe
) -> None:
    """Conversation i holds vectors in its title, its first message and a reply. Audited: the
    inbox of both people (every page) and every conversation page, for both of them."""
    findings = Findings()
    sender = clients.logged_in(member)
    recipient = clients.logged_in(friend, role="recipient")
    harmless = start(member, friend, HARMLESS, HARMLESS)
    reply(friend, harmless, HARMLESS)
    # Each of them has a conversation left unread throughout, so the header's unread badge is
    # on every page audited, the baselines included.
    start_conversation(friend, members=[member], title="Ongelezen", body=HARMLESS.text)
    start_conversation(member, members=[friend], title="Ook ongelezen", body=HARMLESS.text)
    path = reverse("messaging:conversation-detail", args=[harmless.pk])
    baseline_sender = findings.harmless(sender, path)
    baseline_recipient = findings.harmless(recipient, path)
    conversations = []
    for i in range(N):
        conversation = start(member, friend, rotated(i, 0), rotated(i, 1))
        reply(friend, conversation, rotated(i, 2))
        conversations.append((i, conversation))
    for i, conversation in conversations:
        vectors = tuple(rotated(i, k) for k in range(3))
        path = reverse("messaging:conversation-detail", args=[conversation.pk])
        for client, baseline, who in (
            (sender, baseline_sender, "sender"),
            (recipient, baseline_recipient, "recipient"),
        ):
            findings.page(
                client,
                path,
                f"conversation {i} ({who})",
                vectors=vectors,
                baseline=baseline,
                allowed=MARKDOWN_SIGNATURES,
            )
    for client, who in ((sender, "sender"), (recipient, "recipient")):
        for path, html in inbox_pages(client):
            findings.check(html, f"inbox of the {who} {path}")
    # The real forms, every vector raw: refused (NUL), and the page shown again is audited.
    response = sender.post(
        reverse("messaging:conversation-create"),
        {"member": [str(friend.pk)], "title": ALL_RAW, "body": ALL_RAW, "find": ALL_RAW},
    )
    assert response.status_code == 200
    findings.check(response.content.decode(), "conversation form echo")
    response = sender.post(
        reverse("messaging:conversation-create"),
        {"title": "x", "body": "y", "find": ALL_RAW[:190], "action": "find"},
    )
    findings.check(response.content.decode(), "people search echo")
    response = sender.post(
        reverse("messaging:message-create", args=[harmless.pk]), {"body": ALL_RAW}
    )
    assert response.status_code == 200
    findings.check(response.content.decode(), "reply form echo")
    response = sender.get(reverse("messaging:member-suggestions"), {"find": ALL_RAW[:190]})
    findings.check(response.content.decode(), "suggestions partial")
    probe(PROBE, cases=N * 3 + 4)
    findings.assert_none()
