"""Context every Jinja2 page gets from the news app."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kring.news.banners import shown_announcements


def announcements(request: HttpRequest) -> dict[str, Any]:
    """`site_announcements`: the banners at the top of the page and the active outages (no query
    while none is active). Lazy: fragments that never show it (htmx partials) cost nothing."""
    return {"site_announcements": SimpleLazyObject(lambda: shown_announcements(request))}
