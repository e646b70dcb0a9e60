"""Words, stems and snippets."""

from __future__ import annotations

from kring.search.text import (
    clean_query,
    highlight,
    plain_text,
    query_stems,
    query_terms,
    snippet,
    stemmed_text,
)


def test_query_terms_leave_out_stop_words_unless_nothing_is_left() -> None:
    assert [t.word for t in query_terms("Hoe reset ik de router?")] == ["reset", "router"]
    assert [t.word for t in query_terms("de het")] == ["de", "het"]
    assert query_terms('"" -- ()') == []


def test_stemmed_text_holds_dutch_and_english_stems_without_accents() -> None:
    assert stemmed_text("Boeken café") == "boek boeken cafe"


def test_clean_query_drops_control_characters() -> None:
    assert clean_query("a\x00b\u200b  c\n") == "a b c"


def test_plain_text_drops_tags_and_entities() -> None:
    assert plain_text("<p>Kaas &amp; <em>wijn</em></p><p>Brood</p>") == "Kaas & wijn Brood"


def test_snippet_marks_matches_and_escapes_the_rest() -> None:
    wanted = query_stems(query_terms("boek"))
    text = "Een <b>lijst</b> " + "woord " * 50 + "met boeken & meer " + "woord " * 50
    marked = snippet(text, wanted)
    assert "<mark>boeken</mark>" in marked
    assert "<b>" not in marked
    assert marked.startswith("… ")
    assert marked.endswith(" …")


def test_highlight_marks_every_match_in_a_title() -> None:
    wanted = query_stems(query_terms("fiets"))
    assert (
        highlight("Fiets <of> fiets?", wanted)
        == "<mark>Fiets</mark> &lt;of&gt; <mark>fiets</mark>?"
    )
