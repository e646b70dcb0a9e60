"""The one image pipeline: what it lets through, what it refuses, and what it leaves behind."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageFile

from kring.uploads.images import MEGABYTE, encode_image, open_image
from kring.uploads.tests.samples import (
    HTML_PAYLOAD,
    SVG_WITH_SCRIPT,
    animated_gif,
    image_bytes,
    jpeg_html_polyglot,
    jpeg_with_exif,
    png_bomb,
    upload,
)


def refusal(data: bytes, name: str = "photo.jpg", **options: Any) -> ValidationError:
    options.setdefault("max_bytes", 10 * MEGABYTE)
    with pytest.raises(ValidationError) as raised:
        open_image(upload(data, name, "image/jpeg"), **options)
    return raised.value


@pytest.fixture
def no_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to decode pixels fails the test."""

    def load(self: Any) -> Any:
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_open_image_accepts_the_four_formats_whatever_the_name(fmt: str) -> None:
    image = open_image(upload(image_bytes(fmt=fmt), "anything.bin"), max_bytes=MEGABYTE)
    assert image.size == (300, 200)


def test_open_image_turns_the_photo_upright_by_its_exif_orientation() -> None:
    image = open_image(upload(jpeg_with_exif(), "foto.jpg"), max_bytes=MEGABYTE)
    assert image.size == (100, 200)
    rgb = image.convert("RGB")
    # Rotated 90° clockwise: the red top is now at the right, the blue bottom at the left.
    assert rgb.getpixel((90, 100))[0] > 200  # type: ignore[index]
    assert rgb.getpixel((10, 100))[2] > 200  # type: ignore[index]


def test_encode_image_leaves_exif_and_every_other_metadata_behind() -> None:
    original = jpeg_with_exif()
    assert b"SecretCam" in original
    image = open_image(upload(original, "foto.jpg"), max_bytes=MEGABYTE)
    for fmt in ("WEBP", "JPEG", "PNG"):
        encoded = encode_image(image, fmt=fmt)
        assert b"SecretCam" not in encoded
        with Image.open(io.BytesIO(encoded)) as result:
            assert result.format == fmt
            assert not result.getexif()
            assert not {"exif", "xmp", "icc_profile", "comment"} & set(result.info)


def test_encode_image_shrinks_to_the_longest_side_and_never_enlarges() -> None:
    image = open_image(upload(image_bytes((3000, 1000))), max_bytes=MEGABYTE)
    with Image.open(io.BytesIO(encode_image(image, max_side=2048))) as result:
        assert result.size == (2048, 683)
    small = open_image(upload(image_bytes((300, 200))), max_bytes=MEGABYTE)
    with Image.open(io.BytesIO(encode_image(small, max_side=2048))) as result:
        assert result.size == (300, 200)


def test_encode_image_crops_a_square_of_exactly_the_side() -> None:
    image = open_image(upload(image_bytes((300, 200))), max_bytes=MEGABYTE)
    with Image.open(io.BytesIO(encode_image(image, max_side=256, square=True))) as result:
        assert result.size == (256, 256)


def test_transparency_survives_webp_and_png_and_becomes_white_in_jpeg() -> None:
    buffer = io.BytesIO()
    Image.new("RGBA", (40, 40), (0, 128, 0, 0)).save(buffer, format="PNG")
    image = open_image(upload(buffer.getvalue()), max_bytes=MEGABYTE)
    for fmt in ("WEBP", "PNG"):
        with Image.open(io.BytesIO(encode_image(image, fmt=fmt))) as result:
            assert result.convert("RGBA").getpixel((20, 20))[3] == 0  # type: ignore[index]
    with Image.open(io.BytesIO(encode_image(image, fmt="JPEG"))) as result:
        assert min(result.convert("RGB").getpixel((20, 20))) > 240  # type: ignore[arg-type]


def test_an_animated_gif_becomes_its_first_frame_as_a_still() -> None:
    data = animated_gif(("red", "lime", "blue"))
    with Image.open(io.BytesIO(data)) as original:
        assert original.n_frames == 3
    image = open_image(upload(data, "bewegend.gif"), max_bytes=MEGABYTE)
    encoded = encode_image(image)
    with Image.open(io.BytesIO(encoded)) as result:
        assert result.format == "WEBP"
        assert getattr(result, "n_frames", 1) == 1
        assert not getattr(result, "is_animated", False)
        red, green, blue = result.convert("RGB").getpixel((30, 20))  # type: ignore[misc]
        assert red > 200
        assert green < 60
        assert blue < 60


def test_a_polyglot_jpeg_is_re_encoded_without_its_html() -> None:
    data = jpeg_html_polyglot()
    assert data.count(HTML_PAYLOAD) == 2
    image = open_image(upload(data, "foto.jpg"), max_bytes=MEGABYTE)
    for fmt in ("WEBP", "JPEG", "PNG"):
        encoded = encode_image(image, fmt=fmt)
        assert b"<script" not in encoded
        assert b"<html" not in encoded


def test_a_gigapixel_png_bomb_is_refused_from_its_header_before_decoding(
    no_decoding: None,
) -> None:
    data = png_bomb(40_000, 40_000)
    assert len(data) < 2_000
    error = refusal(data, "bom.png")
    assert error.code == "too_many_pixels"
    assert "40 megapixels" in error.messages[0]


def test_a_picture_over_the_pixel_limit_is_refused_before_decoding(no_decoding: None) -> None:
    # 8000 x 6000 = 48 megapixels: below Pillow's own limit, above ours.
    error = refusal(png_bomb(8_000, 6_000), "groot.png")
    assert error.code == "too_many_pixels"
    assert refusal(png_bomb(1000, 1000), "klein.png", max_pixels=999_999).code == (
        "too_many_pixels"
    )


def test_an_html_page_renamed_jpg_is_not_an_image() -> None:
    error = refusal(HTML_PAYLOAD, "foto.jpg")
    assert error.code == "not_an_image"
    assert "JPEG, PNG, WebP or GIF" in error.messages[0]


def test_an_svg_with_a_script_is_not_an_image() -> None:
    assert refusal(SVG_WITH_SCRIPT, "logo.svg").code == "not_an_image"
    assert refusal(SVG_WITH_SCRIPT, "logo.png").code == "not_an_image"


@pytest.mark.parametrize("data", [b"", b"\x89PNG\r\n\x1a\n", image_bytes()[:60]])
def test_empty_and_broken_files_are_not_images(data: bytes) -> None:
    assert refusal(data, "kapot.png").code == "not_an_image"


def test_a_format_pillow_knows_but_we_do_not_allow_says_so(no_decoding: None) -> None:
    error = refusal(image_bytes(fmt="BMP"), "foto.jpg")
    assert error.code == "format_not_allowed"
    assert "BMP" in error.messages[0]
    png = refusal(image_bytes(fmt="PNG"), "foto.png", formats=("JPEG",))
    assert png.code == "format_not_allowed"


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(no_decoding: None) -> None:
    error = refusal(image_bytes() + b"\0" * 2 * MEGABYTE, "groot.png", max_bytes=2 * MEGABYTE)
    assert error.code == "file_too_large"
    assert "at most 2 MB" in error.messages[0]
