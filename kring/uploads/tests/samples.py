"""Pictures and documents, good and malicious, made in memory for the uploads tests."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def upload(data: bytes, name: str = "photo.png", content_type: str = "image/png") -> Any:
    return SimpleUploadedFile(name, data, content_type)


def image_bytes(size: tuple[int, int] = (300, 200), fmt: str = "PNG", colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=fmt)
    return buffer.getvalue()


def jpeg_with_exif(size: tuple[int, int] = (200, 100)) -> bytes:
    """A photo, top half red and bottom half blue, taken by "SecretCam" at a GPS position,
    with EXIF orientation 6 (the camera was turned: show it rotated 90° clockwise)."""
    width, height = size
    image = Image.new("RGB", size, "blue")
    image.paste((255, 0, 0), (0, 0, width, height // 2))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretCam"
    exif[ExifTags.Base.Orientation] = 6
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int = 40_000, height: int = 40_000) -> bytes:
    """A valid PNG header claiming width x height pixels (1.6 gigapixels by default) followed
    by a few bytes of image data: decoding it would need gigabytes, reading the header none."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    # The first rows, compressed: a decoder would go on asking for more.
    data = zlib.compress(b"\x00" * (width + 1) * 4)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )


def animated_gif(frames: tuple[str, ...] = ("red", "lime", "blue")) -> bytes:
    images = [Image.new("RGB", (60, 40), colour) for colour in frames]
    buffer = io.BytesIO()
    images[0].save(buffer, format="GIF", save_all=True, append_images=images[1:], duration=100)
    return buffer.getvalue()


HTML_PAYLOAD = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)


def jpeg_html_polyglot() -> bytes:
    """A real JPEG with HTML in a comment segment and after the end of the image: a browser
    sniffing it could run the script, Pillow decodes it as a photo."""
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), "green").save(buffer, format="JPEG", comment=HTML_PAYLOAD)
    return buffer.getvalue() + HTML_PAYLOAD


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


OOXML_MAIN = {
    "docx": ("word/document.xml", "wordprocessingml.document"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation"),
}


def ooxml_bytes(kind: str = "docx", *, main_type: str | None = None, macro: bool = False) -> bytes:
    """A minimal Office Open XML package of `kind` (docx, xlsx, pptx)."""
    part, subtype = OOXML_MAIN[kind]
    content_type = main_type or f"application/vnd.openxmlformats-officedocument.{subtype}.main+xml"
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr(part, "<document/>")
        if macro:
            archive.writestr("word/vbaProject.bin", b"\x00macro")
    return buffer.getvalue()


def odf_bytes(kind: str = "text") -> bytes:
    """A minimal OpenDocument package: the uncompressed `mimetype` entry first."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "mimetype", f"application/vnd.oasis.opendocument.{kind}", zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


DOCUMENTS = {
    "verslag.pdf": pdf_bytes(),
    "brief.docx": ooxml_bytes("docx"),
    "cijfers.xlsx": ooxml_bytes("xlsx"),
    "dia's.pptx": ooxml_bytes("pptx"),
    "tekst.odt": odf_bytes("text"),
    "rekenblad.ods": odf_bytes("spreadsheet"),
    "presentatie.odp": odf_bytes("presentation"),
    "notities.txt": "Één regel tekst, met accenten.\n".encode(),
    "lijst.csv": b"naam;aantal\nappels;3\n",
    "oud.rtf": b"{\\rtf1\\ansi Hallo}",
}
