"""The invitation a visitor arrived with, kept in their session until they sign up."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from kring.accounts.models import Invitation, Member

SESSION_KEY = "kring_invitation_token"


def remember_invitation(request: HttpRequest, invitation: Invitation) -> None:
    request.session[SESSION_KEY] = invitation.token


def pending_invitation(request: HttpRequest) -> Invitation | None:
    """The usable invitation whose link this visitor followed, if any."""
    token = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if not token:
        return None
    invitation = Invitation.objects.filter(token=token).first()
    return invitation if invitation is not None and invitation.is_usable else None


def mark_accepted(request: HttpRequest, invitation: Invitation, member: Member) -> None:
    invitation.accepted_by = member
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_by", "accepted_at"])
    request.session.pop(SESSION_KEY, None)
