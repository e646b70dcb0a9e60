"""The events bus: services publish past-tense facts after commit; listener apps subscribe.

Each event type gets one `django.dispatch.Signal`, so Django's machinery (weak references off,
`dispatch_uid` against double registration in tests and reloads) does the bookkeeping.
Handlers receive the event object. A failing handler is logged and never breaks the request
that published the event: its transaction has already committed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

E = TypeVar("E")

_signals: dict[type[Any], Signal] = {}


def signal_for(event_type: type[Any]) -> Signal:
    """The one Signal that carries events of `event_type` (created on first use)."""
    signal = _signals.get(event_type)
    if signal is None:
        signal = _signals.setdefault(event_type, Signal())
    return signal


def subscribe(event_type: type[E], handler: Callable[[E], object]) -> None:
    """Call `handler(event)` for every published event of `event_type` (from AppConfig.ready)."""

    def receiver(sender: type[Any], event: E, **kwargs: Any) -> None:
        handler(event)

    uid = f"{getattr(handler, '__module__', '')}.{getattr(handler, '__qualname__', id(handler))}"
    signal_for(event_type).connect(receiver, sender=event_type, weak=False, dispatch_uid=uid)


def unsubscribe(event_type: type[E], handler: Callable[[E], object]) -> None:
    """Undo `subscribe` (for tests)."""
    uid = f"{getattr(handler, '__module__', '')}.{getattr(handler, '__qualname__', id(handler))}"
    signal_for(event_type).disconnect(sender=event_type, dispatch_uid=uid)


# Handlers of every event, whatever its type (the kernel's own caches: a cached page for
# visitors is stale after any fact at all).
_every_event: list[Callable[[object], object]] = []


def subscribe_to_every_event(handler: Callable[[object], object]) -> None:
    """Call `handler(event)` for each published event of any type (from AppConfig.ready)."""
    if handler not in _every_event:
        _every_event.append(handler)


def publish(event: object) -> None:
    """Deliver `event` to its subscribers now; a failing subscriber is logged, not raised."""
    event_type = type(event)
    for handler in _every_event:
        try:
            handler(event)
        except Exception:
            logger.exception("Subscriber %r failed on %s", handler, event_type.__name__)
    for receiver, result in signal_for(event_type).send_robust(sender=event_type, event=event):
        if isinstance(result, Exception):
            logger.error(
                "Subscriber %r failed on %s",
                receiver,
                event_type.__name__,
                exc_info=(type(result), result, result.__traceback__),
            )


def publish_on_commit(event: object) -> None:
    """Deliver `event` once the current transaction commits (at once outside a transaction;
    never if it rolls back)."""
    transaction.on_commit(lambda: publish(event))
