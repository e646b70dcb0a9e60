"""Whole pages for visitors: what is the same for every anonymous visitor is rendered once.

A page decorated with `@cached_for_visitors` is stored after its first anonymous render and
served from the cache to every later visitor in the same language, until anything that could
change a public page happens: the apps that own such facts call `invalidate_visitor_pages()`
from their event listeners, which moves every cached page to a new generation at once (the
old entries simply expire). Members always get a fresh page.

A page that counts its visits (a topic's views) passes `on_hit`, called with the view's
arguments for every visit the cache answers: the view itself counts the others.

Two things differ between visitors and are put back on each hit: the CSRF token (forms such
as the language switch carry one; the stored copy holds a placeholder that each response
replaces with the visitor's own masked token) and flash messages (a visitor with a message
waiting is not served from, nor stored in, the cache).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from kring.core.sitesettings.models import SiteSettings

GENERATION_KEY = "visitor-pages:generation"
# A backstop: a change no listener reports is seen by visitors after this many seconds.
PAGE_TTL = 120
TOKEN_PLACEHOLDER = "\x00kring-csrf-token\x00"  # noqa: S105  (a marker, not a secret)
CACHE_STATUS_HEADER = "X-Kring-Page-Cache"

View = Callable[..., HttpResponse]


def invalidate_visitor_pages() -> None:
    """Every cached visitor page is stale from now on (called by event listeners)."""
    # A fresh value, not a counter: if the cache lost the key, a counter restarting at 1
    # could meet pages stored under an old 1.
    cache.set(GENERATION_KEY, time.time_ns(), None)


def forget_visitor_pages(event: object) -> None:
    """Any published fact may change what visitors see (subscribed to every event)."""
    invalidate_visitor_pages()


def _generation() -> int:
    generation: int | None = cache.get(GENERATION_KEY)
    if generation is None:
        generation = time.time_ns()
        cache.add(GENERATION_KEY, generation, None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def _has_flash_messages(request: HttpRequest) -> bool:
    if request.COOKIES.get(getattr(settings, "MESSAGE_COOKIE_NAME", "messages")):
        return True
    session = getattr(request, "session", None)
    if session is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return "_messages" in session


def _cacheable(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return (
        request.method in ("GET", "HEAD")
        and not getattr(user, "is_authenticated", False)
        and not _has_flash_messages(request)
    )


def _key(request: HttpRequest) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    htmx = "h" if request.headers.get("HX-Request") else "p"
    return ":".join(
        (
            "visitor-page",
            str(_generation()),
            SiteSettings.load().version,
            translation.get_language() or "",
            htmx,
            path,
        )
    )


def cached_for_visitors(
    view: View | None = None, *, on_hit: Callable[..., None] | None = None
) -> Any:
    """Serve `view`'s page to anonymous visitors from the cache (see the module docstring).
    Use as `@cached_for_visitors`, or `@cached_for_visitors(on_hit=count)`."""
    if view is None:
        return lambda inner: _cached(inner, on_hit)
    return _cached(view, on_hit)


def _cached(view: View, on_hit: Callable[..., None] | None) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored: tuple[str, str] | None = cache.get(key)
        if stored is not None:
            content, content_type = stored
            if TOKEN_PLACEHOLDER in content:
                content = content.replace(TOKEN_PLACEHOLDER, get_token(request))
            response = HttpResponse(content, content_type=content_type)
            response[CACHE_STATUS_HEADER] = "hit"
            if on_hit is not None:
                on_hit(request, *args, **kwargs)
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            content = response.content.decode(response.charset)
            token: str | None = getattr(request, "_kring_csrf_token", None)
            if token:
                content = content.replace(token, TOKEN_PLACEHOLDER)
            cache.set(key, (content, response["Content-Type"]), PAGE_TTL)
            response[CACHE_STATUS_HEADER] = "miss"
        return response

    return wrapper
