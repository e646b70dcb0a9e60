"""Reporting an item: a member's flag opens (or reopens) its case, enough flags hold it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.audit.models import Reason
from kring.audit.services import record_action
from kring.content.models import ModerationState
from kring.core.events import publish_on_commit
from kring.core.permissions import require
from kring.moderation import events, queries
from kring.moderation.models import (
    FLAG_REASONS,
    CaseStatus,
    Flag,
    FlagCase,
)
from kring.moderation.permissions import (
    can_flag,
    flag_counts_as_threshold,
)
from kring.moderation.services.items import (
    _action_noun,
    _audit_target,
    _item_of,
    _set_state,
    _subject_of,
)

FLAG_TEXT_MAX = 500


def _check_flag_reason(reason: str, text: str) -> str:
    if reason not in {value for value, _label in FLAG_REASONS}:
        raise ValidationError(_("Choose a reason."), code="invalid")
    text = text.strip()
    if reason == Reason.OTHER and not text:
        raise ValidationError(_("Tell the moderators what is wrong."), code="required")
    if len(text) > FLAG_TEXT_MAX:
        raise ValidationError(
            _("Keep it under %(limit)d characters.") % {"limit": FLAG_TEXT_MAX},
            code="max_length",
        )
    return text


def flag_post(actor: Any, *, post_id: int, reason: str, text: str = "") -> Flag:
    """Report a post `actor` can see (NotFound otherwise)."""
    require(can_flag(actor), _("Log in to report something."))
    post = queries.get_flaggable_post(actor, post_id)
    if post.author_id == actor.pk:
        raise ValidationError(_("You cannot report your own post."), code="own")
    return _flag(actor, target={"post": post}, space_id=post.space_id, reason=reason, text=text)


def flag_comment(actor: Any, *, comment_id: int, reason: str, text: str = "") -> Flag:
    """Report a comment or reply `actor` can see."""
    require(can_flag(actor), _("Log in to report something."))
    comment = queries.get_flaggable_comment(actor, comment_id)
    if comment.author_id == actor.pk:
        raise ValidationError(_("You cannot report your own comment."), code="own")
    return _flag(
        actor,
        target={"comment": comment},
        space_id=comment.post.space_id,
        reason=reason,
        text=text,
    )


def flag_member(actor: Any, *, member_id: int, reason: str, text: str = "") -> Flag:
    """Report a profile `actor` can see."""
    require(can_flag(actor), _("Log in to report something."))
    member = queries.get_flaggable_member(actor, member_id)
    if member.pk == actor.pk:
        raise ValidationError(_("You cannot report your own profile."), code="own")
    return _flag(actor, target={"member": member}, space_id=None, reason=reason, text=text)


def flag_message(actor: Any, *, message_id: int, reason: str, text: str = "") -> Flag:
    """Report a private message of a conversation `actor` takes part in."""
    require(can_flag(actor), _("Log in to report something."))
    message = queries.get_flaggable_message(actor, message_id)
    if message.sender_id == actor.pk:
        raise ValidationError(_("You cannot report your own message."), code="own")
    return _flag(actor, target={"message": message}, space_id=None, reason=reason, text=text)


def _flag(
    actor: Any, *, target: dict[str, Any], space_id: int | None, reason: str, text: str
) -> Flag:
    text = _check_flag_reason(reason, text)
    now = timezone.now()
    with transaction.atomic():
        case = _lock_case(target, space_id=space_id, now=now)
        if not case.is_open:
            case.status, case.opened_at = CaseStatus.OPEN, now
            case.resolution, case.resolved_by, case.resolved_at = "", None, None
            case.hidden_by_threshold = False
        try:
            with transaction.atomic():  # a savepoint: the unique constraint answers a repeat
                flag = Flag.objects.create(case=case, flagger=actor, reason=reason, text=text)
        except IntegrityError:
            raise ValidationError(_("You already reported this."), code="duplicate") from None
        case.flag_count += 1
        case.first_flagged_at = case.first_flagged_at or now
        case.last_flagged_at = now
        case.save()
        recent = Flag.objects.filter(case_id=case.pk, created_at__gte=case.opened_at).count()
        if not case.hidden_by_threshold and (
            flag_counts_as_threshold(actor) or recent >= queries.flag_threshold()
        ):
            _hold(case, reason_code=reason)
        publish_on_commit(
            events.ItemFlagged(
                case_id=case.pk,
                flag_id=flag.pk,
                flagger_id=actor.pk,
                kind=case.kind,
                target_id=case.target_id or 0,
                reason=reason,
            )
        )
    return flag


def _lock_case(target: dict[str, Any], *, space_id: int | None, now: Any) -> FlagCase:
    """The item's case, locked for this transaction (created on the first flag)."""
    case = FlagCase.objects.select_for_update().filter(**target).first()
    if case is not None:
        return case
    try:
        with transaction.atomic():
            FlagCase.objects.create(space_id=space_id, opened_at=now, **target)
    except IntegrityError:
        pass  # a concurrent first flag made it
    return FlagCase.objects.select_for_update().get(**target)


def _hold(case: FlagCase, *, reason_code: str) -> None:
    """Hide the item pending review (flags passed the threshold); the system acts."""
    reason = _("Several members reported this: it is hidden until a moderator has looked at it.")
    item = _item_of(case)
    state = getattr(item, "moderation", ModerationState.PUBLISHED)
    case.hidden_by_threshold = True
    case.save(update_fields=["hidden_by_threshold"])
    if state != ModerationState.PUBLISHED:
        return  # already pending or hidden: nothing to hold
    _set_state(None, case, ModerationState.HELD, reason)
    record_action(
        None,
        action=f"{_action_noun(case)}.hold",
        target=_audit_target(case),
        subject=_subject_of(case),
        space=case.space,
        before={"moderation": state},
        after={"moderation": ModerationState.HELD},
        reason=reason,
        reason_code=reason_code,
    )
    publish_on_commit(
        events.ItemHeldByFlags(case_id=case.pk, kind=case.kind, target_id=case.target_id or 0)
    )
