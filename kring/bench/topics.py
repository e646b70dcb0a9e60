"""The forum of a seeded community, in bulk: categories (the community's and a few per public
group), topics (a Post of kind discussion or question with its forum Topic row) and replies,
with the counters the forum services keep: Post.comment_count and last_activity_at, the
category's topic_count and reply_count, the space's post_count and last activity, the topic's
first_reply_at, and for solved questions Post.solved_at, Topic.accepted_answer and solved_by.
Internal notes are written too, and counted nowhere (as the services do).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from django.utils.text import slugify

from kring.bench.bulk import Progress, moment
from kring.bench.community import DAY, HOUR, PARETO_CAP, SPAN
from kring.bench.people import Cast
from kring.bench.scales import Scale
from kring.bench.texts import Body
from kring.content.models import Comment, Post
from kring.forum.models import Category, Topic

QUESTION_SHARE = 0.4
SOLVED_SHARE = 0.75  # of the questions with an answer from someone else
ASSIGNED_SHARE = 0.3  # of the unsolved questions in customer-service categories
INTERNAL_SHARE = 0.02
HOT_TOPIC_REPLIES = 2_000
COMMUNITY_TOPIC_SHARE = 0.8

# name, customer service
COMMUNITY_CATEGORIES = [
    ("Klantenservice", True),
    ("Zonnepanelen en omvormers", False),
    ("Thuisbatterij en opslag", False),
    ("Warmtepompen", False),
    ("Energiecontract en facturen", True),
    ("Ervaringen en tips", False),
]
GROUP_CATEGORIES = ["Vragen", "Algemeen"]

SUBJECTS = [
    "omvormer", "thuisbatterij", "warmtepomp", "laadpaal", "slimme meter", "zonnepanelen",
    "dynamisch contract", "terugleververgoeding", "jaarafrekening", "isolatie",
]  # fmt: skip
QUESTION_TITLES = [
    "{s} geeft storing na onweer, wat nu?",
    "Hoe stel ik mijn {s} goed in?",
    "Is een {s} de moeite waard in een rijtjeshuis?",
    "{s} valt steeds uit: wie herkent dit?",
    "Welke installateur voor een {s} in de regio?",
    "Foutcode op mijn {s}: omvormer storing E-21",
    "Klopt mijn jaarafrekening met een {s}?",
]
DISCUSSION_TITLES = [
    "Ervaringen met de {s} na een jaar",
    "Mijn {s}: verslag van de installatie",
    "Tips om meer uit je {s} te halen",
    "Wat vinden jullie van de nieuwe {s}?",
    "Overstappen naar een {s}: de kosten op een rij",
]


def topic_title(rng: random.Random, question: bool) -> str:
    template = rng.choice(QUESTION_TITLES if question else DISCUSSION_TITLES)
    title = template.format(s=rng.choice(SUBJECTS))
    return title[0].upper() + title[1:]


@dataclass
class Forum:
    """What the other phases use: the questions (product links) and how many of everything."""

    questions: list[int] = field(default_factory=list)
    topics: int = 0
    replies: int = 0
    notes: int = 0
    # space id -> (new posts, latest activity)
    spaces: dict[int, tuple[int, float]] = field(default_factory=dict)


def write_categories(community_id: int, cast: Cast, now: float) -> list[Category]:
    """The categories, created one by one (a few dozen)."""
    created = moment(now - SPAN)
    taken = set(Category.objects.values_list("space_id", "slug"))
    places = [(community_id, name, service) for name, service in COMMUNITY_CATEGORIES]
    places += [(group, name, False) for group in cast.public_groups for name in GROUP_CATEGORIES]
    categories = []
    for position, (space_id, name, service) in enumerate(places):
        slug = slugify(name, allow_unicode=True)[:80]
        if (space_id, slug) in taken:
            slug = f"{slug}-bench"
        categories.append(
            Category.objects.create(
                space_id=space_id,
                name=name,
                slug=slug,
                description=f"Vragen en ervaringen: {name.lower()}.",
                position=position,
                is_customer_service=service,
                created_at=created,
            )
        )
    return categories


def reply_counts(rng: random.Random, scale: Scale, topics: int) -> list[int]:
    """Replies per topic: a few hot topics with HOT_TOPIC_REPLIES (fewer on tiny scales), the
    rest over a long tail."""
    total = scale.replies
    hot = max(1, min(5, total // 8_000))
    per_hot = min(HOT_TOPIC_REPLIES, total // 4)
    counts = [0] * topics
    # The hot topics are recent ones: the newest quarter.
    hot_topics = rng.sample(range(topics * 3 // 4, topics), min(hot, topics - topics * 3 // 4))
    for t in hot_topics:
        counts[t] = per_hot
    rest = max(0, total - per_hot * len(hot_topics))
    others = [t for t in range(topics) if t not in set(hot_topics)]
    weights = [min(PARETO_CAP, rng.paretovariate(1.4)) for _ in others]
    for t, n in Counter(rng.choices(others, weights=weights, k=rest)).items():
        counts[t] += min(n, HOT_TOPIC_REPLIES - 1)
    return counts


@dataclass
class Thread:
    public: int = 0
    last: float = 0.0
    first_reply: float | None = None
    answers: list[int] = field(default_factory=list)  # public replies by others than the author


Reply = tuple[int, int, int, int, bool, float]  # id, post, author, body, internal, created


def add_replies(
    rng: random.Random,
    cast: Cast,
    comments: list[Reply],
    *,
    first_id: int,
    post: int,
    author: int,
    pool: list[int] | None,
    times: list[float],
    customer_service: bool,
    bodies: int,
) -> Thread:
    """The replies and internal notes of one topic at `times`, appended to `comments` as
    plain tuples (a million model instances would not fit in memory)."""
    thread = Thread()
    next_comment = first_id + len(comments)
    for at in times:
        internal = rng.random() < (INTERNAL_SHARE * 2 if customer_service else INTERNAL_SHARE / 4)
        replier = cast.staff(rng) if internal else (rng.choice(pool) if pool else cast.pick(rng))
        comments.append((next_comment, post, replier, rng.randrange(bodies), internal, at))
        if not internal:
            thread.public += 1
            thread.last = at
            if replier != author:
                thread.answers.append(next_comment)
                if thread.first_reply is None:
                    thread.first_reply = at
        next_comment += 1
    return thread


def write_forum(
    *,
    scale: Scale,
    rng: random.Random,
    cast: Cast,
    community_id: int,
    first_post: int,
    first_comment: int,
    now: float,
    bodies: list[Body],
    reply_bodies: list[Body],
    progress: Progress,
) -> Forum:
    forum = Forum()
    categories = write_categories(community_id, cast, now)
    community_categories = [c for c in categories if c.space_id == community_id]
    group_categories = [c for c in categories if c.space_id != community_id]
    counts = reply_counts(rng, scale, scale.topics)
    posts: list[Post] = []
    topics: list[Topic] = []
    comments: list[Reply] = []
    category_totals: dict[int, list[int]] = {c.pk: [0, 0] for c in categories}
    created_moments = sorted(now - SPAN * rng.random() ** 1.6 for _ in range(scale.topics))
    for t, created in enumerate(created_moments):
        pk = first_post + t
        in_group = group_categories and rng.random() > COMMUNITY_TOPIC_SHARE and counts[t] < 500
        category = rng.choice(group_categories if in_group else community_categories)
        pool = cast.group_members.get(category.space_id) if in_group else None
        author = rng.choice(pool) if pool else cast.pick(rng)
        question = rng.random() < QUESTION_SHARE
        body = rng.choice(bodies)
        mean_delay = 3 * DAY if counts[t] >= 500 else 8 * HOUR
        times = sorted(
            min(now - 1, created + rng.expovariate(1 / mean_delay)) for _ in range(counts[t])
        )
        thread = add_replies(
            rng, cast, comments, first_id=first_comment, post=pk, author=author, pool=pool,
            times=times, customer_service=category.is_customer_service, bodies=len(reply_bodies),
        )  # fmt: skip
        public, last, first_reply, answers = (
            thread.public,
            max(created, thread.last),
            thread.first_reply,
            thread.answers,
        )
        forum.notes += len(times) - public
        accepted, solved_at, solved_by = None, None, None
        if question and answers and rng.random() < SOLVED_SHARE:
            accepted = answers[min(len(answers) - 1, int(rng.expovariate(1.0)))]
            answered = comments[accepted - first_comment][5]  # its created_at
            solved_at = min(now - 1, answered + rng.expovariate(1 / (6 * HOUR)))
            solved_by = author if rng.random() < 0.8 else cast.staff(rng)
        assigned = (
            question
            and accepted is None
            and category.is_customer_service
            and bool(cast.employees)
            and rng.random() < ASSIGNED_SHARE
        )
        posts.append(
            Post(
                pk=pk,
                space_id=category.space_id,
                author_id=author,
                kind="question" if question else "discussion",
                title=topic_title(rng, question),
                body=body.text,
                body_html=body.html,
                created_at=moment(created),
                last_activity_at=moment(last),
                solved_at=moment(solved_at) if solved_at else None,
                comment_count=public,
            )
        )
        topics.append(
            Topic(
                post_id=pk,
                category_id=category.pk,
                accepted_answer_id=accepted,
                solved_by_id=solved_by,
                first_reply_at=moment(first_reply) if first_reply else None,
                view_count=public * rng.randint(5, 20) + rng.randint(0, 30),
                assigned_to_id=cast.staff(rng) if assigned else None,
                assigned_by_id=rng.choice(cast.managers) if assigned else None,
                assigned_at=moment(min(now - 1, created + HOUR)) if assigned else None,
            )
        )
        if question:
            forum.questions.append(pk)
        category_totals[category.pk][0] += 1
        category_totals[category.pk][1] += public
        new, latest = forum.spaces.get(category.space_id, (0, 0.0))
        forum.spaces[category.space_id] = (new + 1, max(latest, last))
    progress.insert("topics (posts)", Post, posts)
    progress.insert(
        "replies and notes",
        Comment,
        (
            Comment(
                pk=cpk,
                post_id=post_id,
                author_id=replier,
                body=reply_bodies[body].text,
                body_html=reply_bodies[body].html,
                is_internal=internal,
                created_at=moment(at),
            )
            for cpk, post_id, replier, body, internal, at in comments
        ),
    )
    # After the replies: a topic points at its accepted answer (checked at each commit).
    progress.insert("topics", Topic, topics)
    for category_id, (topic_count, replies) in category_totals.items():
        Category.objects.filter(pk=category_id).update(topic_count=topic_count, reply_count=replies)
    forum.topics, forum.replies = len(topics), len(comments) - forum.notes
    return forum
