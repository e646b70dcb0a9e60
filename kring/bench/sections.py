"""The parts of a seeded community that issue #4 added: the forum (topics.py), knowledge pages,
reviews and articles (library.py), then the search index over everything. Written after the
community (seeding.py), from what it wrote."""

from __future__ import annotations

import random
import time

from django.db.models import F

from kring.bench.bulk import Progress, explicit_timestamps, first_free_ids, moment
from kring.bench.library import Library, write_library
from kring.bench.people import read_cast
from kring.bench.scales import Scale
from kring.bench.texts import COMMENT_BODIES, POST_BODIES, rendered
from kring.bench.topics import Forum, write_forum
from kring.content.models import Comment, Post
from kring.forum.models import Category, Topic
from kring.knowledge.models import KnowledgePage, ProductLink, Review
from kring.search.rebuild import rebuild_index
from kring.spaces.models import Space


def seed_sections(
    scale: Scale, *, seed: int, now: float, community_id: int, progress: Progress
) -> tuple[Forum, Library]:
    rng = random.Random(seed + 4)  # noqa: S311  (reproducible data, not secrets)
    cast = read_cast(rng)
    bodies, reply_bodies = rendered(POST_BODIES), rendered(COMMENT_BODIES)
    ids = first_free_ids()
    with explicit_timestamps(Post, Comment, Category, Topic, KnowledgePage, Review, ProductLink):
        forum = write_forum(
            scale=scale,
            rng=rng,
            cast=cast,
            community_id=community_id,
            first_post=ids.post,
            first_comment=ids.comment,
            now=now,
            bodies=bodies,
            reply_bodies=reply_bodies,
            progress=progress,
        )
        library = write_library(
            scale=scale,
            rng=rng,
            cast=cast,
            community_id=community_id,
            first_post=ids.post + forum.topics,
            now=now,
            bodies=bodies,
            questions=forum.questions,
            progress=progress,
        )
    spaces = dict(forum.spaces)
    new, latest = spaces.get(community_id, (0, 0.0))
    spaces[community_id] = (new + library.pages + library.articles, max(latest, library.latest))
    for space_id, (count, last) in spaces.items():
        space = Space.objects.only("last_activity_at").get(pk=space_id)
        moment_ = moment(last)
        if space.last_activity_at and space.last_activity_at > moment_:
            moment_ = space.last_activity_at
        Space.objects.filter(pk=space_id).update(
            post_count=F("post_count") + count, last_activity_at=moment_
        )
    return forum, library


def index_everything(progress: Progress) -> dict[str, int]:
    """The search index over every post, reply, group and member, as `kring reindex` builds it
    (measured: see the README's Performance section)."""
    began = time.monotonic()
    counts = rebuild_index()
    progress.report(
        "search index",
        sum(v for k, v in counts.items() if k != "dropped"),
        time.monotonic() - began,
    )
    return counts
