"""Interests as members type them ("Fietsen, koken") and as they are stored (shared tags)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kring.members.models import Interest

MAX_INTERESTS = 10
MAX_INTEREST_LENGTH = 40
SLUG_LENGTH = Interest._meta.get_field("slug").max_length or 50


def split_interests(text: str) -> list[str]:
    """The names in comma-separated `text`, without empty items."""
    return [part for part in (p.strip() for p in (text or "").split(",")) if part]


def normalise_interests(names: Iterable[str]) -> list[tuple[str, str]]:
    """(name, slug) pairs, one per distinct slug, in the order given.

    Raises ValidationError naming the problem: too many, too long, or nothing usable in a name.
    """
    pairs: dict[str, str] = {}
    for raw in names:
        name = " ".join(raw.split())
        if not name:
            continue
        if len(name) > MAX_INTEREST_LENGTH:
            raise ValidationError(
                _("“%(name)s” is too long: an interest has at most %(max)d characters.")
                % {"name": name[:MAX_INTEREST_LENGTH] + "…", "max": MAX_INTEREST_LENGTH},
                code="interest_too_long",
            )
        slug = slugify(name, allow_unicode=True)[:SLUG_LENGTH]
        if not slug:
            raise ValidationError(
                _("“%(name)s” has no letters or digits: write the interest in words.")
                % {"name": name},
                code="interest_empty",
            )
        pairs.setdefault(slug, name)
    if len(pairs) > MAX_INTERESTS:
        raise ValidationError(
            ngettext(
                "Choose at most %(max)d interest.",
                "Choose at most %(max)d interests.",
                MAX_INTERESTS,
            )
            % {"max": MAX_INTERESTS},
            code="too_many_interests",
        )
    return [(name, slug) for slug, name in pairs.items()]


def interests_for(pairs: list[tuple[str, str]]) -> list[Interest]:
    """The Interest rows for `pairs`, creating the missing ones (the first spelling is kept)."""
    slugs = [slug for _name, slug in pairs]
    existing = {i.slug: i for i in Interest.objects.filter(slug__in=slugs)}
    for name, slug in pairs:
        if slug in existing:
            continue
        try:
            # A savepoint: another member may create the same interest at the same moment.
            with transaction.atomic():
                existing[slug] = Interest.objects.create(name=name, slug=slug)
        except IntegrityError:
            existing[slug] = Interest.objects.get(slug=slug)
    return [existing[slug] for slug in slugs]
