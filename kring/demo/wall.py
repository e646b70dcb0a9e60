"""Demo posts on the wall: six months of them, in groups, on profiles and in the community
space, with photos, comments, replies, employees' answers, internal notes, pins, edits and a
moderator's deletion (see `wall_plan` for who writes what).

Every write goes through the services (`wall.services.post_status`, `content.services`), so
rendered HTML, permissions and counters are exactly what members' own writing gives. The
services stamp everything "now"; afterwards each post, comment and edit is moved back to the
moment the plan gives it (queryset updates), and each space's `last_activity_at` is set again
from its posts. A post whose key exists is left alone, with its comments.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from kring.content import services as content_services
from kring.content.models import Attachment, Comment, Post, PostAudience, PostRevision
from kring.demo import pictures
from kring.demo.context import DemoContext
from kring.demo.wall_plan import KEY_PREFIX, PlannedPost, wall_plan
from kring.spaces.models import Space
from kring.spaces.queries import profile_space_for
from kring.wall.services import post_status


def demo_posts() -> Any:
    """The posts the demo wrote (deleted ones too)."""
    return Post.objects.filter(idempotency_key__startswith=KEY_PREFIX)


@dataclass
class Written:
    """What this run wrote, and what it still has to settle."""

    posts: int = 0
    comments: int = 0
    spaces: set[int] = field(default_factory=set)
    comment_times: list[Comment] = field(default_factory=list)
    last_post_in: dict[int, int] = field(default_factory=dict)  # space id -> post id


def build_wall(context: DemoContext, rng: random.Random) -> str:
    """Six months of posts with photos, comments and replies; keyed, so never twice."""
    plan = wall_plan(context, rng)
    existing = set(demo_posts().values_list("idempotency_key", flat=True))
    written = Written()
    for planned in plan:
        if planned.key not in existing:
            write_post(planned, written)
    Comment.objects.bulk_update(written.comment_times, ["created_at"], batch_size=500)
    settle_activity(written.spaces)
    posts = demo_posts()
    friends_only = posts.filter(audience=PostAudience.FRIENDS).count()
    photos = Attachment.objects.filter(post__in=posts).count()
    comments = Comment.objects.filter(post__in=posts).count()
    return (
        f"{posts.count()} posts ({friends_only} for friends only, {photos} photos), "
        f"{comments} comments ({written.posts} posts and {written.comments} comments new)"
    )


def write_post(planned: PlannedPost, written: Written) -> Post:
    """Write one planned post and its comments as their authors would, then date them."""
    space = planned.space or profile_space_for(planned.wall_owner or planned.author)
    body = planned.body
    if "{post_link}" in body:
        earlier = written.last_post_in.get(space.pk)
        link = f"[dit bericht](/berichten/{earlier}/)" if earlier else "[het prikbord](/prikbord/)"
        body = body.replace("{post_link}", link)
    photos = []
    if planned.photo:
        caption = body.split("\n\n")[0].split(". ")[0]  # its first sentence
        drawn = pictures.picture_for(random.Random(planned.picture_seed), caption)  # noqa: S311
        photos.append(SimpleUploadedFile(drawn.name, drawn.data, drawn.content_type))
    post = post_status(
        planned.author,
        space=space,
        body=body,
        audience=planned.audience,
        photos=photos,
        idempotency_key=planned.key,
    )
    written.posts += 1
    written.spaces.add(space.pk)
    if planned.audience == PostAudience.SPACE and planned.deleted_by is None:
        written.last_post_in[space.pk] = post.pk
    last_activity = planned.at
    made: list[Comment] = []
    for comment in planned.comments:
        saved = content_services.comment_on_post(
            comment.author,
            post=post,
            body=comment.body,
            parent=made[comment.reply_to] if comment.reply_to is not None else None,
            is_internal=comment.internal,
        )
        saved.created_at = comment.at
        made.append(saved)
        if not comment.internal:  # internal notes do not move a post up (as in the service)
            last_activity = max(last_activity, comment.at)
    written.comment_times += made
    written.comments += len(made)
    now = timezone.now()
    dates: dict[str, Any] = {"created_at": planned.at, "last_activity_at": last_activity}
    if planned.edit:
        content_services.edit_post(planned.author, post=post, body=f"{body}\n\n{planned.edit}")
        edited = min(planned.at + timedelta(hours=5), now)
        PostRevision.objects.filter(post=post).update(created_at=edited)
        dates["edited_at"] = edited
    if planned.pin:
        content_services.pin_post(planned.author, post=post)
        dates["pinned_at"] = planned.at
    if planned.deleted_by is not None:
        content_services.delete_post(planned.deleted_by, post=post)
        dates["deleted_at"] = min(planned.at + timedelta(hours=2), now)
    Post.objects.filter(pk=post.pk).update(**dates)
    return post


def settle_activity(space_ids: set[int]) -> None:
    """A space's last activity is that of its liveliest published post (or its creation
    without posts)."""
    if not space_ids:
        return
    latest = (
        Post.objects.filter(
            space_id=OuterRef("pk"), deleted_at__isnull=True, created_at__lte=timezone.now()
        )  # a scheduled article is no activity yet
        .order_by("-last_activity_at")
        .values("last_activity_at")[:1]
    )
    Space.objects.filter(pk__in=space_ids).update(
        last_activity_at=Coalesce(Subquery(latest), F("created_at"))
    )
