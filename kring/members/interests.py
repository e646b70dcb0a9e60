"""Interests as members type them ("Fietsen, koken") and as they are stored (shared tags)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kring.core.tags import TagRules, normalise_tags, split_tag_text, tag_rows
from kring.members.models import Interest

MAX_INTERESTS = 10
MAX_INTEREST_LENGTH = 40

RULES = TagRules(
    max_count=MAX_INTERESTS,
    max_length=MAX_INTEREST_LENGTH,
    slug_length=Interest._meta.get_field("slug").max_length or 50,
    too_long=lambda name, limit: (
        _("“%(name)s” is too long: an interest has at most %(max)d characters.")
        % {"name": name, "max": limit}
    ),
    no_letters=lambda name: (
        _("“%(name)s” has no letters or digits: write the interest in words.") % {"name": name}
    ),
    too_many=lambda limit: (
        ngettext("Choose at most %(max)d interest.", "Choose at most %(max)d interests.", limit)
        % {"max": limit}
    ),
    code="interest",
)

split_interests = split_tag_text


def normalise_interests(names: Iterable[str]) -> list[tuple[str, str]]:
    """(name, slug) pairs for interests; ValidationError says what is wrong."""
    return normalise_tags(names, RULES)


def interests_for(pairs: list[tuple[str, str]]) -> list[Interest]:
    """The Interest rows for `pairs`, creating the missing ones."""
    return tag_rows(Interest, pairs)
