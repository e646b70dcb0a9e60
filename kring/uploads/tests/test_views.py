"""Serving attachments: only to those who may see the post, never sniffable, never through
/media/; and /media/ itself serves the public pictures only."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Member
from kring.content.models import Attachment, Post
from kring.spaces.models import Membership, Space, SpaceKind, Visibility
from kring.uploads.services import attach_to_post
from kring.uploads.tests.samples import image_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def download_url(attachment: Attachment) -> str:
    return reverse("uploads:attachment-download", args=[attachment.pk, attachment.original_name])


def thumbnail_url(attachment: Attachment) -> str:
    return reverse("uploads:attachment-thumbnail", args=[attachment.pk, attachment.original_name])


def content(response: object) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


@pytest.fixture
def pdf(member: Member, post: Post, media: Path) -> Attachment:
    [attachment] = attach_to_post(
        member, post=post, photos=[], files=[upload(pdf_bytes(), "jaarverslag 2025.pdf")]
    )
    return attachment


@pytest.fixture
def photo(member: Member, post: Post, media: Path) -> Attachment:
    [attachment] = attach_to_post(
        member, post=post, photos=[upload(image_bytes((900, 600)), "strand.jpg")], files=[]
    )
    return attachment


@pytest.fixture
def private_group(member: Member, friend: Member) -> Space:
    group = Space.objects.create(
        kind=SpaceKind.GROUP, name="Besloten", slug="besloten", visibility=Visibility.PRIVATE
    )
    Membership.objects.create(space=group, member=member, role="owner")
    Membership.objects.create(space=group, member=friend)
    return group


def test_a_file_of_a_visible_post_is_a_download_that_cannot_be_sniffed(
    client: Client, stranger: Member, pdf: Attachment
) -> None:
    client.force_login(stranger)
    response = client.get(download_url(pdf))
    assert response.status_code == 200
    assert content(response) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "jaarverslag 2025.pdf" in response["Content-Disposition"]
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"].startswith("private")
    assert response["Content-Length"] == str(len(pdf_bytes()))


def test_anonymous_visitors_get_files_of_community_posts(client: Client, pdf: Attachment) -> None:
    assert client.get(download_url(pdf)).status_code == 200


def test_a_photo_is_shown_inline_as_webp_and_has_a_thumbnail(
    client: Client, member: Member, photo: Attachment
) -> None:
    client.force_login(member)
    full = client.get(download_url(photo))
    assert full.status_code == 200
    assert full["Content-Type"] == "image/webp"
    assert full["Content-Disposition"].startswith("inline;")
    assert 'filename="strand.webp"' in full["Content-Disposition"]
    assert full["X-Content-Type-Options"] == "nosniff"
    small = client.get(thumbnail_url(photo))
    assert small.status_code == 200
    assert small["Content-Type"] == "image/webp"
    assert small["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert len(content(small)) < len(content(full))


def test_a_file_has_no_thumbnail(client: Client, pdf: Attachment) -> None:
    assert client.get(thumbnail_url(pdf)).status_code == 404


def test_the_name_in_the_address_changes_nothing(client: Client, pdf: Attachment) -> None:
    url = reverse("uploads:attachment-download", args=[pdf.pk, "iets-anders.html"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "jaarverslag" in response["Content-Disposition"]


@pytest.mark.usefixtures("media")
def test_attachments_of_a_private_group_post_are_for_its_members_only(
    client: Client, member: Member, private_group: Space, request: pytest.FixtureRequest
) -> None:
    friend, stranger, moderator = (
        request.getfixturevalue(name) for name in ("friend", "stranger", "moderator")
    )
    post = Post.objects.create(space=private_group, author=member, body="Alleen voor ons")
    pdf, photo = attach_to_post(
        member,
        post=post,
        photos=[upload(image_bytes(), "groep.png")],
        files=[upload(pdf_bytes(), "notulen.pdf")],
    )[::-1]
    urls = [download_url(pdf), download_url(photo), thumbnail_url(photo)]
    for url in urls:
        assert client.get(url).status_code == 404  # anonymous
    client.force_login(stranger)
    for url in urls:
        assert client.get(url).status_code == 404
    for reader in (member, friend, moderator):
        client.force_login(reader)
        for url in urls:
            assert client.get(url).status_code == 200


def test_attachments_of_a_deleted_post_are_gone(
    client: Client, member: Member, post: Post, pdf: Attachment
) -> None:
    post.deleted_at = timezone.now()
    post.save(update_fields=["deleted_at"])
    client.force_login(member)
    assert client.get(download_url(pdf)).status_code == 404


def test_a_missing_attachment_is_a_404(client: Client, member: Member, db: None) -> None:
    client.force_login(member)
    response = client.get(reverse("uploads:attachment-download", args=[999_999, "x.pdf"]))
    assert response.status_code == 404


def test_a_post_request_is_not_allowed(client: Client, pdf: Attachment) -> None:
    assert client.post(download_url(pdf)).status_code == 405


def test_attachments_are_not_reachable_through_media(
    client: Client, pdf: Attachment, photo: Attachment, media: Path
) -> None:
    assert (media / pdf.file.name).exists()
    for name in (pdf.file.name, photo.file.name, photo.thumbnail.name):
        assert name.startswith("private/")
        assert client.get(f"/media/{name}").status_code == 404
        assert client.get(f"/media/avatars/../{name}").status_code == 404
        assert client.get(f"/media/avatars/%2e%2e/{name}").status_code == 404
        assert client.get(f"/media/covers/..%2f{name}").status_code == 404


def test_media_serves_avatars_logos_and_covers(client: Client, media: Path, db: None) -> None:
    for folder in ("avatars", "site", "covers"):
        (media / folder).mkdir()
        (media / folder / "beeld.webp").write_bytes(b"RIFF....WEBP")
        response = client.get(f"/media/{folder}/beeld.webp")
        assert response.status_code == 200
        assert content(response) == b"RIFF....WEBP"
    (media / "elders.txt").write_text("niet openbaar")
    assert client.get("/media/elders.txt").status_code == 404
    assert client.get("/media/avatars").status_code == 404
