"""The post page pages its comments: the newest top-level ones, "earlier comments" pages by a
keyset cursor (plain links and htmx), replies capped per comment, and links to one comment."""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Member
from kring.content import queries, services
from kring.content.models import Comment, ModerationState, Post
from kring.content.queries import COMMENTS_PER_PAGE, REPLIES_SHOWN
from kring.content.tests.samples import post_in
from kring.spaces.models import Space

pytestmark = pytest.mark.django_db

POST_PAGE_QUERIES = 11  # a logged-in member's post page, whatever the number of comments


def detail(post: Post) -> str:
    return reverse("content:post-detail", args=[post.pk])


def main_of(response: Any) -> str:
    text = html.unescape(response.content.decode())
    return str(text.split("<main", 1)[1].split("</main>", 1)[0])


def label(number: int) -> str:
    return f"Reactie nummer {number:04d}."


def add_comments(
    post: Post, author: Member, count: int, *, parent: Comment | None = None, start: int = 0
) -> list[Comment]:
    """`count` comments (or replies to `parent`), a minute apart, oldest first; in bulk, as a
    busy thread would have them after a while."""
    base = timezone.now() - timedelta(days=2)
    made = Comment.objects.bulk_create(
        Comment(
            post=post,
            parent=parent,
            author=author,
            body=label(start + number),
            body_html=f"<p>{label(start + number)}</p>",
        )
        for number in range(count)
    )
    for number, comment in enumerate(made):  # auto_now_add wins in bulk_create; set it after
        comment.created_at = base + timedelta(minutes=start + number)
    Comment.objects.bulk_update(made, ["created_at"])
    return made


def earlier_link(page: str) -> str:
    """The href of the "Show earlier comments" link in `page`."""
    item = page.split('class="comments__earlier"', 1)[1]
    return item.split('href="', 1)[1].split('"', 1)[0]


def test_the_page_shows_the_newest_comments_under_a_link_to_earlier_ones(
    client: Client, member: Member, friend: Member, community: Space
) -> None:
    post = post_in(community, member)
    add_comments(post, friend, COMMENTS_PER_PAGE + 10)
    client.force_login(member)
    page = main_of(client.get(detail(post)))
    assert label(10) in page
    assert label(COMMENTS_PER_PAGE + 9) in page
    assert label(9) not in page
    assert page.index(label(10)) < page.index(label(11))  # oldest first on a page
    assert "Show earlier comments" in page
    assert "Show the newest comments" not in page
    # Without JavaScript: the link opens the page with the earlier ones and a way back.
    older = main_of(client.get(earlier_link(page)))
    assert label(0) in older
    assert label(9) in older
    assert label(10) not in older
    assert "Show earlier comments" not in older
    assert "Show the newest comments" in older
    assert 'id="comment-form"' in older  # still a place to comment


def test_with_htmx_the_link_brings_just_the_earlier_block(
    client: Client, member: Member, friend: Member, community: Space
) -> None:
    post = post_in(community, member)
    add_comments(post, friend, 2 * COMMENTS_PER_PAGE + 5)
    client.force_login(member)
    page = main_of(client.get(detail(post)))
    response = client.get(earlier_link(page).split("#", 1)[0], headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    block = html.unescape(response.content.decode())
    assert "<main" not in block
    assert "<html" not in block
    assert block.lstrip().startswith('<li class="comments__earlier">')  # further back, on top
    assert label(5) in block
    assert label(COMMENTS_PER_PAGE + 4) in block
    assert label(4) not in block
    assert label(COMMENTS_PER_PAGE + 5) not in block
    assert 'name="parent"' in block  # the reply forms travel with their comments
    further = client.get(earlier_link(block).split("#", 1)[0], headers={"HX-Request": "true"})
    last = html.unescape(further.content.decode())
    assert label(0) in last
    assert label(4) in last
    assert "comments__earlier" not in last


def test_comments_at_the_same_moment_are_paged_by_id_without_loss_or_repeat(
    client: Client, member: Member, friend: Member, community: Space
) -> None:
    post = post_in(community, member)
    add_comments(post, friend, COMMENTS_PER_PAGE + 3)
    Comment.objects.filter(post=post).update(created_at=timezone.now() - timedelta(hours=1))
    first = queries.post_comment_page(member, post)
    earlier = queries.post_comment_page(member, post, before=first.earlier_cursor)
    seen = [c.body for c in earlier.comments] + [c.body for c in first.comments]
    assert seen == [label(number) for number in range(COMMENTS_PER_PAGE + 3)]
    assert earlier.earlier_cursor == ""


def test_a_cursor_that_is_not_ours_shows_the_newest_comments(
    client: Client, member: Member, friend: Member, community: Space
) -> None:
    post = post_in(community, member)
    add_comments(post, friend, 3)
    for junk in ("nonsense", "%%%", "x" * 300, "MjAyMHxh"):
        response = client.get(detail(post), {"eerder": junk})
        assert response.status_code == 200
        assert label(0) in main_of(response)


def test_replies_travel_with_their_comment_and_are_capped(
    client: Client, member: Member, friend: Member, community: Space
) -> None:
    post = post_in(community, member)
    (top,) = add_comments(post, friend, 1)
    add_comments(post, member, REPLIES_SHOWN + 5, parent=top, start=100)
    client.force_login(member)
    page = main_of(client.get(detail(post)))
    assert label(100) in page
    assert label(100 + REPLIES_SHOWN - 1) in page
    assert label(100 + REPLIES_SHOWN) not in page
    assert "Show 5 more replies" in page
    replies_url = reverse("content:comment-replies", args=[top.pk])
    assert f'href="{replies_url}"' in page
    everything = main_of(client.get(replies_url))
    assert label(0) in everything
    assert label(100) in everything
    assert label(100 + REPLIES_SHOWN + 4) in everything
    assert "Show 5 more replies" not in everything
    assert 'name="parent"' in everything  # one can reply there too


def test_deleted_comments_leave_a_placeholder_only_while_replies_remain(
    client: Client, member: Member, friend: Member, community: Space
) -> None:
    post = post_in(community, member)
    gone, kept, plain = add_comments(post, friend, 3)
    add_comments(post, member, 1, parent=kept, start=10)
    Comment.objects.filter(pk__in=[gone.pk, kept.pk]).update(deleted_at=timezone.now())
    shown = queries.post_comment_page(member, post).comments
    assert [c.pk for c in shown] == [kept.pk, plain.pk]
    assert [r.body for r in shown[0].visible_replies] == [label(10)]  # type: ignore[attr-defined]
    client.force_login(member)
    assert client.get(reverse("content:comment-replies", args=[kept.pk])).status_code == 200
    assert client.get(reverse("content:comment-replies", args=[gone.pk])).status_code == 404


def test_a_link_to_a_comment_opens_the_page_that_shows_it(
    client: Client, member: Member, friend: Member, community: Space
) -> None:
    post = post_in(community, member)
    comments = add_comments(post, friend, 2 * COMMENTS_PER_PAGE + 5)
    old, newest = comments[3], comments[-1]
    reply = add_comments(post, member, 1, parent=old, start=900)[0]

    def jump(comment: Comment) -> str:
        response = client.get(reverse("content:comment-jump", args=[comment.pk]))
        assert response.status_code == 302
        return str(response["Location"])

    assert jump(newest) == f"{detail(post)}#comment-{newest.pk}"
    for comment in (old, reply):
        location = jump(comment)
        assert location.endswith(f"#comment-{comment.pk}")
        assert "?eerder=" in location
        page = main_of(client.get(location))
        assert f'id="comment-{comment.pk}"' in page
    # The first comment on an earlier page: the newest one there.
    boundary = comments[4]
    page = main_of(client.get(jump(boundary)))
    assert f'id="comment-{boundary.pk}"' in page
    assert f'id="comment-{comments[4 + COMMENTS_PER_PAGE].pk}"' not in page


def test_a_link_to_a_late_reply_opens_its_comment_replies_page(
    client: Client, member: Member, friend: Member, community: Space
) -> None:
    post = post_in(community, member)
    (top,) = add_comments(post, friend, 1)
    replies = add_comments(post, member, REPLIES_SHOWN + 1, parent=top, start=100)
    response = client.get(reverse("content:comment-jump", args=[replies[-1].pk]))
    replies_url = reverse("content:comment-replies", args=[top.pk])
    assert response["Location"] == f"{replies_url}#comment-{replies[-1].pk}"
    response = client.get(reverse("content:comment-jump", args=[replies[0].pk]))
    assert response["Location"] == f"{detail(post)}#comment-{replies[0].pk}"


def test_links_to_comments_one_may_not_read_are_not_found(
    client: Client, member: Member, friend: Member, stranger: Member, community: Space
) -> None:
    post = post_in(community, member)
    (held,) = add_comments(post, friend, 1)
    Comment.objects.filter(pk=held.pk).update(moderation=ModerationState.HELD)
    client.force_login(stranger)
    assert client.get(reverse("content:comment-jump", args=[held.pk])).status_code == 404
    assert client.get(reverse("content:comment-replies", args=[held.pk])).status_code == 404
    assert client.get(reverse("content:comment-jump", args=[999999])).status_code == 404
    client.force_login(friend)  # its author still finds it
    assert client.get(reverse("content:comment-jump", args=[held.pk])).status_code == 302


def test_a_reply_to_an_old_comment_returns_to_the_page_that_shows_it(
    client: Client, member: Member, friend: Member, community: Space
) -> None:
    post = post_in(community, member)
    comments = add_comments(post, friend, COMMENTS_PER_PAGE + 2)
    client.force_login(member)
    response = client.post(
        reverse("content:comment-create", args=[post.pk]),
        {"body": "Laat antwoord", "parent": comments[0].pk},
    )
    reply = Comment.objects.get(body="Laat antwoord")
    assert response["Location"] == reverse("content:comment-jump", args=[reply.pk])
    page = main_of(client.get(response["Location"], follow=True))
    assert f'id="comment-{reply.pk}"' in page


def test_the_post_page_costs_the_same_queries_with_5_or_500_comments(  # noqa: PLR0917  (personas)
    client: Client,
    member: Member,
    friend: Member,
    stranger: Member,
    community: Space,
    django_assert_num_queries: Any,
) -> None:
    small = post_in(community, member, "Rustig")
    busy = post_in(community, member, "Druk")
    for post, count in ((small, 5), (busy, 500)):
        tops = add_comments(post, friend, count)
        add_comments(post, stranger, 3, parent=tops[-1], start=1000)
        services.react(member, comment=tops[-1], kind="like")
    client.force_login(member)
    client.get(detail(small))  # warm: the session, site settings, caches
    for post in (small, busy):
        with django_assert_num_queries(POST_PAGE_QUERIES):
            assert client.get(detail(post)).status_code == 200
    earlier = earlier_link(main_of(client.get(detail(busy))))
    with django_assert_num_queries(POST_PAGE_QUERIES):
        client.get(earlier)


def test_the_page_size_stays_bounded_however_many_comments(
    client: Client, member: Member, friend: Member, community: Space
) -> None:
    sixty = post_in(community, member, "Zestig")
    five_hundred = post_in(community, member, "Vijfhonderd")
    add_comments(sixty, friend, 60)
    add_comments(five_hundred, friend, 500)
    client.force_login(member)
    small = len(client.get(detail(sixty)).content)
    large = len(client.get(detail(five_hundred)).content)
    assert large < 2 * small
