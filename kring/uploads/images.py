"""The one safe image pipeline: avatars, the site logo, group covers and post photos.

Nothing a member uploads is served as uploaded. `open_image` decides what a file is from its
bytes alone (Pillow's detection, never the file name or the declared content type), refuses a
file that claims too many pixels before a single pixel is decoded, checks the file's structure
with `verify()`, and only then decodes the first frame, turned upright by its EXIF orientation.
`encode_image` draws those pixels again into a fresh file: EXIF (GPS position, camera serial),
XMP, ICC profiles, comments and any payload glued after the image data stay behind, so an
HTML or script "polyglot" disguised as a picture never reaches the media folder.
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Iterable
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MEGABYTE = 1024 * 1024
DEFAULT_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
# Formats Pillow may recognise only to say "this format is not allowed here" instead of "not a
# picture"; their pixels are never decoded. Exotic plugins stay out of reach of uploads.
_RECOGNISED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "ICO", "PSD", "JPEG2000")
# A phone's JPEG with a second, multi-picture segment is detected as MPO: it is a JPEG to us.
_FORMAT_ALIASES = {"MPO": "JPEG"}
_OUTPUT_FORMATS = {"WEBP", "JPEG", "PNG"}
_ALPHA_MODES = {"RGBA", "LA", "PA", "RGBa", "La"}


def megabytes_text(size: int) -> str:
    # Rounded up: a file just over the limit must not read as exactly the limit.
    return f"{math.ceil(size * 10 / MEGABYTE) / 10:.1f}".removesuffix(".0")


def too_large_error(size: int, max_bytes: int) -> ValidationError:
    return ValidationError(
        _("This file is %(size)s MB; a picture may be at most %(max)d MB.")
        % {"size": megabytes_text(size), "max": max(1, max_bytes // MEGABYTE)},
        code="file_too_large",
    )


def not_an_image_error() -> ValidationError:
    return ValidationError(
        _("This file is not a picture we can use. Upload a JPEG, PNG, WebP or GIF image."),
        code="not_an_image",
    )


def too_many_pixels_error(max_pixels: int) -> ValidationError:
    return ValidationError(
        _(
            "This picture is too large: it has more than %(megapixels)d megapixels. "
            "Upload a smaller version."
        )
        % {"megapixels": max(1, max_pixels // 1_000_000)},
        code="too_many_pixels",
    )


def format_not_allowed_error(found: str, formats: Iterable[str]) -> ValidationError:
    return ValidationError(
        _("Pictures in the %(format)s format cannot be used here. Upload one of: %(allowed)s.")
        % {"format": found, "allowed": ", ".join(formats)},
        code="format_not_allowed",
    )


def _detected_format(image: Image.Image) -> str:
    found = image.format or ""
    return _FORMAT_ALIASES.get(found, found)


def _check_header(image: Image.Image, *, formats: tuple[str, ...], max_pixels: int) -> None:
    """What the header says, before any pixel is decoded."""
    found = _detected_format(image)
    if found not in formats:
        raise format_not_allowed_error(found, formats)
    width, height = image.size
    if width < 1 or height < 1:
        raise not_an_image_error()
    if width * height > max_pixels:
        raise too_many_pixels_error(max_pixels)


def _open(upload: IO[bytes], formats: tuple[str, ...]) -> Image.Image:
    upload.seek(0)
    return Image.open(upload, formats=sorted({*formats, *_RECOGNISED_FORMATS}))


def open_image(
    upload: Any,
    *,
    max_bytes: int,
    max_pixels: int = 40_000_000,
    formats: Iterable[str] = DEFAULT_FORMATS,
    draft_side: int | None = None,
) -> Image.Image:
    """The first frame of `upload`, decoded and upright; ValidationError if it is unusable.

    `draft_side`: the caller shrinks the picture to this side anyway, so a big JPEG may be
    decoded at a reduced scale (much faster, far less memory). The result is detached from
    `upload`: it can be closed or reused afterwards.
    """
    allowed = tuple(formats)
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise too_large_error(size, max_bytes)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; here it must refuse.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with _open(upload, allowed) as probe:
                _check_header(probe, formats=allowed, max_pixels=max_pixels)
                probe.verify()
            # verify() leaves the image unusable: open it again to decode the pixels.
            with _open(upload, allowed) as image:
                _check_header(image, formats=allowed, max_pixels=max_pixels)
                if draft_side and _detected_format(image) == "JPEG":
                    image.draft("RGB", (draft_side, draft_side))
                image.seek(0)  # an animation becomes its first frame
                image.load()
                # A copy (turned if need be): a plain one-frame image, detached from the file.
                return ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels_error(max_pixels) from None
    except UnidentifiedImageError:
        raise not_an_image_error() from None
    except Exception:  # noqa: BLE001  (Pillow's decoders raise many kinds of error on bad input)
        raise not_an_image_error() from None


def _pixels_only(image: Image.Image, *, fmt: str) -> Image.Image:
    """`image` in a mode `fmt` can store, drawn into a new image that carries no metadata."""
    has_alpha = image.mode in _ALPHA_MODES or "transparency" in image.info
    if has_alpha and fmt != "JPEG":
        converted = image.convert("RGBA")
    elif has_alpha:
        # JPEG has no transparency: what was transparent becomes white, not black.
        rgba = image.convert("RGBA")
        converted = Image.new("RGB", rgba.size, (255, 255, 255))
        converted.paste(rgba, mask=rgba.getchannel("A"))
    elif image.mode.startswith("I") or image.mode == "F":
        # 16/32-bit greyscale: scale down to 8 bits before going to RGB.
        converted = image.convert("I").point(lambda value: value / 256).convert("RGB")
    else:
        converted = image.convert("RGB")
    clean = Image.new(converted.mode, converted.size)
    clean.paste(converted)
    return clean


def encode_image(
    image: Image.Image,
    *,
    max_side: int | None = None,
    square: bool = False,
    fmt: str = "WEBP",
    quality: int = 85,
) -> bytes:
    """`image` re-encoded as `fmt` (WEBP, JPEG or PNG) from its pixels alone, no metadata.

    `max_side`: shrink (never enlarge) so neither side exceeds it. `square`: crop to the centre
    square of exactly `max_side` (enlarged if need be: avatars are always the same size).
    """
    fmt = fmt.upper()
    if fmt not in _OUTPUT_FORMATS:
        raise ValueError(f"cannot encode images as {fmt}")
    pixels = _pixels_only(image, fmt=fmt)
    if square:
        side = max_side or min(pixels.size)
        pixels = ImageOps.fit(pixels, (side, side), method=Image.Resampling.LANCZOS)
    elif max_side and max(pixels.size) > max_side:
        pixels.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    pixels.info.clear()
    buffer = io.BytesIO()
    if fmt == "WEBP":
        pixels.save(buffer, format="WEBP", quality=quality, method=4)
    elif fmt == "JPEG":
        pixels.save(buffer, format="JPEG", quality=quality, optimize=True)
    else:
        pixels.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
