"""Moderators' actions on a case's item: approve, hide, delete, edit, and several at once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kring.audit.models import Reason
from kring.audit.services import record_action
from kring.content import services as content_services
from kring.content.models import ModerationState
from kring.core.permissions import require
from kring.messaging import services as messaging_services
from kring.moderation.models import (
    FlagCase,
    Resolution,
)
from kring.moderation.permissions import (
    can_moderate_case,
)
from kring.moderation.services.items import (
    NOT_A_MODERATOR,
    _action_noun,
    _audit_target,
    _item_of,
    _resolve,
    _set_state,
    _subject_of,
    _top_reason,
)

HIDE_REASON_MAX = 500


def _check_reason_code(reason_code: str) -> str:
    if reason_code and reason_code not in Reason.values:
        raise ValidationError(_("Choose a reason."), code="invalid")
    return reason_code


def approve_case(actor: Any, *, case: FlagCase) -> FlagCase:
    """Publish the item (pending, held or hidden) and dismiss its flags."""
    require(can_moderate_case(actor, case), NOT_A_MODERATOR)
    item = _item_of(case)
    before = getattr(item, "moderation", ModerationState.PUBLISHED)
    with transaction.atomic():
        _set_state(actor, case, ModerationState.PUBLISHED, "")
        record_action(
            actor,
            action=f"{_action_noun(case)}.approve",
            target=_audit_target(case),
            subject=_subject_of(case),
            space=case.space,
            before={"moderation": before},
            after={"moderation": ModerationState.PUBLISHED},
        )
        _resolve(actor, case, Resolution.APPROVED)
    return case


def hide_case(actor: Any, *, case: FlagCase, reason: str, reason_code: str = "") -> FlagCase:
    """Hide the item with a reason its author reads."""
    require(can_moderate_case(actor, case), NOT_A_MODERATOR)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why it is hidden: its author reads it."), code="required")
    if len(reason) > HIDE_REASON_MAX:
        raise ValidationError(
            _("Keep the reason under %(limit)d characters.") % {"limit": HIDE_REASON_MAX},
            code="max_length",
        )
    reason_code = _check_reason_code(reason_code) or _top_reason(case)
    before = getattr(_item_of(case), "moderation", ModerationState.PUBLISHED)
    with transaction.atomic():
        _set_state(actor, case, ModerationState.HIDDEN, reason)
        record_action(
            actor,
            action=f"{_action_noun(case)}.hide",
            target=_audit_target(case),
            subject=_subject_of(case),
            space=case.space,
            before={"moderation": before},
            after={"moderation": ModerationState.HIDDEN},
            reason=reason,
            reason_code=reason_code,
        )
        _resolve(actor, case, Resolution.HIDDEN)
    return case


def delete_case(actor: Any, *, case: FlagCase, reason: str = "", reason_code: str = "") -> FlagCase:
    """Delete the post, comment or message (soft: the content services keep it restorable)."""
    require(can_moderate_case(actor, case), NOT_A_MODERATOR)
    if case.member_id is not None:
        raise ValidationError(_("A profile cannot be deleted here: hide it."), code="invalid")
    reason_code = _check_reason_code(reason_code) or _top_reason(case)
    with transaction.atomic():
        if (post := case.post) is not None:
            content_services.delete_post(actor, post=post, audit=False)
        elif (comment := case.comment) is not None:
            content_services.delete_comment(actor, comment=comment, audit=False)
        elif (message := case.message) is not None:
            messaging_services.delete_message(actor, message=message)
        record_action(
            actor,
            action=f"{_action_noun(case)}.delete",
            target=_audit_target(case),
            subject=_subject_of(case),
            space=case.space,
            reason=reason.strip(),
            reason_code=reason_code,
        )
        _resolve(actor, case, Resolution.DELETED)
    return case


def edit_case(
    actor: Any, *, case: FlagCase, body: str, title: str | None = None, note: str
) -> FlagCase:
    """Edit the post or comment (the note says why and stays in its history), then publish it."""
    require(can_moderate_case(actor, case), NOT_A_MODERATOR)
    note = note.strip()
    if not note:
        raise ValidationError(_("Say what you changed and why."), code="required")
    if case.post_id is None and case.comment_id is None:
        raise ValidationError(_("Only posts and comments can be edited."), code="invalid")
    item = _item_of(case)
    before = {"body": item.body, "moderation": item.moderation}
    with transaction.atomic():
        if (post := case.post) is not None:
            content_services.edit_post(actor, post=post, body=body, title=title, note=note)
        elif (comment := case.comment) is not None:
            content_services.edit_comment(actor, comment=comment, body=body)
        _set_state(actor, case, ModerationState.PUBLISHED, "")
        record_action(
            actor,
            action=f"{_action_noun(case)}.edit",
            target=_audit_target(case),
            subject=_subject_of(case),
            space=case.space,
            before=before,
            after={"body": body, "moderation": ModerationState.PUBLISHED},
            reason=note,
            reason_code=_top_reason(case),
        )
        _resolve(actor, case, Resolution.EDITED)
    return case


BULK_ACTIONS = ("approve", "hide", "delete")


def bulk_moderate(
    actor: Any,
    *,
    cases: Iterable[FlagCase],
    action: str,
    reason: str = "",
    reason_code: str = "",
) -> int:
    """Approve, hide (one reason for all) or delete several cases at once; all or nothing."""
    if action not in BULK_ACTIONS:
        raise ValidationError(_("Choose an action."), code="invalid")
    if action == "hide" and not reason.strip():
        raise ValidationError(_("Say why it is hidden: its author reads it."), code="required")
    done = 0
    with transaction.atomic():
        for case in cases:
            if action == "approve":
                approve_case(actor, case=case)
            elif action == "hide":
                hide_case(actor, case=case, reason=reason, reason_code=reason_code)
            elif case.member_id is None:
                delete_case(actor, case=case, reason=reason, reason_code=reason_code)
            else:
                continue
            done += 1
    return done
