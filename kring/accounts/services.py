"""Every write of the accounts app: approvals, invitations, roles, language, deleting an account."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts import permissions, queries, roles
from kring.accounts.mail import enqueue_templated_email
from kring.accounts.models import ApprovalStatus, Invitation, Member
from kring.accounts.roles import Role
from kring.audit.services import record_action
from kring.core.permissions import require
from kring.core.sitesettings.models import SiteSettings
from kring.spaces.services import forget_member

SUPPORTED_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _language_of(member: Member) -> str:
    return member.language or SiteSettings.load().default_language


def delete_account(actor: Any, *, member: Member, password: str) -> None:
    """Delete `member`'s own account (profile and everything owned goes with it)."""
    require(
        permissions.can_delete_account(actor, member),
        _("You cannot delete this account. The last administrator must appoint another first."),
    )
    if not member.check_password(password):
        raise ValidationError(_("That is not your password."), code="wrong_password")
    with transaction.atomic():
        # Re-check under lock: two admins deleting themselves at once must not leave none.
        locked = Member.objects.select_for_update().get(pk=member.pk)
        require(
            permissions.can_delete_account(actor, locked),
            _("You cannot delete this account. The last administrator must appoint another first."),
        )
        # The memberships would go with the member anyway (cascade), but without lowering
        # the groups' member counts.
        forget_member(locked)
        locked.delete()


def approve_member(actor: Any, *, member: Member) -> Member:
    """Let a pending (or earlier declined) applicant in, and tell them by e-mail."""
    require(
        permissions.can_review_applications(actor),
        _("Only community managers can review applications."),
    )
    require(
        member.approval_status != ApprovalStatus.APPROVED,
        _("This member has already been approved."),
    )
    with transaction.atomic():
        before = {"approval_status": member.approval_status}
        member.approval_status = ApprovalStatus.APPROVED
        member.save(update_fields=["approval_status"])
        record_action(
            actor,
            action="member.approve",
            target=member,
            subject=member,
            before=before,
            after={"approval_status": ApprovalStatus.APPROVED},
        )
        enqueue_templated_email(
            "accounts/email/member_approved",
            to=member.email,
            language=_language_of(member),
            context={
                "site": SiteSettings.load(),
                "member": member,
                "login_url": _absolute(reverse("account_login")),
            },
        )
    return member


def decline_member(actor: Any, *, member: Member, reason: str = "") -> Member:
    """Decline a pending applicant, with an optional reason sent to them."""
    require(
        permissions.can_review_applications(actor),
        _("Only community managers can review applications."),
    )
    require(
        member.approval_status == ApprovalStatus.PENDING,
        _("Only applications that are waiting can be declined."),
    )
    with transaction.atomic():
        member.approval_status = ApprovalStatus.DECLINED
        member.save(update_fields=["approval_status"])
        record_action(
            actor,
            action="member.decline",
            target=member,
            subject=member,
            before={"approval_status": ApprovalStatus.PENDING},
            after={"approval_status": ApprovalStatus.DECLINED},
            reason=reason.strip(),
        )
        enqueue_templated_email(
            "accounts/email/member_declined",
            to=member.email,
            language=_language_of(member),
            context={
                "site": SiteSettings.load(),
                "member": member,
                "reason": reason.strip(),
                "delete_url": _absolute(reverse("accounts:account-delete")),
            },
        )
    return member


def invite_member(actor: Any, *, email: str, message: str = "") -> Invitation:
    """Invite `email` to sign up; an earlier open invitation to the same address is replaced."""
    require(permissions.can_invite_members(actor), _("Only community managers can invite."))
    email = email.strip().lower()
    if queries.email_has_account(email):
        raise ValidationError(
            _("%(email)s already has an account."), code="has_account", params={"email": email}
        )
    with transaction.atomic():
        now = timezone.now()
        Invitation.objects.filter(
            email__iexact=email, accepted_at=None, revoked_at=None, expires_at__gt=now
        ).update(revoked_at=now)
        invitation = Invitation.objects.create(
            email=email, invited_by=actor, message=message.strip()
        )
        # No target: an invitation's name is its e-mail address, which the log must not show.
        record_action(actor, action="invitation.send", after={"invitation": invitation.pk})
        site = SiteSettings.load()
        enqueue_templated_email(
            "accounts/email/invitation",
            to=email,
            language=site.default_language,
            context={
                "site": site,
                "invitation": invitation,
                "inviter_name": actor.display_name,
                "message": invitation.message,
                "accept_url": _absolute(
                    reverse("accounts:invitation-accept", args=[invitation.token])
                ),
            },
        )
    return invitation


def revoke_invitation(actor: Any, *, invitation: Invitation) -> Invitation:
    """Make an unused invitation's link stop working."""
    require(permissions.can_invite_members(actor), _("Only community managers can invite."))
    require(
        invitation.accepted_at is None and invitation.revoked_at is None,
        _("This invitation has already been used or revoked."),
    )
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record_action(actor, action="invitation.revoke", after={"invitation": invitation.pk})
    return invitation


def assign_role(actor: Any, *, member: Member, role: Role | str) -> Member:
    """Give `member` another role."""
    message = _("You cannot give this member that role.")
    require(permissions.can_assign_role(actor, member, role), message)
    with transaction.atomic():
        if member.role == Role.ADMIN and role != Role.ADMIN:
            # Lock the admins: two admins demoting each other at once must not leave none.
            admins = list(
                Member.objects.select_for_update()
                .filter(role=Role.ADMIN, is_active=True)
                .values_list("pk", flat=True)
            )
            require(
                any(pk != member.pk for pk in admins) and actor.pk in admins,
                _("The site needs at least one administrator."),
            )
        before = {"role": str(member.role)}
        member.role = Role(role)
        member.save(update_fields=["role"])
        record_action(
            actor,
            action="role.assign",
            target=member,
            subject=member,
            before=before,
            after={"role": str(member.role)},
        )
    return member


def can_set_editor(actor: Any, member: Member) -> bool:
    """Community managers and admins switch the editor capability of employees and
    moderators (managers and admins are editors by their role), never their own.

    Kept here rather than in permissions.py: the knowledge helper may touch only this file.
    """
    if not roles.may_manage(actor) or member.pk == getattr(actor, "pk", None):
        return False
    if not member.is_active or member.approval_status != ApprovalStatus.APPROVED:
        return False
    return roles.is_employee(member) and not roles.may_manage(member)


def set_editor(actor: Any, *, member: Member, is_editor: bool) -> Member:
    """Let an employee write the knowledge base and news (or no longer)."""
    require(can_set_editor(actor, member), _("You cannot change whether this member is an editor."))
    with transaction.atomic():
        before = {"is_editor": member.is_editor}
        member.is_editor = is_editor
        member.save(update_fields=["is_editor"])
        record_action(
            actor,
            action="role.editor",
            target=member,
            subject=member,
            before=before,
            after={"is_editor": is_editor},
        )
    return member


def set_language(actor: Any, *, member: Member, language: str) -> Member:
    """The language Kring speaks to `member` ('' follows the community's default)."""
    require(permissions.can_set_language(actor, member), _("You can only change your own."))
    if language and language not in SUPPORTED_LANGUAGES:
        raise ValidationError(_("That language is not available."), code="invalid_language")
    with transaction.atomic():
        member.language = language
        member.save(update_fields=["language"])
    return member
