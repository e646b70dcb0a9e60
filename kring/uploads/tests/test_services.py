"""attach_to_post: all uploads checked before any is stored; photos re-encoded; files checked by
their content and their name; names of the member's files never reach the storage."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from PIL import Image

from kring.accounts.models import Member
from kring.content.models import Attachment, AttachmentKind, Post
from kring.core.permissions import Denied
from kring.uploads.services import (
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_PHOTO_BYTES,
    MAX_PHOTOS,
    attach_to_post,
)
from kring.uploads.storage import MAX_NAME_LENGTH, clean_file_name
from kring.uploads.tests.samples import (
    DOCUMENTS,
    HTML_PAYLOAD,
    SVG_WITH_SCRIPT,
    image_bytes,
    jpeg_html_polyglot,
    jpeg_with_exif,
    ooxml_bytes,
    pdf_bytes,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db


def attach(actor: Member, post: Post, photos: Any = (), files: Any = ()) -> list[Attachment]:
    return attach_to_post(actor, post=post, photos=list(photos), files=list(files))


def refused(actor: Member, post: Post, photos: Any = (), files: Any = ()) -> dict[str, Any]:
    with pytest.raises(ValidationError) as raised:
        attach(actor, post, photos, files)
    return raised.value.message_dict


def test_photos_are_re_encoded_with_a_thumbnail_and_their_size(
    member: Member, post: Post, media: Path
) -> None:
    original = jpeg_with_exif((3000, 1500))
    [photo] = attach(member, post, photos=[upload(original, "vakantie.jpg", "image/jpeg")])

    photo.refresh_from_db()
    assert photo.kind == AttachmentKind.PHOTO
    assert photo.original_name == "vakantie.jpg"
    assert photo.content_type == "image/webp"
    assert photo.uploaded_by == member
    # Turned upright by its EXIF orientation, then shrunk to 2048 px at most.
    assert (photo.width, photo.height) == (1024, 2048)
    full = (media / photo.file.name).read_bytes()
    assert photo.size == len(full)
    with Image.open(io.BytesIO(full)) as image:
        assert (image.format, image.size) == ("WEBP", (1024, 2048))
        assert not image.getexif()
    with Image.open(media / photo.thumbnail.name) as thumbnail:
        assert (thumbnail.format, thumbnail.size) == ("WEBP", (240, 480))
    for stored in stored_files(media):
        assert b"SecretCam" not in stored.read_bytes()


def test_everything_is_stored_under_private_with_random_names(
    member: Member, post: Post, media: Path
) -> None:
    attachments = attach(
        member,
        post,
        photos=[upload(image_bytes(), "anne-thuis.png")],
        files=[upload(pdf_bytes(), "anne-cv.pdf", "application/pdf")],
    )
    names = [p.relative_to(media).as_posix() for p in stored_files(media)]
    assert len(names) == 3  # photo, thumbnail, file
    for name in names:
        assert name.startswith("private/attachments/")
        assert "anne" not in name
        assert len(Path(name).stem.removesuffix("-thumb")) >= 20
    assert [a.position for a in attachments] == [0, 1]
    assert attachments[1].file.name.endswith(".pdf")


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_allowed_file_type_is_stored_as_uploaded(
    member: Member, post: Post, media: Path, name: str
) -> None:
    [attachment] = attach(member, post, files=[upload(DOCUMENTS[name], name, "text/html")])
    assert attachment.kind == AttachmentKind.FILE
    assert attachment.original_name == name
    assert attachment.size == len(DOCUMENTS[name])
    assert (media / attachment.file.name).read_bytes() == DOCUMENTS[name]
    # The type comes from our allow-list, never from what the browser declared.
    assert "html" not in attachment.content_type
    assert not attachment.thumbnail


def test_one_bad_upload_stores_nothing_and_every_problem_is_named(
    member: Member, post: Post, media: Path
) -> None:
    errors = refused(
        member,
        post,
        photos=[upload(image_bytes(), "goed.png"), upload(HTML_PAYLOAD, "slecht.jpg")],
        files=[
            upload(pdf_bytes(), "goed.pdf"),
            upload(HTML_PAYLOAD, "nep.pdf"),
            upload(b"MZ\x90\x00", "programma.exe"),
        ],
    )
    assert len(errors["photos"]) == 1
    assert errors["photos"][0].startswith("slecht.jpg: ")
    assert len(errors["files"]) == 2
    assert "nep.pdf" in errors["files"][0]
    assert "programma.exe" in errors["files"][1]
    assert stored_files(media) == []
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (HTML_PAYLOAD, "verslag.pdf"),
        (pdf_bytes(), "verslag.docx"),
        (ooxml_bytes("xlsx"), "brief.docx"),
        (ooxml_bytes("docx", macro=True), "brief.docx"),
        (
            ooxml_bytes("docx", main_type="application/vnd.ms-word.document.macroEnabled.main+xml"),
            "brief.docx",
        ),
        (b"PK\x03\x04 not really a zip", "brief.docx"),
        (b"tekst\x00met nul", "notities.txt"),
        ("Caf\u00e9".encode("latin-1"), "notities.txt"),
        (b"gewoon tekst", "oud.rtf"),
        (SVG_WITH_SCRIPT, "plaatje.svg"),
        (HTML_PAYLOAD, "pagina.html"),
        (pdf_bytes(), "geen-extensie"),
        (b"", "leeg.txt"),
    ],
)
def test_files_whose_content_and_name_disagree_are_refused(
    member: Member, post: Post, media: Path, data: bytes, name: str
) -> None:
    errors = refused(member, post, files=[upload(data, name)])
    assert len(errors["files"]) == 1
    assert stored_files(media) == []


def test_limits_on_size_and_count(member: Member, post: Post, media: Path) -> None:
    big_photo = upload(image_bytes() + b"\0" * MAX_PHOTO_BYTES, "groot.png")
    assert "at most 10 MB" in refused(member, post, photos=[big_photo])["photos"][0]
    big_file = upload(b"a" * (MAX_FILE_BYTES + 1), "groot.txt")
    assert "at most 25 MB" in refused(member, post, files=[big_file])["files"][0]

    photos = [upload(image_bytes(), f"{n}.png") for n in range(MAX_PHOTOS + 1)]
    assert "at most 10 photos" in refused(member, post, photos=photos)["photos"][0]
    files = [upload(pdf_bytes(), f"{n}.pdf") for n in range(MAX_FILES + 1)]
    assert "at most 5 files" in refused(member, post, files=files)["files"][0]
    assert stored_files(media) == []

    # The limits count what the post already has.
    attach(member, post, files=[upload(pdf_bytes(), f"{n}.pdf") for n in range(MAX_FILES)])
    assert "files" in refused(member, post, files=[upload(pdf_bytes(), "zesde.pdf")])
    attach(member, post, photos=[upload(image_bytes(), "foto.png")])
    assert post.attachments.count() == MAX_FILES + 1
    assert list(post.attachments.values_list("position", flat=True)) == list(range(6))


@pytest.mark.parametrize(
    ("uploaded", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\x.pdf", "x.pdf"),
        ("C:\\Users\\anne\\Documenten\\plan.pdf", "plan.pdf"),
        ("..pdf", "pdf"),
        ("\u202egpj.pdf", "gpj.pdf"),
        ("rapport\x00\x1b[31m.pdf", "rapport[31m.pdf"),
        ("  veel    spaties .pdf ", "veel spaties .pdf"),
        ("...", "file"),
    ],
)
def test_clean_file_name_drops_folders_and_control_characters(uploaded: str, expected: str) -> None:
    assert clean_file_name(uploaded) == expected


def test_clean_file_name_caps_the_length_and_keeps_the_extension() -> None:
    cleaned = clean_file_name("a" * 300 + ".pdf")
    assert len(cleaned) == MAX_NAME_LENGTH
    assert cleaned.endswith("a.pdf")


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\x.pdf"])
def test_path_traversal_names_are_sanitised_and_stored_inside_the_private_folder(
    member: Member, post: Post, media: Path, name: str
) -> None:
    [attachment] = attach(member, post, files=[upload(pdf_bytes(), name)])
    assert "/" not in attachment.original_name
    assert "\\" not in attachment.original_name
    assert ".." not in attachment.original_name
    [stored] = stored_files(media)
    assert stored.resolve().is_relative_to((media / "private").resolve())
    assert not (media.parent / "etc").exists()


def test_a_polyglot_jpeg_is_stored_re_encoded_without_any_html(
    member: Member, post: Post, media: Path
) -> None:
    [photo] = attach(member, post, photos=[upload(jpeg_html_polyglot(), "foto.jpg")])
    assert photo.content_type == "image/webp"
    for stored in stored_files(media):
        data = stored.read_bytes()
        assert b"<script" not in data
        assert b"<html" not in data


def test_only_the_author_may_attach(
    member: Member, stranger: Member, moderator: Member, post: Post, media: Path
) -> None:
    for actor in (stranger, moderator):
        with pytest.raises(Denied):
            attach(actor, post, photos=[upload(image_bytes())])
    post.deleted_at = timezone.now()
    post.save(update_fields=["deleted_at"])
    with pytest.raises(Denied):
        attach(member, post, photos=[upload(image_bytes())])
    assert stored_files(media) == []


def test_a_suspended_author_may_not_attach(member: Member, post: Post, media: Path) -> None:
    member.suspended_until = timezone.now() + timedelta(days=1)
    member.save(update_fields=["suspended_until"])
    with pytest.raises(Denied):
        attach(member, post, files=[upload(pdf_bytes(), "a.pdf")])


def test_nothing_to_attach_is_no_work(member: Member, post: Post) -> None:
    assert attach(member, post) == []


def test_files_already_written_are_removed_when_the_database_refuses(
    member: Member, post: Post, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_bulk_create(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("database down")

    monkeypatch.setattr(Attachment.objects, "bulk_create", failing_bulk_create)
    with pytest.raises(RuntimeError):
        attach(member, post, photos=[upload(image_bytes())], files=[upload(pdf_bytes(), "a.pdf")])
    assert stored_files(media) == []
