"""Every read of posts and comments goes through here: pages, feeds, RSS, search, attachments,
link previews, notifications, digests, exports, the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
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
    posts = Post.objects.filter(
        deleted_at__isnull=True,
        created_at__lte=timezone.now(),
        space_id__in=readable_spaces(viewer).values("pk"),
    )
    if _is_staff_reader(viewer):
        return posts
    if not is_participant(viewer):
        return posts.filter(audience=PostAudience.SPACE, moderation=ModerationState.PUBLISHED)
    return posts.filter(
        Q(audience=PostAudience.SPACE)
        | Q(author_id=viewer.pk)
        | Q(author_id__in=friends_not_blocking_ids(viewer))
    ).filter(Q(moderation=ModerationState.PUBLISHED) | Q(author_id=viewer.pk))


def visible_comments(viewer: Any) -> QuerySet[Comment]:
    """Comments `viewer` may read: on visible posts, not deleted, internal notes to employees;
    one waiting for or hidden by moderation only to its author and site moderators."""
    comments = Comment.objects.filter(
        deleted_at__isnull=True, post_id__in=visible_posts(viewer).values("pk")
    )
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
