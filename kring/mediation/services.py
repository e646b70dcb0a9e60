"""Every write of the mediation app: opening a case, handing it to another staff member,
starting the mediation conversation with the parties, internal notes, closing with an
outcome, and slow mode on a thread. Each checks its permission with `require(can_…)`, writes
in one transaction together with its audit entry, and publishes its event after commit."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.audit.services import record_action
from kring.content import services as content_services
from kring.content.models import Comment, Post
from kring.core.events import publish_on_commit
from kring.core.permissions import require
from kring.mediation import events
from kring.mediation.models import CaseStatus, MediationCase, MediationNote, Outcome
from kring.mediation.permissions import (
    can_add_mediation_note,
    can_close_mediation,
    can_open_mediation,
    can_own_mediation,
    can_set_slow_mode,
)
from kring.spaces.queries import is_participant

TITLE_MAX = 120
TEXT_MAX = 5000
MAX_PARTIES = 10


def _text(value: str, *, limit: int, required: bool, message: str) -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError(message, code="required")
    if len(value) > limit:
        raise ValidationError(
            _("Keep it under %(limit)d characters.") % {"limit": limit}, code="max_length"
        )
    return value


def _checked_parties(actor: Any, parties: Iterable[Any]) -> list[Any]:
    unique = {party.pk: party for party in parties if party is not None}
    if not unique:
        raise ValidationError(_("Name at least one party."), code="required")
    if len(unique) > MAX_PARTIES:
        raise ValidationError(
            _("A case has at most %(limit)d parties.") % {"limit": MAX_PARTIES},
            code="too_many",
        )
    if actor.pk in unique:
        raise ValidationError(_("You lead the case: you cannot be one of its parties."))
    return list(unique.values())


def open_case(
    actor: Any,
    *,
    title: str,
    summary: str = "",
    parties: Iterable[Any],
    post: Post | None = None,
    comment: Comment | None = None,
) -> MediationCase:
    """Take a conflict between `parties` on as a mediation case led by `actor`."""
    require(can_open_mediation(actor), _("Only moderators start a mediation."))
    title = _text(title, limit=TITLE_MAX, required=True, message=_("Give the case a title."))
    summary = _text(summary, limit=TEXT_MAX, required=False, message="")
    members = _checked_parties(actor, parties)
    if comment is not None and post is None:
        post = comment.post
    with transaction.atomic():
        case = MediationCase.objects.create(
            title=title,
            summary=summary,
            opened_by=actor,
            owner=actor,
            post=post,
            comment=comment,
        )
        case.parties.set(members)
        record_action(
            actor,
            action="mediation.open",
            target=case,
            space=post.space if post is not None else None,
            after={"parties": sorted(member.pk for member in members)},
        )
        publish_on_commit(events.MediationOpened(case_id=case.pk, by=actor.pk))
    return case


def assign_case(actor: Any, *, case: MediationCase, owner: Any) -> MediationCase:
    """Hand the case to another staff member, who leads it from now on."""
    require(can_open_mediation(actor), _("Only moderators lead a mediation."))
    if not can_own_mediation(owner):
        raise ValidationError(_("Only moderators can lead a mediation."), code="invalid")
    before = {"owner": case.owner_id}
    with transaction.atomic():
        case.owner = owner
        case.save(update_fields=["owner"])
        record_action(
            actor,
            action="mediation.assign",
            target=case,
            subject=owner,
            before=before,
            after={"owner": owner.pk},
        )
        publish_on_commit(events.MediationAssigned(case_id=case.pk, owner_id=owner.pk, by=actor.pk))
    return case


def _messaging() -> Any:
    """kring.messaging.services, once it offers mediation conversations (else None)."""
    try:
        module = importlib.import_module("kring.messaging.services")
    except ImportError:
        return None
    return module if hasattr(module, "start_mediation_conversation") else None


def mediation_conversations_available() -> bool:
    return _messaging() is not None


def start_case_conversation(actor: Any, *, case: MediationCase, body: str) -> MediationCase:
    """Open the mediation conversation between `actor` and the case's parties."""
    require(can_close_mediation(actor, case), _("Only moderators lead a mediation."))
    body = _text(body, limit=TEXT_MAX, required=True, message=_("Write a first message."))
    if case.conversation_id is not None:
        raise ValidationError(_("This case already has its conversation."), code="exists")
    messaging = _messaging()
    if messaging is None:
        raise ValidationError(_("Mediation conversations are not available yet."))
    parties = [party for party in case.parties.all() if is_participant(party)]
    if not parties:
        raise ValidationError(_("None of the parties can take part in a conversation now."))
    with transaction.atomic():
        conversation = messaging.start_mediation_conversation(
            actor, members=parties, title=case.title, body=body
        )
        case.conversation = conversation
        case.save(update_fields=["conversation"])
        record_action(
            actor,
            action="mediation.conversation",
            target=case,
            after={"conversation": conversation.pk},
        )
        publish_on_commit(
            events.MediationConversationStarted(
                case_id=case.pk, conversation_id=conversation.pk, by=actor.pk
            )
        )
    return case


def add_note(actor: Any, *, case: MediationCase, body: str) -> MediationNote:
    """An internal note on the case, for staff only."""
    require(can_add_mediation_note(actor, case), _("Only moderators write notes on a case."))
    body = _text(body, limit=TEXT_MAX, required=True, message=_("Write the note."))
    with transaction.atomic():
        note = MediationNote.objects.create(case=case, author=actor, body=body)
        # The note's text stays in the case: the log only says one was written.
        record_action(actor, action="mediation.note", target=case)
    return note


def close_case(actor: Any, *, case: MediationCase, outcome: str, text: str = "") -> MediationCase:
    """Close the case with its outcome."""
    require(can_close_mediation(actor, case), _("This case cannot be closed."))
    if outcome not in Outcome.values:
        raise ValidationError(_("Choose an outcome."), code="invalid")
    text = _text(text, limit=TEXT_MAX, required=False, message="")
    with transaction.atomic():
        case.status, case.outcome, case.outcome_text = CaseStatus.CLOSED, outcome, text
        case.closed_at = timezone.now()
        case.save(update_fields=["status", "outcome", "outcome_text", "closed_at"])
        record_action(
            actor,
            action="mediation.close",
            target=case,
            before={"status": CaseStatus.OPEN},
            after={"status": CaseStatus.CLOSED, "outcome": outcome},
            reason=text,
        )
        publish_on_commit(events.MediationClosed(case_id=case.pk, outcome=outcome, by=actor.pk))
    return case


def set_thread_slow_mode(actor: Any, *, post: Post, minutes: int) -> Post:
    """Slow mode on a thread (0 switches it off), recorded in the audit log."""
    require(can_set_slow_mode(actor, post), _("Only moderators can switch slow mode."))
    before = {"slow_mode_minutes": post.slow_mode_minutes}
    with transaction.atomic():
        content_services.set_slow_mode(actor, post=post, minutes=minutes)
        record_action(
            actor,
            action="post.slow_mode",
            target=post,
            subject=post.author,
            space=post.space,
            before=before,
            after={"slow_mode_minutes": minutes},
        )
    return post
