"""Context every page gets, in both template engines."""

from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString

from kring.core.sitesettings.models import SiteSettings


def site(request: HttpRequest) -> dict[str, Any]:
    """The community's settings (name, logo, colour) for the layout."""
    return {"site": SiteSettings.load()}


def csrf(request: HttpRequest) -> dict[str, Any]:
    """`csrf_token` and `csrf_input` for Jinja2 pages, masked once per response.

    Django's Jinja2 backend masks the token anew each time a template prints it; a page with a
    form per comment printed it hundreds of times, and masking dominated its render time (see
    bench/results/2026-11-24-findings.md). One mask per response keeps the BREACH protection
    (every response still carries a fresh mask).
    """

    def token() -> str:
        masked: str | None = getattr(request, "_kring_csrf_token", None)
        if masked is None:
            masked = get_token(request)
            request._kring_csrf_token = masked  # type: ignore[attr-defined]
        return masked

    def hidden_input() -> SafeString:
        field: SafeString | None = getattr(request, "_kring_csrf_input", None)
        if field is None:  # once per page, however many forms it holds
            field = format_html(
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token()
            )
            request._kring_csrf_input = field  # type: ignore[attr-defined]
        return field

    return {
        "csrf_token": lazy(token, str)(),
        "csrf_input": lazy(hidden_input, SafeString, str)(),
    }
