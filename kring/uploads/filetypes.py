"""The files a post may carry, recognised by their content and their name together.

A file's extension says what a member's computer will open it with; its bytes say what it
really is. Both must agree with one entry of the allow-list: an HTML page renamed `.pdf`, a
macro-enabled Word file renamed `.docx` or a binary renamed `.txt` is refused.
"""

from __future__ import annotations

import codecs
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Reading a few bytes of a zip member is all a check needs; more would invite a zip bomb.
_MAX_ZIP_ENTRY_BYTES = 1024 * 1024
_READ_CHUNK = 64 * 1024
_OOXML_MAIN = "application/vnd.openxmlformats-officedocument.{}.main+xml"
_ODF = "application/vnd.oasis.opendocument.{}"


def _starts_with(prefix: bytes) -> Callable[[IO[bytes]], bool]:
    def check(stream: IO[bytes]) -> bool:
        stream.seek(0)
        return stream.read(len(prefix)) == prefix

    return check


def _zip_entry(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_ZIP_ENTRY_BYTES:
        return None
    # ZipExtFile stops at the declared size and checks the CRC: no bomb gets through.
    return archive.read(info)


def _ooxml(main_part: str) -> Callable[[IO[bytes]], bool]:
    """An Office Open XML package whose main part has this type (macro-enabled ones differ)."""

    def check(stream: IO[bytes]) -> bool:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            if any(name.lower().endswith("vbaproject.bin") for name in archive.namelist()):
                return False
            types = _zip_entry(archive, "[Content_Types].xml")
        return (
            types is not None
            and _OOXML_MAIN.format(main_part).encode() in types
            and b"macroEnabled" not in types
        )

    return check


def _odf(kind: str) -> Callable[[IO[bytes]], bool]:
    """An OpenDocument package of this kind, without embedded macros or scripts."""

    def check(stream: IO[bytes]) -> bool:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            if any(name.startswith(("Basic/", "Scripts/")) for name in archive.namelist()):
                return False
            mimetype = _zip_entry(archive, "mimetype")
        return mimetype is not None and mimetype.strip() == _ODF.format(kind).encode()

    return check


def _utf8_text(stream: IO[bytes]) -> bool:
    """UTF-8 text without NUL bytes: what a binary disguised as text would contain."""
    stream.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    while chunk := stream.read(_READ_CHUNK):
        if b"\x00" in chunk:
            return False
        decoder.decode(chunk)  # raises UnicodeDecodeError on anything that is not UTF-8
    decoder.decode(b"", final=True)
    return True


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    check: Callable[[IO[bytes]], bool]


ALLOWED_FILE_TYPES = {
    file_type.extension: file_type
    for file_type in (
        FileType("pdf", "application/pdf", _starts_with(b"%PDF-")),
        FileType(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            _ooxml("wordprocessingml.document"),
        ),
        FileType(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _ooxml("spreadsheetml.sheet"),
        ),
        FileType(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            _ooxml("presentationml.presentation"),
        ),
        FileType("odt", _ODF.format("text"), _odf("text")),
        FileType("ods", _ODF.format("spreadsheet"), _odf("spreadsheet")),
        FileType("odp", _ODF.format("presentation"), _odf("presentation")),
        FileType("txt", "text/plain; charset=utf-8", _utf8_text),
        FileType("csv", "text/csv; charset=utf-8", _utf8_text),
        FileType("rtf", "application/rtf", _starts_with(b"{\\rtf")),
    )
}
ALLOWED_EXTENSIONS = tuple(ALLOWED_FILE_TYPES)
ACCEPT_ATTRIBUTE = ",".join(f".{extension}" for extension in ALLOWED_EXTENSIONS)


def extension_of(name: str) -> str:
    return PurePosixPath(name).suffix.lower().removeprefix(".")


def file_type_not_allowed_error(name: str) -> ValidationError:
    return ValidationError(
        _("%(name)s: this type of file cannot be added. Allowed: %(allowed)s.")
        % {"name": name, "allowed": ", ".join(ext.upper() for ext in ALLOWED_EXTENSIONS)},
        code="file_type_not_allowed",
    )


def detect_file_type(stream: IO[bytes], *, name: str) -> FileType:
    """The allow-listed type that both `name` and the bytes of `stream` agree on."""
    file_type = ALLOWED_FILE_TYPES.get(extension_of(name))
    if file_type is None:
        raise file_type_not_allowed_error(name)
    try:
        genuine = file_type.check(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, UnicodeDecodeError, OSError, ValueError):
        genuine = False
    finally:
        stream.seek(0)
    if not genuine:
        raise ValidationError(
            _("%(name)s does not contain what its name says (%(type)s). Check the file.")
            % {"name": name, "type": file_type.extension.upper()},
            code="file_content_mismatch",
        )
    return file_type
