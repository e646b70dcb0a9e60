"""The reads: a conversation exists only for its participants (moderators and admins get
NotFound too), the inbox and the unread badge."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from kring.accounts.models import Member
from kring.core.permissions import NotFound
from kring.messaging import queries, services
from kring.messaging.models import Message

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("outsider", ["stranger", "moderator", "manager", "admin", "anonymous"])
def test_get_conversation_for_answers_not_found_to_everyone_outside_it(
    member: Member, friend: Member, outsider: str, request: pytest.FixtureRequest
) -> None:
    conversation = services.start_conversation(member, members=[friend], body="Geheim")
    viewer: Any = request.getfixturevalue(outsider)
    with pytest.raises(NotFound):
        queries.get_conversation_for(viewer, conversation.pk)
    with pytest.raises(NotFound):
        queries.conversation_messages(viewer, conversation)
    with pytest.raises(NotFound):
        queries.get_message_for(viewer, Message.objects.get().pk)
    assert queries.get_conversation_for(friend, conversation.pk) == conversation


def test_a_member_who_left_no_longer_finds_the_conversation(member: Member, friend: Member) -> None:
    conversation = services.start_conversation(member, members=[friend], body="Hoi")
    services.leave_conversation(friend, conversation=conversation)
    with pytest.raises(NotFound):
        queries.get_conversation_for(friend, conversation.pk)
    assert queries.conversations_of(friend).rows == []


def test_inbox_lists_newest_activity_first_with_unread_counts_and_excerpts(
    member: Member, friend: Member, stranger: Member
) -> None:
    older = services.start_conversation(friend, members=[member], body="Eerste gesprek")
    newer = services.start_conversation(stranger, members=[member], body="Tweede gesprek")
    services.send_message(friend, conversation=older, body="Een **nieuw** bericht")
    rows = queries.conversations_of(member).rows
    assert [row.conversation.pk for row in rows] == [older.pk, newer.pk]
    assert rows[0].unread_count == 2
    assert rows[0].excerpt == "Een **nieuw** bericht"
    assert [other.pk for other in rows[0].others] == [friend.pk]


def test_inbox_pages_by_keyset(member: Member, friend: Member, settings: Any) -> None:
    from kring.messaging import queries as module

    original = module.INBOX_PER_PAGE
    module.INBOX_PER_PAGE = 2
    try:
        made = [
            services.start_conversation(member, members=[friend], title=f"G{n}", body="x")
            for n in range(5)
        ]
        seen: list[int] = []
        cursor = ""
        while True:
            page = queries.conversations_of(member, cursor=cursor)
            seen += [row.conversation.pk for row in page.rows]
            if not page.next_cursor:
                break
            cursor = page.next_cursor
        assert seen == [conversation.pk for conversation in reversed(made)]
    finally:
        module.INBOX_PER_PAGE = original


def test_inbox_hides_the_excerpt_of_a_hidden_message(
    member: Member, friend: Member, moderator: Member
) -> None:
    services.start_conversation(friend, members=[member], body="Iets lelijks")
    message = Message.objects.get()
    services.set_message_moderation(moderator, message=message, state="hidden", reason="x")
    (row,) = queries.conversations_of(member).rows
    assert row.last_hidden


def test_messages_page_by_keyset_oldest_first(member: Member, friend: Member) -> None:
    from kring.messaging import queries as module

    conversation = services.start_conversation(member, members=[friend], body="0")
    for n in range(1, 2 * module.MESSAGES_PER_PAGE + 5):
        services.send_message(member, conversation=conversation, body=str(n))
    page = queries.conversation_messages(friend, conversation)
    bodies = [message.body for message in page.messages]
    assert bodies[-1] == str(2 * module.MESSAGES_PER_PAGE + 4)
    assert bodies == sorted(bodies, key=int)
    earlier = queries.conversation_messages(friend, conversation, before=page.earlier_cursor)
    assert int(earlier.messages[-1].body) == int(bodies[0]) - 1


def test_unread_total_costs_no_query_on_a_cache_hit(
    member: Member, friend: Member, django_assert_num_queries: Any
) -> None:
    services.start_conversation(friend, members=[member], body="Hoi")
    assert queries.unread_total(member) == 1
    with django_assert_num_queries(0):
        assert queries.unread_total(member) == 1


def test_unread_total_is_zero_for_visitors(anonymous: AnonymousUser) -> None:
    assert queries.unread_total(anonymous) == 0


def test_flagged_message_for_moderator_gives_the_message_and_its_sender_alone(
    member: Member, friend: Member
) -> None:
    conversation = services.start_conversation(member, members=[friend], body="Dit")
    services.send_message(friend, conversation=conversation, body="Dat")
    first = Message.objects.order_by("pk").first()
    assert first is not None
    message = queries.flagged_message_for_moderator(first.pk)
    assert message.body == "Dit"
    assert message.sender == member
    with pytest.raises(NotFound):
        queries.flagged_message_for_moderator(first.pk + 100)


def test_member_suggestions_leave_out_the_viewer_and_blocked_people(
    member: Member, friend: Member
) -> None:
    from kring.social.models import Block

    assert [m.pk for m in queries.member_suggestions(member, "Bram")] == [friend.pk]
    assert queries.member_suggestions(member, "Anne") == []
    Block.objects.create(blocker=friend, blocked=member)
    assert queries.member_suggestions(member, "Bram") == []


def test_members_named_matches_full_names_exactly(member: Member, friend: Member) -> None:
    named = queries.members_named(member, ["bram jansen", "Niemand Bekend"])
    assert named.members == [friend]
    assert named.unknown == ["Niemand Bekend"]


def test_the_unread_context_processor_costs_no_query_on_a_cache_hit(
    member: Member, friend: Member, rf: Any, django_assert_num_queries: Any
) -> None:
    from kring.messaging.context_processors import unread

    services.start_conversation(friend, members=[member], body="Hoi")
    request = rf.get("/")
    request.user = member
    assert int(unread(request)["unread_messages"]) == 1
    with django_assert_num_queries(0):
        value = unread(request)["unread_messages"]
        assert str(value) == "1"
        assert value
        assert value > 0
        assert int(value) == 1
