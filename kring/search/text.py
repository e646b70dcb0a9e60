"""Words, stems and snippets: the language side of search, the same on every engine.

Each word is lower-cased, stripped of accents and stemmed twice, with the Dutch and the English
snowball stemmers (the algorithms PostgreSQL's 'dutch' and 'english' configurations use), so
"fietsen" finds "fiets" and "repairs" finds "repair" whichever language a text is in.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]
from markupsafe import Markup, escape

MAX_TERMS = 12
MAX_WORD_LENGTH = 60
SNIPPET_WORDS = 36
SNIPPET_LEAD = 8

APOSTROPHES = "'\u2019"
WORD = re.compile(rf"[^\W_]+(?:[{APOSTROPHES}][^\W_]+)*")
TAG = re.compile(r"<[^>]*>")
# Control characters (NUL among them, which PostgreSQL refuses in text) and other invisibles.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028-\u202e\ufeff]")

# Short lists of the most frequent words: left out of queries (unless a query has nothing
# else), as PostgreSQL's configurations leave out their stop words.
STOP_WORDS = frozenset({
    "de", "het", "een", "en", "of", "in", "op", "aan", "te", "van", "voor", "met", "bij", "naar",
    "om", "als", "dat", "die", "dit", "deze", "is", "zijn", "was", "er", "ik", "je", "jij", "u",
    "we", "wij", "ze", "zij", "hij", "mijn", "ook", "niet", "wel", "nog", "maar", "dan", "al",
    "wat", "hoe", "wie", "waar", "a", "an", "and", "or", "the", "on", "at", "to", "for", "with",
    "by", "from", "are", "were", "be", "it", "this", "that", "as", "i", "you", "they", "he",
    "she", "my", "your", "our", "do", "does", "how", "what", "who", "where",
})  # fmt: skip

_local = threading.local()


def _stemmers() -> tuple[Any, Any]:
    # Snowball stemmers keep state while they work: one pair per thread.
    pair = getattr(_local, "stemmers", None)
    if pair is None:
        pair = (snowballstemmer.stemmer("dutch"), snowballstemmer.stemmer("english"))
        _local.stemmers = pair
    return pair


def normalise(word: str) -> str:
    """Lower case without accents: "Café" -> "cafe"."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=100_000)
def stems(word: str) -> tuple[str, ...]:
    """The distinct Dutch and English stems of one (normalised) word."""
    word = "".join(c for c in word[:MAX_WORD_LENGTH] if c not in APOSTROPHES)
    dutch, english = _stemmers()
    found = [dutch.stemWord(word), english.stemWord(word)]
    return tuple(dict.fromkeys(stem for stem in found if stem))


def words(text: str) -> list[str]:
    return WORD.findall(text)


def clean_query(text: str) -> str:
    """The query as typed, without control characters and extra spaces."""
    return " ".join(CONTROL.sub(" ", text).split())


def plain_text(body_html: str) -> str:
    """The words of stored, sanitised HTML, without tags and entities."""
    return " ".join(html.unescape(TAG.sub(" ", body_html)).split())


def stemmed_text(text: str) -> str:
    """`text` as the SQLite index stores it: every stem of every word."""
    return " ".join(stem for word in words(text) for stem in stems(normalise(word)))


@dataclass(frozen=True)
class Term:
    word: str  # lower case, as typed (PostgreSQL stems it itself)
    stems: tuple[str, ...]


def query_terms(query: str) -> list[Term]:
    """The terms a query searches for: its words without stop words (unless that leaves none)."""
    found: dict[str, Term] = {}
    for word in words(query):
        lowered = word.casefold()[:MAX_WORD_LENGTH]
        if lowered not in found:
            found[lowered] = Term(word=lowered, stems=stems(normalise(lowered)))
    terms = list(found.values())
    meaningful = [term for term in terms if normalise(term.word) not in STOP_WORDS]
    return (meaningful or terms)[:MAX_TERMS]


def query_stems(terms: list[Term]) -> frozenset[str]:
    return frozenset(stem for term in terms for stem in term.stems)


def _matches(word: str, wanted: frozenset[str]) -> bool:
    return not wanted.isdisjoint(stems(normalise(word)))


def highlight(text: str, wanted: frozenset[str]) -> Markup:
    """All of `text`, HTML-escaped, with the words that match a query stem in <mark>."""
    return _marked(text, list(WORD.finditer(text)), 0, len(text), wanted)


def snippet(text: str, wanted: frozenset[str], *, size: int = SNIPPET_WORDS) -> Markup:
    """About `size` words of `text` around its first match, escaped, matches in <mark>."""
    found = list(WORD.finditer(text))
    if not found:
        return Markup("")
    first = next((i for i, m in enumerate(found) if _matches(m.group(), wanted)), 0)
    start = max(0, min(first - SNIPPET_LEAD, len(found) - size))
    end = min(len(found), start + size)
    begin_at = found[start].start() if start else 0
    end_at = found[end - 1].end() if end < len(found) else len(text)
    marked = _marked(text, found[start:end], begin_at, end_at, wanted)
    return Markup("%s%s%s") % (
        "… " if start else "",
        marked,
        " …" if end < len(found) else "",
    )


def _marked(
    text: str, found: list[re.Match[str]], begin_at: int, end_at: int, wanted: frozenset[str]
) -> Markup:
    parts: list[str] = []
    at = begin_at
    for match in found:
        if not _matches(match.group(), wanted):
            continue
        parts.append(str(escape(text[at : match.start()])))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        at = match.end()
    parts.append(str(escape(text[at:end_at])))
    return Markup("".join(parts))  # noqa: S704  (every piece escaped just above)
