"""Screens every text a member submits before it is written: word filters, link-spam and
duplicate checks, pre-moderation. The content kernel knows none of them: the apps that own
those rules (moderation, filters) register a screen in their `AppConfig.ready`, and the
services that write posts, comments and messages call `screen()`.

A screen receives a `Submission` and returns it, changed or not:
- unchanged: nothing to say;
- with other text (`dataclasses.replace(submission, body=…)`): a replaced word;
- with `hold_reason` set: written, but waiting for a moderator's approval (pending);
- or raises `django.core.exceptions.ValidationError`: refused, with the message the form shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Submission:
    actor: Any
    # What is being written: "post", "comment" or "message".
    target: str
    body: str
    title: str = ""
    # The space it goes into (None for a private message), and the post's kind.
    space: Any = None
    kind: str = ""
    # A new text (True) or an edit of an existing one (False): edits are never held.
    is_new: bool = True
    # Why it waits for approval, in words its author reads; "" to publish at once.
    hold_reason: str | Promise = ""


Screen = Callable[[Submission], Submission]

_screens: list[tuple[int, Screen]] = []


def register_screen(screen: Screen, *, order: int = 100) -> None:
    """Run `screen` on every submission (lower `order` first); registering twice is a no-op."""
    if any(existing is screen for _order, existing in _screens):
        return
    _screens.append((order, screen))
    _screens.sort(key=lambda pair: pair[0])


def screen(submission: Submission) -> Submission:
    """`submission` after every registered screen (may raise ValidationError)."""
    for _order, each in list(_screens):
        submission = each(submission)
    if not submission.is_new:
        submission = replace(submission, hold_reason="")
    return submission
