"""The product page costs the same number of queries whatever the data: 5 reviews, linked
posts and group posts, or 50 of each. These numbers are pinned."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import MemberFactory, session_queries
from kring.accounts.models import Member
from kring.content.models import Comment, Post, PostKind
from kring.content.tests.samples import join, make_group
from kring.core.pagecache import invalidate_visitor_pages
from kring.knowledge.models import KnowledgePage, ProductLink, Review
from kring.knowledge.services import recount_reviews
from kring.knowledge.tests.samples import make_page, make_product
from kring.spaces.queries import community_space

pytestmark = pytest.mark.django_db

# The page (with its post, author, space and group), the catalogue (breadcrumbs and
# sub-pages, one query), photos (one prefetch), the newest links and their posts (two), may
# the viewer read the group,
# the group's posts, one page of reviews; the e-mail leak check of the test client (one).
# Measured after a first request, which fills the caches of the layout (site settings,
# announcements) that every page shares.
ANONYMOUS_PAGE_QUERIES = 9
# A member adds: the member (with the profile the header's avatar shows), their own review
# (and the session, when sessions live in the database).
MEMBER_PAGE_QUERIES = ANONYMOUS_PAGE_QUERIES + 2


def fill(count: int, *, editor: Member) -> KnowledgePage:
    """A product with `count` reviews (each answered), linked posts and group posts."""
    writer = MemberFactory(role="employee")
    group = make_group(owner=writer, name="Batterijen", slug="batterijen")
    top = make_page(editor, title="Opslag")
    product = make_product(editor, parent=top, group=group)
    make_page(editor, title="Onderhoud", parent=product)
    authors = [MemberFactory() for _ in range(count)]
    for author in authors:
        join(group, author)
    posts = Post.objects.bulk_create(
        [
            Post(
                space=community_space() if n % 2 else group,
                author=authors[n],
                kind=PostKind.QUESTION if n % 2 else PostKind.STATUS,
                title=f"Vraag {n}",
                body=f"Over de batterij {n}",
                body_html=f"<p>Over de batterij {n}</p>",
                comment_count=1,
            )
            for n in range(count)
        ]
    )
    Comment.objects.bulk_create(Comment(post=p, author=writer, body="Ja") for p in posts)
    ProductLink.objects.bulk_create(ProductLink(page=product, post=p) for p in posts)
    Review.objects.bulk_create(
        Review(
            page=product,
            author=author,
            rating=1 + n % 5,
            body=f"Review {n}",
            body_html=f"<p>Review {n}</p>",
            reply="Dank je",
            reply_html="<p>Dank je</p>",
            reply_by=writer,
        )
        for n, author in enumerate(authors)
    )
    recount_reviews(product.pk)
    return product


@pytest.mark.parametrize("count", [5, 50])
def test_product_page_queries_are_fixed_for_anonymous(
    client: Client, editor: Member, count: int, django_assert_num_queries: object
) -> None:
    product = fill(count, editor=editor)
    url = reverse("knowledge:page-detail", args=[product.slug])
    client.get(url)  # warms the layout's caches
    invalidate_visitor_pages()  # measured: the page itself, not its cached copy
    with django_assert_num_queries(ANONYMOUS_PAGE_QUERIES):  # type: ignore[operator]
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="card kb-review"') == min(count, 10)


@pytest.mark.parametrize("count", [5, 50])
def test_product_page_queries_are_fixed_for_a_member(
    client: Client, editor: Member, member: Member, count: int, django_assert_num_queries: object
) -> None:
    product = fill(count, editor=editor)
    client.force_login(member)
    url = reverse("knowledge:page-detail", args=[product.slug])
    client.get(url)  # warms the layout's caches
    with django_assert_num_queries(  # type: ignore[operator]
        MEMBER_PAGE_QUERIES + session_queries()
    ):
        response = client.get(url)
    assert response.status_code == 200
    assert "kb-review-form" in response.content.decode()


@pytest.mark.parametrize("count", [5, 50])
def test_catalogue_queries_are_fixed(
    client: Client, editor: Member, count: int, django_assert_num_queries: object
) -> None:
    for n in range(count):
        make_page(editor, title=f"Pagina {n}")
    client.get(reverse("knowledge:catalogue"))  # warms the layout's caches
    invalidate_visitor_pages()
    with django_assert_num_queries(2):  # type: ignore[operator]
        assert client.get(reverse("knowledge:catalogue")).status_code == 200
