"""Where uploads live, under which names, and which of them `/media/` may serve.

Avatars, the logo and group covers are public pictures, re-encoded on upload: `/media/` serves
them as stored. Attachments of posts are only for those who may see the post, so they live
under `private/` (never served by `/media/`) and go out through `kring.uploads.views`.
"""

from __future__ import annotations

import posixpath
import secrets
import unicodedata
from collections.abc import Iterable
from pathlib import PurePosixPath

from django.core.files.base import File
from django.core.files.storage import Storage
from django.utils import timezone

from kring.content.models import Attachment

PRIVATE_PREFIX = "private/"
# The folders under MEDIA_ROOT whose files anyone may fetch through /media/.
PUBLIC_MEDIA_FOLDERS = ("avatars", "site", "covers")
MAX_NAME_LENGTH = 120
_MAX_EXTENSION_LENGTH = 10


def is_public_media_path(path: str) -> bool:
    """Whether `path` (as requested under /media/) lies in a public folder, `..` resolved."""
    if "\\" in path or "\x00" in path:
        return False
    normalised = posixpath.normpath("/" + path).lstrip("/")
    return normalised.split("/", 1)[0] in PUBLIC_MEDIA_FOLDERS and "/" in normalised


def clean_file_name(name: str, *, fallback: str = "file") -> str:
    """`name` fit to show and to offer as a download name: no folders, no control or
    direction-changing characters, no leading dots, at most MAX_NAME_LENGTH characters."""
    name = unicodedata.normalize("NFC", name)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]  # Windows and POSIX folders alike
    # Categories C*: control, format (e.g. right-to-left override), surrogates, private use.
    name = "".join(char for char in name if not unicodedata.category(char).startswith("C"))
    name = " ".join(name.split()).strip(". ")
    if not name:
        return fallback
    if len(name) <= MAX_NAME_LENGTH:
        return name
    suffix = PurePosixPath(name).suffix
    if len(suffix) > _MAX_EXTENSION_LENGTH:
        suffix = ""
    return name[: MAX_NAME_LENGTH - len(suffix)].rstrip(". ") + suffix


def random_private_name(extension: str, *, token: str | None = None, variant: str = "") -> str:
    """A fresh storage name under private/: nothing of the member's file name is in it."""
    token = token or secrets.token_urlsafe(18)
    month = timezone.now().strftime("%Y/%m")
    return f"{PRIVATE_PREFIX}attachments/{month}/{token}{variant}.{extension}"


def attachment_storage() -> Storage:
    """The storage of attachment files (the model field's, so a change there is followed)."""
    return Attachment._meta.get_field("file").storage


def save_private(name: str, content: File[bytes]) -> str:
    """Store `content` under `name` (or a free variant of it); returns the stored name."""
    return attachment_storage().save(name, content)


def delete_stored(names: Iterable[str]) -> None:
    storage = attachment_storage()
    for name in names:
        if name:
            storage.delete(name)
