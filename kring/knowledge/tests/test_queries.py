from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.content.models import Post
from kring.content.tests.samples import join, make_group, post_in
from kring.core.permissions import NotFound
from kring.knowledge import queries, services
from kring.knowledge.tests.samples import make_page, make_product, review
from kring.spaces.models import Visibility
from kring.spaces.queries import community_space

pytestmark = pytest.mark.django_db


def test_catalogue_is_a_tree_ordered_by_position_then_title(editor: Member, member: Member) -> None:
    top = make_page(editor, title="Zonnepanelen")
    make_page(editor, title="Warmtepomp", position=0)
    second = make_page(editor, title="Omvormers", parent=top, position=2)
    first = make_page(editor, title="Panelen", parent=top, position=1)
    grandchild = make_page(editor, title="Micro-omvormer", parent=second)
    tree = queries.catalogue(member)
    assert [n.title for n in tree.roots] == ["Warmtepomp", "Zonnepanelen"]
    assert [n.pk for n in tree.children_of(top.pk)] == [first.pk, second.pk]
    assert [n.pk for n in tree.ancestors_of(grandchild.pk)] == [top.pk, second.pk]
    assert [(n.title, n.depth) for n in tree.flat(leave_out=second.pk)] == [
        ("Warmtepomp", 0),
        ("Zonnepanelen", 0),
        ("Panelen", 1),
    ]


def test_catalogue_leaves_out_deleted_and_scheduled_pages(editor: Member, member: Member) -> None:
    gone = make_page(editor, title="Weg")
    services.delete_page(editor, page=gone)
    later = make_page(editor, title="Later")
    Post.objects.filter(pk=later.pk).update(created_at=timezone.now() + timedelta(days=2))
    make_page(editor, title="Er")
    assert [n.title for n in queries.catalogue(member).roots] == ["Er"]
    with pytest.raises(NotFound):
        queries.get_page_for(member, "later")
    with pytest.raises(NotFound):
        queries.get_page_for(member, "weg")


def test_community_posts_about_shows_only_what_the_viewer_may_read(
    editor: Member, member: Member, friend: Member
) -> None:
    product = make_product(editor)
    secret = make_group(Visibility.SECRET)
    join(secret, friend)
    public_post = post_in(community_space(), friend, "Vraag over de batterij")
    secret_post = post_in(secret, friend, "Geheim over de batterij")
    for post in (public_post, secret_post):
        services.link_post_to_product(friend, post=post, page=product)
    assert queries.community_posts_about(member, product) == [public_post]
    assert set(queries.community_posts_about(friend, product)) == {public_post, secret_post}


def test_community_posts_about_come_from_the_newest_links(
    editor: Member, member: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    product = make_product(editor)
    posts = [post_in(community_space(), member, f"Vraag {n}") for n in range(4)]
    for post in (posts[2], posts[0], posts[3], posts[1]):  # linked in this order
        services.link_post_to_product(member, post=post, page=product)
    monkeypatch.setattr(queries, "LINKS_CONSIDERED", 2)
    # The two linked last, shown newest post first.
    assert queries.community_posts_about(member, product) == [posts[3], posts[1]]
    assert queries.community_posts_about(member, make_product(editor, title="Leeg")) == []


def test_group_posts_about_needs_a_readable_group(
    editor: Member, member: Member, friend: Member, manager: Member
) -> None:
    group = make_group(Visibility.PRIVATE, owner=friend)
    product = make_product(manager, group=group)
    post = post_in(group, friend, "In de groep")
    assert queries.group_of(member, product) is None
    assert queries.group_posts_about(member, queries.group_of(member, product)) == []
    readable = queries.group_of(friend, product)
    assert readable == group
    assert queries.group_posts_about(friend, readable) == [post]


def test_rating_summary_gives_average_and_shares(editor: Member) -> None:
    product = make_product(editor)
    for rating in (5, 5, 5, 4):
        review(product, rating)
    product.refresh_from_db()
    summary = queries.rating_summary(product)
    assert (summary.count, summary.average) == (4, 4.8)
    assert [(s.stars, s.count, s.percent) for s in summary.shares] == [
        (5, 3, 75),
        (4, 1, 25),
        (3, 0, 0),
        (2, 0, 0),
        (1, 0, 0),
    ]
    empty = queries.rating_summary(make_product(editor, title="Laadpaal"))
    assert (empty.count, empty.average) == (0, None)


def test_page_reviews_pages_newest_first(editor: Member) -> None:
    product = make_product(editor)
    written = [review(product, 3) for _ in range(queries.REVIEWS_PER_PAGE + 2)]
    first = queries.page_reviews(product)
    assert first.items[0] == written[-1]
    assert (first.has_next, first.has_previous) == (True, False)
    second = queries.page_reviews(product, number=2)
    assert [r.pk for r in second.items] == [written[1].pk, written[0].pk]
    assert (second.has_next, second.has_previous) == (False, True)


def test_review_by_and_get_review_for(editor: Member, member: Member, anonymous: object) -> None:
    product = make_product(editor)
    own = review(product, author=member)
    assert queries.review_by(member, product) == own
    assert queries.review_by(anonymous, product) is None
    assert queries.get_review_for(anonymous, own.pk) == own
    services.delete_page(editor, page=product)
    with pytest.raises(NotFound):
        queries.get_review_for(member, own.pk)


def test_product_queries_for_the_forum(editor: Member, member: Member) -> None:
    product = make_product(editor, title="Laadpaal")
    make_page(editor, title="Over ons")
    post = post_in(community_space(), member, "Welke laadpaal?")
    services.link_post_to_product(member, post=post, page=product)
    assert queries.product_pages(member) == [product]
    assert queries.get_product_page_for(member, product.pk) == product
    assert queries.products_of_post(member, post.pk) == [product]
    assert list(queries.linked_post_ids(product)) == [{"post_id": post.pk}]
    assert queries.get_product_page_for(MemberFactory(), 999999) is None
