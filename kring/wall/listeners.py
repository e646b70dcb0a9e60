"""What the wall does when content changes (subscribed in apps.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kring.content.events import PostEdited
from kring.content.models import Post
from kring.core.pagecache import invalidate_visitor_pages
from kring.wall.previews import request_link_preview


def refresh_link_preview(event: PostEdited) -> None:
    """An edited post's preview follows its first link: a new link, a new preview."""
    post = Post.objects.filter(pk=event.post_id, deleted_at__isnull=True).first()
    if post is None:
        return
    with transaction.atomic():
        request_link_preview(post)


def forget_visitor_pages_on_save(sender: type, instance: object, **kwargs: Any) -> None:
    """Names and pictures on public pages come from members and profiles (a login, which
    only stamps last_login, changes nothing a visitor sees)."""
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    invalidate_visitor_pages()
