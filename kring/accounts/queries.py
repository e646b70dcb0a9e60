"""Reads of the accounts app: applicants, invitations, members by role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Q, QuerySet
from django.utils import timezone

from kring.accounts import permissions
from kring.accounts.models import ApprovalStatus, Invitation, Member
from kring.accounts.roles import Role
from kring.core.permissions import NotFound


def applicants(viewer: Any, *, status: ApprovalStatus = ApprovalStatus.PENDING) -> QuerySet[Member]:
    """Members whose application is `status`, oldest first (empty for non-managers)."""
    if not permissions.can_review_applications(viewer):
        return Member.objects.none()
    return (
        Member.objects.filter(approval_status=status, is_active=True)
        .select_related("profile")
        .order_by("date_joined", "pk")
    )


def pending_application_count(viewer: Any) -> int:
    return applicants(viewer).count() if permissions.can_review_applications(viewer) else 0


def get_applicant_for(viewer: Any, member_id: int) -> Member:
    """A pending or declined applicant, or NotFound (also for viewers who may not review)."""
    member = Member.objects.filter(
        pk=member_id,
        approval_status__in=[ApprovalStatus.PENDING, ApprovalStatus.DECLINED],
        is_active=True,
    ).first()
    if member is None or not permissions.can_review_applications(viewer):
        raise NotFound
    return member


@dataclass(frozen=True)
class InvitationRow:
    """An invitation as a manager sees it: the address only while nobody has that account."""

    invitation: Invitation
    status: str
    email: str
    member: Member | None


def sent_invitations(viewer: Any, *, limit: int = 200) -> list[InvitationRow]:
    """The most recent invitations, newest first, for the invitation page."""
    if not permissions.can_invite_members(viewer):
        return []
    invitations = list(
        Invitation.objects.select_related("accepted_by", "invited_by").order_by("-created_at")[
            :limit
        ]
    )
    addresses = {invitation.email.lower() for invitation in invitations}
    members_by_email = _members_by_email(addresses)
    show_all = permissions.can_see_member_email(viewer)
    rows = []
    for invitation in invitations:
        member = invitation.accepted_by or members_by_email.get(invitation.email.lower())
        # Once the address belongs to a member, it is that member's address: admins only.
        email = invitation.email if show_all or member is None else ""
        rows.append(
            InvitationRow(
                invitation=invitation,
                status=invitation_status(invitation),
                email=email,
                member=member,
            )
        )
    return rows


def _members_by_email(addresses: set[str]) -> dict[str, Member]:
    if not addresses:
        return {}
    query = Q()
    for address in addresses:
        query |= Q(email__iexact=address)
    return {member.email.lower(): member for member in Member.objects.filter(query)}


def invitation_status(invitation: Invitation) -> str:
    """accepted, revoked, expired or open."""
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.expires_at <= timezone.now():
        return "expired"
    return "open"


def get_invitation_for(viewer: Any, invitation_id: int) -> Invitation:
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is None or not permissions.can_invite_members(viewer):
        raise NotFound
    return invitation


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation behind a link, usable or not (the page explains which)."""
    if not token or len(token) > 64:
        return None
    return Invitation.objects.filter(token=token).first()


def email_has_account(email: str) -> bool:
    """Whether a member already uses `email` (as account or as verified allauth address)."""
    return (
        Member.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )


def members_by_role(viewer: Any, *, role: str = "", search: str = "") -> QuerySet[Member]:
    """Approved members for the roles page, by name; filtered by role and a name search."""
    if not permissions.can_manage_community(viewer):
        return Member.objects.none()
    members = Member.objects.filter(
        is_active=True, approval_status=ApprovalStatus.APPROVED
    ).select_related("profile")
    if role in Role.values:
        members = members.filter(role=role)
    search = search.strip()
    if search:
        members = members.filter(display_name__icontains=search)
    return members.order_by("display_name", "pk")


def get_member_for(viewer: Any, member_id: int) -> Member:
    """An active member for the roles page, or NotFound."""
    member = Member.objects.filter(pk=member_id, is_active=True).first()
    if member is None or not permissions.can_manage_community(viewer):
        raise NotFound
    return member


def two_factor_enabled(member: Member) -> bool:
    return bool(Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists())
