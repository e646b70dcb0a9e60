"""Finding listed words in a text, whatever its case, accents or light leetspeak ("h4ck").

`normalise` maps every character to exactly one character, so a match in the normalised text
is at the same place in the original: a replaced word is replaced in what the member wrote.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)


def _fold(char: str) -> str:
    lowered = char.lower()
    for part in unicodedata.normalize("NFKD", lowered):
        if not unicodedata.combining(part):
            return part
    return lowered[:1] or char


def normalise(text: str) -> str:
    """Lower case, accents removed, 0/1/3/4/5/7/@/$ read as letters; same length as `text`."""
    return "".join(_fold(char) for char in text).translate(LEET)


def normalise_phrase(phrase: str) -> str:
    """A list entry as matched: normalised, whitespace collapsed."""
    return " ".join(normalise(phrase.strip()).split())


@dataclass(frozen=True)
class Entry:
    """A word-list entry as the screens need it (cached; no model instance)."""

    normalised: str
    whole_word: bool
    action: str
    replacement: str


@dataclass(frozen=True)
class Match:
    entry: Entry
    start: int
    end: int


@lru_cache(maxsize=8)
def compiled(entries: tuple[Entry, ...]) -> re.Pattern[str] | None:
    """One pattern for the whole list (a named group per entry); None for an empty list."""
    if not entries:
        return None
    parts = []
    for index, entry in enumerate(entries):
        body = r"\s+".join(re.escape(word) for word in entry.normalised.split())
        if entry.whole_word:
            body = rf"(?<!\w){body}(?!\w)"
        parts.append(f"(?P<e{index}>{body})")
    return re.compile("|".join(parts))


def find(entries: tuple[Entry, ...], text: str) -> list[Match]:
    """Every listed word in `text`, left to right, not overlapping."""
    pattern = compiled(entries)
    if pattern is None or not text:
        return []
    found = []
    for hit in pattern.finditer(normalise(text)):
        name = hit.lastgroup or ""
        found.append(Match(entry=entries[int(name[1:])], start=hit.start(), end=hit.end()))
    return found


def replace(text: str, matches: list[Match]) -> str:
    """`text` with each match of a "replace" entry swapped for its replacement."""
    for match in reversed(matches):
        text = text[: match.start] + match.entry.replacement + text[match.end :]
    return text
