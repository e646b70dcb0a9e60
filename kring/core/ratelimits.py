"""Rate limits of what members do (posting, commenting): at most N actions per time window.

allauth limits the account flows (logins, sign-ups, password resets); this limits the rest.
Each action has a rate in `settings.RATE_LIMITS` ("10/m", "30/5m", "100/h"; empty: no limit),
counted per member in a fixed window in the cache (Redis when configured, so every server
process shares the count; `incr` is atomic there). A view asks `throttle(request, action=…)`
before it calls the service: over the limit, it shows its form again with `too_fast_message`,
and the request answers 429 with Retry-After (kring.core.middleware.RetryAfterMiddleware).
The services themselves are not limited: the demo, imports and the benchmark write in bulk.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import ngettext

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int


def parse_rate(text: str) -> Rate | None:
    """'10/m' -> Rate(10, 60), '30/5m' -> Rate(30, 300); '' -> None (no limit)."""
    if not text.strip():
        return None
    match = _RATE.match(text)
    if match is None:
        raise ValueError(f"not a rate: {text!r} (expected e.g. '10/m' or '30/5m')")
    amount, multiple, unit = match.groups()
    return Rate(amount=int(amount), seconds=int(multiple or 1) * _UNITS[unit])


def consume(action: str, *, key: str | int) -> int:
    """Count one `action` by `key`: 0 while within its rate, else the seconds until it is again."""
    rate = parse_rate(getattr(settings, "RATE_LIMITS", {}).get(action, ""))
    if rate is None:
        return 0
    now = time.time()
    window = int(now // rate.seconds)
    cache_key = f"kring:ratelimit:{action}:{key}:{rate.seconds}:{window}"
    cache.add(cache_key, 0, timeout=rate.seconds + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the key expired between add() and incr(): a new window began
        cache.add(cache_key, 1, timeout=rate.seconds + 1)
        count = 1
    if count <= rate.amount:
        return 0
    return max(1, math.ceil((window + 1) * rate.seconds - now))


def throttle(request: HttpRequest, *, action: str) -> int:
    """`consume` for the requesting member; over the limit, the request is marked to answer 429
    with Retry-After. Returns the seconds to wait (0: go ahead)."""
    wait = consume(action, key=request.user.pk or "anonymous")
    if wait:
        request.throttled = True  # type: ignore[attr-defined]
        request.retry_after = wait  # type: ignore[attr-defined]
    return wait


def too_fast_message(wait: int) -> str:
    """What the form says when `throttle` refused: why, how long to wait, nothing is lost."""
    return ngettext(
        "You are posting faster than this community allows. Wait %(seconds)d second and try"
        " again: what you wrote is still here.",
        "You are posting faster than this community allows. Wait %(seconds)d seconds and try"
        " again: what you wrote is still here.",
        wait,
    ) % {"seconds": wait}
