"""Running the demo again adds nothing, a larger scale adds the rest, and the full wall's plan
(about six hundred posts) is the same on every run."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from kring.content.models import (
    Attachment,
    Comment,
    Post,
    PostAudience,
    PostRevision,
    Reaction,
)
from kring.demo.context import DemoContext
from kring.demo.wall import demo_posts
from kring.demo.wall_plan import HISTORY_DAYS, KEY_PREFIX, wall_plan
from kring.social.models import Follow, FriendRequest, Friendship
from kring.spaces.models import Membership, Space, SpaceKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def run_demo(scale: str) -> str:
    out = StringIO()
    call_command("demo", "--scale", scale, stdout=out)
    return out.getvalue()


def snapshot(media_root: Path) -> dict[str, int]:
    return {
        "groups": Space.objects.filter(kind=SpaceKind.GROUP).count(),
        "spaces": Space.objects.count(),
        "memberships": Membership.objects.count(),
        "friend requests": FriendRequest.objects.count(),
        "friendships": Friendship.objects.count(),
        "follows": Follow.objects.count(),
        "posts": Post.objects.count(),
        "revisions": PostRevision.objects.count(),
        "comments": Comment.objects.count(),
        "reactions": Reaction.objects.count(),
        "attachments": Attachment.objects.count(),
        "files": sum(1 for path in media_root.rglob("*") if path.is_file()),
    }


def counters() -> list[tuple[int, int, int]]:
    return list(Post.objects.order_by("pk").values_list("pk", "comment_count", "reaction_count"))


def test_a_larger_scale_adds_the_rest_of_the_same_posts_and_again_adds_nothing(
    media: Path,
) -> None:
    run_demo("0.05")
    few = dict(demo_posts().values_list("idempotency_key", "body"))
    run_demo("0.15")
    more = dict(demo_posts().values_list("idempotency_key", "body"))
    assert len(more) > len(few)
    assert {key: more[key] for key in few} == few  # the same posts, under the same keys
    first, counted = snapshot(media), counters()

    output = run_demo("0.15")

    assert snapshot(media) == first
    assert counters() == counted
    for step in ("groups", "friendships", "follows", "wall", "reactions"):
        line = next(line for line in output.splitlines() if line.strip().startswith(step))
        assert line.rstrip().endswith("new)") or "new) [" in line, line
        assert "(0 new)" in line or "(0 posts and 0 comments new)" in line, line


def test_the_full_demo_plans_about_six_hundred_posts_and_the_same_each_time() -> None:
    run_demo("0")  # everything but the wall
    assert not demo_posts().exists()
    context = DemoContext()

    plan = wall_plan(context, context.random_for("wall"))
    again = wall_plan(context, context.random_for("wall"))

    assert 550 <= len(plan) <= 650
    assert [(p.key, p.author.pk, p.body) for p in plan] == [
        (p.key, p.author.pk, p.body) for p in again
    ]
    assert len({post.key for post in plan}) == len(plan)
    assert all(post.key.startswith(KEY_PREFIX) for post in plan)
    comments = [comment for post in plan for comment in post.comments]
    assert 1000 <= len(comments) <= 2000
    assert sum(comment.internal for comment in comments) >= 3
    assert sum(comment.reply_to is not None for comment in comments) >= 100
    assert sum(post.audience == PostAudience.FRIENDS for post in plan) >= 10
    assert sum(post.photo for post in plan) >= 30
    assert sum(bool(post.edit) for post in plan) >= 2
    assert sum(post.pin for post in plan) >= 4
    assert sum(post.deleted_by is not None for post in plan) == 2
    span = plan[-1].at - plan[0].at
    assert timedelta(days=HISTORY_DAYS - 10) < span <= timedelta(days=HISTORY_DAYS)
