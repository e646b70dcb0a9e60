"""Managing a space's forum categories, and recounting their counters."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kring.content.models import Comment
from kring.core.permissions import require
from kring.forum.models import Category, Topic
from kring.forum.permissions import can_manage_categories
from kring.spaces.models import Space


def _unique_slug(space: Space, name: str) -> str:
    base = slugify(name, allow_unicode=True)[:80] or "categorie"
    taken = set(
        Category.objects.filter(space=space, slug__startswith=base).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the category a name."), code="required")
    return name[:80]


def create_category(
    actor: Any, *, space: Space, name: str, description: str = "", is_customer_service: bool = False
) -> Category:
    """A new category at the end of the space's list."""
    require(can_manage_categories(actor, space), _("You cannot manage categories here."))
    name = _check_name(name)
    with transaction.atomic():
        last = Category.objects.filter(space=space).order_by("-position").first()
        return Category.objects.create(
            space=space,
            name=name,
            slug=_unique_slug(space, name),
            description=description.strip()[:1000],
            is_customer_service=is_customer_service,
            position=last.position + 1 if last is not None else 0,
        )


def edit_category(
    actor: Any, *, category: Category, name: str, description: str, is_customer_service: bool
) -> Category:
    require(can_manage_categories(actor, category.space), _("You cannot manage categories here."))
    category.name = _check_name(name)
    category.description = description.strip()[:1000]
    category.is_customer_service = is_customer_service
    category.save(update_fields=["name", "description", "is_customer_service"])
    return category


def move_category(actor: Any, *, category: Category, up: bool) -> None:
    """Swap places with the neighbour above (or below)."""
    require(can_manage_categories(actor, category.space), _("You cannot manage categories here."))
    with transaction.atomic():
        siblings = list(
            Category.objects.select_for_update().filter(space_id=category.space_id)
        )  # ordered by position, id
        index = next(i for i, c in enumerate(siblings) if c.pk == category.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(siblings):
            return
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, item in enumerate(siblings):
            item.position = position
        Category.objects.bulk_update(siblings, ["position"])


def delete_category(actor: Any, *, category: Category) -> None:
    """Only an empty category goes (deleted topics count: moderators may restore them)."""
    require(can_manage_categories(actor, category.space), _("You cannot manage categories here."))
    with transaction.atomic():
        if Topic.objects.filter(category_id=category.pk).exists():
            raise ValidationError(
                _("Only an empty category can be deleted: move or delete its topics first."),
                code="not_empty",
            )
        category.delete()


def recount_categories(categories: Any = None) -> None:
    """Set every category's counters again from the rows (the demo and repairs)."""
    rows = Category.objects.all() if categories is None else categories
    for category in rows:
        live = Topic.objects.filter(category_id=category.pk, post__deleted_at__isnull=True)
        replies = Comment.objects.filter(
            post_id__in=live.values("pk"), deleted_at__isnull=True, is_internal=False
        ).count()
        Category.objects.filter(pk=category.pk).update(
            topic_count=live.count(), reply_count=replies
        )
