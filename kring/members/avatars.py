"""Avatars: an uploaded picture becomes two square, re-encoded images without metadata.

Nothing a member uploads is stored as uploaded. Pillow opens it (only the four formats we
accept, dimensions checked before any pixel is decoded), then a fresh 256 px and 64 px WebP is
encoded from the pixels alone: EXIF (GPS position, camera serial), XMP, ICC and comments stay
behind, and a file that is HTML or a script in disguise never reaches the media folder.
"""

from __future__ import annotations

import io
import secrets
import warnings
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont, ImageOps

from kring.accounts.models import Member
from kring.core.permissions import require
from kring.members.models import Profile
from kring.members.permissions import can_edit_profile

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
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


def not_an_image_error() -> ValidationError:
    return ValidationError(
        _("This file is not a picture we can use. Upload a JPEG, PNG, WebP or GIF image."),
        code="not_an_image",
    )


def too_many_pixels_error() -> ValidationError:
    return ValidationError(
        _(
            "This picture is too large: it has more than %(megapixels)d megapixels. "
            "Upload a smaller version."
        )
        % {"megapixels": MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )


def _check_pixels(size: tuple[int, int]) -> None:
    width, height = size
    if width < 1 or height < 1:
        raise not_an_image_error()
    if width * height > MAX_PIXELS:
        raise too_many_pixels_error()


def process_avatar(upload: File[bytes]) -> ProcessedAvatar:
    """Validate `upload` and re-encode it as square avatars; ValidationError if unusable."""
    size = upload.size
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This file is %(size)s MB; a picture may be at most %(max)d MB.")
            % {"size": f"{size / 1024 / 1024:.1f}", "max": MAX_UPLOAD_BYTES // 1024 // 1024},
            code="file_too_large",
        )
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; here it must refuse.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload, formats=ACCEPTED_FORMATS) as probe:
                _check_pixels(probe.size)
                probe.verify()
            # verify() leaves the image unusable: open again to decode the pixels.
            upload.seek(0)
            with Image.open(upload, formats=ACCEPTED_FORMATS) as image:
                _check_pixels(image.size)
                if image.format == "JPEG":
                    # Decode a big photo at reduced scale directly: faster, far less memory.
                    image.draft("RGB", (LARGE * 2, LARGE * 2))
                return _encode(image)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels_error() from None
    except Exception:  # noqa: BLE001  (Pillow's decoders raise many kinds of error on bad input)
        raise not_an_image_error() from None


def _encode(image: Image.Image) -> ProcessedAvatar:
    upright = ImageOps.exif_transpose(image)
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    pixels = upright.convert("RGBA" if has_alpha else "RGB")
    square = ImageOps.fit(pixels, (LARGE, LARGE), method=Image.Resampling.LANCZOS)
    small = square.resize((SMALL, SMALL), Image.Resampling.LANCZOS)
    return ProcessedAvatar(large=_webp(square), small=_webp(small))


def _webp(image: Image.Image) -> bytes:
    image.info.clear()  # no metadata of the upload travels along
    buffer = io.BytesIO()
    image.save(buffer, format="WEBP", quality=85, method=4)
    return buffer.getvalue()


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
