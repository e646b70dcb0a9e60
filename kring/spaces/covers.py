"""Group cover images: re-encoded through the one safe image pipeline, stored under new names."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from kring.spaces.models import Space
from kring.uploads.images import MEGABYTE, encode_image, open_image

MAX_COVER_BYTES = 5 * MEGABYTE
COVER_SIDE = 1600
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp,image/gif"


def process_cover(upload: Any) -> bytes:
    """`upload` as a metadata-free WebP of at most 1600 px a side; ValidationError if unusable."""
    image = open_image(upload, max_bytes=MAX_COVER_BYTES, draft_side=COVER_SIDE)
    try:
        return encode_image(image, max_side=COVER_SIDE)
    finally:
        image.close()


def delete_files(names: Iterable[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def put_cover(space: Space, data: bytes) -> str:
    """Store `data` as `space`'s cover (unsaved) under a fresh random name; returns that name.

    The old file is deleted once the surrounding transaction commits.
    """
    old = space.cover.name or ""
    space.cover.save(f"{secrets.token_urlsafe(18)}.webp", ContentFile(data), save=False)
    transaction.on_commit(lambda: delete_files([old]))
    return space.cover.name or ""


def take_cover_off(space: Space) -> None:
    """Clear `space`'s cover (unsaved); the file goes once the transaction commits."""
    old = space.cover.name or ""
    space.cover = ""  # an empty name is how Django stores "no file"
    transaction.on_commit(lambda: delete_files([old]))
