"""Past-tense facts of private messaging (notifications listen to them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MessageSent:
    message_id: int
    conversation_id: int
    sender_id: int
    # Who receives it: the participants who have not left, without the sender.
    recipient_ids: tuple[int, ...]
    is_mediation: bool = False


@dataclass(frozen=True)
class ConversationLeft:
    conversation_id: int
    member_id: int


@dataclass(frozen=True)
class ParticipantsAdded:
    conversation_id: int
    member_ids: tuple[int, ...]
    by: int
