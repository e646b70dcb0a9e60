"""The demo's private messages: conversations of the demo member, some unread; a second run
adds nothing."""

from __future__ import annotations

import pytest

from kring.demo.context import DemoContext
from kring.demo.members import build_demo_logins
from kring.demo.messaging import build_messaging
from kring.messaging.models import Conversation, Message
from kring.messaging.queries import conversations_of, unread_total

pytestmark = pytest.mark.django_db


def test_the_demo_member_has_conversations_with_unread_messages() -> None:
    context = DemoContext()
    build_demo_logins(context, context.random_for("demo logins"))
    summary = build_messaging(context, context.random_for("messaging"))
    member = context.logins["member"]
    # Without the community step only the conversations among the demo logins are written.
    assert summary == "2 conversations of the demo member (2 new)"
    assert unread_total(member) == 1
    rows = conversations_of(member).rows
    assert [row.unread_count for row in rows] == [1, 0]
    messages = Message.objects.count()
    again = build_messaging(context, context.random_for("messaging"))
    assert again == "2 conversations of the demo member (0 new)"
    assert Message.objects.count() == messages
    assert Conversation.objects.count() == 2
