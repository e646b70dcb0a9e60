"""Demo reactions on the demo's posts and comments, given by members who can read them.

The one place where the demo writes without a service: `content.services.react` checks, locks
and recounts per reaction, which for four thousand reactions took most of a minute. Here the
reactions are inserted in bulk, and then every reacted-to post's and comment's `reaction_count`
and `reaction_counts` are recounted from the rows, exactly as `react` would leave them.
No ReactionChanged events are published: nobody needs to be told of demo reactions.

Who reacts is drawn per post from a generator of its own, among the members who may read it
(the wall plan's `Readers`), with the kinds the site settings enable. A member who already
reacted to an item is left alone, so running the demo again adds nothing.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from kring.accounts import roles
from kring.accounts.models import Member
from kring.content.models import Comment, Post, PostAudience, Reaction, ReactionKind
from kring.core.sitesettings.models import SiteSettings
from kring.demo.cast import cast_of
from kring.demo.context import DemoContext
from kring.demo.groups import demo_groups
from kring.demo.wall import demo_posts
from kring.demo.wall_plan import Readers
from kring.spaces.models import SpaceKind

# Likes are common, thumbs down rare: weights by kind.
KIND_WEIGHTS = {
    ReactionKind.LIKE: 45,
    ReactionKind.HEART: 20,
    ReactionKind.THUMBS_UP: 22,
    ReactionKind.INSIGHTFUL: 10,
    ReactionKind.THUMBS_DOWN: 3,
}
POST_REACTIONS = (0, 1, 2, 3, 4, 6, 9, 14)
POST_WEIGHTS = (14, 16, 16, 14, 14, 12, 9, 5)
COMMENT_REACTIONS = (0, 0, 0, 1, 1, 2, 3)
FIELDS = ["reaction_count", "reaction_counts"]
Item = TypeVar("Item", Post, Comment)


def readers_of(post: Post, readers: Readers) -> list[Member]:
    """Who may read `post`, among the cast (the same simplification as the wall's plan)."""
    space = post.space
    if space.kind == SpaceKind.GROUP:
        return readers.of_group(space)
    if space.kind == SpaceKind.PROFILE:
        # The wall's owner's friends read it; a friends-only post is for the author's friends.
        owner_id = space.owner_member_id or post.author_id
        friends_of = owner_id if post.audience == PostAudience.SPACE else post.author_id
        people = {member.pk: member for member in readers.friends.get(friends_of, [])}
        people.update({m.pk: m for m in readers.everyone if m.pk in (owner_id, post.author_id)})
        return list(people.values())
    return readers.everyone


def build_reactions(context: DemoContext, rng: random.Random) -> str:
    """Reactions on demo posts and comments, by members who read them."""
    cast = cast_of(context)
    readers = Readers(cast, demo_groups())
    enabled = [k for k in KIND_WEIGHTS if k in SiteSettings.load().enabled_reaction_kinds]
    if not enabled:
        return "no reaction kinds are enabled"
    weights = [KIND_WEIGHTS[kind] for kind in enabled]
    posts = list(
        demo_posts()
        .filter(deleted_at__isnull=True)
        .select_related("space", "author")
        .order_by("idempotency_key")
    )
    comments: dict[int, list[Comment]] = {}
    for comment in Comment.objects.filter(post__in=posts, deleted_at__isnull=True).order_by("pk"):
        comments.setdefault(comment.post_id, []).append(comment)
    # (member, post, comment): who reacted to what already.
    given: set[tuple[int, int | None, int | None]] = set(
        Reaction.objects.filter(Q(post__in=posts) | Q(comment__post__in=posts)).values_list(
            "member_id", "post_id", "comment_id"
        )
    )
    now = timezone.now()
    base = rng.random()
    new: list[Reaction] = []
    moments: list[datetime] = []

    def give(member: Member, item_rng: random.Random, moment: datetime, **target: Any) -> None:
        kind = item_rng.choices(enabled, weights)[0]  # drawn even when skipped: no drift
        key = (member.pk, target.get("post_id"), target.get("comment_id"))
        if key not in given:
            given.add(key)
            new.append(Reaction(member=member, kind=kind, **target))
            moments.append(moment)

    for post in posts:
        # One generator per post, from its key: reactions never shift when others change.
        item_rng = random.Random(f"{base}:{post.idempotency_key}")  # noqa: S311  (demo data)
        # They come in over the day after the post.
        moment = min(post.created_at + timedelta(hours=item_rng.uniform(1, 24)), now)
        people = [m for m in readers_of(post, readers) if m.pk != post.author_id]
        count = item_rng.choices(POST_REACTIONS, POST_WEIGHTS)[0]
        for member in _some(item_rng, people, count):
            give(member, item_rng, moment, post_id=post.pk)
        for comment in comments.get(post.pk, []):
            audience = [
                m
                for m in [*people, post.author]
                if m.pk != comment.author_id and (not comment.is_internal or roles.is_employee(m))
            ]
            moment = min(comment.created_at + timedelta(hours=item_rng.uniform(1, 24)), now)
            for member in _some(item_rng, audience, item_rng.choice(COMMENT_REACTIONS)):
                give(member, item_rng, moment, comment_id=comment.pk)
    with transaction.atomic():
        Reaction.objects.bulk_create(new, batch_size=500)
        # created_at is stamped "now" on insert (auto_now_add): date them afterwards.
        for reaction, moment in zip(new, moments, strict=True):
            reaction.created_at = moment
        Reaction.objects.bulk_update(new, ["created_at"], batch_size=500)
        post_ids = {r.post_id for r in new if r.post_id is not None}
        Post.objects.bulk_update(recounted(Post, "post_id", post_ids), FIELDS, batch_size=500)
        comment_ids = {r.comment_id for r in new if r.comment_id is not None}
        Comment.objects.bulk_update(
            recounted(Comment, "comment_id", comment_ids), FIELDS, batch_size=500
        )
    total = Reaction.objects.filter(Q(post__in=posts) | Q(comment__post__in=posts)).count()
    return f"{total} reactions on demo posts and comments ({len(new)} new)"


def recounted(model: type[Item], column: str, ids: set[int]) -> list[Item]:
    """Rows `ids` of `model` (unsaved) with reaction counters recounted from their Reactions."""
    counts: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    rows = (
        Reaction.objects.filter(**{f"{column}__in": ids})
        .values_list(column, "kind")
        .annotate(n=Count("pk"))
        .order_by(column, "kind")
    )
    for pk, kind, n in rows:
        counts[pk][kind] = n
    return [
        model(pk=pk, reaction_count=sum(by_kind.values()), reaction_counts=by_kind)
        for pk, by_kind in counts.items()
    ]


def _some(rng: random.Random, people: Sequence[Member], count: int) -> list[Member]:
    return rng.sample(list(people), min(count, len(people)))
