"""Kring is Dutch-first: every string the code or a template can show has a Dutch translation."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
CATALOG = ROOT / "kring" / "locale" / "nl" / "LC_MESSAGES" / "django.po"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}


def _catalog():  # type: ignore[no-untyped-def]
    with CATALOG.open("rb") as handle:
        return read_po(handle, locale="nl")


def _extracted() -> set[tuple[str | None, str]]:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.add((context, msgid))
    return found


def test_every_dutch_string_is_translated_and_not_fuzzy() -> None:
    missing = [
        message.id
        for message in _catalog()
        if message.id
        and (
            message.fuzzy
            or not message.string
            or (isinstance(message.string, tuple) and not all(message.string))
        )
    ]
    assert missing == [], f"untranslated or fuzzy Dutch strings (run bin/messages): {missing}"


def test_the_dutch_catalog_holds_every_string_in_the_code_and_templates() -> None:
    catalog = _catalog()
    known = {(message.context, message.id if isinstance(message.id, str) else message.id[0])
             for message in catalog if message.id}  # fmt: skip
    missing = sorted(str(item) for item in _extracted() - known)
    assert missing == [], f"strings missing from the catalog (run bin/messages): {missing}"
