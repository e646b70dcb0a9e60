"""Facts the content kernel publishes after commit (see kring.core.events).

Ids only, never model instances: subscribers run after the transaction and read fresh rows
through `kring.content.queries`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PostCreated:
    post_id: int
    space_id: int
    author_id: int
    kind: str
    mentioned_ids: tuple[int, ...] = ()
    held: bool = False  # waits for a moderator's approval (pre-moderation or a filter)


@dataclass(frozen=True)
class PostEdited:
    post_id: int
    by: int
    mentioned_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class PostDeleted:
    post_id: int
    space_id: int
    by: int


@dataclass(frozen=True)
class PostRestored:
    post_id: int
    space_id: int
    by: int


@dataclass(frozen=True)
class PostPinned:
    post_id: int
    space_id: int
    by: int


@dataclass(frozen=True)
class PostUnpinned:
    post_id: int
    space_id: int
    by: int


@dataclass(frozen=True)
class CommentCreated:
    comment_id: int
    post_id: int
    author_id: int
    parent_id: int | None
    is_internal: bool = False
    mentioned_ids: tuple[int, ...] = ()
    held: bool = False  # waits for a moderator's approval (pre-moderation or a filter)


@dataclass(frozen=True)
class CommentEdited:
    comment_id: int
    post_id: int
    by: int
    mentioned_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class CommentDeleted:
    comment_id: int
    post_id: int
    by: int


@dataclass(frozen=True)
class ReactionChanged:
    """A member's reaction on a post or a comment: `kind` is the new one, "" when removed."""

    member_id: int
    post_id: int | None
    comment_id: int | None
    kind: str
    previous_kind: str = ""


@dataclass(frozen=True)
class PostModerated:
    """A post's moderation state changed (held, hidden, approved, published again)."""

    post_id: int
    space_id: int
    state: str
    by: int | None


@dataclass(frozen=True)
class CommentModerated:
    comment_id: int
    post_id: int
    state: str
    by: int | None


@dataclass(frozen=True)
class SlowModeChanged:
    post_id: int
    minutes: int
    by: int


@dataclass(frozen=True)
class PostMoved:
    """A wall post moved to another space (its comments moved with it)."""

    post_id: int
    from_space_id: int
    space_id: int
    by: int
