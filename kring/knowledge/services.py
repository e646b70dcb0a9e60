"""Writes of the knowledge base: pages (create, edit, move, delete), product links and reviews.

A page's text lives in its Post (kind "page" in the community space), written through
`kring.content.services`, so the revision history, rendering and events are the kernel's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.audit.services import record_action
from kring.content import services as content_services
from kring.content.models import Post, PostKind
from kring.content.queries import visible_posts
from kring.core.events import publish_on_commit
from kring.core.markup import render_markdown
from kring.core.permissions import require
from kring.knowledge import events
from kring.knowledge.markup import render_page_markdown
from kring.knowledge.models import KnowledgePage, ProductLink, Review
from kring.knowledge.permissions import (
    can_delete_page,
    can_delete_review,
    can_edit_knowledge,
    can_reply_to_review,
    can_review,
)
from kring.spaces.models import Space, SpaceKind
from kring.spaces.queries import community_space, readable_spaces
from kring.uploads.permissions import can_attach_to_post
from kring.uploads.services import attach_to_post

SLUG_MAX = 80
# Addresses the knowledge base's own pages use (see urls.py): no page may take them.
RESERVED_SLUGS = frozenset({"nieuw", "p", "beoordelingen"})
REVIEW_MAX = 5000
NOT_AN_EDITOR = gettext_lazy("Only editors can change the knowledge base.")


def link_post_to_product(actor: Any, *, post: Post, page: KnowledgePage) -> ProductLink:
    """Say that `post` is about the product of `page` (its author or an editor; idempotent)."""
    require(
        page.is_product
        and (post.author_id == getattr(actor, "pk", None) or can_edit_knowledge(actor)),
        _("You cannot tag this post with that product."),
    )
    with transaction.atomic():
        link, _created = ProductLink.objects.get_or_create(page=page, post=post)
    return link


# Pages -----------------------------------------------------------------------------------


def _clean_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the page a title.")}, code="required")
    return title


def _free_slug(wanted: str, title: str) -> str:
    """`wanted` (checked) or, when empty, an unused address made from the title."""
    if wanted:
        slug = slugify(wanted, allow_unicode=True)[:SLUG_MAX]
        if not slug or slug != wanted or slug in RESERVED_SLUGS or slug.isdigit():
            raise ValidationError(
                {"slug": _("Use lower-case letters, digits and hyphens only.")}, code="invalid"
            )
        if KnowledgePage.objects.filter(slug=slug).exists():
            raise ValidationError({"slug": _("Another page has this address.")}, code="unique")
        return slug
    base = slugify(title, allow_unicode=True)[: SLUG_MAX - 4].strip("-") or "pagina"
    if base in RESERVED_SLUGS or base.isdigit():
        base = f"pagina-{base}"
    taken = set(KnowledgePage.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _check_group(actor: Any, group: Space | None) -> None:
    if group is None:
        return
    readable = readable_spaces(actor).filter(pk=group.pk, kind=SpaceKind.GROUP).exists()
    if not readable:
        raise ValidationError({"group": _("Choose a group you can see.")}, code="invalid")


def _check_parent(
    actor: Any, parent: KnowledgePage | None, *, moving: KnowledgePage | None
) -> None:
    """The parent must be a readable page, and never the page itself or one below it."""
    if parent is None:
        return
    if not visible_posts(actor).filter(pk=parent.pk, kind=PostKind.PAGE).exists():
        raise ValidationError({"parent": _("Choose a page you can see.")}, code="invalid")
    if moving is None:
        return
    parents = dict(KnowledgePage.objects.values_list("pk", "parent_id"))
    step: int | None = parent.pk
    while step is not None:
        if step == moving.pk:
            raise ValidationError(
                {"parent": _("A page cannot be placed under itself or one of its sub-pages.")},
                code="cycle",
            )
        step = parents.get(step)


def create_page(
    actor: Any,
    *,
    title: str,
    body: str,
    slug: str = "",
    parent: KnowledgePage | None = None,
    position: int = 0,
    is_product: bool = False,
    group: Space | None = None,
    photos: Sequence[Any] = (),
) -> KnowledgePage:
    """Write a new page of the knowledge base (editors), with photos if given."""
    require(can_edit_knowledge(actor), NOT_AN_EDITOR)
    title = _clean_title(title)
    _check_parent(actor, parent, moving=None)
    _check_group(actor, group)
    with transaction.atomic():
        slug = _free_slug(slug, title)
        post = content_services.create_post(
            actor, space=community_space(), kind=PostKind.PAGE, title=title, body=body
        )
        try:
            with transaction.atomic():
                page = KnowledgePage.objects.create(
                    post=post,
                    slug=slug,
                    body_html=render_page_markdown(body),
                    parent=parent,
                    position=position,
                    is_product=is_product,
                    group=group if is_product else None,
                )
        except IntegrityError:  # a twin request took the address meanwhile
            raise ValidationError(
                {"slug": _("Another page has this address.")}, code="unique"
            ) from None
        if photos:
            attach_to_post(actor, post=post, photos=photos, files=())
    return page


def edit_page(
    actor: Any,
    *,
    page: KnowledgePage,
    title: str,
    body: str,
    is_product: bool,
    group: Space | None = None,
    photos: Sequence[Any] = (),
) -> KnowledgePage:
    """Change a page's text (the old text stays in its history) and what it is about."""
    require(can_edit_knowledge(actor) and not page.post.is_deleted, NOT_AN_EDITOR)
    title = _clean_title(title)
    _check_group(actor, group)
    if photos and not can_attach_to_post(actor, page.post):
        raise ValidationError({"photos": _("You cannot add photos to this page.")}, code="invalid")
    with transaction.atomic():
        page.post = content_services.edit_post(actor, post=page.post, body=body, title=title)
        page.body_html = render_page_markdown(page.post.body)
        page.is_product = is_product
        page.group = group if is_product else None
        page.save(update_fields=["body_html", "is_product", "group"])
        if photos:
            attach_to_post(actor, post=page.post, photos=photos, files=())
        publish_on_commit(events.PageChanged(page_id=page.pk, by=actor.pk))
    return page


def move_page(
    actor: Any, *, page: KnowledgePage, parent: KnowledgePage | None, position: int
) -> KnowledgePage:
    """Put a page elsewhere in the catalogue: under `parent` (None: at the top), at `position`."""
    require(can_edit_knowledge(actor) and not page.post.is_deleted, NOT_AN_EDITOR)
    with transaction.atomic():
        # One move at a time: two crossing moves could each pass the cycle check alone.
        list(KnowledgePage.objects.select_for_update().order_by("pk").values_list("pk"))
        _check_parent(actor, parent, moving=page)
        before = {"parent": page.parent_id, "position": page.position}
        page.parent, page.position = parent, max(position, 0)
        page.save(update_fields=["parent", "position"])
        record_action(
            actor,
            action="page.move",
            target=page.post,
            before=before,
            after={"parent": page.parent_id, "position": page.position},
        )
        publish_on_commit(events.PageMoved(page_id=page.pk, parent_id=page.parent_id, by=actor.pk))
    return page


def delete_page(actor: Any, *, page: KnowledgePage) -> KnowledgePage:
    """Delete a page without sub-pages (a soft delete of its post: moderators can restore it)."""
    require(can_delete_page(actor, page), _("You cannot delete this page."))
    live_children = KnowledgePage.objects.filter(
        parent_id=page.pk, post__deleted_at__isnull=True
    ).exists()
    if live_children:
        raise ValidationError(_("Move or delete its sub-pages first."), code="has_children")
    with transaction.atomic():
        # Editors tidying the catalogue is not moderation: logged as a page deletion.
        page.post = content_services.delete_post(actor, post=page.post, audit=False)
        record_action(actor, action="page.delete", target=page.post)
    return page


# Reviews ---------------------------------------------------------------------------------


def recount_reviews(page_id: int) -> None:
    """The page's review counters from its Review rows (the services call it with the page row
    locked; listeners.py after a cascade)."""
    per_rating = dict(
        Review.objects.filter(page_id=page_id)
        .order_by("rating")
        .values("rating")
        .annotate(n=Count("id"))
        .values_list("rating", "n")
    )
    totals = Review.objects.filter(page_id=page_id).aggregate(n=Count("id"), total=Sum("rating"))
    KnowledgePage.objects.filter(pk=page_id).update(
        review_count=totals["n"] or 0,
        rating_sum=totals["total"] or 0,
        rating_counts={str(stars): per_rating.get(stars, 0) for stars in range(1, 6)},
    )


def _check_review_text(body: str, *, label: str) -> str:
    if not body.strip():
        raise ValidationError({label: _("Write a few words first.")}, code="required")
    if len(body) > REVIEW_MAX:
        raise ValidationError(
            {
                label: _("Keep it under %(limit)d characters (it has %(length)d).")
                % {"limit": REVIEW_MAX, "length": len(body)}
            },
            code="max_length",
        )
    return body


def write_review(actor: Any, *, page: KnowledgePage, rating: int, body: str) -> Review:
    """Rate a product 1 to 5 with a text; a second review by the same member replaces the first."""
    require(can_review(actor, page), _("You cannot review this."))
    if rating not in range(1, 6):
        raise ValidationError({"rating": _("Choose from 1 to 5 stars.")}, code="invalid")
    _check_review_text(body, label="body")
    body_html = render_markdown(body)
    with transaction.atomic():
        # Locked: concurrent reviews of one product queue up, so the recount is exact.
        KnowledgePage.objects.select_for_update().filter(pk=page.pk).first()
        review = Review.objects.filter(page_id=page.pk, author_id=actor.pk).first()
        is_new = review is None
        if review is None:
            review = Review.objects.create(
                page=page, author=actor, rating=rating, body=body, body_html=body_html
            )
        else:
            review.rating, review.body, review.body_html = rating, body, body_html
            review.edited_at = timezone.now()
            review.save(update_fields=["rating", "body", "body_html", "edited_at"])
        recount_reviews(page.pk)
        publish_on_commit(
            events.ReviewWritten(
                review_id=review.pk,
                page_id=page.pk,
                author_id=actor.pk,
                rating=rating,
                is_new=is_new,
            )
        )
    return review


def delete_review(actor: Any, *, review: Review) -> None:
    """Remove a review (its author or a moderator)."""
    require(can_delete_review(actor, review), _("You cannot delete this review."))
    with transaction.atomic():
        KnowledgePage.objects.select_for_update().filter(pk=review.page_id).first()
        review_id = review.pk
        Review.objects.filter(pk=review_id).delete()
        recount_reviews(review.page_id)
        publish_on_commit(
            events.ReviewDeleted(review_id=review_id, page_id=review.page_id, by=actor.pk)
        )


def reply_to_review(actor: Any, *, review: Review, body: str) -> Review:
    """An employee's public answer to a review; answering again replaces the answer."""
    require(can_reply_to_review(actor, review), _("Only employees can answer reviews."))
    _check_review_text(body, label="reply")
    with transaction.atomic():
        review.reply, review.reply_html = body, render_markdown(body)
        review.reply_by, review.replied_at = actor, timezone.now()
        review.save(update_fields=["reply", "reply_html", "reply_by", "replied_at"])
        publish_on_commit(
            events.ReviewReplied(review_id=review.pk, page_id=review.page_id, by=actor.pk)
        )
    return review
