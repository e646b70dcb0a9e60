"""Who may write private messages, and to whom: pure predicates for services, views and
templates."""

from __future__ import annotations

from typing import Any

from kring.accounts import roles
from kring.accounts.models import ApprovalStatus
from kring.messaging.models import Conversation, ConversationKind


def is_reachable(member: Any) -> bool:
    """An active, approved member who is not suspended: someone a message can go to."""
    return bool(
        member is not None
        and getattr(member, "is_authenticated", False)
        and getattr(member, "is_active", False)
        and getattr(member, "approval_status", None) == ApprovalStatus.APPROVED
        and not getattr(member, "is_suspended", False)
    )


def can_use_messages(actor: Any) -> bool:
    """Reads and writes conversations at all: logged in, active, approved, not suspended."""
    return is_reachable(actor)


def can_send_messages(actor: Any, conversation: Conversation | None = None) -> bool:
    """May write: silenced members only in a mediation conversation (to settle the conflict)."""
    if not can_use_messages(actor):
        return False
    if conversation is not None and conversation.kind == ConversationKind.MEDIATION:
        return True
    return not getattr(actor, "is_silenced", False)


def can_start_mediation(actor: Any) -> bool:
    """Site moderators (and managers, admins) open mediation conversations."""
    return can_use_messages(actor) and roles.may_moderate(actor)


def can_add_participants(actor: Any, conversation: Conversation) -> bool:
    """Participants of a group conversation add people; one-to-one and mediation ones are fixed
    (a mediation's moderator chooses its parties when it opens)."""
    return (
        can_send_messages(actor, conversation)
        and conversation.is_group
        and conversation.kind == ConversationKind.PRIVATE
    )
