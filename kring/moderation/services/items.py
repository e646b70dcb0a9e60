"""The item a case is about: load it, name it in the audit log, set its state, resolve the case."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from kring.content import services as content_services
from kring.core.events import publish_on_commit
from kring.members.models import Profile
from kring.messaging import services as messaging_services
from kring.moderation import events
from kring.moderation.models import (
    CaseKind,
    CaseStatus,
    FlagCase,
)

NOT_A_MODERATOR = gettext_lazy("You cannot moderate this item.")


def _item_of(case: FlagCase) -> Any:
    if case.post_id is not None:
        return case.post
    if case.comment_id is not None:
        return case.comment
    if case.member_id is not None:
        return Profile.objects.get_or_create(member_id=case.member_id)[0]
    return case.message


def _action_noun(case: FlagCase) -> str:
    return {
        CaseKind.POST: "post",
        CaseKind.COMMENT: "comment",
        CaseKind.MEMBER: "profile",
        CaseKind.MESSAGE: "message",
    }[CaseKind(case.kind)]


def _audit_target(case: FlagCase) -> Any:
    # A private message's text stays out of the audit log: the entry names the case instead.
    if case.message_id is not None:
        return case
    if case.member_id is not None:
        return case.member
    return _item_of(case)


def _subject_of(case: FlagCase) -> Any:
    if (post := case.post) is not None:
        return post.author
    if (comment := case.comment) is not None:
        return comment.author
    if case.member_id is not None:
        return case.member
    return case.message.sender if case.message is not None else None


def _set_state(actor: Any, case: FlagCase, state: str, reason: str) -> None:
    if (post := case.post) is not None:
        content_services.set_post_moderation(actor, post=post, state=state, reason=reason)
    elif (comment := case.comment) is not None:
        content_services.set_comment_moderation(actor, comment=comment, state=state, reason=reason)
    elif case.member_id is not None:
        # The members app has no moderation service: its profile row holds only the state.
        Profile.objects.get_or_create(member_id=case.member_id)
        Profile.objects.filter(member_id=case.member_id).update(
            moderation=state, moderation_reason=reason[:500]
        )
    elif (message := case.message) is not None:
        messaging_services.set_message_moderation(
            actor, message=message, state=state, reason=reason
        )


def _resolve(actor: Any, case: FlagCase, resolution: str) -> None:
    now = timezone.now()
    FlagCase.objects.filter(pk=case.pk).update(
        status=CaseStatus.RESOLVED, resolution=resolution, resolved_by=actor, resolved_at=now
    )
    case.status, case.resolution, case.resolved_by, case.resolved_at = (
        CaseStatus.RESOLVED,
        resolution,
        actor,
        now,
    )
    publish_on_commit(
        events.CaseResolved(
            case_id=case.pk,
            kind=case.kind,
            target_id=case.target_id or 0,
            resolution=resolution,
            by=actor.pk,
        )
    )


def _top_reason(case: FlagCase) -> str:
    """The reason most flags gave (the audit category of an action on the case)."""
    reasons = [flag.reason for flag in case.flags.all()]
    return max(set(reasons), key=reasons.count) if reasons else ""
