"""Finding listed words: case, accents, light leetspeak, whole words, phrases."""

from __future__ import annotations

from kring.filters.matching import Entry, find, normalise, normalise_phrase, replace


def entry(phrase: str, *, whole_word: bool = True, action: str = "block") -> Entry:
    return Entry(
        normalised=normalise_phrase(phrase), whole_word=whole_word, action=action, replacement="***"
    )


def test_normalise_keeps_the_length_and_folds_case_accents_and_leetspeak() -> None:
    text = "Crème BRÛLÉE h4ck3r 0k"
    assert normalise(text) == "creme brulee hacker ok"
    assert len(normalise(text)) == len(text)


def test_find_matches_whatever_the_case_accents_or_digits() -> None:
    words = (entry("oplichter"),)
    assert [m.start for m in find(words, "Wat een 0PL1CHTER is dat")] == [8]
    assert find(words, "Wat een óplíchter") != []


def test_whole_words_do_not_match_inside_longer_words() -> None:
    assert find((entry("kut"),), "een kutmiddag") == []
    assert find((entry("kut", whole_word=False),), "een kutmiddag") != []
    assert find((entry("kut"),), "wat kut, zeg") != []


def test_a_phrase_matches_across_any_whitespace() -> None:
    assert find((entry("gratis  geld"),), "Verdien\ngratis   geld!") != []


def test_replace_swaps_the_words_in_the_original_text() -> None:
    words = (entry("sukkel", action="replace"),)
    text = "Jij SÚKKEL en nog een sukkel."
    assert replace(text, find(words, text)) == "Jij *** en nog een ***."


def test_an_empty_list_finds_nothing() -> None:
    assert find((), "wat dan ook") == []
