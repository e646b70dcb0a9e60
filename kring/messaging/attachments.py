"""Photos and files on private messages, checked by the uploads app's one pipeline.

A photo (by its extension) is re-encoded like a post's photo (metadata and anything behind the
pixels dropped); any other file must be of an allow-listed type whose bytes and name agree.
Everything is stored under `private/messages/`, which `/media/` never serves: only
`kring.messaging.views.attachment_download` does, to the conversation's participants.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils import timezone
from django.utils.translation import ngettext

from kring.messaging.models import Message, MessageAttachment
from kring.uploads.filetypes import extension_of
from kring.uploads.services import (
    PHOTO_CONTENT_TYPE,
    PHOTO_EXTENSION,
    PreparedFile,
    PreparedPhoto,
    prepare_file,
    prepare_photo,
)

MAX_ATTACHMENTS = 5
PHOTO_EXTENSIONS = ("jpg", "jpeg", "png", "webp", "gif")


def storage() -> Storage:
    return MessageAttachment._meta.get_field("file").storage


def private_name(extension: str) -> str:
    """A fresh name under private/messages/: nothing of the member's file name is in it."""
    month = timezone.now().strftime("%Y/%m")
    return f"private/messages/{month}/{secrets.token_urlsafe(18)}.{extension}"


def too_many_error(limit: int = MAX_ATTACHMENTS) -> ValidationError:
    return ValidationError(
        ngettext(
            "A message can carry at most %(limit)d attachment.",
            "A message can carry at most %(limit)d attachments.",
            limit,
        )
        % {"limit": limit},
        code="too_many",
    )


Prepared = PreparedPhoto | PreparedFile


def prepare_attachments(uploads: Sequence[Any]) -> list[Prepared]:
    """Every upload checked (photos re-encoded); ValidationError with every problem found."""
    if len(uploads) > MAX_ATTACHMENTS:
        raise too_many_error()
    prepared: list[Prepared] = []
    errors: list[ValidationError] = []
    for upload in uploads:
        try:
            if extension_of(upload.name or "") in PHOTO_EXTENSIONS:
                prepared.append(prepare_photo(upload))
            else:
                prepared.append(prepare_file(upload))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return prepared


def store_attachments(message: Message, prepared: Sequence[Prepared]) -> list[MessageAttachment]:
    """Write the files and their rows (inside the caller's transaction); on any failure the
    stored files are removed again."""
    rows: list[MessageAttachment] = []
    stored: list[str] = []
    files = storage()
    try:
        for item in prepared:
            if isinstance(item, PreparedPhoto):
                name = files.save(private_name(PHOTO_EXTENSION), ContentFile(item.full))
                stored.append(name)
                rows.append(
                    MessageAttachment(
                        message=message,
                        file=name,
                        original_name=item.name,
                        content_type=PHOTO_CONTENT_TYPE,
                        size=len(item.full),
                        is_image=True,
                        width=item.width,
                        height=item.height,
                    )
                )
            else:
                name = files.save(private_name(item.file_type.extension), item.upload)
                stored.append(name)
                rows.append(
                    MessageAttachment(
                        message=message,
                        file=name,
                        original_name=item.name,
                        content_type=item.file_type.content_type,
                        size=item.size,
                    )
                )
        return MessageAttachment.objects.bulk_create(rows)
    except BaseException:
        for name in stored:
            files.delete(name)
        raise
