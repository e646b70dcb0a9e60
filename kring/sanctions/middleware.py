"""The single gate of sanctions on every request.

- Suspended (or a session that outlived a ban): logged out on the next request and sent to a
  page with the reason, the end and the appeal form.
- Silenced: reads as a member, but every unsafe request (POST, PUT, PATCH, DELETE) is refused
  with 403 and a page saying why, except the few in `ALLOWED_URL_NAMES`. Because this gate
  sits in front of every view, no form that writes needs its own check; an API added later
  resolves through the same URLconf and passes here too (its token-authenticated user must be
  checked with `silence_refusal` where it authenticates).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject

from kring.sanctions import banners, queries

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# What a silenced member may still do: leave, protect or delete their account, choose a
# language, appeal, keep others away (leave a conversation, block) and tidy their own screen
# (read marks, closing announcements). Names that an app does not define yet cost nothing.
ALLOWED_URL_NAMES = frozenset(
    {
        "account_logout",
        "account_login",
        "account_reauthenticate",
        "account_change_password",
        "account_set_password",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_activate_totp",
        "mfa_deactivate_totp",
        "mfa_generate_recovery_codes",
        "accounts:account-delete",
        "accounts:language-edit",
        "members:language-set",
        "sanctions:sanction-appeal",
        "sanctions:suspension-notice",
        "social:member-block",
        "social:member-unblock",
        "messaging:conversation-leave",
        # A moderator's mediation: its parties answer there, silenced or not (kring.mediation).
        "messaging:mediation-message-create",
        "notifications:notification-read",
        "notifications:notification-read-all",
        "news:announcement-dismiss",
    }
)


def silence_refusal(request: HttpRequest, user: Any) -> HttpResponse:
    """The 403 page a silenced member gets for a refused write."""
    sanction = queries.current_sanction(user, "silence")
    return render(
        request,
        "sanctions/silenced.html",
        {"sanction": sanction, "silenced_until": user.silenced_until},
        status=403,
    )


class SanctionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The layout's banner, computed only when a page shows it.
        request.sanction_banner = SimpleLazyObject(  # type: ignore[attr-defined]
            lambda: banners.banner_for(getattr(request, "user", None))
        )
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        # Here rather than in __call__: every answer, the redirect too, passes back through the
        # middleware below (the Content-Security-Policy's among them).
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if user.is_suspended:
            sanction = queries.current_suspension(user)
            logout(request)
            if sanction is None:
                return redirect("account_login")
            return redirect(banners.notice_url(sanction))
        if request.method in SAFE_METHODS or not user.is_silenced:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ALLOWED_URL_NAMES:
            return None
        return silence_refusal(request, user)
