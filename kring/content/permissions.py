"""Who may do what with posts, comments and reactions: pure predicates shared by services,
views and templates. Reading is decided by `kring.content.queries.visible_posts`; these
predicates add the rules for writing on top of it. Who may post in a space is the groups
app's rule (`kring.spaces.permissions.can_post_in_space`)."""

from __future__ import annotations

from typing import Any

from kring.accounts import roles
from kring.content.models import Comment, Post, PostKind
from kring.content.queries import visible_comments, visible_posts
from kring.spaces.models import Space, SpaceKind
from kring.spaces.permissions import can_manage_group, can_post_in_space
from kring.spaces.queries import is_participant

__all__ = [
    "can_choose_friends_audience",
    "can_comment",
    "can_delete_comment",
    "can_delete_post",
    "can_edit_comment",
    "can_edit_post",
    "can_pin_post",
    "can_post_in_space",
    "can_react",
    "can_react_to_comment",
    "can_restore_post",
    "can_view_history",
    "can_write_internal_notes",
    "is_editor_of",
    "is_site_moderator",
    "moderates_space_of",
]


def is_site_moderator(actor: Any) -> bool:
    """Staff (moderators, community managers, admins) who are not suspended."""
    return is_participant(actor) and roles.may_moderate(actor)


def moderates_space_of(actor: Any, post: Post) -> bool:
    """Site moderators, and the owner and moderators of the group `post` is in.

    Pages showing many comments of one post ask this once and pass it on as `moderates`.
    """
    if is_site_moderator(actor):
        return True
    space: Space = post.space
    return is_participant(actor) and space.is_group and can_manage_group(actor, space)


def _is_author(actor: Any, item: Post | Comment) -> bool:
    return is_participant(actor) and item.author_id == actor.pk


def can_choose_friends_audience(actor: Any, space: Space) -> bool:
    """Friends-only posts exist on one's own profile wall only."""
    return (
        is_participant(actor)
        and space.kind == SpaceKind.PROFILE
        and space.owner_member_id == actor.pk
    )


# The organisation's own texts (knowledge pages, articles) belong to all its editors, not
# to whoever wrote them first.
EDITORIAL_KINDS = frozenset({PostKind.PAGE, PostKind.ARTICLE})


def is_editor_of(actor: Any, post: Post) -> bool:
    """An editor (roles.may_edit_knowledge, not suspended) and a post of an editorial kind."""
    return (
        post.kind in EDITORIAL_KINDS and is_participant(actor) and roles.may_edit_knowledge(actor)
    )


def can_edit_post(actor: Any, post: Post) -> bool:
    """The author (while not suspended) and staff; any editor for pages and articles."""
    if post.is_deleted:
        return False
    return _is_author(actor, post) or is_site_moderator(actor) or is_editor_of(actor, post)


def can_delete_post(actor: Any, post: Post, *, moderates: bool | None = None) -> bool:
    """The author, the group's owner and moderators, and staff."""
    if post.is_deleted:
        return False
    if _is_author(actor, post):
        return True
    return moderates if moderates is not None else moderates_space_of(actor, post)


def can_restore_post(actor: Any, post: Post, *, moderates: bool | None = None) -> bool:
    """Staff and the group's owner and moderators bring a deleted post back."""
    if not post.is_deleted:
        return False
    return moderates if moderates is not None else moderates_space_of(actor, post)


def can_pin_post(actor: Any, post: Post, *, moderates: bool | None = None) -> bool:
    """Pinning is for groups (their owner and moderators) and the community space (staff)."""
    if post.is_deleted or post.space.kind not in (SpaceKind.GROUP, SpaceKind.COMMUNITY):
        return False
    return moderates if moderates is not None else moderates_space_of(actor, post)


def can_comment(actor: Any, post: Post) -> bool:
    """Participants who can read the post."""
    if post.is_deleted or not is_participant(actor):
        return False
    return visible_posts(actor).filter(pk=post.pk).exists()


def can_react(actor: Any, post: Post) -> bool:
    """Participants who can read the post."""
    return can_comment(actor, post)


def can_react_to_comment(actor: Any, comment: Comment) -> bool:
    """Participants who can read the comment (and so its post)."""
    if comment.deleted_at is not None or not is_participant(actor):
        return False
    return visible_comments(actor).filter(pk=comment.pk).exists()


def can_write_internal_notes(actor: Any) -> bool:
    """Employees add notes inside customer threads that only employees see."""
    return is_participant(actor) and roles.is_employee(actor)


def can_edit_comment(actor: Any, comment: Comment) -> bool:
    """The author (while not suspended) and staff."""
    if comment.deleted_at is not None:
        return False
    return _is_author(actor, comment) or is_site_moderator(actor)


def can_delete_comment(actor: Any, comment: Comment, *, moderates: bool | None = None) -> bool:
    """The author, the group's owner and moderators, and staff."""
    if comment.deleted_at is not None:
        return False
    if _is_author(actor, comment):
        return True
    return moderates if moderates is not None else moderates_space_of(actor, comment.post)


def can_view_history(viewer: Any, post: Post) -> bool:
    """Whoever may read the post may read how it changed."""
    return visible_posts(viewer).filter(pk=post.pk).exists()
