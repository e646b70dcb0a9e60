"""Tags as people type them ("Fietsen, koken") and as they are stored (shared rows with a
unique slug). Member interests and group tags are both kinds of this; each app brings its own
model, limits and wording."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.text import slugify

T = TypeVar("T", bound=models.Model)


@dataclass(frozen=True)
class TagRules:
    """Limits and the messages (already translatable in the app) for one kind of tag."""

    max_count: int
    max_length: int
    slug_length: int
    too_long: Callable[[str, int], str]  # (shortened name, max length) -> message
    no_letters: Callable[[str], str]  # (name) -> message
    too_many: Callable[[int], str]  # (max count) -> message
    code: str  # error code prefix, e.g. "interest" or "tag"


def split_tag_text(text: str) -> list[str]:
    """The names in comma-separated `text`, without empty items."""
    return [part for part in (p.strip() for p in (text or "").split(",")) if part]


def normalise_tags(names: Iterable[str], rules: TagRules) -> list[tuple[str, str]]:
    """(name, slug) pairs, one per distinct slug, in the order given; slugs keep accents.

    Raises ValidationError naming the problem: too many, too long, or nothing usable in a name.
    """
    pairs: dict[str, str] = {}
    for raw in names:
        name = " ".join(raw.split())
        if not name:
            continue
        if len(name) > rules.max_length:
            raise ValidationError(
                rules.too_long(name[: rules.max_length] + "…", rules.max_length),
                code=f"{rules.code}_too_long",
            )
        slug = slugify(name, allow_unicode=True)[: rules.slug_length].strip("-")
        if not slug:
            raise ValidationError(rules.no_letters(name), code=f"{rules.code}_empty")
        pairs.setdefault(slug, name)
    if len(pairs) > rules.max_count:
        raise ValidationError(rules.too_many(rules.max_count), code=f"too_many_{rules.code}s")
    return [(name, slug) for slug, name in pairs.items()]


def tag_rows(model: type[T], pairs: list[tuple[str, str]]) -> list[T]:
    """The `model` rows (with `name` and a unique `slug`) for `pairs`, creating the missing ones
    (the first spelling is kept)."""
    slugs = [slug for _name, slug in pairs]
    manager = model._default_manager
    existing: dict[str, T] = {
        str(getattr(row, "slug")): row  # noqa: B009  (any tag model: no common base class)
        for row in manager.filter(slug__in=slugs)
    }
    for name, slug in pairs:
        if slug in existing:
            continue
        try:
            # A savepoint: someone else may create the same tag at the same moment.
            with transaction.atomic():
                existing[slug] = manager.create(name=name, slug=slug)
        except IntegrityError:
            existing[slug] = manager.get(slug=slug)
    return [existing[slug] for slug in slugs]
