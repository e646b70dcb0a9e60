"""Writes of the wall: a status update with its photos, files and link preview, in one go."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from kring.content.models import Post, PostAudience, PostKind
from kring.content.services import get_or_create_post
from kring.spaces.models import Space
from kring.uploads.services import attach_to_post
from kring.wall.previews import request_link_preview


def post_status(
    actor: Any,
    *,
    space: Space,
    body: str,
    audience: str = PostAudience.SPACE,
    photos: Sequence[Any] = (),
    files: Sequence[Any] = (),
    idempotency_key: str = "",
) -> Post:
    """Post a status update in `space` with its photos and files; ask for a preview of its first
    link. All or nothing: when an upload is refused (ValidationError) no post is kept.
    The same idempotency key again returns the first post, untouched."""
    with transaction.atomic():
        post, created = get_or_create_post(
            actor,
            space=space,
            kind=PostKind.STATUS,
            body=body,
            audience=audience,
            idempotency_key=idempotency_key,
        )
        if created:
            if photos or files:
                attach_to_post(actor, post=post, photos=list(photos), files=list(files))
            request_link_preview(post, is_new=True)
    return post
