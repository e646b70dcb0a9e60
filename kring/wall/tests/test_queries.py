from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.accounts.roles import Role
from kring.content import services
from kring.content.models import Post
from kring.content.tests.samples import (
    follow,
    join,
    make_friends,
    make_group,
    post_in,
    profile_space_for,
)
from kring.spaces.models import Audience, Membership, Space, Visibility
from kring.wall.queries import (
    ORDER_ACTIVE,
    ORDER_NEWEST,
    decode_cursor,
    encode_cursor,
    home_feed,
    profile_feed,
    space_feed,
)

pytestmark = pytest.mark.django_db


def bodies(posts: list[Post]) -> set[str]:
    return {post.body for post in posts}


@pytest.fixture
def world(member: Member, friend: Member, stranger: Member, community: Space) -> dict[str, Any]:
    """Posts of every kind of relation to `member`, the viewer."""
    followed = MemberFactory(display_name="Gevolgd Lid")
    mine = make_group(name="Mijn groep", slug="mijn-groep")
    join(mine, member)
    other = make_group(name="Andere groep", slug="andere-groep")
    followed_group = make_group(name="Gevolgde groep", slug="gevolgde-groep")
    private = make_group(Visibility.PRIVATE, name="Besloten", slug="besloten")
    boss = MemberFactory(display_name="Baas", role=Role.EMPLOYEE)
    staff_only = make_group(
        Visibility.PUBLIC, Audience.EMPLOYEES, owner=boss, name="Intern", slug="intern"
    )
    make_friends(member, friend)
    follow(member, member=followed)
    follow(member, space=followed_group)
    for space, person in [(mine, stranger), (other, stranger), (other, followed),
                          (other, friend), (other, member), (followed_group, stranger),
                          (private, stranger), (staff_only, stranger)]:  # fmt: skip
        join(space, person)
    post_in(community, stranger, "community")
    post_in(mine, stranger, "my group")
    post_in(other, stranger, "other group")
    post_in(other, followed, "followed person")
    post_in(other, friend, "friend in a group")
    post_in(other, member, "my own in another group")
    Membership.objects.filter(space=other, member=member).delete()  # and then left it
    post_in(followed_group, stranger, "followed group")
    post_in(private, stranger, "private group")
    post_in(staff_only, boss, "employees group")
    post_in(profile_space_for(friend), friend, "friend's wall")
    post_in(profile_space_for(friend), friend, "friend's friends-only", audience="friends")
    post_in(profile_space_for(stranger), stranger, "stranger's wall")
    post_in(profile_space_for(member), member, "my wall")
    post_in(profile_space_for(member), friend, "on my wall")
    return {"other": other, "mine": mine, "private": private}


def test_home_feed_of_a_member(member: Member, world: dict[str, Any]) -> None:
    assert bodies(home_feed(member, per_page=100).posts) == {
        "community",
        "my group",
        "followed person",
        "friend in a group",
        "my own in another group",
        "followed group",
        "friend's wall",
        "friend's friends-only",
        "my wall",
        "on my wall",
    }


def test_home_feed_of_a_visitor_is_the_public_community_stream(
    anonymous: Any, world: dict[str, Any]
) -> None:
    assert bodies(home_feed(anonymous, per_page=100).posts) == {
        "community",
        "my group",
        "other group",
        "followed person",
        "friend in a group",
        "my own in another group",
        "followed group",
    }


def test_home_feed_of_a_group_member_includes_their_private_group(
    stranger: Member, world: dict[str, Any]
) -> None:
    seen = bodies(home_feed(stranger, per_page=100).posts)
    assert {"private group", "my group", "stranger's wall", "community"} <= seen
    # A customer's membership of an employees-only group grants nothing.
    assert "employees group" not in seen
    assert "friend's friends-only" not in seen


def test_home_feed_of_staff_is_their_own_relations_not_everything(
    moderator: Member, world: dict[str, Any]
) -> None:
    assert bodies(home_feed(moderator, per_page=100).posts) == {"community"}


def test_space_feed_shows_only_readable_posts_of_that_space(
    member: Member, stranger: Member, anonymous: Any, world: dict[str, Any]
) -> None:
    assert bodies(space_feed(member, world["other"], per_page=100).posts) == {
        "other group",
        "followed person",
        "friend in a group",
        "my own in another group",
    }
    assert space_feed(member, world["private"]).posts == []
    assert space_feed(anonymous, world["private"]).posts == []
    assert bodies(space_feed(stranger, world["private"]).posts) == {"private group"}


def test_profile_feed_has_the_wall_and_the_members_posts_elsewhere(
    member: Member, friend: Member, stranger: Member, anonymous: Any, world: dict[str, Any]
) -> None:
    assert bodies(profile_feed(member, friend, per_page=100).posts) == {
        "friend in a group",
        "friend's wall",
        "friend's friends-only",
        "on my wall",  # the friend wrote it, on the member's wall
    }
    assert bodies(profile_feed(stranger, friend, per_page=100).posts) == {
        "friend in a group",
        "friend's wall",
        "on my wall",
    }
    assert bodies(profile_feed(member, member, per_page=100).posts) == {
        "my own in another group",
        "my wall",
        "on my wall",
    }
    # Visitors do not see profiles visible to members only, so not their walls either.
    assert bodies(profile_feed(anonymous, member, per_page=100).posts) == {
        "my own in another group"
    }


# Order and keyset pagination --------------------------------------------------------------


def make_posts(
    space: Space, author: Member, count: int, *, same_moment: bool = False
) -> list[Post]:
    """`count` posts, a minute apart (or all at one moment: ties broken by id)."""
    posts = [post_in(space, author, f"bericht {n}") for n in range(count)]
    start = timezone.now() - timedelta(days=1)
    for n, post in enumerate(posts):
        moment = start if same_moment else start + timedelta(minutes=n)
        Post.objects.filter(pk=post.pk).update(created_at=moment, last_activity_at=moment)
    return posts


def walk(feed: Any, per_page: int, **kwargs: Any) -> list[list[int]]:
    pages, cursor = [], None
    while True:
        page = feed(cursor=cursor, per_page=per_page, **kwargs)
        pages.append([post.pk for post in page.posts])
        if not page.next_cursor:
            return pages
        cursor = page.next_cursor


@pytest.mark.parametrize("same_moment", [False, True])
@pytest.mark.parametrize("order", [ORDER_NEWEST, ORDER_ACTIVE])
def test_keyset_pages_have_no_gaps_and_no_duplicates(
    member: Member, community: Space, order: str, same_moment: bool
) -> None:
    posts = make_posts(community, member, 47, same_moment=same_moment)
    pages = walk(lambda **kw: home_feed(member, **kw), 20, order=order)
    assert [len(page) for page in pages] == [20, 20, 7]
    seen = [pk for page in pages for pk in page]
    assert seen == [post.pk for post in reversed(posts)]


def test_exactly_full_last_page_has_no_next_cursor(member: Member, community: Space) -> None:
    make_posts(community, member, 40)
    pages = walk(lambda **kw: space_feed(member, community, **kw), 20)
    assert [len(page) for page in pages] == [20, 20]


def test_last_activity_order_moves_a_commented_post_up(
    member: Member, friend: Member, community: Space
) -> None:
    old, newer = make_posts(community, member, 2)
    services.comment_on_post(friend, post=old, body="Nog actueel!")
    assert [p.pk for p in home_feed(member, order=ORDER_NEWEST).posts] == [newer.pk, old.pk]
    assert [p.pk for p in home_feed(member, order=ORDER_ACTIVE).posts] == [old.pk, newer.pk]
    assert home_feed(member, order="sideways").order == ORDER_NEWEST


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "garbage!",
        "x" * 500,
        base64.urlsafe_b64encode(b"new|not a date|5").decode(),
        base64.urlsafe_b64encode(b"new|2026-01-01T00:00:00|5").decode(),  # naive
        base64.urlsafe_b64encode(b"new|2026-01-01T00:00:00+00:00|-3").decode(),
        base64.urlsafe_b64encode(b"active|2026-01-01T00:00:00+00:00|5").decode(),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
def test_bad_cursors_give_the_first_page(member: Member, community: Space, cursor: str) -> None:
    posts = make_posts(community, member, 3)
    page = home_feed(member, cursor=cursor, order=ORDER_NEWEST)
    assert [post.pk for post in page.posts] == [post.pk for post in reversed(posts)]


def test_cursor_round_trip(member: Member, community: Space) -> None:
    post = post_in(community, member)
    moment, pk = decode_cursor(ORDER_NEWEST, encode_cursor(ORDER_NEWEST, post)) or (None, 0)
    assert (moment, pk) == (post.created_at, post.pk)
    assert decode_cursor(ORDER_ACTIVE, encode_cursor(ORDER_NEWEST, post)) is None


def test_pinned_posts_come_first_on_the_first_page_of_a_group(
    member: Member, employee: Member, group: Space
) -> None:
    join(group, member)
    posts = make_posts(group, member, 25)
    services.pin_post(employee, post=posts[3])
    first = space_feed(member, group)
    assert [p.pk for p in first.pinned] == [posts[3].pk]
    assert posts[3].pk not in [p.pk for p in first.posts]
    second = space_feed(member, group, cursor=first.next_cursor)
    assert second.pinned == []
    assert len(first.posts) + len(second.posts) == 24
    assert posts[3].pk not in [p.pk for p in second.posts]
    # In the home feed a pinned post is just a post.
    assert posts[3].pk in [p.pk for p in home_feed(member, per_page=30).posts]


def test_the_viewers_own_reactions_come_with_the_page(
    member: Member, friend: Member, community: Space, anonymous: Any
) -> None:
    liked, hearted, untouched = (post_in(community, friend, str(n)) for n in range(3))
    services.react(member, post=liked, kind="like")
    services.react(member, post=hearted, kind="heart")
    services.react(friend, post=untouched, kind="like")
    assert home_feed(member).reactions == {liked.pk: "like", hearted.pk: "heart"}
    assert home_feed(anonymous).reactions == {}


def test_deleted_posts_leave_every_feed(member: Member, friend: Member, community: Space) -> None:
    post = post_in(community, member, "weg")
    services.delete_post(member, post=post)
    assert home_feed(friend).posts == []
    assert space_feed(friend, community).posts == []
    assert profile_feed(friend, member).posts == []
