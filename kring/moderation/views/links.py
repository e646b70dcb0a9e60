"""Where moderation pages send the moderator: the queue, a safe `next`, a member's history."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme

QUEUE_URL = "moderation:queue"


def _next_or(request: HttpRequest, fallback: str) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return fallback


def member_history_url(member_id: int | None) -> str:
    """The member's moderation history (kring.mediation), "" while that page does not exist."""
    if member_id is None:
        return ""
    try:
        return reverse("mediation:member-history", kwargs={"member_id": member_id})
    except NoReverseMatch:
        return ""
