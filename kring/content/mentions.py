"""@mentions in posts and comments.

Syntax (documented in the composer's help text and docs/):
- `@[Name](42)`: what a mention picker inserts; the visible name is always replaced by
  member 42's current display name, so a mention cannot pretend to be someone else;
- `@42`: the same, typed by hand (the number is in the member's profile address, /leden/42/).

A mention becomes a link to the profile only when the author may mention that member: the
author can see their profile and neither blocks the other. Anything else stays plain text.
Mentions inside code (`inline` or fenced) are left alone. The stored body keeps the source,
so editing shows what the author typed; the links live in the rendered HTML only.
"""

from __future__ import annotations

import re
import string
from typing import Any

from django.urls import reverse

from kring.core.markup import render_markdown
from kring.members.queries import visible_members
from kring.social.queries import blocked_either_way_ids

# Code first, so a mention inside code is matched (and kept) as code.
_TOKEN = re.compile(
    r"(?P<code>```.*?```|`[^`\n]*`)"
    r"|(?<![\w@\\])@(?:\[(?P<name>[^\]\n]{1,80})\]\((?P<linked_id>\d{1,12})\)|(?P<id>\d{1,12})\b)",
    re.DOTALL,
)
_PUNCTUATION = frozenset(string.punctuation)
MAX_MENTIONS = 20


def _escape_markdown(text: str) -> str:
    return "".join(f"\\{char}" if char in _PUNCTUATION else char for char in text)


def mentioned_ids(text: str) -> list[int]:
    """Member ids mentioned in `text`, in order of first appearance (at most MAX_MENTIONS)."""
    found: list[int] = []
    for match in _TOKEN.finditer(text or ""):
        if match.group("code") is not None:
            continue
        pk = int(match.group("linked_id") or match.group("id"))
        if pk not in found:
            found.append(pk)
        if len(found) == MAX_MENTIONS:
            break
    return found


def mentionable_names(author: Any, ids: list[int]) -> dict[int, str]:
    """Display names of the members among `ids` whom `author` may mention."""
    if not ids:
        return {}
    blocked = blocked_either_way_ids(author)
    allowed = [pk for pk in ids if pk not in blocked]
    return dict(visible_members(author).filter(pk__in=allowed).values_list("pk", "display_name"))


def link_mentions(author: Any, text: str) -> tuple[str, tuple[int, ...]]:
    """Markdown with allowed mentions turned into profile links, and the mentioned ids."""
    ids = mentioned_ids(text)
    names = mentionable_names(author, ids)

    def replace(match: re.Match[str]) -> str:
        if match.group("code") is not None:
            return match.group(0)
        pk = int(match.group("linked_id") or match.group("id"))
        if pk in names:
            profile = reverse("members:profile-detail", args=[pk])
            return f"[@{_escape_markdown(names[pk])}]({profile})"
        if match.group("name") is not None:  # keep what was written, minus the id
            return "@" + _escape_markdown(match.group("name"))
        return match.group(0)

    return _TOKEN.sub(replace, text or ""), tuple(pk for pk in ids if pk in names)


def render_with_mentions(author: Any, text: str) -> tuple[str, tuple[int, ...]]:
    """Sanitised HTML of Markdown `text` with its mentions linked, and the mentioned ids."""
    markdown, ids = link_mentions(author, text)
    return render_markdown(markdown), ids
