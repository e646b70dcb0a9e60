"""Group tags as people type them ("Fietsen, koken") and as they are stored (shared rows)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kring.core.tags import TagRules, normalise_tags, split_tag_text, tag_rows
from kring.spaces.models import SpaceTag

MAX_TAGS = 8
MAX_TAG_LENGTH = SpaceTag._meta.get_field("name").max_length or 40

RULES = TagRules(
    max_count=MAX_TAGS,
    max_length=MAX_TAG_LENGTH,
    slug_length=SpaceTag._meta.get_field("slug").max_length or 50,
    too_long=lambda name, limit: (
        _("“%(name)s” is too long: a tag has at most %(max)d characters.")
        % {"name": name, "max": limit}
    ),
    no_letters=lambda name: (
        _("“%(name)s” has no letters or digits: write the tag in words.") % {"name": name}
    ),
    too_many=lambda limit: (
        ngettext("Choose at most %(max)d tag.", "Choose at most %(max)d tags.", limit)
        % {"max": limit}
    ),
    code="tag",
)

split_tags = split_tag_text


def normalise_tags_of_group(names: Iterable[str]) -> list[tuple[str, str]]:
    """(name, slug) pairs for group tags; ValidationError says what is wrong."""
    return normalise_tags(names, RULES)


def parse_tags(tags: Iterable[str] | str) -> list[tuple[str, str]]:
    """(name, slug) pairs from comma-separated text or a list of names."""
    return normalise_tags_of_group(split_tags(tags) if isinstance(tags, str) else tags)


def tags_for(pairs: list[tuple[str, str]]) -> list[SpaceTag]:
    """The SpaceTag rows for `pairs`, creating the missing ones (the first spelling is kept)."""
    return tag_rows(SpaceTag, pairs)
