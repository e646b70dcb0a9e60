"""Who may add photos and files: pure predicates shared by services, views and templates.
Who may download them is decided by `kring.content.queries.visible_posts` (see queries.py)."""

from __future__ import annotations

from typing import Any

from kring.content.models import Post
from kring.content.permissions import is_editor_of
from kring.spaces.queries import is_participant


def can_attach_to_post(actor: Any, post: Post) -> bool:
    """The post's author, while a participant (not suspended), on a post not deleted; any
    editor on a knowledge page or an article (the organisation's texts belong to all editors)."""
    if post.is_deleted or not is_participant(actor):
        return False
    return post.author_id == actor.pk or is_editor_of(actor, post)
