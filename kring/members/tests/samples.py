"""Pictures and members with a chosen profile visibility, for the members tests."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.members.models import ProfileVisibility


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def image_bytes(size: tuple[int, int] = (300, 200), fmt: str = "PNG", colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=fmt)
    return buffer.getvalue()


def jpeg_with_exif() -> bytes:
    """A 200x100 photo, top half red and bottom half blue, taken by "SecretCam" at a GPS
    position, with EXIF orientation 6 (the camera was turned: show it rotated 90° clockwise)."""
    image = Image.new("RGB", (200, 100), "blue")
    image.paste((255, 0, 0), (0, 0, 200, 50))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretCam"
    exif[ExifTags.Base.Orientation] = 6
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def upload(data: bytes, name: str = "photo.png", content_type: str = "image/png") -> Any:
    return SimpleUploadedFile(name, data, content_type)


def make_member(visibility: str = ProfileVisibility.MEMBERS, **fields: Any) -> Member:
    member: Member = MemberFactory(**fields)
    member.profile.visibility = visibility
    member.profile.save(update_fields=["visibility"])
    return member
