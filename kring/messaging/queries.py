"""Every read of private messaging leaving this app.

A conversation exists only for its participants who have not left it: everyone else, site
moderators and admins included, gets NotFound. The one exception is
`flagged_message_for_moderator`, for the moderation app, which shows a message someone flagged
(alone, with its sender).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Lower

from kring.accounts.models import Member
from kring.core.permissions import NotFound
from kring.members.queries import findable_members, search_members, visible_members
from kring.messaging.models import Conversation, Message, MessageAttachment, Participant
from kring.messaging.permissions import can_use_messages

INBOX_PER_PAGE = 25
MESSAGES_PER_PAGE = 30
EXCERPT_LENGTH = 120
SUGGESTIONS = 8
UNREAD_TIMEOUT = 60 * 60


# The unread badge -----------------------------------------------------------------------------


def _unread_key(member_id: int) -> str:
    return f"kring:messaging:unread:{member_id}"


def forget_unread_totals(member_ids: Iterable[int]) -> None:
    """Drop the cached badge of `member_ids`: now, and again once the transaction commits (a
    request reading in between would otherwise cache the old number)."""
    keys = [_unread_key(pk) for pk in set(member_ids)]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def unread_total(member: Any) -> int:
    """Unread messages over all of `member`'s open conversations (cached: no query on a hit)."""
    if not can_use_messages(member):
        return 0
    key = _unread_key(member.pk)
    total = cache.get(key)
    if total is None:
        total = (
            Participant.objects.filter(member_id=member.pk, left_at__isnull=True).aggregate(
                total=Sum("unread_count")
            )["total"]
            or 0
        )
        cache.set(key, total, UNREAD_TIMEOUT)
    return int(total)


# The inbox ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxRow:
    conversation: Conversation
    unread_count: int
    # The other participants who have not left (names and avatars).
    others: list[Member]
    excerpt: str
    # The last message is hidden by a moderator (its excerpt is not shown).
    last_hidden: bool
    last_sender_id: int | None


@dataclass(frozen=True)
class InboxPage:
    rows: list[InboxRow]
    next_cursor: str = ""


def encode_inbox_cursor(row: InboxRow) -> str:
    moment = row.conversation.last_message_at
    stamp = int(moment.timestamp() * 1_000_000) if moment else 0
    return f"{stamp}.{row.conversation.pk}"


def _decode_inbox_cursor(cursor: str) -> tuple[datetime, int] | None:
    try:
        stamp, pk = (int(part) for part in cursor.split(".", 1))
        return datetime.fromtimestamp(stamp / 1_000_000, tz=UTC), pk
    except (ValueError, OverflowError, OSError):
        return None


def _excerpt(body: str) -> str:
    text = " ".join((body or "").split())
    if len(text) <= EXCERPT_LENGTH:
        return text
    return text[: EXCERPT_LENGTH - 1].rstrip() + "…"


def conversations_of(member: Any, *, cursor: str = "") -> InboxPage:
    """`member`'s open conversations, newest activity first (keyset pages), with their unread
    counts, the other participants and an excerpt of the last message: two queries."""
    if not can_use_messages(member):
        return InboxPage(rows=[])
    last = Message.objects.filter(
        conversation_id=OuterRef("conversation_id"), deleted_at__isnull=True
    ).order_by("-created_at", "-id")
    rows = (
        Participant.objects.filter(member_id=member.pk, left_at__isnull=True)
        .select_related("conversation")
        .annotate(
            last_body=Subquery(last.values("body")[:1]),
            last_moderation=Subquery(last.values("moderation")[:1]),
            last_sender=Subquery(last.values("sender_id")[:1]),
        )
        .order_by("-conversation__last_message_at", "-conversation_id")
    )
    position = _decode_inbox_cursor(cursor) if cursor else None
    if position is not None:
        moment, pk = position
        rows = rows.filter(
            Q(conversation__last_message_at__lt=moment)
            | Q(conversation__last_message_at=moment, conversation_id__lt=pk)
        )
    page = list(
        rows.prefetch_related(
            Prefetch(
                "conversation__participants",
                queryset=Participant.objects.filter(left_at__isnull=True)
                .exclude(member_id=member.pk)
                .select_related("member__profile")
                .order_by(Lower("member__display_name"), "member_id"),
                to_attr="open_others",
            )
        )[: INBOX_PER_PAGE + 1]
    )
    items = [
        InboxRow(
            conversation=row.conversation,
            unread_count=row.unread_count,
            others=[other.member for other in row.conversation.open_others],  # type: ignore[attr-defined]
            excerpt=_excerpt(row.last_body or ""),
            last_hidden=row.last_moderation not in (None, "published"),
            last_sender_id=row.last_sender,
        )
        for row in page[:INBOX_PER_PAGE]
    ]
    next_cursor = encode_inbox_cursor(items[-1]) if len(page) > INBOX_PER_PAGE else ""
    return InboxPage(rows=items, next_cursor=next_cursor)


# One conversation -----------------------------------------------------------------------------


def get_participation_for(viewer: Any, conversation_id: int) -> Participant:
    """`viewer`'s place in the conversation, with the conversation: NotFound unless `viewer`
    is in it and has not left (moderators too: they do not read private conversations)."""
    if not can_use_messages(viewer):
        raise NotFound
    participation = (
        Participant.objects.select_related("conversation")
        .filter(conversation_id=conversation_id, member_id=viewer.pk, left_at__isnull=True)
        .first()
    )
    if participation is None:
        raise NotFound
    return participation


def get_conversation_for(viewer: Any, conversation_id: int) -> Conversation:
    """The conversation if `viewer` takes part in it (NotFound otherwise, for everyone else)."""
    return get_participation_for(viewer, conversation_id).conversation


def participants_of(conversation: Conversation) -> list[Participant]:
    """Who is in the conversation now, by name, with their profiles (avatars)."""
    return list(
        Participant.objects.filter(conversation=conversation, left_at__isnull=True)
        .select_related("member__profile")
        .order_by(Lower("member__display_name"), "member_id")
    )


@dataclass(frozen=True)
class MessagePage:
    # Oldest first, as they are read.
    messages: list[Message] = field(default_factory=list)
    # The id to pass as `before` for the page of earlier messages ("" when there is none).
    earlier_cursor: str = ""


def conversation_messages(
    viewer: Any,
    conversation: Conversation,
    *,
    before: str = "",
    since: datetime | None = None,
    participation: Participant | None = None,
) -> MessagePage:
    """The latest page of messages (or the page before message `before`) as `viewer` may read
    them, with senders and attachments: two queries. `since`: the moment `viewer` joined.
    `participation`: `viewer`'s own, from `get_participation_for`, when the caller has it."""
    if participation is None or (participation.member_id, participation.conversation_id) != (
        viewer.pk,
        conversation.pk,
    ):
        get_participation_for(viewer, conversation.pk)  # raises for anyone outside it
    messages: QuerySet[Message] = Message.objects.filter(
        conversation=conversation, deleted_at__isnull=True
    )
    if since is not None:
        messages = messages.filter(created_at__gte=since)
    if before.isdigit():
        messages = messages.filter(pk__lt=int(before))
    page = list(
        messages.select_related("sender__profile")
        .prefetch_related("attachments")
        .order_by("-id")[: MESSAGES_PER_PAGE + 1]
    )
    earlier = str(page[MESSAGES_PER_PAGE - 1].pk) if len(page) > MESSAGES_PER_PAGE else ""
    return MessagePage(messages=list(reversed(page[:MESSAGES_PER_PAGE])), earlier_cursor=earlier)


def get_attachment_for(viewer: Any, attachment_id: int) -> MessageAttachment:
    """An attachment for a participant of its conversation (a hidden message's only for its
    sender); NotFound otherwise."""
    if not can_use_messages(viewer):
        raise NotFound
    attachment = (
        MessageAttachment.objects.select_related("message")
        .filter(
            pk=attachment_id,
            message__deleted_at__isnull=True,
            message__conversation__participants__member_id=viewer.pk,
            message__conversation__participants__left_at__isnull=True,
        )
        .first()
    )
    if attachment is None:
        raise NotFound
    message = attachment.message
    if message.moderation != "published" and message.sender_id != viewer.pk:
        raise NotFound
    return attachment


def flagged_message_for_moderator(message_id: int) -> Message:
    """One message with its sender, for the moderation app's flag page: never the rest of its
    conversation. The caller checks that a flag exists and that the viewer moderates."""
    message = (
        Message.objects.select_related("sender__profile")
        .prefetch_related("attachments")
        .filter(pk=message_id, deleted_at__isnull=True)
        .first()
    )
    if message is None:
        raise NotFound
    return message


def get_message_for(viewer: Any, message_id: int) -> Message:
    """A message as one of its conversation's participants sees it (to flag it); NotFound
    for anyone else."""
    if not can_use_messages(viewer):
        raise NotFound
    message = (
        Message.objects.select_related("sender")
        .filter(
            pk=message_id,
            deleted_at__isnull=True,
            conversation__participants__member_id=viewer.pk,
            conversation__participants__left_at__isnull=True,
        )
        .first()
    )
    if message is None:
        raise NotFound
    return message


# Choosing people ------------------------------------------------------------------------------


def recipients_by_ids(viewer: Any, ids: Iterable[int]) -> list[Member]:
    """The members with `ids` whose profile `viewer` may see, in the order given (blocked ones
    included: the service then says why it cannot write to them)."""
    wanted = list(dict.fromkeys(ids))
    found = {
        member.pk: member
        for member in visible_members(viewer).filter(pk__in=wanted).exclude(pk=viewer.pk)
    }
    return [found[pk] for pk in wanted if pk in found]


def member_suggestions(viewer: Any, query: str, *, limit: int = SUGGESTIONS) -> list[Member]:
    """People `viewer` can find by `query` (name, organisation, interest), not `viewer`."""
    if not query.strip() or not can_use_messages(viewer):
        return []
    found = search_members(findable_members(viewer), query).exclude(pk=viewer.pk)
    return list(found.order_by(Lower("display_name"), "pk")[:limit])


@dataclass(frozen=True)
class NamedRecipients:
    members: list[Member]
    # Names that match nobody, or more than one person (then listed in `suggestions`).
    unknown: list[str]
    ambiguous: list[str]
    suggestions: list[Member]


def members_named(viewer: Any, names: Sequence[str]) -> NamedRecipients:
    """Typed names (without JavaScript), each matched to exactly one findable member."""
    members: list[Member] = []
    unknown: list[str] = []
    ambiguous: list[str] = []
    suggestions: list[Member] = []
    for name in names:
        matches = list(
            findable_members(viewer).filter(display_name__iexact=name).exclude(pk=viewer.pk)[:5]
        )
        if len(matches) == 1:
            members.append(matches[0])
        elif matches:
            ambiguous.append(name)
            suggestions.extend(matches)
        else:
            unknown.append(name)
            suggestions.extend(member_suggestions(viewer, name, limit=4))
    return NamedRecipients(
        members=members, unknown=unknown, ambiguous=ambiguous, suggestions=suggestions
    )
