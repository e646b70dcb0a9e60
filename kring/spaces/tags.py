"""Group tags as people type them ("Fietsen, koken") and as they are stored (shared rows)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kring.spaces.models import SpaceTag

MAX_TAGS = 8
MAX_TAG_LENGTH = SpaceTag._meta.get_field("name").max_length or 40
SLUG_LENGTH = SpaceTag._meta.get_field("slug").max_length or 50


def split_tags(text: str) -> list[str]:
    """The names in comma-separated `text`, without empty items."""
    return [part for part in (p.strip() for p in (text or "").split(",")) if part]


def normalise_tags(names: Iterable[str]) -> list[tuple[str, str]]:
    """(name, slug) pairs, one per distinct slug, in the order given; slugs keep accents.

    Raises ValidationError naming the problem: too many, too long, or no letters in a tag.
    """
    pairs: dict[str, str] = {}
    for raw in names:
        name = " ".join(raw.split())
        if not name:
            continue
        if len(name) > MAX_TAG_LENGTH:
            raise ValidationError(
                _("“%(name)s” is too long: a tag has at most %(max)d characters.")
                % {"name": name[:MAX_TAG_LENGTH] + "…", "max": MAX_TAG_LENGTH},
                code="tag_too_long",
            )
        slug = slugify(name, allow_unicode=True)[:SLUG_LENGTH].strip("-")
        if not slug:
            raise ValidationError(
                _("“%(name)s” has no letters or digits: write the tag in words.") % {"name": name},
                code="tag_empty",
            )
        pairs.setdefault(slug, name)
    if len(pairs) > MAX_TAGS:
        raise ValidationError(
            ngettext("Choose at most %(max)d tag.", "Choose at most %(max)d tags.", MAX_TAGS)
            % {"max": MAX_TAGS},
            code="too_many_tags",
        )
    return [(name, slug) for slug, name in pairs.items()]


def parse_tags(tags: Iterable[str] | str) -> list[tuple[str, str]]:
    """(name, slug) pairs from comma-separated text or a list of names."""
    return normalise_tags(split_tags(tags) if isinstance(tags, str) else tags)


def tags_for(pairs: list[tuple[str, str]]) -> list[SpaceTag]:
    """The SpaceTag rows for `pairs`, creating the missing ones (the first spelling is kept)."""
    slugs = [slug for _name, slug in pairs]
    existing = {tag.slug: tag for tag in SpaceTag.objects.filter(slug__in=slugs)}
    for name, slug in pairs:
        if slug in existing:
            continue
        try:
            # A savepoint: another group may create the same tag at the same moment.
            with transaction.atomic():
                existing[slug] = SpaceTag.objects.create(name=name, slug=slug)
        except IntegrityError:
            existing[slug] = SpaceTag.objects.get(slug=slug)
    return [existing[slug] for slug in slugs]
