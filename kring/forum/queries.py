"""Every read of the forum. Topics are posts, so every list and page reads them through
`kring.content.queries.visible_posts` / `visible_comments`: a topic in a secret group, a
deleted one or an internal note never reaches someone who may not read it."""

from __future__ import annotations

import base64
import binascii
import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from kring.accounts.models import Member
from kring.accounts.roles import Role
from kring.content.models import Comment, PostKind, Reaction
from kring.content.queries import has_visible_post, readable_post_filter, visible_comments
from kring.core.permissions import NotFound
from kring.forum.models import Category, Topic, TopicWatch
from kring.spaces.models import Space, SpaceKind
from kring.spaces.queries import is_participant, readable_spaces

TOPIC_KINDS = (PostKind.DISCUSSION.value, PostKind.QUESTION.value)
TOPICS_PER_PAGE = 30
REPLIES_PER_PAGE = 40
ASSIGNED_SHOWN = 100
STATS_SAMPLE = 1000
ASSIGNABLE_SHOWN = 200
ORDERS = ("recent", "top", "unanswered")
FILTERS = ("unsolved", "solved")

_TOPIC_ROW = ("post", "post__author", "post__author__profile", "category", "category__space")


def visible_categories(viewer: Any) -> QuerySet[Category]:
    """Categories in spaces `viewer` may read."""
    return Category.objects.filter(space_id__in=readable_spaces(viewer).values("pk"))


def visible_topics(viewer: Any) -> QuerySet[Topic]:
    """Topics whose post `viewer` may read."""
    return Topic.objects.filter(has_visible_post(viewer, kind__in=TOPIC_KINDS))


@dataclass
class SpaceForum:
    space: Space
    categories: list[Category] = field(default_factory=list)


def forum_index(viewer: Any) -> tuple[list[Category], list[SpaceForum]]:
    """The community's categories, and the readable groups that have categories (one query)."""
    rows = (
        visible_categories(viewer)
        .filter(space__kind__in=[SpaceKind.COMMUNITY, SpaceKind.GROUP])
        .select_related("space")
        .order_by("space__kind", "space__name", "position", "id")
    )
    community: list[Category] = []
    groups: dict[int, SpaceForum] = {}
    for category in rows:
        if category.space.kind == SpaceKind.COMMUNITY:
            community.append(category)
        else:
            groups.setdefault(category.space_id, SpaceForum(category.space)).categories.append(
                category
            )
    return community, list(groups.values())


def get_space_for(viewer: Any, slug: str) -> Space:
    """A community or group space `viewer` may read, by its address."""
    space = (
        readable_spaces(viewer)
        .filter(slug=slug, kind__in=[SpaceKind.COMMUNITY, SpaceKind.GROUP])
        .first()
    )
    if space is None:
        raise NotFound
    return space


def space_categories(space: Space) -> list[Category]:
    """The categories of a space the caller has shown readable."""
    return list(Category.objects.filter(space_id=space.pk).order_by("position", "id"))


def get_category_for(viewer: Any, space_slug: str, slug: str) -> Category:
    category = (
        visible_categories(viewer)
        .select_related("space")
        .filter(space__slug=space_slug, slug=slug)
        .first()
    )
    if category is None:
        raise NotFound
    return category


def get_category_by_id(viewer: Any, category_id: int) -> Category:
    category = visible_categories(viewer).select_related("space").filter(pk=category_id).first()
    if category is None:
        raise NotFound
    return category


@dataclass(frozen=True)
class TopicPage:
    topics: list[Topic]
    page: int
    has_next: bool


def category_topics(
    viewer: Any, category: Category, *, order: str = "recent", solved: str = "", page: int = 1
) -> TopicPage:
    """One page of a category's topics, pinned first (two queries; one for "top").

    `category` comes from `get_category_for` (its space is readable by `viewer`), so each
    topic's post is checked by the rules on the post alone, not the readable-spaces list.
    `order`: recent activity, top (reactions + replies) or unanswered (nobody but the asker
    replied yet). `solved` narrows questions: "solved" or "unsolved"."""
    topics = Topic.objects.filter(
        readable_post_filter(viewer, "post"),
        post__kind__in=TOPIC_KINDS,
        post__space_id=category.space_id,
        category_id=category.pk,
    ).select_related(*_TOPIC_ROW)
    if order == "unanswered":
        topics = topics.filter(first_reply_at__isnull=True)
    if solved == "solved":
        topics = topics.filter(post__kind=PostKind.QUESTION, post__solved_at__isnull=False)
    elif solved == "unsolved":
        topics = topics.filter(post__kind=PostKind.QUESTION, post__solved_at__isnull=True)
    page = max(1, min(page, 10_000))
    start = (page - 1) * TOPICS_PER_PAGE
    rows: list[Topic]
    if order == "top":
        score = F("post__reaction_count") + F("post__comment_count")
        pinned = F("post__pinned_at").desc(nulls_last=True)
        by_score = topics.alias(score=score).order_by(
            pinned, F("score").desc(), "-post__last_activity_at", "-pk"
        )
        rows = list(by_score[start : start + TOPICS_PER_PAGE + 1])
    else:
        rows = _pinned_then_active(topics, start, TOPICS_PER_PAGE + 1)
    return TopicPage(topics=rows[:TOPICS_PER_PAGE], page=page, has_next=len(rows) > TOPICS_PER_PAGE)


def _pinned_then_active(topics: QuerySet[Topic], start: int, count: int) -> list[Topic]:
    """Rows `start` to `start + count` of `topics` ordered pinned first (newest pin first), then
    by last activity: the few pinned ones in one query, then a slice of the others in their
    own order, which the database reads along the posts' activity index. One query that sorted
    both together sorted the whole category first (6,782 topics: 112 ms on PostgreSQL at
    medium scale; the slice alone 1.3 ms)."""
    pinned = list(
        topics.filter(post__pinned_at__isnull=False).order_by(
            "-post__pinned_at", "-post__last_activity_at", "-pk"
        )
    )
    shown = pinned[start : start + count]
    if len(shown) == count:
        return shown
    after = max(0, start - len(pinned))
    others = topics.filter(post__pinned_at__isnull=True).order_by("-post__last_activity_at", "-pk")
    return shown + list(others[after : after + count - len(shown)])


@dataclass(frozen=True)
class CategoryStats:
    questions: int
    solved: int
    median_first_reply: timedelta | None

    @property
    def solved_share(self) -> int | None:
        """Percentage of questions solved, or None without questions."""
        return round(100 * self.solved / self.questions) if self.questions else None


STATS_CACHE_SECONDS = 300


def cached_category_stats(category: Category) -> CategoryStats:
    """`category_stats`, computed at most every five minutes per category: its two queries read
    every question of the category, which a page shown on every visit must not do."""
    key = f"forum:category-stats:{category.pk}"
    stats: CategoryStats | None = cache.get(key)
    if stats is None:
        stats = category_stats(category)
        cache.set(key, stats, STATS_CACHE_SECONDS)
    return stats


def category_stats(category: Category) -> CategoryStats:
    """Share of questions solved and the median time to a first reply (two queries).

    Counted over the category's live, published questions; the median over the latest
    answered ones."""
    questions = Topic.objects.filter(
        category_id=category.pk,
        post__kind=PostKind.QUESTION,
        post__deleted_at__isnull=True,
        post__created_at__lte=timezone.now(),
    )
    totals = questions.aggregate(
        n=Count("pk"), solved=Count("pk", filter=Q(post__solved_at__isnull=False))
    )
    pairs = list(
        questions.filter(first_reply_at__isnull=False)
        .order_by("-post__created_at")
        .values_list("post__created_at", "first_reply_at")[:STATS_SAMPLE]
    )
    seconds = [
        max(0.0, (reply - asked).total_seconds()) for asked, reply in pairs if reply is not None
    ]
    median = timedelta(seconds=statistics.median(seconds)) if seconds else None
    return CategoryStats(
        questions=totals["n"] or 0, solved=totals["solved"] or 0, median_first_reply=median
    )


def get_topic_for(viewer: Any, topic_id: int) -> Topic:
    """The topic with its post, author, category, space and accepted answer, and whether
    `viewer` watches it (`.viewer_watches`), in one query; NotFound for missing and forbidden
    alike."""
    watches = TopicWatch.objects.filter(
        member_id=viewer.pk if is_participant(viewer) else 0, topic_id=OuterRef("pk")
    )
    topic = (
        visible_topics(viewer)
        .annotate(viewer_watches=Exists(watches))
        .select_related(
            *_TOPIC_ROW,
            "post__space__owner_member",
            "accepted_answer",
            "accepted_answer__author",
            "accepted_answer__author__profile",
            "assigned_to",
        )
        .filter(pk=topic_id)
        .first()
    )
    if topic is None:
        raise NotFound
    return topic


# Replies: keyset pages by (created_at, id), so page N costs what page 1 costs ------------------


def encode_cursor(reply: Comment) -> str:
    raw = f"{reply.created_at.isoformat()}|{reply.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int] | None:
    """(created_at, id) from a cursor, or None for anything that is not one of ours."""
    if not cursor or len(cursor) > 200:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, pk = raw.split("|")
        when = datetime.fromisoformat(moment)
        return (when, int(pk)) if timezone.is_aware(when) else None
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


@dataclass(frozen=True)
class ReplyPage:
    replies: list[Comment]
    next_cursor: str = ""
    previous_cursor: str = ""


def topic_replies(
    viewer: Any, topic: Topic, *, after: str = "", before: str = "", start: str = ""
) -> ReplyPage:
    """One page of the replies `viewer` may read (internal notes for employees), oldest first,
    with authors: after a cursor, before one, or from one (inclusive). One query."""
    replies = visible_comments(viewer).filter(post_id=topic.pk)
    rows = replies.select_related("author", "author__profile")
    size = REPLIES_PER_PAGE
    after_key, before_key = decode_cursor(after), decode_cursor(before)
    start_key = decode_cursor(start)
    if before_key is not None:
        when, pk = before_key
        found = list(
            rows.filter(Q(created_at__lt=when) | Q(created_at=when, pk__lt=pk)).order_by(
                "-created_at", "-id"
            )[: size + 1]
        )
        page = found[:size][::-1]
        has_previous, has_next = len(found) > size, bool(page)
    else:
        if after_key is not None:
            when, pk = after_key
            rows = rows.filter(Q(created_at__gt=when) | Q(created_at=when, pk__gt=pk))
        elif start_key is not None:
            when, pk = start_key
            rows = rows.filter(Q(created_at__gt=when) | Q(created_at=when, pk__gte=pk))
        found = list(rows.order_by("created_at", "id")[: size + 1])
        page = found[:size]
        has_next = len(found) > size
        has_previous = (after_key is not None or start_key is not None) and bool(page)
    return ReplyPage(
        replies=page,
        next_cursor=encode_cursor(page[-1]) if has_next and page else "",
        previous_cursor=encode_cursor(page[0]) if has_previous and page else "",
    )


def get_reply_for(viewer: Any, topic: Topic, reply_id: int) -> Comment:
    """A reply of `topic` that `viewer` may read."""
    reply = (
        visible_comments(viewer)
        .filter(post_id=topic.pk, pk=reply_id)
        .select_related("author")
        .first()
    )
    if reply is None:
        raise NotFound
    return reply


def get_reply_anywhere_for(viewer: Any, reply_id: int) -> Comment:
    """A reply `viewer` may read, on any topic (for links to one reply)."""
    reply = (
        visible_comments(viewer)
        .filter(pk=reply_id, post__kind__in=TOPIC_KINDS)
        .select_related("post")
        .first()
    )
    if reply is None:
        raise NotFound
    return reply


def viewer_reactions(
    viewer: Any, topic: Topic, replies: list[Comment]
) -> tuple[str, dict[int, str]]:
    """The viewer's reaction on the topic, and per reply (one query)."""
    if not is_participant(viewer):
        return "", {}
    ids = [reply.pk for reply in replies]
    post_kind = ""
    per_reply: dict[int, str] = {}
    for post_id, comment_id, kind in Reaction.objects.filter(
        Q(post_id=topic.pk) | Q(comment_id__in=ids), member_id=viewer.pk
    ).values_list("post_id", "comment_id", "kind"):
        # The stubs type both columns as non-null; one of them is None in every row.
        if post_id == topic.pk:
            post_kind = kind
        else:
            per_reply[comment_id] = kind
    return post_kind, per_reply


def assigned_topics(viewer: Any) -> list[Topic]:
    """Open questions assigned to `viewer`, latest assignment first."""
    return list(
        visible_topics(viewer)
        .filter(assigned_to_id=viewer.pk)
        .select_related(*_TOPIC_ROW)
        .order_by(F("post__solved_at").asc(nulls_first=True), "-assigned_at", "-pk")[
            :ASSIGNED_SHOWN
        ]
    )


def assignable_employees() -> list[Member]:
    """Whom a question can be assigned to: employees and staff, by name."""
    employee_roles = [role.value for role in Role if role != Role.MEMBER]
    return list(
        Member.objects.filter(role__in=employee_roles, is_active=True).order_by(
            "display_name", "pk"
        )[:ASSIGNABLE_SHOWN]
    )


def get_assignable_employee(member_id: int) -> Member | None:
    """The employee with this id, if questions can be assigned to them."""
    employee_roles = [role.value for role in Role if role != Role.MEMBER]
    return Member.objects.filter(pk=member_id, role__in=employee_roles, is_active=True).first()
