"""Every read of posts and comments goes through here: pages, feeds, RSS, search, attachments,
link previews, notifications, digests, exports, the API."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from kring.accounts import roles
from kring.content.models import (
    Comment,
    ModerationState,
    Post,
    PostAudience,
    PostRevision,
    Reaction,
    ReactionKind,
)
from kring.core.lookups import lookup
from kring.core.permissions import NotFound
from kring.core.sitesettings.models import SiteSettings
from kring.social.queries import friends_not_blocking_ids
from kring.spaces.queries import is_participant, readable_spaces


def _is_staff_reader(viewer: Any) -> bool:
    return roles.may_moderate(viewer) and not getattr(viewer, "is_suspended", False)


def visible_posts(viewer: Any) -> QuerySet[Post]:
    """Posts `viewer` may read: published (not scheduled for later), not deleted, in a readable
    space, friends-only to friends; one waiting for or hidden by moderation only to its author
    (who sees why) and site moderators.

    A scheduled post (an article published at a set moment) is a post whose `created_at` lies
    in the future: it appears in every list at that moment, in its place by date.
    """
    return Post.objects.filter(
        readable_post_filter(viewer), space_id__in=readable_spaces(viewer).values("pk")
    )


def readable_post_filter(viewer: Any, path: str = "") -> Q:
    """The rules of `visible_posts` on the post itself, all but its space's, as a filter on the
    post at `path` ("post" from a topic; "" for Post).

    For lists inside one space the caller has just found readable (a forum category's topics,
    the community's knowledge pages): they skip the readable-spaces list, which PostgreSQL
    builds from every group and readable wall (about 8,000 rows at 20,000 members) before it
    can pick a page.
    """
    at = partial(lookup, path)
    rules = Q(**{at("deleted_at__isnull"): True, at("created_at__lte"): timezone.now()})
    if _is_staff_reader(viewer):
        return rules
    published = Q(**{at("moderation"): ModerationState.PUBLISHED})
    for_the_space = Q(**{at("audience"): PostAudience.SPACE})
    if not is_participant(viewer):
        return rules & for_the_space & published
    own = Q(**{at("author_id"): viewer.pk})
    friends = Q(**{at("author_id__in"): friends_not_blocking_ids(viewer)})
    return rules & (for_the_space | own | friends) & (published | own)


def has_visible_post(viewer: Any, field: str = "post_id", **post_filters: Any) -> Exists:
    """A condition for rows that belong to a post (comments, topics, articles, pages,
    attachments): their post is one `viewer` may read (and matches `post_filters`).

    Checked per row by the post's primary key. `post_id__in=visible_posts(...)` made the
    database list every visible post first, a cost that grew with the community: SQLite spent
    15 ms of a topic page on it at small scale, PostgreSQL hashed the whole list.
    """
    return Exists(visible_posts(viewer).filter(pk=OuterRef(field), **post_filters))


def visible_comments(viewer: Any) -> QuerySet[Comment]:
    """Comments `viewer` may read: on visible posts, not deleted, internal notes to employees;
    one waiting for or hidden by moderation only to its author and site moderators."""
    comments = Comment.objects.filter(has_visible_post(viewer), deleted_at__isnull=True)
    if not (is_participant(viewer) and roles.is_employee(viewer)):
        comments = comments.filter(is_internal=False)
    if _is_staff_reader(viewer):
        return comments
    if not is_participant(viewer):
        return comments.filter(moderation=ModerationState.PUBLISHED)
    return comments.filter(Q(moderation=ModerationState.PUBLISHED) | Q(author_id=viewer.pk))


def get_post_for(viewer: Any, post_id: int) -> Post:
    """The post, if `viewer` may read it; NotFound for missing and forbidden alike."""
    post = (
        visible_posts(viewer)
        .select_related("space", "space__owner_member", "author", "author__profile")
        .filter(pk=post_id)
        .first()
    )
    if post is None:
        raise NotFound
    return post


# Reads of the post page: deleted posts for their restorers, comments, reactions, revisions ----

REACTION_SYMBOLS: dict[str, str] = {
    ReactionKind.LIKE.value: "👏",
    ReactionKind.HEART.value: "❤️",
    ReactionKind.THUMBS_UP.value: "👍",
    ReactionKind.THUMBS_DOWN.value: "👎",
    ReactionKind.INSIGHTFUL.value: "💡",
}
MAX_REACTORS_SHOWN = 500


@dataclass(frozen=True)
class ReactionChoice:
    kind: str
    label: str
    symbol: str


def reaction_choices() -> list[ReactionChoice]:
    """The reactions members can give, in the order the site settings list them."""
    labels: dict[str, str] = {kind.value: str(kind.label) for kind in ReactionKind}
    return [
        ReactionChoice(kind=kind, label=labels[kind], symbol=REACTION_SYMBOLS[kind])
        for kind in SiteSettings.load().enabled_reaction_kinds
        if kind in labels
    ]


def get_deleted_post_for(viewer: Any, post_id: int) -> Post:
    """A deleted post whose space `viewer` may read, so those who may restore it can find it
    (the caller checks `can_restore_post`); NotFound otherwise."""
    post = (
        Post.objects.filter(
            pk=post_id,
            deleted_at__isnull=False,
            space_id__in=readable_spaces(viewer).values("pk"),
        )
        .select_related("space", "space__owner_member", "author", "author__profile", "deleted_by")
        .first()
    )
    if post is None:
        raise NotFound
    return post


def post_comments(viewer: Any, post: Post) -> list[Comment]:
    """The comments on `post` that `viewer` may read, oldest first, with authors (one query).

    Each top-level comment gets `.visible_replies`; a deleted top-level comment with replies
    still shown comes back as a placeholder (`deleted_at` set: pages show no text of it).
    """
    rows = list(
        Comment.objects.filter(post_id=post.pk)
        .filter(
            Q(pk__in=visible_comments(viewer).filter(post_id=post.pk).values("pk"))
            | Q(parent__isnull=True, deleted_at__isnull=False)
        )
        .select_related("author", "author__profile")
        .order_by("created_at", "id")
    )
    top: dict[int, Comment] = {}
    replies: dict[int, list[Comment]] = {}
    for comment in rows:
        if comment.parent_id is None:
            top[comment.pk] = comment
        else:
            replies.setdefault(comment.parent_id, []).append(comment)
    shown: list[Comment] = []
    for pk, comment in top.items():
        comment.visible_replies = [r for r in replies.get(pk, []) if r.deleted_at is None]  # type: ignore[attr-defined]
        if comment.deleted_at is None or comment.visible_replies:  # type: ignore[attr-defined]
            shown.append(comment)
    return shown


# The post page's comments: keyset pages of top-level comments by (created_at, id) -----------
# A hot post has hundreds of comments; the page shows the newest COMMENTS_PER_PAGE top-level
# ones with their first REPLIES_SHOWN replies, and "earlier comments" pages further back, so
# every page costs the same few queries however long the thread is.

COMMENTS_PER_PAGE = 50
REPLIES_SHOWN = 20
MAX_REPLIES_LISTED = 500  # a comment's own replies page; more than that is a thread of its own


def _cursor_of(created_at: datetime, pk: int) -> str:
    raw = f"{created_at.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def encode_comment_cursor(comment: Comment) -> str:
    """An opaque cursor for the position of `comment` in its post's thread."""
    return _cursor_of(comment.created_at, comment.pk)


def decode_comment_cursor(cursor: str) -> tuple[datetime, int] | None:
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


def _shown_top_level(viewer: Any, post: Post) -> QuerySet[Comment]:
    """The top-level comments of `post` a page shows to `viewer`: the readable ones, and deleted
    ones as placeholders while a reply `viewer` may read still hangs under them."""
    readable = visible_comments(viewer).filter(post_id=post.pk)
    return Comment.objects.filter(post_id=post.pk, parent__isnull=True).filter(
        Q(pk__in=readable.filter(parent__isnull=True).values("pk"))
        | Q(
            deleted_at__isnull=False,
            pk__in=readable.filter(parent__isnull=False).values("parent_id"),
        )
    )


@dataclass(frozen=True)
class CommentPage:
    """Top-level comments, oldest first; each has `.visible_replies` (at most REPLIES_SHOWN) and
    `.more_replies` (how many more there are, on the comment's replies page)."""

    comments: list[Comment]
    earlier_cursor: str = ""  # "" when nothing older
    is_latest: bool = True  # the newest page (no cursor given)


def _attach_replies(viewer: Any, post: Post, comments: list[Comment]) -> None:
    """Give each of `comments` its first REPLIES_SHOWN readable replies (one query)."""
    for comment in comments:
        comment.visible_replies = []  # type: ignore[attr-defined]
        comment.more_replies = 0  # type: ignore[attr-defined]
    if not comments:
        return
    by_pk = {comment.pk: comment for comment in comments}
    replies = (
        visible_comments(viewer)
        .filter(post_id=post.pk, parent_id__in=list(by_pk))
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("parent_id")],
                order_by=[F("created_at").asc(), F("id").asc()],
            ),
            siblings=Window(Count("id"), partition_by=[F("parent_id")]),
        )
        .filter(position__lte=REPLIES_SHOWN)
        .select_related("author", "author__profile")
        .order_by("created_at", "id")
    )
    for reply in replies:
        parent = by_pk[reply.parent_id]  # type: ignore[index]
        parent.visible_replies.append(reply)  # type: ignore[attr-defined]
        parent.more_replies = reply.siblings - len(parent.visible_replies)  # type: ignore[attr-defined]


def post_comment_page(viewer: Any, post: Post, *, before: str = "") -> CommentPage:
    """The newest COMMENTS_PER_PAGE top-level comments of `post` that `viewer` may read, or
    those just older than cursor `before`, oldest first, with authors and their first
    replies. Three queries at most, whatever the number of comments."""
    rows = _shown_top_level(viewer, post).select_related("author", "author__profile")
    key = decode_comment_cursor(before)
    if key is not None:
        when, pk = key
        rows = rows.filter(Q(created_at__lt=when) | Q(created_at=when, pk__lt=pk))
    size = COMMENTS_PER_PAGE
    found = list(rows.order_by("-created_at", "-id")[: size + 1])
    page = found[:size][::-1]
    _attach_replies(viewer, post, page)
    return CommentPage(
        comments=page,
        earlier_cursor=encode_comment_cursor(page[0]) if len(found) > size else "",
        is_latest=key is None,
    )


@dataclass(frozen=True)
class CommentPlace:
    """Where a comment shows: the post page before cursor `before` ("" = the newest page), or
    the replies page of `replies_of` when it is a reply past the first REPLIES_SHOWN."""

    before: str = ""
    replies_of: int | None = None


def comment_place(viewer: Any, comment: Comment) -> CommentPlace:
    """Which page of its post shows `comment` (one `viewer` may read) to `viewer`."""
    top = comment
    if comment.parent_id is not None:
        earlier_replies = (
            visible_comments(viewer)
            .filter(parent_id=comment.parent_id)
            .filter(
                Q(created_at__lt=comment.created_at)
                | Q(created_at=comment.created_at, pk__lt=comment.pk)
            )
        )
        if earlier_replies.count() >= REPLIES_SHOWN:
            return CommentPlace(replies_of=comment.parent_id)
        top = Comment.objects.only("created_at").get(pk=comment.parent_id)
    newer = list(
        _shown_top_level(viewer, comment.post)
        .filter(Q(created_at__gt=top.created_at) | Q(created_at=top.created_at, pk__gt=top.pk))
        .order_by("created_at", "id")
        .values_list("created_at", "pk")[:COMMENTS_PER_PAGE]
    )
    if len(newer) < COMMENTS_PER_PAGE:
        return CommentPlace()
    # The page just older than the next newer comment starts with `top`.
    return CommentPlace(before=_cursor_of(*newer[0]))


def get_thread_for(viewer: Any, comment_id: int) -> Comment:
    """A top-level comment the post page shows `viewer` (a deleted one as a placeholder while
    readable replies hang under it), with its post; NotFound otherwise."""
    comment = (
        Comment.objects.filter(pk=comment_id, parent__isnull=True)
        .select_related("post", "post__space", "post__space__owner_member", "author")
        .first()
    )
    if comment is None or not _shown_top_level(viewer, comment.post).filter(pk=comment.pk).exists():
        raise NotFound
    return comment


def comment_replies(viewer: Any, comment: Comment) -> list[Comment]:
    """The replies to `comment` that `viewer` may read, oldest first, with authors (at most
    MAX_REPLIES_LISTED)."""
    return list(
        visible_comments(viewer)
        .filter(parent_id=comment.pk)
        .select_related("author", "author__profile")
        .order_by("created_at", "id")[:MAX_REPLIES_LISTED]
    )


def viewer_comment_reactions(viewer: Any, comments: list[Comment]) -> dict[int, str]:
    """The viewer's reaction kind per comment among `comments` and their replies."""
    ids = [c.pk for c in comments] + [r.pk for c in comments for r in c.visible_replies]  # type: ignore[attr-defined]
    if not ids or not is_participant(viewer):
        return {}
    return dict(
        Reaction.objects.filter(member_id=viewer.pk, comment_id__in=ids).values_list(
            "comment_id", "kind"
        )
    )


def viewer_reaction_on(
    viewer: Any, *, post: Post | None = None, comment: Comment | None = None
) -> str:
    """The viewer's reaction kind on one post or comment, or ""."""
    if not is_participant(viewer):
        return ""
    target: dict[str, Any] = (
        {"post_id": post.pk} if post is not None else {"comment_id": getattr(comment, "pk", None)}
    )
    kind = (
        Reaction.objects.filter(member_id=viewer.pk, **target)
        .values_list("kind", flat=True)
        .first()
    )
    return kind or ""


def get_comment_for(viewer: Any, comment_id: int) -> Comment:
    """The comment with its post and space, if `viewer` may read it; NotFound otherwise."""
    comment = (
        visible_comments(viewer)
        .select_related("post", "post__space", "author")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        raise NotFound
    return comment


def reactions_to(*, post: Post | None = None, comment: Comment | None = None) -> list[Reaction]:
    """Who reacted how to a post or a comment, newest first (the caller checked visibility)."""
    target: dict[str, Any] = (
        {"post_id": post.pk} if post is not None else {"comment_id": getattr(comment, "pk", None)}
    )
    return list(
        Reaction.objects.filter(**target)
        .select_related("member", "member__profile")
        .order_by("-created_at", "-id")[:MAX_REACTORS_SHOWN]
    )


def post_revisions(post: Post) -> list[PostRevision]:
    """Earlier versions of `post`, newest first (the caller checked `can_view_history`)."""
    return list(post.revisions.select_related("edited_by").order_by("-created_at", "-id"))
