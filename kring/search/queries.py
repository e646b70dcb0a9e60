"""Search as the viewer may see it: every result passes the visibility policy at query time
(posts through visible_posts, replies through visible_comments, groups through visible_groups,
members through findable_members), so a change of who may see what needs no reindex."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from markupsafe import Markup

from kring.accounts.models import Member
from kring.content.models import Post
from kring.content.queries import visible_comments, visible_posts
from kring.members.queries import findable_members
from kring.search.backends import backend
from kring.search.models import POST_ENTRY_KINDS, EntryKind, SearchEntry
from kring.search.text import clean_query, highlight, query_stems, query_terms, snippet
from kring.spaces.models import Space, SpaceKind
from kring.spaces.queries import readable_spaces, visible_groups

PER_PAGE = 20
MAX_PAGES = 50  # deeper pages cost more and nobody reads them: refine the query instead
# The most relevant entries by text alone that are checked for visibility and ranked with
# recency: as many as the pages can show (a common word matches most of the index).
CANDIDATES = PER_PAGE * MAX_PAGES
MAX_QUERY_LENGTH = 200
MIN_SIMILAR_LENGTH = 3
SIMILAR_TOPICS = 5
SIMILAR_CANDIDATES = 25
SPACE_CHOICES = 100
PERIODS = {"week": timedelta(days=7), "month": timedelta(days=31), "year": timedelta(days=366)}


@dataclass(frozen=True)
class SearchFilters:
    kind: str = ""  # an EntryKind value
    space: str = ""  # a space's slug
    author: str = ""  # (part of) an author's display name
    period: str = ""  # a key of PERIODS; "" for all time


@dataclass
class SearchResult:
    entry: SearchEntry
    title: Markup
    snippet: Markup
    post: Post | None = None
    space: Space | None = None  # the group itself, or the space a post or reply is in
    author: Member | None = None
    member: Member | None = None

    @property
    def kind(self) -> str:
        return self.entry.kind

    @property
    def is_sponsored(self) -> bool:
        return bool(self.post.is_sponsored if self.post else self.entry.is_sponsored)

    @property
    def is_solved(self) -> bool:
        if self.post is not None:
            return self.post.solved_at is not None and self.entry.kind == EntryKind.TOPIC
        return self.entry.is_solved

    @property
    def created_at(self) -> datetime:
        if self.post is not None and self.entry.kind != EntryKind.REPLY:
            return self.post.created_at
        return self.entry.created_at


@dataclass(frozen=True)
class SearchPage:
    results: Sequence[SearchResult] = ()
    total: int = 0
    page: int = 1
    page_count: int = 0
    terms: frozenset[str] = field(default_factory=frozenset)


def visible_entries(viewer: Any) -> QuerySet[SearchEntry]:
    """Entries whose object `viewer` may see (one correlated check per candidate row)."""
    posts = visible_posts(viewer).filter(pk=OuterRef("post_id"))
    comments = visible_comments(viewer).filter(pk=OuterRef("comment_id"))
    groups = visible_groups(viewer).filter(pk=OuterRef("space_id"))
    members = findable_members(viewer).filter(pk=OuterRef("member_id"))
    return SearchEntry.objects.filter(
        (Q(kind__in=POST_ENTRY_KINDS) & Exists(posts))
        | (Q(kind=EntryKind.REPLY) & Exists(comments))
        | (Q(kind=EntryKind.GROUP) & Exists(groups))
        | (Q(kind=EntryKind.MEMBER) & Exists(members))
    )


def filtered(
    entries: QuerySet[SearchEntry], viewer: Any, filters: SearchFilters
) -> QuerySet[SearchEntry]:
    if filters.kind in EntryKind.values:
        entries = entries.filter(kind=filters.kind)
    space, author = clean_query(filters.space), clean_query(filters.author)
    if space:
        entries = entries.filter(space_id__in=Space.objects.filter(slug=space).values("pk"))
    if author:
        authors = findable_members(viewer).filter(display_name__icontains=author)
        entries = entries.filter(author_id__in=authors.values("pk"))
    if filters.period in PERIODS:
        entries = entries.filter(created_at__gte=timezone.now() - PERIODS[filters.period])
    return entries


def search(
    viewer: Any, query: str, *, filters: SearchFilters | None = None, page: int = 1
) -> SearchPage:
    """One page of what `viewer` may see matching `query`, best first (relevance with a
    recency boost). Six queries at most whatever the number of matches: the candidates with
    their relevance, the visible ones among them, the page's entries, and its posts, groups
    and people."""
    query = clean_query(query)[:MAX_QUERY_LENGTH]
    terms = query_terms(query)
    if not terms:
        return SearchPage()
    wanted = query_stems(terms)
    candidates = backend().candidates(query=query, terms=terms, best=CANDIDATES)
    if not candidates:  # spare building the visibility policy (milliseconds of Python)
        return SearchPage(terms=wanted)
    visible = filtered(visible_entries(viewer), viewer, filters or SearchFilters())
    ids = ranked_ids(visible, candidates)
    total = len(ids)
    page_count = min(MAX_PAGES, -(-total // PER_PAGE))
    page = max(1, min(page, page_count))  # past the last page: show the last one
    shown = entries_in_order(ids[(page - 1) * PER_PAGE : page * PER_PAGE])
    return SearchPage(
        results=results_for(shown, wanted),
        total=total,
        page=page,
        page_count=page_count,
        terms=wanted,
    )


def similar_topics(viewer: Any, title: str, *, limit: int = SIMILAR_TOPICS) -> list[SearchResult]:
    """Up to `limit` topics (questions and discussions) `viewer` may see sharing words with
    `title`, solved ones first; none for a title under three characters."""
    title = clean_query(title)[:MAX_QUERY_LENGTH]
    terms = query_terms(title)
    if len(title.strip()) < MIN_SIMILAR_LENGTH or not terms:
        return []
    # The cap keeps the id list of the visibility query bounded (a title of common words
    # matches most topics); only topics compete for it.
    candidates = backend().candidates(
        query=title, terms=terms, any_term=True, best=CANDIDATES, kind=EntryKind.TOPIC.value
    )
    if not candidates:
        return []
    ids = ranked_ids(visible_entries(viewer).filter(kind=EntryKind.TOPIC), candidates)
    found = results_for(entries_in_order(ids[:SIMILAR_CANDIDATES]), query_stems(terms))
    found.sort(key=lambda result: not result.is_solved)  # stable: by relevance within each
    return found[:limit]


def recency(created_at: datetime, now: datetime) -> float:
    """1 + 1 / (1 + age in months): today counts double, a month ago 1.5 times, a year ago
    ~1.08."""
    age_days = max((now - created_at).total_seconds(), 0.0) / 86400.0
    return 1.0 + 1.0 / (1.0 + age_days / 30.0)


def ranked_ids(entries: QuerySet[SearchEntry], candidates: dict[int, float]) -> list[int]:
    """The ids of `entries` among `candidates` (id: text relevance), best first: relevance
    times recency, then the newest, then the highest id (one narrow query; none without
    candidates)."""
    if not candidates:
        return []
    now = timezone.now()
    rows = backend().among(entries, list(candidates)).order_by().values_list("id", "created_at")
    scored = [
        (candidates[pk] * recency(created_at, now), created_at, pk) for pk, created_at in rows
    ]
    scored.sort(reverse=True)
    return [pk for _score, _created_at, pk in scored]


def entries_in_order(ids: Sequence[int]) -> list[SearchEntry]:
    """The entries of `ids` in that order (one query; none for no ids), leaving out any that
    went since the ids were read."""
    by_id = SearchEntry.objects.in_bulk(ids) if ids else {}
    return [by_id[pk] for pk in ids if pk in by_id]


def _post_extensions() -> list[str]:
    """Every one-to-one extension of Post (a topic, a knowledge page, an article): joined, so a
    kind's `post_url(post)` reads its row without a query of its own."""
    return [
        relation.get_accessor_name() or ""
        for relation in Post._meta.related_objects
        if relation.one_to_one
    ]


def results_for(entries: Sequence[SearchEntry], wanted: frozenset[str]) -> list[SearchResult]:
    """Results for `entries` with their posts, groups and people (three queries at most)."""
    post_ids = {e.post_id for e in entries if e.post_id is not None}
    group_ids = {e.space_id for e in entries if e.kind == EntryKind.GROUP}
    people_ids = {e.member_id for e in entries if e.kind == EntryKind.MEMBER}
    people_ids |= {e.author_id for e in entries if e.kind == EntryKind.REPLY}
    posts = (
        Post.objects.select_related(
            "space", "space__owner_member", "author", "author__profile", *_post_extensions()
        ).in_bulk(post_ids)
        if post_ids
        else {}
    )
    groups = Space.objects.in_bulk(group_ids) if group_ids else {}
    people = Member.objects.select_related("profile").in_bulk(people_ids) if people_ids else {}
    results = []
    for entry in entries:
        post = posts.get(entry.post_id) if entry.post_id is not None else None
        result = SearchResult(
            entry=entry,
            title=highlight(entry.title, wanted),
            snippet=snippet(entry.body, wanted),
            post=post,
        )
        if entry.kind == EntryKind.GROUP:
            result.space = groups.get(entry.space_id or 0)
        elif entry.kind == EntryKind.MEMBER:
            result.member = people.get(entry.member_id or 0)
        elif post is not None:
            result.space = post.space
            result.author = (
                post.author if entry.kind != EntryKind.REPLY else people.get(entry.author_id or 0)
            )
        if (entry.kind in POST_ENTRY_KINDS or entry.kind == EntryKind.REPLY) and post is None:
            continue  # the post went between the two queries
        if entry.kind == EntryKind.GROUP and result.space is None:
            continue
        if entry.kind == EntryKind.MEMBER and result.member is None:
            continue
        results.append(result)
    return results


def space_choices(viewer: Any, selected: str = "") -> list[Space]:
    """The community and the groups `viewer` may read, to narrow a search to one (one query;
    a second only when the chosen group is not among the first hundred)."""
    spaces = readable_spaces(viewer).filter(Q(kind=SpaceKind.COMMUNITY) | Q(kind=SpaceKind.GROUP))
    choices = list(spaces.order_by("kind", "name", "pk")[:SPACE_CHOICES])
    if selected and all(space.slug != selected for space in choices):
        chosen = spaces.filter(slug=selected).first()
        if chosen is not None:
            choices.append(chosen)
    return choices
