"""reverse() for the addresses a page builds by the hundred.

Django's `reverse()` walks the resolver's candidates and checks every argument against its
converter's pattern on each call: about 25 µs. A wall page builds some 170 addresses (every
card links its author, space, post, history and forms), a topic page more. Here the address
of a URL name is built once per process, with placeholder arguments, and afterwards filled in
by string formatting.

Only plain positional arguments take that path: non-negative integers and strings of letters,
digits, `-` and `_` (which no converter quotes). Anything else, keyword arguments, and names
whose address does not hold each placeholder exactly once go to `reverse()` itself. The stored
forms are keyed by the URLconf and script prefix in force, and dropped when the URLconf
setting changes (tests override it).
"""

from __future__ import annotations

import re
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

_PLAIN = re.compile(r"[A-Za-z0-9_-]+\Z")
# Placeholders that every converter Kring uses (int, slug, str) accepts and no address holds.
_SENTINEL = 7_304_918_265

# (urlconf, script prefix, name, argument kinds) -> "address with {0}, {1}" or None
_forms: dict[tuple[Any, str, str, str], str | None] = {}


def _kind(value: Any) -> str:
    """'i' for a plain integer, 's' for a plain string, '' for anything else."""
    if type(value) is int and value >= 0:
        return "i"
    if type(value) is str and _PLAIN.match(value):
        return "s"
    return ""


def _form(name: str, kinds: str) -> str | None:
    placeholders = [
        _SENTINEL + i if kind == "i" else f"kringarg{_SENTINEL + i}" for i, kind in enumerate(kinds)
    ]
    try:
        address = reverse(name, args=placeholders)
    except NoReverseMatch:
        return None
    if "{" in address or "}" in address:
        return None
    for i, placeholder in enumerate(placeholders):
        text = str(placeholder)
        if address.count(text) != 1:
            return None
        address = address.replace(text, "{" + str(i) + "}")
    return address


def fast_reverse(name: str, *args: Any) -> str:
    """`reverse(name, args=args)`, the same address, built from a stored form when it can be."""
    kinds = "".join(_kind(arg) for arg in args)
    if len(kinds) != len(args):
        return reverse(name, args=args or None)
    key = (get_urlconf(), get_script_prefix(), name, kinds)
    if key in _forms:
        form = _forms[key]
    else:
        form = _forms[key] = _form(name, kinds)
    if form is None:
        return reverse(name, args=args or None)
    return form.format(*args)


@receiver(setting_changed)
def _forget_forms(*, setting: str, **kwargs: Any) -> None:
    if setting == "ROOT_URLCONF":
        _forms.clear()
