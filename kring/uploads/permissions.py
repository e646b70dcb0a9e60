"""Who may add photos and files: pure predicates shared by services, views and templates.
Who may download them is decided by `kring.content.queries.visible_posts` (see queries.py)."""

from __future__ import annotations

from typing import Any

from kring.content.models import Post
from kring.spaces.queries import is_participant


def can_attach_to_post(actor: Any, post: Post) -> bool:
    """Only the post's author, while a participant (not suspended), on a post not deleted."""
    return is_participant(actor) and post.author_id == actor.pk and not post.is_deleted
