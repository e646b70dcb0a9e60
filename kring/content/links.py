"""Where a post lives: each kind's app registers the address of its page.

The wall's cards, RSS, search results and notifications link to any post without knowing the
app that owns its kind: a question opens on the forum's topic page, a product page in the
knowledge base, a status update on the post page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kring.core.reversing import fast_reverse

_addresses: dict[str, Callable[[Any], str]] = {}
_replies_elsewhere: set[str] = set()


def register_post_url(
    kind: str, address: Callable[[Any], str], *, replies_on_own_page: bool = False
) -> None:
    """Let posts of `kind` open at `address(post)` (call from AppConfig.ready).

    Posts with a page of their own are edited there, never through the generic post pages.
    `replies_on_own_page`: replies too go through the owning app's forms and rules (a closed
    or locked topic), so the generic comment form refuses them.
    """
    _addresses[kind] = address
    if replies_on_own_page:
        _replies_elsewhere.add(kind)


def post_url(post: Any) -> str:
    """The page of `post`: its kind's own page, else the generic post page."""
    address = _addresses.get(post.kind)
    if address is not None:
        return address(post)
    return fast_reverse("content:post-detail", post.pk)


def has_own_page(kind: str) -> bool:
    """Whether posts of `kind` open (and are edited) somewhere other than the generic post page."""
    return kind in _addresses


def takes_generic_replies(kind: str) -> bool:
    """Whether the generic comment form may add a reply to posts of `kind`."""
    return kind not in _replies_elsewhere
