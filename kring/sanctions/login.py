"""The login refusal of a suspended member, called by the accounts app's allauth adapter."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.stagekit import clear_login
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kring.sanctions import banners, queries


def refuse_suspended_login(request: HttpRequest, user: Any) -> HttpResponse | None:
    """None when `user` may log in; otherwise end the login attempt and answer with the
    suspension notice (reason, end, appeal)."""
    if not getattr(user, "is_suspended", False):
        return None
    clear_login(request)
    sanction = queries.current_suspension(user)
    if sanction is not None and sanction.ends_at is not None:
        messages.error(
            request,
            _("Your account is suspended until %(end)s. You cannot log in before then.")
            % {"end": _format(sanction.ends_at)},
        )
    else:
        messages.error(request, _("Your account is suspended. You cannot log in."))
    if sanction is None:
        return redirect("account_login")
    return redirect(banners.notice_url(sanction))


def _format(moment: Any) -> str:
    return str(formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT"))
