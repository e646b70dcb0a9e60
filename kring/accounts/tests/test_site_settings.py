"""The admins' site settings page (kring.core.sitesettings), reached from community management."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from kring.accounts.models import Member
from kring.accounts.tests.html_checks import assert_accessible_page
from kring.core.sitesettings.models import RegistrationPolicy, SiteSettings

pytestmark = pytest.mark.django_db

URL = reverse("accounts:site-settings")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]


def _form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "community_name": "Klantenkring",
        "tagline": "Samen weten we meer",
        "primary_colour": "#123456",
        "default_language": "nl",
        "registration_policy": RegistrationPolicy.OPEN,
        "friend_request_policy": "everyone",
        "employees_may_befriend_customers": "on",
    }
    data.update(changes)
    return data


def _image(fmt: str = "JPEG", size: tuple[int, int] = (800, 400), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, "#c04020")
    buffer = BytesIO()
    if exif:
        metadata = Image.Exif()
        metadata[0x010F] = "Geheime Camera BV"  # Make
        metadata[0x8825] = {2: (52.0, 22.0, 1.0)}  # GPS
        image.save(buffer, format=fmt, exif=metadata)
    else:
        image.save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("actor_name", ["member", "employee", "moderator", "manager"])
def test_only_admins_open_the_site_settings(
    client: Client, request: pytest.FixtureRequest, actor_name: str
) -> None:
    client.force_login(request.getfixturevalue(actor_name))
    assert client.get(URL).status_code == 403
    assert client.post(URL, _form()).status_code == 403
    assert SiteSettings.load().community_name == "Kring"


def test_the_page_is_an_accessible_form(client: Client, admin: Member) -> None:
    client.force_login(admin)
    response = client.get(URL)
    assert response.status_code == 200
    assert_accessible_page(response)
    assert b'type="color"' in response.content
    assert b'enctype="multipart/form-data"' in response.content


def test_saving_the_settings_changes_the_site_at_once(client: Client, admin: Member) -> None:
    client.force_login(admin)
    old_version = SiteSettings.load().version
    response = client.post(URL, _form(registration_policy=RegistrationPolicy.APPROVAL), follow=True)
    assert response.status_code == 200
    site = SiteSettings.load()
    assert site.community_name == "Klantenkring"
    assert site.primary_colour == "#123456"
    assert site.registration_policy == RegistrationPolicy.APPROVAL
    assert site.version != old_version
    home = client.get("/").content.decode()
    assert "Klantenkring" in home
    assert f"/theme-{site.version}.css" in home
    assert "--kr-primary:#123456" in client.get(f"/theme-{site.version}.css").content.decode()


@pytest.mark.parametrize("colour", ["red", "#12345", "#12345g", "123456"])
def test_an_invalid_colour_is_a_form_error(client: Client, admin: Member, colour: str) -> None:
    client.force_login(admin)
    response = client.post(URL, _form(primary_colour=colour))
    assert response.status_code == 200
    assert b'id="id_primary_colour_errors"' in response.content
    assert SiteSettings.load().primary_colour == "#0b6e4f"


def test_a_logo_is_stored_as_a_small_png_without_exif(client: Client, admin: Member) -> None:
    client.force_login(admin)
    upload = SimpleUploadedFile("foto.jpg", _image(exif=True), content_type="image/jpeg")
    client.post(URL, {**_form(), "logo": upload})
    site = SiteSettings.objects.get()
    assert site.logo.name.startswith("site/logo-")
    assert site.logo.name.endswith(".png")
    with Image.open(site.logo.path) as stored:
        assert stored.format == "PNG"
        assert max(stored.size) <= 512
        assert not stored.getexif()
        assert b"Geheime Camera" not in Path(site.logo.path).read_bytes()
    assert site.logo.url in client.get("/").content.decode()


def test_a_replaced_logo_leaves_no_file_behind(
    client: Client, admin: Member, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(admin)
    first = SimpleUploadedFile("a.png", _image("PNG"), content_type="image/png")
    client.post(URL, {**_form(), "logo": first})
    old_path = Path(SiteSettings.objects.get().logo.path)
    second = SimpleUploadedFile("b.png", _image("PNG", (64, 64)), content_type="image/png")
    # The old file goes once the change has committed.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {**_form(), "logo": second})
    assert not old_path.exists()
    assert Path(SiteSettings.objects.get().logo.path).exists()


def test_a_file_that_is_not_an_image_is_a_clear_error(client: Client, admin: Member) -> None:
    client.force_login(admin)
    upload = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = client.post(URL, {**_form(), "logo": upload})
    assert response.status_code == 200
    assert b'id="id_logo_errors"' in response.content
    assert not SiteSettings.objects.get().logo


def test_a_logo_over_2_mb_is_refused(client: Client, admin: Member) -> None:
    client.force_login(admin)
    upload = SimpleUploadedFile(
        "groot.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024), content_type="image/png"
    )
    response = client.post(URL, {**_form(), "logo": upload})
    assert b'id="id_logo_errors"' in response.content
    assert "2 MB" in response.content.decode()


def test_the_logo_can_be_removed(client: Client, admin: Member) -> None:
    client.force_login(admin)
    upload = SimpleUploadedFile("a.png", _image("PNG"), content_type="image/png")
    client.post(URL, {**_form(), "logo": upload})
    page = client.get(URL)
    assert b'name="logo-clear"' in page.content
    assert_accessible_page(page)
    client.post(URL, {**_form(), "logo-clear": "on"})
    assert not SiteSettings.objects.get().logo
