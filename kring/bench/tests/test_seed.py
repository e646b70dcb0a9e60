from __future__ import annotations

from collections import Counter
from io import StringIO
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Q
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from kring.accounts.models import Member
from kring.bench.community import IdBase
from kring.bench.plan import Planner
from kring.bench.scales import SCALES
from kring.bench.seeding import BENCH_PASSWORD
from kring.bench.views import ok
from kring.content.models import Comment, Post, Reaction
from kring.members.models import Profile
from kring.social.models import Follow, Friendship
from kring.spaces.models import Membership, Space, SpaceKind
from kring.spaces.walls import sync_walls

TINY = SCALES["tiny"]


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed", "--scale", "tiny", *args, stdout=out)
    return out.getvalue()


def assert_counters_match_a_recount() -> None:
    """Every denormalised counter equals what counting the rows gives."""
    for post in Post.objects.annotate(
        n_comments=Count(
            "comments",
            filter=Q(comments__deleted_at__isnull=True, comments__is_internal=False),
            distinct=True,
        ),
        n_reactions=Count("reactions", distinct=True),
        last_comment=Max("comments__created_at", filter=Q(comments__is_internal=False)),
    ):
        assert post.comment_count == post.n_comments, post.pk
        assert post.reaction_count == post.n_reactions, post.pk
        assert post.last_activity_at == max(post.created_at, post.last_comment or post.created_at)
    post_kinds = Counter(Reaction.objects.filter(post__isnull=False).values_list("post_id", "kind"))
    comment_kinds = Counter(
        Reaction.objects.filter(comment__isnull=False).values_list("comment_id", "kind")
    )
    for post in Post.objects.all():
        expected = {kind: n for (pk, kind), n in post_kinds.items() if pk == post.pk}
        assert post.reaction_counts == expected, post.pk
    for comment in Comment.objects.annotate(n_reactions=Count("reactions")):
        assert comment.reaction_count == comment.n_reactions, comment.pk
        expected = {kind: n for (pk, kind), n in comment_kinds.items() if pk == comment.pk}
        assert comment.reaction_counts == expected, comment.pk
    for space in Space.objects.annotate(
        n_posts=Count("posts", filter=Q(posts__deleted_at__isnull=True), distinct=True),
        n_members=Count("memberships", filter=Q(memberships__status="active"), distinct=True),
        last_post=Max("posts__created_at"),
        last_comment=Max(
            "posts__comments__created_at", filter=Q(posts__comments__is_internal=False)
        ),
    ):
        assert space.post_count == space.n_posts, space
        if space.kind == SpaceKind.GROUP:
            assert space.member_count == space.n_members, space
        moments = [m for m in (space.last_post, space.last_comment) if m is not None]
        if space.kind == SpaceKind.GROUP:
            moments.append(space.created_at)  # create_group sets it
        assert space.last_activity_at == (max(moments) if moments else None), space


@pytest.mark.django_db
def test_seed_writes_the_scale_with_exact_counters() -> None:
    output = seed("--seed", "7")

    assert "rows/s" in output
    assert Member.objects.count() == TINY.members
    assert Space.objects.filter(kind=SpaceKind.GROUP).count() == TINY.groups
    assert Post.objects.filter(kind="status").count() == TINY.posts
    assert Comment.objects.filter(post__kind="status").count() == TINY.comments
    assert Reaction.objects.count() == TINY.reactions
    friendships = Friendship.objects.count()
    assert friendships % 2 == 0  # stored in both directions
    assert friendships // 2 + Follow.objects.count() == TINY.relations
    assert_counters_match_a_recount()


@pytest.mark.django_db
def test_seed_makes_what_services_and_signals_would() -> None:
    seed()

    assert Profile.objects.count() == Member.objects.count()
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == TINY.members
    walls = Space.objects.filter(kind=SpaceKind.PROFILE)
    assert walls.exists()
    assert not walls.filter(owner_member__isnull=True).exists()
    assert all(wall.slug == f"profiel-{wall.owner_member_id}" for wall in walls)
    # Each wall carries its owner's side of who reads it, as kring.spaces.walls would write.
    seeded = dict(walls.values_list("pk", "wall_visibility"))
    assert set(seeded.values()) - {""}
    sync_walls()
    assert dict(walls.values_list("pk", "wall_visibility")) == seeded
    # Every post on a profile wall is in a space that exists, with rendered HTML.
    assert not Post.objects.filter(body_html="").exists()
    assert not Comment.objects.filter(body_html="").exists()
    # Every group has exactly one owner, who is an active member.
    owners = Membership.objects.filter(role="owner", status="active")
    assert owners.count() == TINY.groups
    # A few hot posts with far more comments than the rest, and a long tail.
    counts = sorted(Post.objects.values_list("comment_count", flat=True), reverse=True)
    assert counts[0] >= 5 * max(1, counts[len(counts) // 2])
    member = Member.objects.filter(role="member", approval_status="approved").first()
    assert member is not None
    assert authenticate(email=member.email, password=BENCH_PASSWORD) == member


@pytest.mark.django_db
def test_seeded_pages_render(client: Any) -> None:
    seed()
    member = (
        Member.objects.filter(role="member", approval_status="approved", is_active=True)
        .annotate(groups=Count("memberships"))
        .order_by("-groups", "pk")
        .first()
    )
    hot = (
        Post.objects.filter(space__kind=SpaceKind.COMMUNITY, kind="status")
        .order_by("-comment_count")
        .first()
    )
    group = Space.objects.filter(kind=SpaceKind.GROUP, visibility="public").first()
    assert member is not None
    assert hot is not None
    assert group is not None

    assert client.get("/").status_code == 200
    client.force_login(member)
    for url in (
        "/",
        reverse("content:post-detail", args=[hot.pk]),
        reverse("spaces:group-detail", args=[group.slug]),
        reverse("members:profile-detail", args=[member.pk]),
        reverse("members:member-list"),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_seed_refuses_a_database_with_members_unless_forced() -> None:
    seed()
    with pytest.raises(CommandError, match="already has members"):
        seed()

    seed("--force", "--seed", "8")

    assert Member.objects.count() == 2 * TINY.members
    assert Post.objects.filter(kind="status").count() == 2 * TINY.posts
    assert Post.objects.filter(kind="page").count() == 2 * TINY.pages
    assert_counters_match_a_recount()


def plan_of(seed_value: int) -> tuple[list[Any], ...]:
    planner = Planner(
        TINY,
        seed=seed_value,
        now=1_800_000_000.0,
        ids=IdBase(1, 1, 1, 1),
        community_id=1,
        post_bodies=10,
        comment_bodies=10,
    )
    members = planner.members()
    groups = planner.groups(members, [f"Groep {n}" for n in range(TINY.groups)])
    relations = planner.relations(members, groups)
    posts = planner.posts(members, groups, relations)
    comments = planner.comments(members, groups, relations, posts)
    reactions = planner.reactions(members, groups, relations, posts, comments)
    return posts.author, posts.created, comments.parent, reactions.member, relations.friendships


def test_the_same_seed_plans_the_same_community() -> None:
    assert plan_of(1) == plan_of(1)
    assert plan_of(1) != plan_of(2)


def test_the_bare_view_answers_ok_and_is_not_mounted_by_default() -> None:
    response = ok(RequestFactory().get("/bench/ok"))

    assert response.status_code == 200
    assert response.content == b"ok"
    with pytest.raises(NoReverseMatch):
        reverse("bench:ok")
