"""Every write of the uploads app: photos and files added to a post.

Everything is checked before anything is stored, so one bad upload stores nothing. Photos are
never kept as uploaded: they are re-encoded by the one image pipeline, which drops metadata and
anything hidden behind the pixels. Files are kept as uploaded, once their bytes and their name
agree on an allow-listed type; they are only ever served as downloads (see views.py).
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image

from kring.content.models import Attachment, AttachmentKind, Post
from kring.core.permissions import require
from kring.uploads.filetypes import FileType, detect_file_type
from kring.uploads.images import MEGABYTE, encode_image, megabytes_text, open_image
from kring.uploads.permissions import can_attach_to_post
from kring.uploads.storage import clean_file_name, delete_stored, random_private_name, save_private

MAX_PHOTOS = 10
MAX_PHOTO_BYTES = 10 * MEGABYTE
PHOTO_SIDE = 2048
THUMBNAIL_SIDE = 480
PHOTO_CONTENT_TYPE = "image/webp"
PHOTO_EXTENSION = "webp"
MAX_FILES = 5
MAX_FILE_BYTES = 25 * MEGABYTE


@dataclass(frozen=True)
class PreparedPhoto:
    """A photo re-encoded in memory, ready to store."""

    name: str
    full: bytes
    thumbnail: bytes
    width: int
    height: int


@dataclass(frozen=True)
class PreparedFile:
    """A file whose type is known, ready to store as uploaded."""

    name: str
    upload: Any
    file_type: FileType
    size: int


def _about(name: str, error: ValidationError) -> ValidationError:
    """`error` with the file's name in front: with ten uploads, say which one is wrong."""
    return ValidationError(
        _("%(name)s: %(problem)s") % {"name": name, "problem": " ".join(error.messages)},
        code=getattr(error, "code", None) or "invalid",
    )


def prepare_photo(upload: Any) -> PreparedPhoto:
    """`upload` re-encoded as a photo and a thumbnail; ValidationError naming the file."""
    name = clean_file_name(upload.name or "", fallback="photo")
    try:
        image = open_image(upload, max_bytes=MAX_PHOTO_BYTES, draft_side=PHOTO_SIDE)
    except ValidationError as error:
        raise _about(name, error) from None
    try:
        full = encode_image(image, max_side=PHOTO_SIDE)
        thumbnail = encode_image(image, max_side=THUMBNAIL_SIDE)
    finally:
        image.close()
    with Image.open(io.BytesIO(full)) as encoded:  # reads the header only
        width, height = encoded.size
    return PreparedPhoto(name=name, full=full, thumbnail=thumbnail, width=width, height=height)


def prepare_file(upload: Any) -> PreparedFile:
    """`upload` checked against the allow-list of file types; ValidationError naming the file."""
    name = clean_file_name(upload.name or "")
    size = upload.size or 0
    if size > MAX_FILE_BYTES:
        raise ValidationError(
            _("%(name)s is %(size)s MB; a file may be at most %(max)d MB.")
            % {
                "name": name,
                "size": megabytes_text(size),
                "max": MAX_FILE_BYTES // MEGABYTE,
            },
            code="file_too_large",
        )
    if size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": name}, code="empty_file")
    file_type = detect_file_type(upload, name=name)
    return PreparedFile(name=name, upload=upload, file_type=file_type, size=size)


def _too_many(kind: AttachmentKind, limit: int) -> ValidationError:
    if kind == AttachmentKind.PHOTO:
        message = ngettext(
            "A post can have at most %(limit)d photo.",
            "A post can have at most %(limit)d photos.",
            limit,
        )
    else:
        message = ngettext(
            "A post can have at most %(limit)d file.",
            "A post can have at most %(limit)d files.",
            limit,
        )
    return ValidationError(message % {"limit": limit}, code="too_many")


def _prepare_all(
    photos: Sequence[Any], files: Sequence[Any]
) -> tuple[list[PreparedPhoto], list[PreparedFile]]:
    """Every upload checked (and photos re-encoded); ValidationError with all problems found,
    keyed "photos" and "files" like the form fields (`form.add_error(None, error)`)."""
    errors: dict[str, list[ValidationError]] = {}
    prepared_photos: list[PreparedPhoto] = []
    prepared_files: list[PreparedFile] = []
    for upload in photos:
        try:
            prepared_photos.append(prepare_photo(upload))
        except ValidationError as error:
            errors.setdefault("photos", []).append(error)
    for upload in files:
        try:
            prepared_files.append(prepare_file(upload))
        except ValidationError as error:
            errors.setdefault("files", []).append(error)
    if errors:
        raise ValidationError(errors)
    return prepared_photos, prepared_files


def _store(
    actor: Any, post: Post, photos: list[PreparedPhoto], files: list[PreparedFile], position: int
) -> tuple[list[Attachment], list[str]]:
    """Attachment rows (unsaved) for files written to the private storage, and their names."""
    attachments: list[Attachment] = []
    stored: list[str] = []
    try:
        for photo in photos:
            token = secrets.token_urlsafe(18)
            full = save_private(
                random_private_name(PHOTO_EXTENSION, token=token), ContentFile(photo.full)
            )
            stored.append(full)
            thumbnail = save_private(
                random_private_name(PHOTO_EXTENSION, token=token, variant="-thumb"),
                ContentFile(photo.thumbnail),
            )
            stored.append(thumbnail)
            attachments.append(
                Attachment(
                    post=post,
                    uploaded_by=actor,
                    kind=AttachmentKind.PHOTO,
                    file=full,
                    thumbnail=thumbnail,
                    original_name=photo.name,
                    content_type=PHOTO_CONTENT_TYPE,
                    size=len(photo.full),
                    width=photo.width,
                    height=photo.height,
                    position=position + len(attachments),
                )
            )
        for prepared in files:
            # Stored as uploaded: only ever served as a download, with nosniff.
            name = save_private(random_private_name(prepared.file_type.extension), prepared.upload)
            stored.append(name)
            attachments.append(
                Attachment(
                    post=post,
                    uploaded_by=actor,
                    kind=AttachmentKind.FILE,
                    file=name,
                    original_name=prepared.name,
                    content_type=prepared.file_type.content_type,
                    size=prepared.size,
                    position=position + len(attachments),
                )
            )
    except BaseException:
        delete_stored(stored)
        raise
    return attachments, stored


def attach_to_post(
    actor: Any, *, post: Post, photos: Sequence[Any], files: Sequence[Any]
) -> list[Attachment]:
    """Add `photos` and `files` to `post`: all of them, or (ValidationError) none."""
    require(
        can_attach_to_post(actor, post),
        _("Only the author of a post can add photos or files to it."),
    )
    if not photos and not files:
        return []
    existing = list(post.attachments.values_list("kind", "position"))
    photo_count = sum(1 for kind, _position in existing if kind == AttachmentKind.PHOTO)
    count_errors: dict[str, list[ValidationError]] = {}
    if photo_count + len(photos) > MAX_PHOTOS:
        count_errors["photos"] = [_too_many(AttachmentKind.PHOTO, MAX_PHOTOS)]
    if len(existing) - photo_count + len(files) > MAX_FILES:
        count_errors["files"] = [_too_many(AttachmentKind.FILE, MAX_FILES)]
    if count_errors:
        raise ValidationError(count_errors)
    prepared_photos, prepared_files = _prepare_all(photos, files)
    position = max((position for _kind, position in existing), default=-1) + 1
    attachments, stored = _store(actor, post, prepared_photos, prepared_files, position)
    try:
        with transaction.atomic():
            Attachment.objects.bulk_create(attachments)
    except BaseException:
        delete_stored(stored)
        raise
    return attachments
