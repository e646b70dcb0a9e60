"""Uploads through every form that takes a file: the avatar (profile), a group's cover, the
site logo, a post's photos and a post's files.

Hostile files (SVG with a script, HTML renamed .jpg, a decompression bomb, files over the limit,
path-traversal names on bad content) get a clear error in the member's language (Dutch here)
and NOTHING is stored: no file under MEDIA_ROOT, no row. Two hostile-looking uploads are
legitimate pictures and are accepted, but only as something else: a JPEG/HTML polyglot is
re-encoded from its pixels (the HTML stays behind), and a picture with a path-traversal name is
stored under a fresh random name inside MEDIA_ROOT. Served attachments carry nosniff and, for
files, attachment disposition; an attachment of a post someone may not read answers 404.
(The pipeline itself is unit-tested in kring/uploads/tests; here it runs through each form.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Member
from kring.content.models import Attachment, AttachmentKind, Post
from kring.core.tests.security.conftest import Probe, World, stored_files
from kring.core.tests.security.test_csrf import changed_tables, snapshot
from kring.spaces.models import Visibility
from kring.spaces.queries import community_space
from kring.uploads.tests.samples import (
    HTML_PAYLOAD,
    SVG_WITH_SCRIPT,
    image_bytes,
    jpeg_html_polyglot,
    pdf_bytes,
    png_bomb,
)

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
# Distinctive parts of the Dutch messages (kring/locale/nl): the member reads Dutch.
NOT_A_PICTURE = "geen foto die we kunnen gebruiken"
TOO_MANY_PIXELS = "megapixels. Upload een kleinere versie"
PICTURE_TOO_LARGE = "een foto mag maximaal"
FILE_TOO_LARGE = "een bestand mag maximaal"
LOGO_TOO_LARGE = "Het logo is te groot"
TYPE_NOT_ALLOWED = "dit type bestand kun je niet toevoegen"
CONTENT_MISMATCH = "bevat niet wat de naam aangeeft"


@dataclass(frozen=True)
class Form:
    """A form that takes an upload: where it posts, as whom, and its other fields."""

    name: str
    field: str
    limit: int
    too_large: str
    path: Callable[[World], str]
    actor: Callable[[World], Member]
    data: Callable[[World], dict[str, Any]]


PICTURE_FORMS = [
    Form(
        name="avatar",
        field="avatar",
        limit=5 * MB,
        too_large=PICTURE_TOO_LARGE,
        path=lambda _: reverse("members:profile-edit"),
        actor=lambda w: w.member,
        data=lambda _: {
            "display_name": "Anne de Vries",
            "visibility": "members",
            "language": "nl",
        },
    ),
    Form(
        name="group cover",
        field="cover",
        limit=5 * MB,
        too_large=PICTURE_TOO_LARGE,
        path=lambda _: reverse("spaces:group-create"),
        actor=lambda w: w.member,
        data=lambda _: {"name": "Nieuwe groep", "visibility": "public", "tags": ""},
    ),
    Form(
        name="site logo",
        field="logo",
        limit=2 * MB,
        too_large=LOGO_TOO_LARGE,
        path=lambda _: reverse("accounts:site-settings"),
        actor=lambda w: w.admin,
        data=lambda _: {
            "community_name": "Kring",
            "tagline": "",
            "primary_colour": "#0b6e4f",
            "default_language": "nl",
            "registration_policy": "open",
            "friend_request_policy": "everyone",
            "employees_may_befriend_customers": "on",
        },
    ),
    Form(
        name="post photo",
        field="photos",
        limit=10 * MB,
        too_large=FILE_TOO_LARGE,
        path=lambda _: reverse("wall:space-status-create", args=[community_space().pk]),
        actor=lambda w: w.member,
        data=lambda _: {"body": "Met bijlage"},
    ),
]
FILE_FORM = Form(
    name="post file",
    field="files",
    limit=25 * MB,
    too_large=FILE_TOO_LARGE,
    path=lambda _: reverse("wall:space-status-create", args=[community_space().pk]),
    actor=lambda w: w.member,
    data=lambda _: {"body": "Met bestand"},
)
FORMS = {form.name: form for form in [*PICTURE_FORMS, FILE_FORM]}


@dataclass(frozen=True)
class Refusal:
    """A hostile upload through one form, and the Dutch message it must get."""

    form: Form
    case: str
    file_name: str
    data: bytes
    message: str

    def __str__(self) -> str:
        return f"{self.form.name}: {self.case}"


# (case, file name, bytes, the Dutch message expected) per kind of form
PICTURE_CASES = [
    ("SVG with a script", "plaatje.svg", SVG_WITH_SCRIPT, NOT_A_PICTURE),
    ("HTML renamed .jpg", "foto.jpg", HTML_PAYLOAD, NOT_A_PICTURE),
    ("40000x40000 PNG bomb", "groot.png", png_bomb(), TOO_MANY_PIXELS),
    ("path traversal, HTML inside", "../../../../etc/passwd.png", HTML_PAYLOAD, NOT_A_PICTURE),
    ("backslash traversal, SVG inside", "..\\..\\boot.ini.jpg", SVG_WITH_SCRIPT, NOT_A_PICTURE),
]
FILE_CASES = [
    ("SVG with a script", "plaatje.svg", SVG_WITH_SCRIPT, TYPE_NOT_ALLOWED),
    ("HTML renamed .jpg", "foto.jpg", HTML_PAYLOAD, TYPE_NOT_ALLOWED),
    ("HTML renamed .pdf", "rapport.pdf", HTML_PAYLOAD, CONTENT_MISMATCH),
    ("JPEG/HTML polyglot", "foto.jpg", jpeg_html_polyglot(), TYPE_NOT_ALLOWED),
    ("JPEG/HTML polyglot renamed .pdf", "rapport.pdf", jpeg_html_polyglot(), CONTENT_MISMATCH),
    ("40000x40000 PNG bomb", "groot.png", png_bomb(), TYPE_NOT_ALLOWED),
    ("path traversal, HTML inside", "../../../../etc/passwd.pdf", HTML_PAYLOAD, CONTENT_MISMATCH),
    ("an executable", "setup.exe", b"MZ\x90\x00" + bytes(64), TYPE_NOT_ALLOWED),
    ("HTML page", "index.html", HTML_PAYLOAD, TYPE_NOT_ALLOWED),
]
REFUSALS = [
    *[Refusal(form, *case) for form in PICTURE_FORMS for case in PICTURE_CASES],
    *[Refusal(FILE_FORM, *case) for case in FILE_CASES],
    *[
        Refusal(form, "over the limit", "groot.png", b"\x89PNG" + bytes(form.limit), form.too_large)
        for form in PICTURE_FORMS
    ],
    Refusal(
        FILE_FORM, "over the limit", "groot.pdf", b"%PDF-" + bytes(FILE_FORM.limit), FILE_TOO_LARGE
    ),
]


def submit(client: Client, world: World, form: Form, name: str, data: bytes) -> Any:
    upload = SimpleUploadedFile(name, data, "application/octet-stream")
    return client.post(form.path(world), {**form.data(world), form.field: upload})


@pytest.mark.parametrize("refusal", REFUSALS, ids=str)
def test_a_hostile_upload_gets_a_dutch_error_and_nothing_is_stored(
    client: Client, world: World, media: Path, probe: Probe, refusal: Refusal
) -> None:
    client.force_login(refusal.form.actor(world))
    files, rows = stored_files(media), snapshot()
    response = submit(client, world, refusal.form, refusal.file_name, refusal.data)
    assert response.status_code == 200, f"{refusal}: {response.status_code}"
    page = response.content.decode()
    assert 'lang="nl"' in page
    errors = re.findall(r'class="(?:field__errors|form-errors)".*?</(?:ul|div)>', page, re.S)
    assert refusal.message in page, f"{refusal}: no Dutch error, only {errors}"
    assert stored_files(media) == files, f"{refusal}: a file was stored"
    assert changed_tables(rows, snapshot()) == [], f"{refusal}: a row changed"
    probe("Uploads: hostile files through every form", cases=1)


def _payload_free(paths: list[Path]) -> bool:
    return not any(
        marker in path.read_bytes() for path in paths for marker in (b"<script", b"<html")
    )


@pytest.mark.parametrize("form", PICTURE_FORMS, ids=lambda form: form.name)
def test_a_polyglot_picture_is_kept_only_as_its_redrawn_pixels(
    client: Client, world: World, media: Path, probe: Probe, form: Form
) -> None:
    client.force_login(form.actor(world))
    files = stored_files(media)
    response = submit(client, world, form, "foto.jpg", jpeg_html_polyglot())
    assert response.status_code == 302, f"{form.name}: {response.status_code}"
    new = [path for path in stored_files(media) if path not in files]
    assert new, form.name
    assert _payload_free(new), f"{form.name}: the HTML of the polyglot was stored"
    assert all(path.suffix in {".webp", ".png"} for path in new)
    probe("Uploads: hostile files through every form", cases=1)


TRAVERSAL_NAMES = [
    "../../../../tmp/ontsnapt.png",
    "..\\..\\..\\Windows\\ontsnapt.png",
    "/etc/ontsnapt.png",
    "foto\x00.png",
    "....//....//ontsnapt.png",
]


@pytest.mark.parametrize("form", [*PICTURE_FORMS, FILE_FORM], ids=lambda form: form.name)
def test_a_path_traversal_name_on_a_good_file_stays_inside_media_under_a_new_name(
    client: Client, world: World, media: Path, probe: Probe, form: Form
) -> None:
    client.force_login(form.actor(world))
    for name in TRAVERSAL_NAMES:
        files = stored_files(media)
        if form is FILE_FORM:
            good_name, data = name.replace(".png", ".pdf"), pdf_bytes()
        else:
            good_name, data = name, image_bytes()
        response = submit(client, world, form, good_name, data)
        assert response.status_code == 302, f"{form.name}, {name!r}: {response.status_code}"
        new = [path for path in stored_files(media) if path not in files]
        assert new, f"{form.name}, {name!r}: nothing stored"
        assert all("ontsnapt" not in path.name and "\x00" not in str(path) for path in new)
    assert not list(media.parent.rglob("*ontsnapt*")), "a file escaped its folder"
    for attachment in Attachment.objects.all():
        assert not set("/\\\x00") & set(attachment.original_name), attachment.original_name
    probe("Uploads: hostile files through every form", cases=len(TRAVERSAL_NAMES))


# Serving ------------------------------------------------------------------------------------


def attach(client: Client, member: Member, post_path: str, upload: tuple[str, str, bytes]) -> Post:
    """Post with one photo or file, `upload` = (field, file name, bytes), as `member`."""
    field, name, data = upload
    client.force_login(member)
    response = client.post(
        post_path,
        {"body": "Bijlage", field: SimpleUploadedFile(name, data, "application/octet-stream")},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Post.objects.filter(author=member).latest("pk")


def download(client: Client, attachment: Attachment, *, thumbnail: bool = False) -> Any:
    name = "uploads:attachment-thumbnail" if thumbnail else "uploads:attachment-download"
    return client.get(reverse(name, args=[attachment.pk, attachment.original_name]))


def test_served_files_are_downloads_with_nosniff_and_a_sandbox(
    client: Client, world: World, media: Path, probe: Probe
) -> None:
    community = reverse("wall:space-status-create", args=[community_space().pk])
    cases = [
        ("files", "notities.txt", b"<html><script>alert(1)</script></html>", "text/plain"),
        ("files", "verslag.pdf", pdf_bytes(), "application/pdf"),
    ]
    for field, name, data, content_type in cases:
        post = attach(client, world.member, community, (field, name, data))
        (attachment,) = post.attachments.all()
        response = download(client, attachment)
        assert response.status_code == 200
        assert response["Content-Type"].startswith(content_type)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment")
        assert "sandbox" in response["Content-Security-Policy"]
    photo_post = attach(client, world.member, community, ("photos", "foto.png", image_bytes()))
    (photo,) = photo_post.attachments.all()
    for thumbnail in (False, True):
        response = download(client, photo, thumbnail=thumbnail)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
    probe("Uploads: serving (nosniff, attachment, 404 to outsiders)", cases=4)


def test_a_private_attachment_answers_404_to_outsiders(
    client: Client, world: World, media: Path, probe: Probe
) -> None:
    world.group.visibility = Visibility.PRIVATE
    world.group.save(update_fields=["visibility"])
    in_group = reverse("wall:space-status-create", args=[world.group.pk])
    post = attach(client, world.member, in_group, ("files", "plan.pdf", pdf_bytes()))
    photo_post = attach(client, world.member, in_group, ("photos", "foto.png", image_bytes()))
    (document,) = post.attachments.all()
    (photo,) = photo_post.attachments.all()
    assert photo.kind == AttachmentKind.PHOTO
    outsiders: list[Member | None] = [world.stranger, None]
    cases = 0
    for outsider in outsiders:
        client.logout()
        if outsider is not None:
            client.force_login(outsider)
        for attachment, thumbnail in ((document, False), (photo, False), (photo, True)):
            assert download(client, attachment, thumbnail=thumbnail).status_code == 404
            cases += 1
    # Nor through /media/, whatever the path tries.
    stored = document.file.name
    for path in (
        f"/media/{stored}",
        f"/media/avatars/../{stored}",
        f"/media/avatars/%2e%2e/{stored}",
        f"/media/avatars/..%5c{stored}",
    ):
        assert client.get(path).status_code == 404, path
        cases += 1
    client.force_login(world.member)
    assert download(client, document).status_code == 200
    probe("Uploads: serving (nosniff, attachment, 404 to outsiders)", cases=cases + 1)
