"""Every write of the sanctions app: warning, silencing, suspending and banning members, lifting
sanctions, appeals and their decisions, and the warning templates.

Each staff action checks its permission, writes its audit entry in the same transaction and
keeps `Member.silenced_until` / `Member.suspended_until` (the gates every request checks) equal
to the latest end of the member's active sanctions of that kind.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kring.accounts.models import Invitation, Member
from kring.audit.models import Reason
from kring.audit.services import record_action
from kring.core.events import publish_on_commit
from kring.core.permissions import require
from kring.core.sitesettings.models import SiteSettings
from kring.members.avatars import take_avatar_off
from kring.members.events import ProfileUpdated
from kring.members.models import Profile
from kring.messaging.services import send_system_message
from kring.sanctions import banners, events
from kring.sanctions.models import (
    Appeal,
    AppealStatus,
    Sanction,
    SanctionKind,
    WarningTemplate,
)
from kring.sanctions.permissions import (
    can_appeal_sanction,
    can_decide_appeal,
    can_lift_sanction,
    can_manage_warning_templates,
    can_sanction_member,
)

logger = logging.getLogger(__name__)

# Member.silenced_until / suspended_until of a sanction without an end.
PERMANENT = datetime(9999, 12, 31, tzinfo=UTC)
REASON_MAX = 2000
MAX_DAYS = 3650
AUDIT_ACTIONS = {
    SanctionKind.WARNING: "member.warn",
    SanctionKind.SILENCE: "member.silence",
    SanctionKind.SUSPENSION: "member.suspend",
    SanctionKind.BAN: "member.ban",
}
GATES = {SanctionKind.SILENCE: "silenced_until", SanctionKind.SUSPENSION: "suspended_until"}


def _refusal(kind: str) -> str:
    if kind == SanctionKind.BAN:
        return _("Only community managers and admins ban, and never staff of their own rank.")
    return _("You cannot sanction this member: only staff of a higher role can, never themselves.")


def _checked_reason(reason_code: str, reason: str) -> str:
    if reason_code not in Reason.values:
        raise ValidationError({"reason_code": [_("Choose a reason category.")]})
    text = reason.strip()
    if not text:
        raise ValidationError({"reason": [_("Tell the member why: they will read this.")]})
    if len(text) > REASON_MAX:
        raise ValidationError(
            {"reason": [_("The reason has at most %(max)d characters.") % {"max": REASON_MAX}]}
        )
    return text


def _end(*, days: int | None, until: datetime | None) -> datetime | None:
    """The end of a silence or suspension; None when permanent (neither given)."""
    now = timezone.now()
    if days is not None:
        if days < 1 or days > MAX_DAYS:
            raise ValidationError(
                {"days": [_("Choose between 1 and %(max)d days.") % {"max": MAX_DAYS}]}
            )
        return now + timedelta(days=days)
    if until is not None:
        if until <= now:
            raise ValidationError({"until": [_("The end must lie in the future.")]})
        return until
    return None


def _sync_gates(member: Member) -> None:
    """Set the member's silenced_until / suspended_until to the latest end of their active
    sanctions of each kind (None when none is in force). Call inside the transaction."""
    now = timezone.now()
    active = Sanction.objects.filter(member=member, lifted_at=None, kind__in=list(GATES))
    changed: list[str] = []
    for kind, field in GATES.items():
        ends = [
            end or PERMANENT
            for end in active.filter(kind=kind).values_list("ends_at", flat=True)
            if end is None or end > now
        ]
        value = max(ends) if ends else None
        if getattr(member, field) != value:
            setattr(member, field, value)
            changed.append(field)
    if changed:
        Member.objects.filter(pk=member.pk).update(**{f: getattr(member, f) for f in changed})


def _issue(
    actor: Any,
    *,
    member: Member,
    kind: str,
    reason_code: str,
    reason: str,
    ends_at: datetime | None,
) -> Sanction:
    """Write the sanction row, keep the gates in step, audit and announce (in a transaction)."""
    sanction = Sanction.objects.create(
        member=member,
        kind=kind,
        reason_code=reason_code,
        reason=reason,
        issued_by=actor,
        ends_at=ends_at,
    )
    before = {
        "silenced_until": _iso(member.silenced_until),
        "suspended_until": _iso(member.suspended_until),
    }
    _sync_gates(member)
    record_action(
        actor,
        action=AUDIT_ACTIONS[SanctionKind(kind)],
        target=sanction,
        subject=member,
        before=before,
        after={"kind": kind, "ends_at": _iso(ends_at)},
        reason=reason,
        reason_code=reason_code,
    )
    banners.forget(member.pk)
    publish_on_commit(
        events.SanctionIssued(sanction_id=sanction.pk, member_id=member.pk, kind=kind, by=actor.pk)
    )
    return sanction


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def warn_member(
    actor: Any,
    *,
    member: Member,
    reason_code: str,
    text: str = "",
    template: WarningTemplate | None = None,
) -> Sanction:
    """Warn `member`: a private message (from `template` when `text` is empty) and a record."""
    require(can_sanction_member(actor, member, SanctionKind.WARNING), _refusal("warning"))
    body = _checked_reason(reason_code, text.strip() or (template.body if template else ""))
    with transaction.atomic():
        sanction = _issue(
            actor,
            member=member,
            kind=SanctionKind.WARNING,
            reason_code=reason_code,
            reason=body,
            ends_at=None,
        )
        # A private message that always arrives (blocks and silences do not stop it).
        send_system_message(recipient=member, body=body, sender=actor)
    return sanction


def silence_member(
    actor: Any,
    *,
    member: Member,
    reason_code: str,
    reason: str,
    days: int | None = None,
    until: datetime | None = None,
) -> Sanction:
    """Make `member` read-only for `days` (or until `until`; permanent when neither)."""
    return _sanction_for_a_while(
        actor, SanctionKind.SILENCE, member, reason_code, reason, days=days, until=until
    )


def suspend_member(
    actor: Any,
    *,
    member: Member,
    reason_code: str,
    reason: str,
    days: int | None = None,
    until: datetime | None = None,
) -> Sanction:
    """Keep `member` from logging in until the end; their content stays. An open session is
    ended on its next request (kring.sanctions.middleware)."""
    return _sanction_for_a_while(
        actor, SanctionKind.SUSPENSION, member, reason_code, reason, days=days, until=until
    )


def _sanction_for_a_while(
    actor: Any,
    kind: SanctionKind,
    member: Member,
    reason_code: str,
    reason: str,
    *,
    days: int | None,
    until: datetime | None,
) -> Sanction:
    require(can_sanction_member(actor, member, kind), _refusal(kind.value))
    text = _checked_reason(reason_code, reason)
    ends_at = _end(days=days, until=until)
    with transaction.atomic():
        return _issue(
            actor, member=member, kind=kind, reason_code=reason_code, reason=text, ends_at=ends_at
        )


def removed_member_name(member_id: int) -> str:
    """The name a banned member's content is shown under, in the community's language."""
    with translation.override(SiteSettings.load().default_language):
        return _("Removed member #%(id)s") % {"id": member_id}


def ban_member(actor: Any, *, member: Member, reason_code: str, reason: str) -> Sanction:
    """Ban `member` for good and anonymise the account: name, e-mail address, password and
    profile go; the content stays, shown under the anonymised name. Sessions end, because
    the password (part of every session's hash) changes."""
    require(can_sanction_member(actor, member, SanctionKind.BAN), _refusal(SanctionKind.BAN))
    text = _checked_reason(reason_code, reason)
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        require(can_sanction_member(actor, member, SanctionKind.BAN), _refusal(SanctionKind.BAN))
        sanction = _issue(
            actor,
            member=member,
            kind=SanctionKind.BAN,
            reason_code=reason_code,
            reason=text,
            ends_at=None,
        )
        _anonymise(member)
        publish_on_commit(ProfileUpdated(member_id=member.pk, by=actor.pk))
    return sanction


def _anonymise(member: Member) -> None:
    old_email = member.email
    member.display_name = removed_member_name(member.pk)
    # The reserved .invalid domain never receives mail (RFC 2606); the id keeps it unique.
    member.email = f"removed-{member.pk}@removed.invalid"
    member.set_unusable_password()
    member.is_active = False
    member.is_editor = False
    member.language = ""
    member.save(
        update_fields=["display_name", "email", "password", "is_active", "is_editor", "language"]
    )
    EmailAddress.objects.filter(user=member).delete()
    Authenticator.objects.filter(user=member).delete()
    # The invitation they signed up with still holds their address.
    Invitation.objects.filter(accepted_by=member).update(email=member.email, message="")
    Invitation.objects.filter(email__iexact=old_email).update(email=member.email, message="")
    profile = Profile.objects.select_for_update().filter(member=member).first()
    if profile is not None:
        take_avatar_off(profile)
        profile.bio = profile.bio_html = ""
        profile.job_title = profile.organisation = profile.location = ""
        profile.save(
            update_fields=[
                "bio",
                "bio_html",
                "job_title",
                "organisation",
                "location",
                "avatar",
                "avatar_small",
                "updated_at",
            ]
        )
        profile.interests.clear()


def lift_sanction(actor: Any, *, sanction: Sanction, reason: str) -> Sanction:
    """End a sanction early (a warning: withdraw it); the member's gates follow."""
    require(can_lift_sanction(actor, sanction), _("You cannot lift this sanction."))
    text = reason.strip()
    if not text:
        raise ValidationError({"reason": [_("Say why the sanction is lifted.")]})
    with transaction.atomic():
        locked = Sanction.objects.select_for_update().select_related("member").get(pk=sanction.pk)
        require(can_lift_sanction(actor, locked), _("You cannot lift this sanction."))
        _lift(actor, sanction=locked, reason=text)
    return locked


def _lift(actor: Any, *, sanction: Sanction, reason: str) -> None:
    sanction.lifted_at = timezone.now()
    sanction.lifted_by = actor
    sanction.lift_reason = reason
    sanction.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    member = sanction.member
    before = {
        "silenced_until": _iso(member.silenced_until),
        "suspended_until": _iso(member.suspended_until),
    }
    _sync_gates(member)
    record_action(
        actor,
        action="sanction.lift",
        target=sanction,
        subject=member,
        before=before,
        after={"lifted_at": _iso(sanction.lifted_at)},
        reason=reason,
        reason_code=sanction.reason_code,
    )
    banners.forget(member.pk)
    publish_on_commit(
        events.SanctionLifted(sanction_id=sanction.pk, member_id=member.pk, by=actor.pk)
    )


def appeal_sanction(actor: Any, *, sanction: Sanction, text: str) -> Appeal:
    """The sanctioned member objects to `sanction` (once; moderators decide)."""
    require(
        can_appeal_sanction(actor, sanction),
        _("You can appeal a sanction of yours once, while it is in force."),
    )
    body = text.strip()
    if not body:
        raise ValidationError({"text": [_("Explain why the sanction should be lifted.")]})
    if len(body) > 4000:
        raise ValidationError({"text": [_("An appeal has at most 4000 characters.")]})
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(sanction=sanction, text=body)
            publish_on_commit(
                events.AppealFiled(
                    appeal_id=appeal.pk, sanction_id=sanction.pk, member_id=sanction.member_id
                )
            )
    except IntegrityError:
        # A twin request filed it a moment earlier.
        raise ValidationError(_("You have appealed this sanction already.")) from None
    banners.forget(sanction.member_id)
    return appeal


def decide_appeal(actor: Any, *, appeal: Appeal, overturn: bool, answer: str) -> Appeal:
    """Uphold or overturn an appeal; overturning lifts the sanction."""
    sanction = appeal.sanction
    require(can_decide_appeal(actor, sanction), _("You cannot decide this appeal."))
    text = answer.strip()
    if not text:
        raise ValidationError({"answer": [_("Give the member an answer.")]})
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
        require(locked.status == AppealStatus.OPEN, _("This appeal has been decided already."))
        locked.status = AppealStatus.OVERTURNED if overturn else AppealStatus.UPHELD
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.answer = text
        locked.save(update_fields=["status", "decided_by", "decided_at", "answer"])
        locked.sanction = sanction
        record_action(
            actor,
            action="appeal.overturn" if overturn else "appeal.uphold",
            target=sanction,
            subject=sanction.member,
            before={"status": AppealStatus.OPEN},
            after={"status": locked.status},
            reason=text,
            reason_code=sanction.reason_code,
        )
        if overturn and sanction.lifted_at is None:
            _lift(actor, sanction=sanction, reason=text)
        banners.forget(sanction.member_id)
        publish_on_commit(
            events.AppealDecided(
                appeal_id=locked.pk,
                sanction_id=sanction.pk,
                member_id=sanction.member_id,
                overturned=overturn,
                by=actor.pk,
            )
        )
    return locked


# Warning templates ---------------------------------------------------------------------------


def _checked_template(title: str, body: str) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Give the template a title.")]
    if not body.strip():
        errors["body"] = [_("Write the warning's text.")]
    if errors:
        raise ValidationError(errors)
    return title.strip()[:120], body.strip()


def create_warning_template(actor: Any, *, title: str, body: str) -> WarningTemplate:
    """Add a reusable warning text."""
    require(can_manage_warning_templates(actor), _("Only moderators keep warning templates."))
    title, body = _checked_template(title, body)
    with transaction.atomic():
        template = WarningTemplate.objects.create(title=title, body=body)
        record_action(
            actor, action="warning_template.create", target=template, after={"body": body}
        )
    return template


def edit_warning_template(
    actor: Any, *, template: WarningTemplate, title: str, body: str
) -> WarningTemplate:
    """Change a warning text (warnings already sent keep theirs)."""
    require(can_manage_warning_templates(actor), _("Only moderators keep warning templates."))
    title, body = _checked_template(title, body)
    with transaction.atomic():
        before = {"title": template.title, "body": template.body}
        template.title, template.body = title, body
        template.save(update_fields=["title", "body", "updated_at"])
        record_action(
            actor,
            action="warning_template.edit",
            target=template,
            before=before,
            after={"title": title, "body": body},
        )
    return template


def delete_warning_template(actor: Any, *, template: WarningTemplate) -> None:
    """Remove a warning text."""
    require(can_manage_warning_templates(actor), _("Only moderators keep warning templates."))
    with transaction.atomic():
        record_action(
            actor,
            action="warning_template.delete",
            target=template,
            before={"title": template.title, "body": template.body},
        )
        template.delete()
