"""Avatars: an uploaded picture becomes two square, re-encoded images without metadata.

Nothing a member uploads is stored as uploaded: the one image pipeline (`kring.uploads.images`)
opens it (only the four formats we accept, dimensions checked before any pixel is decoded) and
encodes a fresh 256 px and 64 px WebP from the pixels alone: EXIF (GPS position, camera serial),
XMP, ICC and comments stay behind, and a file that is HTML or a script in disguise never reaches
the media folder.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from kring.accounts.models import Member
from kring.core.permissions import require
from kring.members.models import Profile
from kring.members.permissions import can_edit_profile
from kring.uploads.images import DEFAULT_FORMATS, encode_image, open_image

ACCEPTED_FORMATS = DEFAULT_FORMATS
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp,image/gif"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A small compressed file can claim enormous dimensions and decode into gigabytes of memory;
# no camera photo a member would use as an avatar comes near this.
MAX_PIXELS = 40_000_000
LARGE = 256
SMALL = 64
EXTENSION = "webp"

# Dark enough for white initials to meet WCAG AA contrast (at least 4.5:1) on each of them.
GENERATED_COLOURS = (
    "#0b6e4f",
    "#0b4f8a",
    "#6b3fa0",
    "#8a4b00",
    "#8c1d17",
    "#2f4858",
    "#5b3a29",
    "#1d5c63",
)


@dataclass(frozen=True)
class ProcessedAvatar:
    """A validated upload, re-encoded and ready to store."""

    large: bytes
    small: bytes


def process_avatar(upload: File[bytes]) -> ProcessedAvatar:
    """Validate `upload` and re-encode it as square avatars; ValidationError if unusable."""
    # A big photo is decoded at reduced scale directly: faster, far less memory.
    image = open_image(
        upload,
        max_bytes=MAX_UPLOAD_BYTES,
        max_pixels=MAX_PIXELS,
        formats=ACCEPTED_FORMATS,
        draft_side=LARGE * 2,
    )
    return ProcessedAvatar(
        large=encode_image(image, max_side=LARGE, square=True),
        small=encode_image(image, max_side=SMALL, square=True),
    )


def delete_files(names: Iterable[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def put_avatar(profile: Profile, avatar: ProcessedAvatar) -> list[str]:
    """Store `avatar` under fresh random names on `profile` (unsaved); returns the new names.

    The old files are deleted once the surrounding transaction commits.
    """
    old = [profile.avatar.name or "", profile.avatar_small.name or ""]
    token = secrets.token_urlsafe(18)
    profile.avatar.save(f"{token}.{EXTENSION}", ContentFile(avatar.large), save=False)
    profile.avatar_small.save(f"{token}-{SMALL}.{EXTENSION}", ContentFile(avatar.small), save=False)
    transaction.on_commit(lambda: delete_files(old))
    return [profile.avatar.name or "", profile.avatar_small.name or ""]


def take_avatar_off(profile: Profile) -> None:
    """Clear `profile`'s avatar (unsaved); the files go once the transaction commits."""
    old = [profile.avatar.name or "", profile.avatar_small.name or ""]
    # An empty name is how Django stores "no file" in a FileField.
    profile.avatar = ""
    profile.avatar_small = ""
    transaction.on_commit(lambda: delete_files(old))


def change_avatar(actor: Member, *, member: Member, upload: File[bytes]) -> Profile:
    """Replace `member`'s avatar with the uploaded picture (ValidationError if unusable)."""
    require(can_edit_profile(actor, member), _("You can only change your own picture."))
    avatar = process_avatar(upload)
    stored: list[str] = []
    try:
        with transaction.atomic():
            profile = Profile.objects.select_for_update().get(member=member)
            stored = put_avatar(profile, avatar)
            profile.save(update_fields=["avatar", "avatar_small", "updated_at"])
    except BaseException:
        delete_files(stored)  # the row still points at the old files
        raise
    member.profile = profile
    return profile


def remove_avatar(actor: Member, *, member: Member) -> Profile:
    """Remove `member`'s avatar; initials are shown instead."""
    require(can_edit_profile(actor, member), _("You can only change your own picture."))
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(member=member)
        take_avatar_off(profile)
        profile.save(update_fields=["avatar", "avatar_small", "updated_at"])
    member.profile = profile
    return profile


def generate_avatar_image(name: str, *, seed: int) -> bytes:
    """A 256 px PNG of `name`'s initials in white on a colour picked by `seed` (demo data)."""
    initials = Member(display_name=name).initials
    colour = GENERATED_COLOURS[seed % len(GENERATED_COLOURS)]
    image = Image.new("RGB", (LARGE, LARGE), colour)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=LARGE * 0.4)
    draw.text((LARGE / 2, LARGE / 2), initials, fill="#ffffff", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
