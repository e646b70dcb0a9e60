"""Kring's policy inside django-allauth: who may sign up, what a new account starts as."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from kring.accounts import invitations
from kring.accounts.mail import enqueue_email
from kring.accounts.models import ApprovalStatus, Member
from kring.core.sitesettings.models import RegistrationPolicy, SiteSettings


def _longest_period(rates: str) -> int:
    """Seconds of the longest window in an allauth rate string like '10/m/ip,5/5m/key'."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    longest = 60
    for rate in rates.split(","):
        parts = rate.strip().split("/")
        if len(parts) < 2:
            continue
        period = parts[1]
        amount = int(period[:-1]) if period[:-1].isdigit() else 1
        longest = max(longest, amount * units.get(period[-1:], 60))
    return longest


@dataclass(frozen=True)
class CommunitySite:
    """What allauth's mail templates read of a `Site`."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        policy = SiteSettings.load().registration_policy
        if policy == RegistrationPolicy.INVITATION:
            return invitations.pending_invitation(request) is not None
        return True

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        member: Member = super().save_user(request, user, form, commit=False)
        details = form.cleaned_data
        member.display_name = details.get("display_name") or member.email.split("@")[0]
        member.language = getattr(request, "LANGUAGE_CODE", "") or ""
        invitation = invitations.pending_invitation(request)
        policy = SiteSettings.load().registration_policy
        if policy == RegistrationPolicy.APPROVAL and invitation is None:
            member.approval_status = ApprovalStatus.PENDING
        if commit:
            member.save()
            if invitation is not None:
                invitations.mark_accepted(request, invitation, member)
        return member

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # allauth's mails greet with current_site.name; without django.contrib.sites that would
        # be the bare host name (or nothing), so they name the community instead.
        name = SiteSettings.load().community_name
        context["site_name"] = name
        context["current_site"] = CommunitySite(
            name=name, domain=urlsplit(settings.SITE_URL).netloc
        )
        message = self.render_mail(template_prefix, email, context)
        enqueue_email(message)

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        # A suspended member is refused every way of logging in (password, code, MFA) and sent
        # to the page with the reason, the end and the appeal form (kring.sanctions).
        from kring.sanctions.login import refuse_suspended_login

        refusal = refuse_suspended_login(request, user)
        if refusal is not None:
            return refusal
        response: HttpResponse | None = super().pre_login(request, user, **kwargs)
        return response

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            # Too many failed logins: the page still shows the form error, but answers 429
            # with Retry-After (kring.core.middleware.RetryAfterMiddleware).
            request.throttled = True  # type: ignore[attr-defined]
            request.retry_after = _longest_period(  # type: ignore[attr-defined]
                settings.ACCOUNT_RATE_LIMITS.get("login_failed", "")
            )
            raise
