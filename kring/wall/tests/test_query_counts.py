"""A feed page costs the same number of queries whatever the data: 20 posts or 200, with or
without comments, reactions, photos, files and link previews. These numbers are pinned."""

from __future__ import annotations

from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import MemberFactory, session_queries
from kring.accounts.models import Member
from kring.content.models import Attachment, AttachmentKind, Comment, Post, Reaction
from kring.content.tests.samples import follow, join, make_friends, profile_space_for
from kring.core.sitesettings.models import SiteSettings
from kring.spaces.models import Space
from kring.wall.models import LinkPreview, PreviewStatus
from kring.wall.queries import home_feed, profile_feed, space_feed
from kring.wall.views_context import profile_stream_context, space_stream_context

pytestmark = pytest.mark.django_db

# The feed queries themselves: page of posts (author, profile, space, wall owner and link
# preview joined), attachments (one prefetch), the viewer's reactions (one query).
FEED_QUERIES = 3
# A group's first page also fetches its pinned posts.
GROUP_FEED_QUERIES = 4
# A group's stream as its page includes it: may the viewer post here (their membership, and
# may they read the group), then the feed.
GROUP_STREAM_QUERIES = 2 + GROUP_FEED_QUERIES
# A profile stream: the member's wall, may the viewer post on it (friends? blocked? may they
# read it?), then the feed.
PROFILE_STREAM_QUERIES = 4 + FEED_QUERIES
# The whole home page: session, viewer (with the profile the header's avatar shows), the
# feed, the composer's "Post in" choices (the community space, the viewer's groups), the
# featured articles (one query, kring/news), and the test client's own e-mail leak check.
HOME_PAGE_QUERIES = 5 + FEED_QUERIES + 1


def fill(count: int, *, viewer: Member, group: Space, community: Space) -> Member:
    """`count` posts in each place the feeds look, each with comments, reactions, a photo,
    a file and a link preview. Returns the profile owner whose stream is measured."""
    writer = MemberFactory(display_name="Schrijver")
    join(group, writer)
    make_friends(viewer, writer)
    follow(viewer, member=writer)
    others = [MemberFactory() for _ in range(3)]
    wall = profile_space_for(writer)
    posts = []
    for space in (community, group, wall):
        for n in range(count):
            posts.append(
                Post(
                    space=space,
                    author=writer,
                    body=f"Bericht {n}",
                    body_html=f"<p>Bericht {n}</p>",
                    comment_count=2,
                    reaction_count=2,
                    reaction_counts={"like": 1, "heart": 1},
                    pinned_at=timezone.now() if space == group and n < 2 else None,
                )
            )
    Post.objects.bulk_create(posts)
    Comment.objects.bulk_create(
        Comment(post=post, author=author, body="Hoi", body_html="<p>Hoi</p>")
        for post in posts
        for author in others[:2]
    )
    Reaction.objects.bulk_create(
        [Reaction(post=post, member=others[0], kind="like") for post in posts]
        + [Reaction(post=post, member=viewer, kind="heart") for post in posts]
    )
    Attachment.objects.bulk_create(
        Attachment(
            post=post,
            kind=kind,
            file=f"attachments/{kind}-{post.pk}.png",
            original_name=f"{kind}-{post.pk}.png" if kind == "photo" else f"doc-{post.pk}.pdf",
            content_type="image/png" if kind == "photo" else "application/pdf",
            size=1234,
            width=100 if kind == "photo" else None,
            height=80 if kind == "photo" else None,
        )
        for post in posts
        for kind in (AttachmentKind.PHOTO, AttachmentKind.FILE)
    )
    LinkPreview.objects.bulk_create(
        LinkPreview(
            post=post,
            url="https://example.org/",
            status=PreviewStatus.READY,
            title="Voorbeeld",
            site_name="Example",
        )
        for post in posts
    )
    return writer


@pytest.fixture(params=[20, 200], ids=["20 posts", "200 posts"])
def data(request: Any, member: Member, group: Space, community: Space) -> dict[str, Any]:
    join(group, member)
    writer = fill(request.param, viewer=member, group=group, community=community)
    SiteSettings.load()  # cached, as on a running server
    return {"writer": writer, "group": group, "count": request.param}


def test_feed_queries_are_fixed(
    member: Member, data: dict[str, Any], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(FEED_QUERIES):
        page = home_feed(member)
    assert len(page.posts) == 20
    assert page.next_cursor
    assert len(page.reactions) == 20
    with django_assert_num_queries(GROUP_FEED_QUERIES):
        page = space_feed(member, data["group"])
    assert len(page.pinned) == 2
    assert len(page.posts) == min(20, data["count"] - 2)
    with django_assert_num_queries(FEED_QUERIES):
        page = profile_feed(member, data["writer"])
    assert len(page.posts) == 20
    with django_assert_num_queries(FEED_QUERIES):
        page = home_feed(member, cursor=page.next_cursor)


def test_home_page_queries_are_fixed(
    client: Client, member: Member, data: dict[str, Any], django_assert_num_queries: Any
) -> None:
    client.force_login(member)
    client.get(reverse("core:home"))  # the layout's caches warm, as on a running server
    with django_assert_num_queries(HOME_PAGE_QUERIES):
        response = client.get(reverse("core:home"))
    page = response.content.decode()
    assert page.count('<article class="post-card') == 20
    assert page.count('aria-pressed="true"') == 20  # the viewer's own hearts
    assert "Voorbeeld" in page  # the link preview


def render_stream(rf: Any, viewer: Member, make_context: Any, template: str) -> str:
    request = rf.get("/")
    request.user = viewer
    return render_to_string(template, make_context(request), request=request)


def test_group_stream_queries_are_fixed(
    rf: Any, member: Member, data: dict[str, Any], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(GROUP_STREAM_QUERIES):
        html = render_stream(
            rf,
            member,
            lambda request: space_stream_context(request, data["group"]),
            "wall/partials/_space_stream.html",
        )
    assert html.count('<article class="post-card') == min(22, data["count"])  # two pinned first


def test_profile_stream_queries_are_fixed(
    rf: Any, member: Member, data: dict[str, Any], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(PROFILE_STREAM_QUERIES):
        html = render_stream(
            rf,
            member,
            lambda request: profile_stream_context(request, data["writer"]),
            "wall/partials/_profile_stream.html",
        )
    assert html.count('<article class="post-card') == 20
    assert 'name="body"' in html  # a friend may write on the wall


@pytest.mark.parametrize("comments", [3, 30])
def test_post_page_queries_do_not_grow_with_comments(
    client: Client, member: Member, community: Space, comments: int, django_assert_num_queries: Any
) -> None:
    from kring.content import services

    post = services.create_post(member, space=community, body="Vraag")
    people = [MemberFactory() for _ in range(3)]
    for n in range(comments):
        top = services.comment_on_post(people[n % 3], post=post, body=f"Reactie {n}")
        services.comment_on_post(member, post=post, body=f"Antwoord {n}", parent=top)
        services.react(member, comment=top, kind="like")
    services.react(people[0], post=post, kind="heart")
    client.force_login(member)
    url = reverse("content:post-detail", args=[post.pk])
    client.get(url)  # the layout's caches warm, as on a running server
    # Session, viewer (with the header's avatar), post, attachments, link preview, "may
    # comment?", own reaction on the post, a page of top-level comments, their first replies
    # (both with authors), own reactions on them, and the test client's e-mail leak check.
    # (In a group, "moderates it?" adds one.)
    with django_assert_num_queries(11):
        response = client.get(url)
    assert response.content.decode().count('<article class="comment') == 2 * comments


# The bench's three writes (bench/targets.py), whatever the data, as on a server: no test
# transaction around them, so their own commits and their listeners run. Counted without the
# transaction statements (BEGIN, COMMIT, savepoints), which SQLite's test connection reports
# and PostgreSQL's does not. Session and member, then
# - a status update: the space, the idempotency key's earlier post, the insert, the space's
#   counter, and the search index;
# - a comment: the post, may the member read it and comment (two), the insert, the post's and
#   the space's counters, and the search index;
# - a reaction: the post, may the member read it, the post again (locked), the member's
#   reaction, its removal or insert, and the post's counts (a recount and the update).
# The search index reads the item and writes its entry; on SQLite the full-text table takes
# one statement more. Mentions, a link preview, photos or a comment held for review each
# add their own.
WRITE_QUERIES = {"status": 7, "comment": 9, "reaction": 8}
CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK")


def _statements(client: Client, url: str, data: dict[str, str]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.post(url, data).status_code == 302
    return sum(not q["sql"].startswith(CONTROL) for q in captured.captured_queries)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("posts", [1, 30])
def test_writes_cost_a_fixed_number_of_queries(client: Client, posts: int) -> None:
    from django.db import connection

    from kring.content import services
    from kring.spaces.queries import community_space

    member, community = MemberFactory(), community_space()
    target = services.create_post(member, space=community, body="Eerste")
    for n in range(posts):
        services.create_post(MemberFactory(), space=community, body=f"Bericht {n}")
    client.force_login(member)
    react = reverse("content:post-react", args=[target.pk])
    client.post(react, {"kind": "like"})  # the first write of a session warms its caches
    # The session, the test client's e-mail leak check, SQLite's full-text table.
    full_text = 1 if connection.vendor == "sqlite" else 0
    extra = session_queries() + 1 + full_text
    status = reverse("wall:space-status-create", args=[community.pk])
    assert _statements(client, status, {"body": "Nog een", "idempotency_key": "k1"}) == (
        WRITE_QUERIES["status"] + extra
    )
    comment = reverse("content:comment-create", args=[target.pk])
    assert _statements(client, comment, {"body": "Een reactie"}) == (
        WRITE_QUERIES["comment"] + extra
    )
    assert _statements(client, react, {"kind": "like"}) == (
        WRITE_QUERIES["reaction"] + extra - full_text
    )
