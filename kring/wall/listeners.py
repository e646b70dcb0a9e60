"""What the wall does when content changes (subscribed in apps.py)."""

from __future__ import annotations

from django.db import transaction

from kring.content.events import PostEdited
from kring.content.models import Post
from kring.wall.previews import request_link_preview


def refresh_link_preview(event: PostEdited) -> None:
    """An edited post's preview follows its first link: a new link, a new preview."""
    post = Post.objects.filter(pk=event.post_id, deleted_at__isnull=True).first()
    if post is None:
        return
    with transaction.atomic():
        request_link_preview(post)
