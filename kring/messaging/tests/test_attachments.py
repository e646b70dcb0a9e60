"""Photos and files on messages: checked by the uploads pipeline, stored under private/,
served only to the conversation's participants."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Member
from kring.messaging import services
from kring.messaging.models import Message, MessageAttachment
from kring.uploads.tests.samples import image_bytes, jpeg_with_exif, pdf_bytes

pytestmark = pytest.mark.django_db


def pdf(name: str = "offerte.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), "application/pdf")


def test_a_message_carries_a_reencoded_photo_and_a_file(
    member: Member, friend: Member, media: Path
) -> None:
    photo = SimpleUploadedFile("vakantie.jpg", jpeg_with_exif(), "image/jpeg")
    conversation = services.start_conversation(
        member, members=[friend], body="Kijk", attachments=[photo, pdf()]
    )
    image, document = MessageAttachment.objects.filter(message__conversation=conversation).order_by(
        "pk"
    )
    assert image.is_image
    assert image.content_type == "image/webp"
    assert b"Exif" not in (media / image.file.name).read_bytes()
    assert document.content_type == "application/pdf"
    assert not document.is_image
    for stored in (image, document):
        assert stored.file.name.startswith("private/messages/")


def test_a_disguised_file_is_refused_and_nothing_is_written(
    member: Member, friend: Member, media: Path
) -> None:
    fake = SimpleUploadedFile("factuur.pdf", b"<html><script>alert(1)</script>", "application/pdf")
    with pytest.raises(ValidationError):
        services.start_conversation(member, members=[friend], body="Hier", attachments=[fake])
    assert not Message.objects.exists()
    assert not [path for path in media.rglob("*") if path.is_file()]


def test_at_most_five_attachments(member: Member, friend: Member, media: Path) -> None:
    with pytest.raises(ValidationError, match="at most 5"):
        services.start_conversation(
            member, members=[friend], body="Veel", attachments=[pdf(f"{n}.pdf") for n in range(6)]
        )


def test_reply_with_an_attachment_through_the_page(
    client: Client, member: Member, friend: Member, media: Path
) -> None:
    conversation = services.start_conversation(friend, members=[member], body="Stuur maar")
    client.force_login(member)
    response = client.post(
        reverse("messaging:message-create", args=[conversation.pk]),
        {"body": "Alsjeblieft", "attachments": [pdf()]},
    )
    assert response.status_code == 302
    attachment = MessageAttachment.objects.get()
    html = client.get(reverse("messaging:conversation-detail", args=[conversation.pk])).content
    assert reverse("messaging:attachment-download", args=[attachment.pk]).encode() in html


def test_a_bad_upload_shows_the_form_again_with_the_text(
    client: Client, member: Member, friend: Member, media: Path
) -> None:
    conversation = services.start_conversation(friend, members=[member], body="Stuur maar")
    client.force_login(member)
    fake = SimpleUploadedFile("foto.png", b"not an image at all", "image/png")
    response = client.post(
        reverse("messaging:message-create", args=[conversation.pk]),
        {"body": "Mijn mooie tekst", "attachments": [fake]},
    )
    assert response.status_code == 200
    assert "Mijn mooie tekst" in response.content.decode()
    assert Message.objects.count() == 1


@pytest.mark.parametrize("outsider", ["stranger", "moderator", "admin", None])
def test_attachments_are_served_to_participants_only(  # noqa: PLR0917  (personas)
    client: Client,
    member: Member,
    friend: Member,
    media: Path,
    outsider: str | None,
    request: pytest.FixtureRequest,
) -> None:
    photo = SimpleUploadedFile("zon.png", image_bytes(), "image/png")
    services.start_conversation(member, members=[friend], body="Hier", attachments=[photo, pdf()])
    image, document = MessageAttachment.objects.order_by("pk")
    client.force_login(friend)
    response = client.get(reverse("messaging:attachment-download", args=[document.pk]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]
    response = client.get(reverse("messaging:attachment-download", args=[image.pk]))
    assert response["Content-Type"] == "image/webp"
    client.logout()
    if outsider:
        client.force_login(request.getfixturevalue(outsider))
    for attachment in (image, document):
        url = reverse("messaging:attachment-download", args=[attachment.pk])
        assert client.get(url).status_code == 404
    assert client.get(f"/media/{document.file.name}").status_code == 404


def test_a_hidden_messages_attachment_is_only_for_its_sender(
    client: Client, member: Member, friend: Member, moderator: Member, media: Path
) -> None:
    services.start_conversation(member, members=[friend], body="Hier", attachments=[pdf()])
    services.set_message_moderation(
        moderator, message=Message.objects.get(), state="hidden", reason="x"
    )
    url = reverse("messaging:attachment-download", args=[MessageAttachment.objects.get().pk])
    client.force_login(friend)
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 200
