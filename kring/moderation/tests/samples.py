"""Items to report, written through the services (or, for messages, the messaging tables)."""

from __future__ import annotations

from kring.accounts.models import Member
from kring.messaging.models import Conversation, Message, Participant
from kring.moderation.models import FlagCase


def message_between(sender: Member, receiver: Member, body: str = "Jij weer?") -> Message:
    """A one-to-one conversation with one message of `sender`."""
    conversation = Conversation.objects.create(created_by=sender)
    Participant.objects.create(conversation=conversation, member=sender)
    Participant.objects.create(conversation=conversation, member=receiver)
    return Message.objects.create(conversation=conversation, sender=sender, body=body)


def case_of(**target: object) -> FlagCase:
    return FlagCase.objects.select_related("post", "comment", "member", "message", "space").get(
        **target
    )
