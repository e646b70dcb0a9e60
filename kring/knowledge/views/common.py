"""What the knowledge base's views share: finding a page, the product page's context."""

from __future__ import annotations

from typing import Any

from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, reverse

from kring.core.permissions import NotFound
from kring.knowledge import permissions, queries
from kring.knowledge.forms import ReviewForm
from kring.knowledge.models import KnowledgePage


def readable_page(request: HttpRequest, slug: str) -> KnowledgePage:
    try:
        return queries.get_page_for(request.user, slug)
    except NotFound:
        raise Http404 from None


def page_address(page: KnowledgePage) -> str:
    return reverse("knowledge:page-detail", args=[page.slug])


def ask_url(page: KnowledgePage) -> str:
    """The forum's new-topic form for a question about this product ("" until the forum has
    one: the button is then left out)."""
    try:
        base = reverse("forum:topic-create")
    except NoReverseMatch:
        return ""
    return f"{base}?product={page.pk}&kind=question"


def _reviews_number(request: HttpRequest) -> int:
    raw = request.GET.get("reviews", "1")
    return int(raw) if raw.isdigit() and 0 < len(raw) < 6 else 1


def detail_context(
    request: HttpRequest, page: KnowledgePage, *, review_form: ReviewForm | None = None
) -> dict[str, Any]:
    """Everything the page shows; a fixed number of queries whatever the data."""
    viewer = request.user
    tree = queries.catalogue(viewer)
    prefetch_related_objects([page.post], "attachments")
    context: dict[str, Any] = {
        "page": page,
        "post": page.post,
        "ancestors": tree.ancestors_of(page.pk),
        "children": tree.children_of(page.pk),
        "can_edit": permissions.can_edit_knowledge(viewer),
        "can_delete": permissions.can_delete_page(viewer, page),
    }
    if not page.is_product:
        return context
    group = queries.group_of(viewer, page)
    own_review = queries.review_by(viewer, page)
    can_review = permissions.can_review(viewer, page)
    if review_form is None and can_review:
        initial = {"rating": own_review.rating, "body": own_review.body} if own_review else {}
        review_form = ReviewForm(initial=initial)
    reviews = queries.page_reviews(page, number=_reviews_number(request))
    context |= {
        "ask_url": ask_url(page),
        "community_posts": queries.community_posts_about(viewer, page),
        "group": group,
        "group_posts": queries.group_posts_about(viewer, group),
        "summary": queries.rating_summary(page),
        "reviews": reviews,
        "own_review": own_review,
        "review_form": review_form,
        "can_review": can_review,
        "review_actions": {
            review.pk: (
                permissions.can_delete_review(viewer, review),
                permissions.can_reply_to_review(viewer, review),
            )
            for review in reviews.items
        },
    }
    return context
