"""Every write of private messaging: one function per member action.

Counters are kept exact with F() expressions: `Conversation.message_count/last_message_at` and
each participant's `unread_count` (the inbox badge, cached per member by
`queries.unread_total` and dropped here whenever it changes).

Screens (`kring.content.screening`) see every message with target "message". A screen that
would hold a message for approval refuses it instead: nobody but its participants may read a
private message, so there is no one to approve it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.content.screening import Submission, screen
from kring.core.events import publish_on_commit
from kring.core.markup import render_markdown
from kring.core.permissions import require
from kring.messaging import events
from kring.messaging.attachments import prepare_attachments, store_attachments
from kring.messaging.models import (
    MAX_PARTICIPANTS,
    Conversation,
    ConversationKind,
    Message,
    Participant,
)
from kring.messaging.permissions import (
    can_add_participants,
    can_send_messages,
    can_start_mediation,
    can_use_messages,
    is_reachable,
)
from kring.messaging.queries import forget_unread_totals
from kring.social.queries import has_blocked

BODY_MAX = 10000
TITLE_MAX = 120
MODERATION_STATES = ("published", "held", "hidden")


# Checks ---------------------------------------------------------------------------------------


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a message first."), code="required")
    if len(body) > BODY_MAX:
        raise ValidationError(
            _("A message can be at most %(max)d characters long.") % {"max": BODY_MAX},
            code="max_length",
        )
    return body


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if len(title) > TITLE_MAX:
        raise ValidationError(
            _("A title can be at most %(max)d characters long.") % {"max": TITLE_MAX},
            code="max_length",
        )
    return title


def _screened(actor: Any, body: str, title: str = "") -> tuple[str, str]:
    """The text after the community's screens; a hold counts as a refusal (see module doc)."""
    result = screen(Submission(actor=actor, target="message", body=body, title=title))
    if result.hold_reason:
        raise ValidationError(
            _("This message cannot be sent: %(reason)s") % {"reason": result.hold_reason},
            code="held",
        )
    return result.body, result.title


def _blocked_between(a: Any, b: Any) -> bool:
    return has_blocked(a, b) or has_blocked(b, a)


def _check_recipients(actor: Any, members: Sequence[Any], *, ignore_blocks: bool = False) -> None:
    """ValidationError naming every member who cannot receive a message from `actor`."""
    problems: list[str] = []
    for member in members:
        if not is_reachable(member):
            problems.append(_("%(name)s cannot receive messages.") % {"name": member.display_name})
        elif not ignore_blocks and _blocked_between(actor, member):
            problems.append(
                _("You and %(name)s cannot send each other messages.")
                % {"name": member.display_name}
            )
    if problems:
        raise ValidationError(problems, code="unreachable")


def _others(actor: Any, members: Iterable[Any]) -> list[Any]:
    """`members` without `actor` and without doubles, in the order given."""
    seen: set[int] = {actor.pk}
    others = []
    for member in members:
        if member.pk not in seen:
            seen.add(member.pk)
            others.append(member)
    return others


def _check_size(count: int) -> None:
    if count > MAX_PARTICIPANTS:
        raise ValidationError(
            _("A conversation can have at most %(max)d people, you included.")
            % {"max": MAX_PARTICIPANTS},
            code="too_many",
        )


# Writing --------------------------------------------------------------------------------------


def _write_message(
    sender: Any,
    conversation: Conversation,
    body: str,
    attachments: Sequence[Any] = (),
    *,
    prepared: list[Any] | None = None,
) -> Message:
    """Store a message and keep every counter in step (call inside a transaction)."""
    if prepared is None:
        prepared = prepare_attachments(attachments)
    now = timezone.now()
    message = Message.objects.create(
        conversation=conversation, sender=sender, body=body, body_html=render_markdown(body)
    )
    if prepared:
        store_attachments(message, prepared)
    Conversation.objects.filter(pk=conversation.pk).update(
        message_count=F("message_count") + 1, last_message_at=message.created_at
    )
    conversation.message_count += 1
    conversation.last_message_at = message.created_at
    open_rows = Participant.objects.filter(conversation=conversation, left_at__isnull=True)
    recipients = list(open_rows.exclude(member_id=sender.pk).values_list("member_id", flat=True))
    open_rows.exclude(member_id=sender.pk).update(unread_count=F("unread_count") + 1)
    # Writing is reading: whatever came before is read by the sender now.
    open_rows.filter(member_id=sender.pk).update(unread_count=0, last_read_at=now)
    forget_unread_totals([*recipients, sender.pk])
    publish_on_commit(
        events.MessageSent(
            message_id=message.pk,
            conversation_id=conversation.pk,
            sender_id=sender.pk,
            recipient_ids=tuple(recipients),
            is_mediation=conversation.kind == ConversationKind.MEDIATION,
        )
    )
    return message


def _new_conversation(
    actor: Any, members: Sequence[Any], *, kind: str, title: str, is_group: bool
) -> Conversation:
    conversation = Conversation.objects.create(
        kind=kind, title=title, created_by=actor, is_group=is_group
    )
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, member=member) for member in [actor, *members]]
    )
    return conversation


def _one_to_one_between(a: Any, b: Any) -> Conversation | None:
    """The one-to-one private conversation of `a` and `b`, if they have one."""
    return (
        Conversation.objects.filter(
            kind=ConversationKind.PRIVATE, is_group=False, title="", participants__member_id=a.pk
        )
        .filter(participants__member_id=b.pk)
        .order_by("pk")
        .first()
    )


def start_conversation(
    actor: Any,
    *,
    members: Sequence[Any],
    body: str,
    title: str = "",
    kind: str = ConversationKind.PRIVATE,
    attachments: Sequence[Any] = (),
) -> Conversation:
    """Write to `members`: one other member without a title continues (or reopens) the
    one-to-one conversation of the two; more, or a title, start a group of at most 20."""
    require(can_send_messages(actor), _("You cannot send messages at the moment."))
    if kind != ConversationKind.PRIVATE:
        raise ValidationError(_("Mediation conversations are opened by a moderator."))
    others = _others(actor, members)
    if not others:
        raise ValidationError(_("Choose at least one person to write to."), code="required")
    _check_size(len(others) + 1)
    title = _clean_title(title)
    body = _clean_body(body)
    _check_recipients(actor, others)
    body, title = _screened(actor, body, title)
    prepared = prepare_attachments(attachments)
    with transaction.atomic():
        existing = None if (title or len(others) > 1) else _one_to_one_between(actor, others[0])
        if existing is not None:
            # Someone who left comes back to the same conversation, with its history.
            Participant.objects.filter(conversation=existing, left_at__isnull=False).update(
                left_at=None
            )
            conversation = existing
        else:
            conversation = _new_conversation(
                actor, others, kind=ConversationKind.PRIVATE, title=title, is_group=True
            )
            if not title and len(others) == 1:
                Conversation.objects.filter(pk=conversation.pk).update(is_group=False)
                conversation.is_group = False
        _write_message(actor, conversation, body, prepared=prepared)
    return conversation


def send_message(
    actor: Any, *, conversation: Conversation, body: str, attachments: Sequence[Any] = ()
) -> Message:
    """Reply in `conversation` (silenced members only in a mediation conversation)."""
    require(can_send_messages(actor, conversation), _("You cannot send messages at the moment."))
    is_mediation = conversation.kind == ConversationKind.MEDIATION
    rows = list(
        Participant.objects.filter(conversation=conversation, left_at__isnull=True).select_related(
            "member"
        )
    )
    if not any(row.member_id == actor.pk for row in rows):
        raise ValidationError(_("You are no longer in this conversation."), code="left")
    others = [row.member for row in rows if row.member_id != actor.pk]
    if not others:
        raise ValidationError(
            _("Nobody else is left in this conversation: your message would reach no one."),
            code="alone",
        )
    # Blocks end a one-to-one conversation; in a group, the group goes on.
    one_to_one = not conversation.is_group and not is_mediation
    if one_to_one and any(_blocked_between(actor, other) for other in others):
        raise ValidationError(
            _("You and this person have blocked contact: you cannot send messages here."),
            code="blocked",
        )
    body = _clean_body(body)
    body, _title = _screened(actor, body)
    prepared = prepare_attachments(attachments)
    with transaction.atomic():
        return _write_message(actor, conversation, body, prepared=prepared)


def add_participants(actor: Any, *, conversation: Conversation, members: Sequence[Any]) -> int:
    """Add `members` to a group conversation (at most 20 people in all); returns how many
    joined. They read the conversation from the moment they join."""
    require(
        can_add_participants(actor, conversation),
        _("You cannot add people to this conversation."),
    )
    with transaction.atomic():
        rows = {
            row.member_id: row
            for row in Participant.objects.select_for_update().filter(conversation=conversation)
        }
        mine = rows.get(actor.pk)
        if mine is None or mine.left_at is not None:
            raise ValidationError(_("You are no longer in this conversation."), code="left")
        newcomers = [
            member
            for member in _others(actor, members)
            if member.pk not in rows or rows[member.pk].left_at is not None
        ]
        if not newcomers:
            raise ValidationError(_("They are already in this conversation."), code="present")
        present = sum(1 for row in rows.values() if row.left_at is None)
        _check_size(present + len(newcomers))
        _check_recipients(actor, newcomers)
        now = timezone.now()
        returning = [member.pk for member in newcomers if member.pk in rows]
        Participant.objects.filter(conversation=conversation, member_id__in=returning).update(
            left_at=None, joined_at=now, unread_count=0, last_read_at=now
        )
        Participant.objects.bulk_create(
            [
                Participant(conversation=conversation, member=member, last_read_at=now)
                for member in newcomers
                if member.pk not in rows
            ]
        )
        forget_unread_totals([member.pk for member in newcomers])
        publish_on_commit(
            events.ParticipantsAdded(
                conversation_id=conversation.pk,
                member_ids=tuple(member.pk for member in newcomers),
                by=actor.pk,
            )
        )
    return len(newcomers)


def leave_conversation(actor: Any, *, conversation: Conversation) -> None:
    """Leave: the conversation disappears from the inbox and nothing new arrives."""
    require(can_use_messages(actor), _("You cannot use messages at the moment."))
    with transaction.atomic():
        changed = Participant.objects.filter(
            conversation=conversation, member_id=actor.pk, left_at__isnull=True
        ).update(left_at=timezone.now(), unread_count=0)
        if changed:
            forget_unread_totals([actor.pk])
            publish_on_commit(
                events.ConversationLeft(conversation_id=conversation.pk, member_id=actor.pk)
            )


def mark_read(actor: Any, *, conversation: Conversation) -> None:
    """Everything in `conversation` is read by `actor` now."""
    if not getattr(actor, "is_authenticated", False):
        return
    changed = Participant.objects.filter(
        conversation=conversation, member_id=actor.pk, left_at__isnull=True
    ).update(unread_count=0, last_read_at=timezone.now())
    if changed:
        forget_unread_totals([actor.pk])


def send_system_message(*, recipient: Any, body: str, sender: Any, title: str = "") -> Message:
    """A message from staff that always arrives (a warning from the sanctions app): a new
    titled conversation ("Warning" unless `title` says otherwise) from `sender` to
    `recipient`. Neither blocks nor silences stop it; screens do not apply to staff notices."""
    body = _clean_body(body)
    title = _clean_title(title) or _("Warning")
    with transaction.atomic():
        conversation = _new_conversation(
            sender, [recipient], kind=ConversationKind.PRIVATE, title=title, is_group=False
        )
        return _write_message(sender, conversation, body)


def start_mediation_conversation(
    actor: Any, *, members: Sequence[Any], title: str, body: str
) -> Conversation:
    """A moderator opens a mediation conversation with the parties of a conflict; every
    party may reply there, silenced or not, whatever they block."""
    require(can_start_mediation(actor), _("Only moderators open a mediation."))
    others = _others(actor, members)
    if not others:
        raise ValidationError(_("Choose the people this mediation is with."), code="required")
    _check_size(len(others) + 1)
    title = _clean_title(title)
    if not title:
        raise ValidationError(_("Give the mediation a title."), code="required")
    body = _clean_body(body)
    _check_recipients(actor, others, ignore_blocks=True)
    with transaction.atomic():
        conversation = _new_conversation(
            actor, others, kind=ConversationKind.MEDIATION, title=title, is_group=True
        )
        _write_message(actor, conversation, body)
    return conversation


def set_message_moderation(
    actor: Any, *, message: Message, state: str, reason: str = ""
) -> Message:
    """Hide (or show again) a flagged message. No permission check here: the moderation app
    checks first and records the action in the audit log."""
    if state not in MODERATION_STATES:
        raise ValueError(f"unknown moderation state {state!r}")
    message.moderation = state
    message.moderation_reason = reason[:500] if state != "published" else ""
    message.save(update_fields=["moderation", "moderation_reason"])
    return message


def delete_message(actor: Any, *, message: Message) -> Message:
    """Remove a flagged message for everyone (its participants no longer see it). No
    permission check here: the moderation app checks first and records the action."""
    if message.deleted_at is None:
        message.deleted_at = timezone.now()
        message.save(update_fields=["deleted_at"])
    return message
