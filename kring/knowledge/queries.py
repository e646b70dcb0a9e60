"""Reads of the knowledge base: the catalogue, a page with what the community says about it,
reviews. Every read passes through `kring.content.queries.visible_posts` (a page is a post).

The forum relies on `product_pages`, `get_product_page_for`, `products_of_post` and
`linked_post_ids`: keep their signatures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from kring.content.models import Post, PostKind, PostRevision
from kring.content.queries import (
    post_revisions,
    readable_post_filter,
    visible_posts,
)
from kring.core.permissions import NotFound
from kring.knowledge.models import KnowledgePage, ProductLink, Review
from kring.spaces.models import Space, SpaceKind
from kring.spaces.queries import can_read_space, is_participant, readable_spaces

COMMUNITY_POSTS_SHOWN = 10
LINKS_CONSIDERED = 200  # a product's community posts are picked from its newest links
GROUP_POSTS_SHOWN = 10
REVIEWS_PER_PAGE = 10


def readable_pages(viewer: Any) -> QuerySet[KnowledgePage]:
    """Knowledge pages `viewer` may read (their post is visible to them).

    Pages are written in the community space, which everyone may read, and are never moved
    (content.services.move_post refuses kinds with a page of their own): the rules on the post
    alone decide, without the readable-spaces list, which PostgreSQL builds from every group
    and readable wall (about 8,000 rows at 20,000 members)."""
    return KnowledgePage.objects.filter(
        readable_post_filter(viewer, "post"), post__kind=PostKind.PAGE
    )


def product_pages(viewer: Any) -> list[KnowledgePage]:
    """Pages about a product or service that `viewer` may read, by title (for choosers)."""
    return list(
        readable_pages(viewer)
        .filter(is_product=True)
        .select_related("post")
        .order_by("post__title")
    )


def get_product_page_for(viewer: Any, page_id: int) -> KnowledgePage | None:
    """The product page with this id if `viewer` may read it, else None."""
    return readable_pages(viewer).filter(pk=page_id, is_product=True).select_related("post").first()


def products_of_post(viewer: Any, post_id: int) -> list[KnowledgePage]:
    """The product pages (readable by `viewer`) a post is about."""
    return list(
        readable_pages(viewer)
        .filter(links__post_id=post_id)
        .select_related("post")
        .order_by("post__title")
    )


def linked_post_ids(page: KnowledgePage) -> Any:
    """Ids of the posts linked to `page` (a subquery; the caller filters by visibility)."""
    return ProductLink.objects.filter(page_id=page.pk).values("post_id")


# The catalogue -----------------------------------------------------------------------------


@dataclass
class PageNode:
    """A page in the catalogue tree (no model instance: the tree is one query of values)."""

    pk: int
    slug: str
    title: str
    is_product: bool
    parent_id: int | None
    position: int
    review_count: int
    rating_sum: int
    children: list[PageNode] = field(default_factory=list)
    depth: int = 0

    @property
    def average_rating(self) -> float | None:
        return self.rating_sum / self.review_count if self.review_count else None


@dataclass
class Catalogue:
    roots: list[PageNode]
    by_pk: dict[int, PageNode]

    def ancestors_of(self, pk: int) -> list[PageNode]:
        """From the top down to the parent of page `pk`."""
        chain: list[PageNode] = []
        node = self.by_pk.get(pk)
        seen = {pk}
        while node is not None and node.parent_id is not None and node.parent_id not in seen:
            seen.add(node.parent_id)
            node = self.by_pk.get(node.parent_id)
            if node is not None:
                chain.append(node)
        return chain[::-1]

    def children_of(self, pk: int) -> list[PageNode]:
        node = self.by_pk.get(pk)
        return node.children if node is not None else []

    def flat(self, *, leave_out: int | None = None) -> list[PageNode]:
        """Every page in tree order with its depth, without page `leave_out` and its subtree."""
        rows: list[PageNode] = []

        def walk(nodes: list[PageNode], depth: int) -> None:
            for node in nodes:
                if node.pk == leave_out:
                    continue
                node.depth = depth
                rows.append(node)
                walk(node.children, depth + 1)

        walk(self.roots, 0)
        return rows


def catalogue(viewer: Any) -> Catalogue:
    """The pages `viewer` may read as a tree, ordered by position and title (one query).

    A page whose parent the viewer cannot read (say, one scheduled for later) shows at the top.
    """
    rows = readable_pages(viewer).values_list(
        "pk",
        "slug",
        "post__title",
        "is_product",
        "parent_id",
        "position",
        "review_count",
        "rating_sum",
    )
    by_pk = {
        row[0]: PageNode(
            pk=row[0],
            slug=row[1],
            title=row[2],
            is_product=row[3],
            parent_id=row[4],
            position=row[5],
            review_count=row[6],
            rating_sum=row[7],
        )
        for row in rows
    }
    roots: list[PageNode] = []
    for node in by_pk.values():
        parent = by_pk.get(node.parent_id) if node.parent_id is not None else None
        (parent.children if parent is not None else roots).append(node)

    def order(nodes: list[PageNode]) -> None:
        nodes.sort(key=lambda n: (n.position, n.title.casefold(), n.pk))
        for node in nodes:
            order(node.children)

    order(roots)
    return Catalogue(roots=roots, by_pk=by_pk)


# One page ----------------------------------------------------------------------------------


def _page_for(viewer: Any, **lookup: Any) -> KnowledgePage:
    page = (
        readable_pages(viewer)
        .filter(**lookup)
        .select_related("post", "post__space", "post__author", "post__author__profile", "group")
        .first()
    )
    if page is None:
        raise NotFound
    return page


def get_page_for(viewer: Any, slug: str) -> KnowledgePage:
    """The page at this address, if `viewer` may read it; NotFound otherwise."""
    return _page_for(viewer, slug=slug)


def get_page_by_id_for(viewer: Any, page_id: int) -> KnowledgePage:
    """The page with this id (its post's id), if `viewer` may read it; NotFound otherwise."""
    return _page_for(viewer, pk=page_id)


def community_posts_about(viewer: Any, page: KnowledgePage) -> list[Post]:
    """The newest posts linked to the product (questions, discussions, wall posts) that
    `viewer` may read, among the `LINKS_CONSIDERED` most recently linked.

    The links are read first (one query): offered as a subquery, limited or not, PostgreSQL
    merged them with every post by id, walking 50,000 posts for a product's 22 (22 ms at
    medium scale); given the ids, it looks each one up."""
    newest = list(
        linked_post_ids(page).order_by("-pk").values_list("post_id", flat=True)[:LINKS_CONSIDERED]
    )
    if not newest:
        return []
    return list(
        visible_posts(viewer)
        .filter(pk__in=newest)
        .exclude(kind=PostKind.PAGE)
        .select_related("author", "author__profile", "space")
        .order_by("-created_at", "-id")[:COMMUNITY_POSTS_SHOWN]
    )


def group_of(viewer: Any, page: KnowledgePage) -> Space | None:
    """The product's group, if `viewer` may read it."""
    group = page.group
    if group is None or not can_read_space(viewer, group):
        return None
    return group


def group_posts_about(viewer: Any, group: Space | None) -> list[Post]:
    """The newest posts in the product's group that `viewer` may read."""
    if group is None:
        return []
    return list(
        visible_posts(viewer)
        .filter(space_id=group.pk)
        .exclude(kind=PostKind.PAGE)
        .select_related("author", "author__profile", "space")
        .order_by("-created_at", "-id")[:GROUP_POSTS_SHOWN]
    )


@dataclass(frozen=True)
class StarShare:
    stars: int
    count: int
    percent: int


@dataclass(frozen=True)
class RatingSummary:
    count: int
    average: float | None
    shares: list[StarShare]


def rating_summary(page: KnowledgePage) -> RatingSummary:
    """Average and distribution from the page's counters (no query)."""
    counts = page.rating_counts or {}
    total = page.review_count
    shares = [
        StarShare(
            stars=stars,
            count=int(counts.get(str(stars), 0)),
            percent=round(100 * int(counts.get(str(stars), 0)) / total) if total else 0,
        )
        for stars in range(5, 0, -1)
    ]
    average = round(page.rating_sum / total, 1) if total else None
    return RatingSummary(count=total, average=average, shares=shares)


@dataclass(frozen=True)
class ReviewPage:
    items: list[Review]
    number: int
    has_next: bool
    has_previous: bool


def page_reviews(page: KnowledgePage, *, number: int = 1) -> ReviewPage:
    """One page of the product's reviews, newest first, with authors (one query; the caller
    checked that the viewer may read the page)."""
    number = max(number, 1)
    offset = (number - 1) * REVIEWS_PER_PAGE
    found = list(
        Review.objects.filter(page_id=page.pk)
        .select_related("author", "author__profile", "reply_by")
        .order_by("-created_at", "-id")[offset : offset + REVIEWS_PER_PAGE + 1]
    )
    return ReviewPage(
        items=found[:REVIEWS_PER_PAGE],
        number=number,
        has_next=len(found) > REVIEWS_PER_PAGE,
        has_previous=number > 1,
    )


def review_by(viewer: Any, page: KnowledgePage) -> Review | None:
    """`viewer`'s own review of the product, if any."""
    if not is_participant(viewer):
        return None
    return Review.objects.filter(page_id=page.pk, author_id=viewer.pk).first()


def get_review_for(viewer: Any, review_id: int) -> Review:
    """The review, if `viewer` may read its page; NotFound otherwise."""
    review = (
        Review.objects.filter(pk=review_id, page_id__in=readable_pages(viewer).values("pk"))
        .select_related("page", "page__post", "author")
        .first()
    )
    if review is None:
        raise NotFound
    return review


def page_revisions(page: KnowledgePage) -> list[PostRevision]:
    """Earlier versions of the page's text, newest first."""
    return post_revisions(page.post)


def group_choices(viewer: Any) -> list[Space]:
    """Groups `viewer` may read, by name: the choice of a product's group."""
    return list(readable_spaces(viewer).filter(kind=SpaceKind.GROUP).order_by("name"))
