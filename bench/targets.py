"""What bench/driver.py measures: the pages and forms, picked from the seeded data, and how
much data there is. Imported by the driver once Django is set up."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from kring.accounts.models import Member
from kring.audit.models import AuditEntry
from kring.bench.people import bench_member
from kring.content.models import Comment, Post, Reaction
from kring.forum.models import Category, Topic
from kring.forum.queries import topic_replies
from kring.knowledge.models import KnowledgePage, Review
from kring.messaging.models import Conversation, Message, Participant
from kring.messaging.queries import conversation_messages
from kring.moderation.models import FlagCase
from kring.news.models import Article
from kring.sanctions.models import Sanction
from kring.search.models import SearchEntry
from kring.social.models import Follow, Friendship
from kring.spaces.models import Space, SpaceKind
from kring.spaces.queries import community_space

WRITE_SPREAD = 50  # writes go round this many posts, so no single row is the bottleneck
# What members of an energy cooperative type into the search box.
SEARCHES = ["omvormer storing", "thuisbatterij", "warmtepomp geluid", "laadpaal installateur"]


@dataclass
class Target:
    """One page or form to measure."""

    name: str
    who: str  # "member", "moderator" (a site moderator), "visitor" or "write"
    paths: list[str]
    method: str = "GET"
    form: str = ""
    expect: int = 200
    # Filled in by the measurements
    cache: str = ""  # visitor pages: the X-Kring-Page-Cache answer during the load (hit/miss)
    queries: int = 0  # SQL statements, without the transaction statements
    transactions: int = 0  # BEGIN, COMMIT, SAVEPOINT, RELEASE SAVEPOINT, ROLLBACK
    size: int = 0
    inprocess_ms: float = 0.0
    load: dict[str, Any] = field(default_factory=dict)


def choose_targets() -> tuple[list[Target], Member]:
    """The pages of issue #6 that exist so far, picked from the seeded data."""
    member = bench_member()
    if member is None:
        raise SystemExit("No approved member in the database: seed it first (kring seed).")
    public = Q(kind=SpaceKind.GROUP, visibility="public", audience="everyone")
    group = (
        Space.objects.filter(public, memberships__member=member, memberships__status="active")
        .order_by("-post_count")
        .first()
    ) or Space.objects.filter(public).order_by("-post_count").first()
    if group is None:
        raise SystemExit("No public group in the database: seed it first (kring seed).")
    readable = Q(space__kind=SpaceKind.COMMUNITY) | Q(space__in=Space.objects.filter(public))
    hot = (
        Post.objects.filter(readable, kind="status", deleted_at__isnull=True, audience="space")
        .order_by("-comment_count", "pk")
        .first()
    )
    author = (
        Member.objects.filter(approval_status="approved", is_active=True)
        .exclude(pk=member.pk)
        .filter(profile__visibility__in=["everyone", "members"])
        .annotate(n_posts=Count("posts"))
        .order_by("-n_posts", "pk")
        .first()
    )
    if hot is None or author is None:
        raise SystemExit("No posts in the database: seed it first (kring seed).")
    community = community_space()
    recent = list(
        Post.objects.filter(space=community, kind="status", deleted_at__isnull=True)
        .filter(audience="space")
        .exclude(pk=hot.pk)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)[: 2 * WRITE_SPREAD]
    )
    commented, reacted = recent[:WRITE_SPREAD], recent[WRITE_SPREAD:] or recent[:WRITE_SPREAD]
    group_url = reverse("spaces:group-detail", args=[group.slug])
    reads = [
        Target("Home feed", "member", [reverse("core:home")]),
        Target(f"Group page ({group.name})", "member", [group_url]),
        Target("Profile page", "member", [reverse("members:profile-detail", args=[author.pk])]),
        Target("Member directory", "member", [reverse("members:member-list")]),
        Target(
            f"Hot post ({hot.comment_count} comments)",
            "member",
            [reverse("content:post-detail", args=[hot.pk])],
        ),
        *forum_targets(member),
        *messaging_targets(member),
    ]
    visitors = [
        Target("Public home", "visitor", [reverse("core:home")]),
        Target("Public group page", "visitor", [group_url]),
        Target("Transparency page", "visitor", [reverse("audit:transparency")]),
        *[
            Target(f"Public {t.name[0].lower()}{t.name[1:]}", "visitor", t.paths)
            for t in reads
            if t.name.startswith(("Knowledge product page", "Topic page 1"))
        ],
    ]
    # The order the run measures them in: the visitors' pages first, while no write has yet
    # invalidated the visitor page cache (a real site serves them between writes that come
    # seconds apart; each page's warm-up fills the cache again after count_queries' writes),
    # then the members' pages, the moderators' pages, then the writes.
    targets = [
        *visitors,
        *reads,
        Target(
            f"Moderation queue ({FlagCase.objects.filter(status='open').count()} open cases)",
            "moderator",
            [reverse("moderation:queue")],
        ),
        Target(
            f"Audit log ({AuditEntry.objects.count()} entries)",
            "moderator",
            [reverse("audit:log")],
        ),
        Target(
            "Create post",
            "write",
            [reverse("wall:space-status-create", args=[community.pk])],
            method="POST",
            form="body=Meting+{n}+van+de+benchmark&idempotency_key=bench-{n}",
            expect=302,
        ),
        Target(
            "Comment",
            "write",
            [reverse("content:comment-create", args=[pk]) for pk in commented],
            method="POST",
            form="body=Reactie+{n}+van+de+benchmark",
            expect=302,
        ),
        Target(
            "Toggle reaction",
            "write",
            [reverse("content:post-react", args=[pk]) for pk in reacted],
            method="POST",
            form="kind=like",
            expect=302,
        ),
    ]
    return targets, member


def forum_targets(member: Member) -> list[Target]:
    """Topic page (first and last page of the busiest topic), topic list (the biggest
    category), knowledge product page (the most reviewed) and search, when seeded."""
    readable = Q(post__space__kind=SpaceKind.COMMUNITY, post__deleted_at__isnull=True)
    hot = Topic.objects.filter(readable).order_by("-post__comment_count", "pk").first()
    category = (
        Category.objects.filter(space__kind=SpaceKind.COMMUNITY)
        .select_related("space")
        .order_by("-topic_count", "pk")
        .first()
    )
    product = KnowledgePage.objects.filter(is_product=True).order_by("-review_count").first()
    targets = []
    if hot is not None:
        topic = Topic.objects.select_related("post").get(pk=hot.pk)
        # The last page as a member reaches it: following the "next" links (?na= cursors).
        cursor, last_cursor = "", ""
        while True:
            page = topic_replies(member, topic, after=cursor)
            if not page.next_cursor:
                break
            last_cursor = cursor = page.next_cursor
        url = reverse("forum:topic-detail", args=[topic.pk])
        replies = topic.post.comment_count
        targets.append(Target(f"Topic page 1 ({replies} replies)", "member", [url]))
        if last_cursor:
            targets.append(
                Target(
                    f"Topic last page ({replies} replies)",
                    "member",
                    [f"{url}?{urllib.parse.urlencode({'na': last_cursor})}"],
                )
            )
    if category is not None:
        targets.append(
            Target(
                f"Topic list ({category.name}, {category.topic_count} topics)",
                "member",
                [reverse("forum:category-detail", args=[category.space.slug, category.slug])],
            )
        )
    if product is not None:
        targets.append(
            Target(
                f"Knowledge product page ({product.review_count} reviews)",
                "member",
                [reverse("knowledge:page-detail", args=[product.slug])],
            )
        )
    if SearchEntry.objects.exists():
        search = reverse("search:search")
        targets.append(
            Target(
                f"Search ({len(SEARCHES)} Dutch queries in turn)",
                "member",
                [f"{search}?{urllib.parse.urlencode({'q': q})}" for q in SEARCHES],
            )
        )
    return targets


def messaging_targets(member: Member) -> list[Target]:
    """The member's inbox, and the first and last page of their busiest conversation (the
    last page as a member reaches it: following the "earlier messages" links)."""
    if not Participant.objects.filter(member=member, left_at__isnull=True).exists():
        return []
    targets = [Target("Inbox", "member", [reverse("messaging:inbox")])]
    hot = (
        Conversation.objects.filter(participants__member=member, participants__left_at__isnull=True)
        .order_by("-message_count", "pk")
        .first()
    )
    if hot is None:
        return targets
    url = reverse("messaging:conversation-detail", args=[hot.pk])
    size = f"({hot.message_count} messages)"
    targets.append(Target(f"Conversation newest page {size}", "member", [url]))
    cursor, last_cursor = "", ""
    while True:
        page = conversation_messages(member, hot, before=cursor)
        if not page.earlier_cursor:
            break
        last_cursor = cursor = page.earlier_cursor
    if last_cursor:
        targets.append(
            Target(
                f"Conversation oldest page {size}",
                "member",
                [f"{url}?{urllib.parse.urlencode({'eerder': last_cursor})}"],
            )
        )
    return targets


def data_counts() -> dict[str, int]:
    topics = ["discussion", "question"]
    return {
        "members": Member.objects.count(),
        "groups": Space.objects.filter(kind=SpaceKind.GROUP).count(),
        "posts": Post.objects.filter(kind="status").count(),
        "comments": Comment.objects.filter(post__kind="status").count(),
        "reactions": Reaction.objects.count(),
        "friendships": Friendship.objects.count() // 2,
        "follows": Follow.objects.count(),
        "topics": Topic.objects.count(),
        "replies": Comment.objects.filter(post__kind__in=topics, is_internal=False).count(),
        "internal notes": Comment.objects.filter(is_internal=True).count(),
        "knowledge pages": KnowledgePage.objects.count(),
        "reviews": Review.objects.count(),
        "articles": Article.objects.count(),
        "search entries": SearchEntry.objects.count(),
        "conversations": Conversation.objects.count(),
        "messages": Message.objects.count(),
        "flag cases": FlagCase.objects.count(),
        "open flag cases": FlagCase.objects.filter(status="open").count(),
        "sanctions": Sanction.objects.count(),
        "audit entries": AuditEntry.objects.count(),
    }
