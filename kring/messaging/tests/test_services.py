"""The writes of private messaging: who may write to whom, the limits, and exact counters."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import MemberFactory
from kring.accounts.models import ApprovalStatus, Member
from kring.content import screening
from kring.core.permissions import Denied
from kring.messaging import services
from kring.messaging.models import Conversation, ConversationKind, Message, Participant
from kring.messaging.queries import unread_total
from kring.social.models import Block

pytestmark = pytest.mark.django_db


def unread(member: Member, conversation: Conversation) -> int:
    return Participant.objects.get(conversation=conversation, member=member).unread_count


def test_start_conversation_writes_the_first_message_and_counts_it(
    member: Member, friend: Member
) -> None:
    conversation = services.start_conversation(member, members=[friend], body="Hoi **Bram**")
    conversation.refresh_from_db()
    assert conversation.kind == ConversationKind.PRIVATE
    assert not conversation.is_group
    assert conversation.message_count == 1
    assert conversation.last_message_at is not None
    message = Message.objects.get(conversation=conversation)
    assert message.body_html == "<p>Hoi <strong>Bram</strong></p>"
    assert unread(friend, conversation) == 1
    assert unread(member, conversation) == 0


def test_start_conversation_reuses_the_one_to_one_conversation_of_the_two(
    member: Member, friend: Member
) -> None:
    first = services.start_conversation(member, members=[friend], body="Hoi")
    again = services.start_conversation(friend, members=[member], body="Hallo terug")
    assert again.pk == first.pk
    first.refresh_from_db()
    assert first.message_count == 2
    assert unread(member, first) == 1
    assert unread(friend, first) == 0


def test_start_conversation_reopens_a_one_to_one_conversation_someone_left(
    member: Member, friend: Member
) -> None:
    first = services.start_conversation(member, members=[friend], body="Hoi")
    services.leave_conversation(friend, conversation=first)
    again = services.start_conversation(member, members=[friend], body="Nog eens")
    assert again.pk == first.pk
    assert Participant.objects.get(conversation=first, member=friend).left_at is None


def test_a_title_or_several_people_start_a_group(
    member: Member, friend: Member, stranger: Member
) -> None:
    group = services.start_conversation(member, members=[friend, stranger], body="Allemaal")
    titled = services.start_conversation(member, members=[friend], body="Over", title="Uitje")
    assert group.is_group
    assert titled.is_group
    assert group.pk != titled.pk
    assert group.participants.count() == 3


def test_a_conversation_has_at_most_twenty_people(member: Member) -> None:
    nineteen = MemberFactory.create_batch(19)
    conversation = services.start_conversation(member, members=nineteen, body="Groot")
    assert conversation.participants.count() == 20
    with pytest.raises(ValidationError, match="at most 20 people"):
        services.start_conversation(member, members=[*nineteen, MemberFactory()], body="Te groot")
    with pytest.raises(ValidationError, match="at most 20 people"):
        services.add_participants(member, conversation=conversation, members=[MemberFactory()])


@pytest.mark.parametrize("direction", ["actor blocks", "blocked by"])
def test_blocks_refuse_a_new_conversation_with_a_clear_message(
    member: Member, friend: Member, direction: str
) -> None:
    if direction == "actor blocks":
        Block.objects.create(blocker=member, blocked=friend)
    else:
        Block.objects.create(blocker=friend, blocked=member)
    with pytest.raises(ValidationError, match="cannot send each other messages"):
        services.start_conversation(member, members=[friend], body="Hoi")


def test_a_block_ends_a_one_to_one_conversation(member: Member, friend: Member) -> None:
    conversation = services.start_conversation(member, members=[friend], body="Hoi")
    Block.objects.create(blocker=friend, blocked=member)
    for sender in (member, friend):
        with pytest.raises(ValidationError, match="blocked contact"):
            services.send_message(sender, conversation=conversation, body="Nog iets")


def test_a_block_does_not_stop_a_group(member: Member, friend: Member, stranger: Member) -> None:
    conversation = services.start_conversation(member, members=[friend, stranger], body="Hoi")
    Block.objects.create(blocker=friend, blocked=member)
    services.send_message(member, conversation=conversation, body="Nog iets")
    assert Conversation.objects.get(pk=conversation.pk).message_count == 2


@pytest.mark.parametrize(
    "change",
    [
        {"approval_status": ApprovalStatus.PENDING},
        {"is_active": False},
        {"suspended_until": "future"},
    ],
)
def test_unapproved_banned_or_suspended_members_receive_nothing(
    member: Member, friend: Member, change: dict[str, object]
) -> None:
    for field, value in change.items():
        setattr(friend, field, timezone.now() + timedelta(days=1) if value == "future" else value)
    friend.save()
    with pytest.raises(ValidationError, match="cannot receive messages"):
        services.start_conversation(member, members=[friend], body="Hoi")


def test_silenced_and_suspended_members_cannot_send(member: Member, friend: Member) -> None:
    conversation = services.start_conversation(friend, members=[member], body="Hoi")
    member.silenced_until = timezone.now() + timedelta(days=1)
    with pytest.raises(Denied):
        services.send_message(member, conversation=conversation, body="Toch")
    with pytest.raises(Denied):
        services.start_conversation(member, members=[friend], body="Toch")
    member.silenced_until = None
    member.suspended_until = timezone.now() + timedelta(days=1)
    with pytest.raises(Denied):
        services.send_message(member, conversation=conversation, body="Toch")


def test_silenced_members_can_reply_in_a_mediation(
    moderator: Member, member: Member, friend: Member
) -> None:
    Block.objects.create(blocker=member, blocked=friend)
    mediation = services.start_mediation_conversation(
        moderator, members=[member, friend], title="Ruzie over de fietsroute", body="Welkom"
    )
    assert mediation.kind == ConversationKind.MEDIATION
    member.silenced_until = timezone.now() + timedelta(days=1)
    services.send_message(member, conversation=mediation, body="Mijn kant van het verhaal")
    services.send_message(friend, conversation=mediation, body="En de mijne")
    assert Conversation.objects.get(pk=mediation.pk).message_count == 3


def test_only_moderators_open_a_mediation(member: Member, friend: Member) -> None:
    with pytest.raises(Denied):
        services.start_mediation_conversation(member, members=[friend], title="x", body="y")


def test_unread_counts_stay_exact(member: Member, friend: Member, stranger: Member) -> None:
    conversation = services.start_conversation(member, members=[friend, stranger], body="1")
    services.send_message(member, conversation=conversation, body="2")
    services.send_message(friend, conversation=conversation, body="3")
    assert unread(stranger, conversation) == 3
    assert unread(friend, conversation) == 0  # writing is reading
    assert unread(member, conversation) == 1
    assert unread_total(stranger) == 3
    services.mark_read(stranger, conversation=conversation)
    assert unread(stranger, conversation) == 0
    assert unread_total(stranger) == 0
    services.send_message(member, conversation=conversation, body="4")
    assert unread_total(stranger) == 1
    conversation.refresh_from_db()
    assert conversation.message_count == 4


def test_leaving_stops_new_messages_and_clears_the_badge(
    member: Member, friend: Member, stranger: Member
) -> None:
    conversation = services.start_conversation(member, members=[friend, stranger], body="1")
    assert unread_total(friend) == 1
    services.leave_conversation(friend, conversation=conversation)
    assert unread_total(friend) == 0
    services.send_message(member, conversation=conversation, body="2")
    assert unread(friend, conversation) == 0
    with pytest.raises(ValidationError, match="no longer in this conversation"):
        services.send_message(friend, conversation=conversation, body="3")


def test_alone_in_a_conversation_nothing_can_be_sent(member: Member, friend: Member) -> None:
    conversation = services.start_conversation(member, members=[friend], body="1")
    services.leave_conversation(friend, conversation=conversation)
    with pytest.raises(ValidationError, match="Nobody else"):
        services.send_message(member, conversation=conversation, body="2")


def test_add_participants_only_in_groups(member: Member, friend: Member, stranger: Member) -> None:
    one_to_one = services.start_conversation(member, members=[friend], body="1")
    with pytest.raises(Denied):
        services.add_participants(member, conversation=one_to_one, members=[stranger])
    group = services.start_conversation(member, members=[friend], body="1", title="Club")
    assert services.add_participants(member, conversation=group, members=[stranger]) == 1
    assert unread(stranger, group) == 0
    with pytest.raises(ValidationError, match="already in"):
        services.add_participants(member, conversation=group, members=[stranger])


def test_empty_and_too_long_bodies_are_refused(member: Member, friend: Member) -> None:
    with pytest.raises(ValidationError, match="Write a message first"):
        services.start_conversation(member, members=[friend], body="   ")
    with pytest.raises(ValidationError, match="at most 10000"):
        services.start_conversation(member, members=[friend], body="x" * 10001)
    with pytest.raises(ValidationError, match="at least one person"):
        services.start_conversation(member, members=[member], body="Hoi")


def test_screens_see_messages_and_a_hold_refuses(member: Member, friend: Member) -> None:
    seen: list[str] = []

    def hold_spam(submission: screening.Submission) -> screening.Submission:
        seen.append(submission.target)
        if "casino" in submission.body:
            return replace(submission, hold_reason="it looks like spam")
        if "verdorie" in submission.body:
            return replace(submission, body="v******")
        return submission

    screening.register_screen(hold_spam, order=999)
    try:
        with pytest.raises(ValidationError, match="cannot be sent: it looks like spam"):
            services.start_conversation(member, members=[friend], body="Gratis casino")
        conversation = services.start_conversation(member, members=[friend], body="verdorie")
        assert Message.objects.get(conversation=conversation).body == "v******"
        assert seen == ["message", "message"]
    finally:
        screening._screens[:] = [pair for pair in screening._screens if pair[1] is not hold_spam]


def test_send_system_message_arrives_despite_blocks_and_silence(
    moderator: Member, member: Member
) -> None:
    Block.objects.create(blocker=member, blocked=moderator)
    member.silenced_until = timezone.now() + timedelta(days=1)
    member.save()
    message = services.send_system_message(
        recipient=member, body="Let op je toon.", sender=moderator
    )
    conversation = message.conversation
    assert conversation.title == "Warning"
    assert unread(member, conversation) == 1
    assert unread_total(member) == 1


def test_set_message_moderation_keeps_a_reason_only_while_hidden(
    member: Member, friend: Member, moderator: Member
) -> None:
    conversation = services.start_conversation(member, members=[friend], body="Hoi")
    message = Message.objects.get(conversation=conversation)
    services.set_message_moderation(moderator, message=message, state="hidden", reason="Spam")
    assert Message.objects.get(pk=message.pk).moderation_reason == "Spam"
    services.set_message_moderation(moderator, message=message, state="published")
    assert Message.objects.get(pk=message.pk).moderation_reason == ""


def test_delete_message_removes_it_from_the_conversation(
    member: Member, friend: Member, moderator: Member
) -> None:
    from kring.messaging.queries import conversation_messages

    conversation = services.start_conversation(member, members=[friend], body="Weg ermee")
    services.delete_message(moderator, message=Message.objects.get())
    assert conversation_messages(friend, conversation).messages == []
