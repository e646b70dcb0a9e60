"""Context every Jinja2 page can get from messaging: the header's unread badge."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import lazy

from kring.messaging.queries import unread_total


def unread(request: HttpRequest) -> dict[str, Any]:
    """`unread_messages`: the member's unread private messages, as a lazy int (`{% if
    unread_messages %}`, `{{ unread_messages }}`). Computed only when a page shows it, and
    cached per member, so it costs no query on a cache hit."""
    return {"unread_messages": lazy(lambda: unread_total(request.user), int)()}
