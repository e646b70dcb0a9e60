from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image

from kring.accounts.models import Member
from kring.core.permissions import Denied
from kring.members.avatars import (
    MAX_UPLOAD_BYTES,
    generate_avatar_image,
    process_avatar,
)
from kring.members.interests import normalise_interests, split_interests
from kring.members.models import Interest, Profile, ProfileVisibility
from kring.members.services import change_avatar, remove_avatar, update_profile
from kring.members.tests.samples import image_bytes, jpeg_with_exif, stored_files, upload

pytestmark = pytest.mark.django_db


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def parsed_tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """The elements and attributes a browser would see in `html`."""
    collector = TagCollector()
    collector.feed(html)
    return collector.tags


def save_profile(member: Member, **changes: Any) -> Profile:
    data: dict[str, Any] = {"display_name": member.display_name, **changes}
    return update_profile(member, member=member, **data)


# Profile details


def test_update_profile_stores_every_field_and_renders_the_bio_once(member: Member) -> None:
    profile = save_profile(
        member,
        display_name="  Anne   van Dijk ",
        bio="Ik **fiets** graag.",
        job_title="Fietsenmaker",
        organisation="De Ketting",
        location="Utrecht",
        interests=["Fietsen", "Koken"],
        visibility=ProfileVisibility.EVERYONE,
        language="en",
    )
    member.refresh_from_db()
    profile.refresh_from_db()
    assert member.display_name == "Anne van Dijk"
    assert member.language == "en"
    assert profile.bio_html == "<p>Ik <strong>fiets</strong> graag.</p>"
    assert (profile.job_title, profile.organisation, profile.location) == (
        "Fietsenmaker",
        "De Ketting",
        "Utrecht",
    )
    assert profile.visibility == ProfileVisibility.EVERYONE
    assert sorted(i.slug for i in profile.interests.all()) == ["fietsen", "koken"]


def test_update_profile_keeps_what_it_is_not_given(member: Member) -> None:
    save_profile(member, bio="Hallo", job_title="Kok", interests="Koken, bakken", language="en")
    profile = update_profile(member, member=member, location="Gouda")
    member.refresh_from_db()
    assert (profile.bio_html, profile.job_title, profile.location) == (
        "<p>Hallo</p>",
        "Kok",
        "Gouda",
    )
    assert sorted(i.name for i in profile.interests.all()) == ["Koken", "bakken"]
    assert (member.display_name, member.language) == ("Anne de Vries", "en")


def test_update_profile_refuses_texts_over_their_length(member: Member) -> None:
    with pytest.raises(ValidationError):
        save_profile(member, bio="x" * 4001)
    with pytest.raises(ValidationError):
        save_profile(member, job_title="x" * 101)


def test_update_profile_sanitises_the_bio(member: Member) -> None:
    profile = save_profile(
        member,
        bio=(
            "<script>alert('x')</script>\n\n"
            "[klik](javascript:alert(1)) en [site](https://example.org)\n\n"
            "<JAVASCRIPT:alert(1)> [ook](  jaVascript:alert(1) )\n\n"
            '<a href="javascript:alert(1)">raw</a> <img src=x onerror="alert(1)">'
        ),
    )
    tags = parsed_tags(profile.bio_html)
    assert {name for name, _attrs in tags} <= {"p", "a", "br"}
    links = [attrs for name, attrs in tags if name == "a"]
    assert links == [{"href": "https://example.org", "rel": "nofollow ugc noopener"}]
    # What was refused stays visible as harmless text.
    assert "&lt;script&gt;" in profile.bio_html


def test_update_profile_replaces_the_interests(member: Member) -> None:
    save_profile(member, interests=["Fietsen", "Koken"])
    profile = save_profile(member, interests=["koken", "Tuinieren"])
    assert sorted(i.slug for i in profile.interests.all()) == ["koken", "tuinieren"]
    # Interests are shared tags: the first spelling is kept, nothing is duplicated.
    assert Interest.objects.filter(slug="koken").get().name == "Koken"
    assert Interest.objects.count() == 3


def test_interests_are_split_on_commas_deduplicated_and_slugged_with_unicode() -> None:
    names = split_interests(" Fietsen, ,koken , Crème brûlée,  FIETSEN,Ζεύς ,")
    assert normalise_interests(names) == [
        ("Fietsen", "fietsen"),
        ("koken", "koken"),
        ("Crème brûlée", "crème-brûlée"),
        ("Ζεύς", "ζεύς"),
    ]


def test_interests_refuse_more_than_ten() -> None:
    with pytest.raises(ValidationError) as raised:
        normalise_interests([f"onderwerp {n}" for n in range(11)])
    assert raised.value.code == "too_many_interests"
    assert len(normalise_interests([f"onderwerp {n}" for n in range(10)])) == 10


def test_interests_refuse_names_over_forty_characters() -> None:
    with pytest.raises(ValidationError) as raised:
        normalise_interests(["x" * 41])
    assert raised.value.code == "interest_too_long"
    assert normalise_interests(["x" * 40]) == [("x" * 40, "x" * 40)]


def test_interests_refuse_a_name_without_letters_or_digits() -> None:
    with pytest.raises(ValidationError) as raised:
        normalise_interests(["!!!"])
    assert raised.value.code == "interest_empty"


def test_update_profile_refuses_bad_interests_and_saves_nothing(member: Member) -> None:
    with pytest.raises(ValidationError):
        save_profile(member, display_name="Iemand Anders", interests=["x" * 41])
    member.refresh_from_db()
    assert member.display_name == "Anne de Vries"


def test_update_profile_refuses_another_members_profile(member: Member, stranger: Member) -> None:
    with pytest.raises(Denied):
        update_profile(stranger, member=member, display_name="Overgenomen")
    member.refresh_from_db()
    assert member.display_name == "Anne de Vries"


def test_an_admin_may_correct_a_profile(member: Member, admin: Member) -> None:
    update_profile(admin, member=member, display_name="Anne V.")
    member.refresh_from_db()
    assert member.display_name == "Anne V."


def test_update_profile_refuses_an_empty_name_and_unknown_choices(member: Member) -> None:
    with pytest.raises(ValidationError):
        save_profile(member, display_name="   ")
    with pytest.raises(ValidationError):
        save_profile(member, visibility="iedereen")
    with pytest.raises(ValidationError):
        save_profile(member, language="de")


# Language


def open_stored(name: str) -> Image.Image:
    with default_storage.open(name) as stored:
        return Image.open(io.BytesIO(stored.read()))


def test_change_avatar_re_encodes_square_pictures_without_metadata(
    member: Member, media: Path
) -> None:
    original = jpeg_with_exif()
    assert b"SecretCam" in original
    profile = change_avatar(
        member, member=member, upload=upload(original, "foto.jpg", "image/jpeg")
    )

    large, small = open_stored(profile.avatar.name), open_stored(profile.avatar_small.name)
    assert (large.format, large.size) == ("WEBP", (256, 256))
    assert (small.format, small.size) == ("WEBP", (64, 64))
    for image, name in ((large, profile.avatar.name), (small, profile.avatar_small.name)):
        assert not image.getexif()
        assert not {"exif", "xmp", "icc_profile"} & set(image.info)
        assert b"SecretCam" not in (media / name).read_bytes()
    # The EXIF orientation was applied before cropping: the red top of the photo is now at
    # the right, the blue bottom at the left.
    rgb = large.convert("RGB")
    red, _green, blue = rgb.getpixel((245, 128))  # type: ignore[misc]
    assert red > 200
    assert blue < 60
    red, _green, blue = rgb.getpixel((10, 128))  # type: ignore[misc]
    assert blue > 200
    assert red < 60


def test_change_avatar_uses_random_file_names(member: Member, media: Path) -> None:
    profile = change_avatar(member, member=member, upload=upload(image_bytes(), "anne.png"))
    assert profile.avatar.name.startswith("avatars/")
    assert "anne" not in profile.avatar.name
    assert len(Path(profile.avatar.name).stem) >= 20
    assert {p.name for p in stored_files(media)} == {
        Path(profile.avatar.name).name,
        Path(profile.avatar_small.name).name,
    }


@pytest.mark.parametrize("fmt", ["PNG", "GIF", "WEBP", "JPEG"])
def test_change_avatar_accepts_the_four_formats(member: Member, media: Path, fmt: str) -> None:
    profile = change_avatar(member, member=member, upload=upload(image_bytes(fmt=fmt), "p.bin"))
    assert open_stored(profile.avatar.name).size == (256, 256)


def test_a_transparent_png_keeps_its_transparency(member: Member, media: Path) -> None:
    buffer = io.BytesIO()
    Image.new("RGBA", (100, 100), (0, 128, 0, 0)).save(buffer, format="PNG")
    profile = change_avatar(member, member=member, upload=upload(buffer.getvalue()))
    assert open_stored(profile.avatar.name).convert("RGBA").getpixel((50, 50))[3] == 0  # type: ignore[index]


def test_replacing_an_avatar_deletes_the_old_files(
    member: Member, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = change_avatar(member, member=member, upload=upload(image_bytes()))
    old = {first.avatar.name, first.avatar_small.name}
    with django_capture_on_commit_callbacks(execute=True):
        second = change_avatar(member, member=member, upload=upload(image_bytes(colour="blue")))
    assert {p.relative_to(media).as_posix() for p in stored_files(media)} == {
        second.avatar.name,
        second.avatar_small.name,
    }
    assert not old & {second.avatar.name, second.avatar_small.name}


def test_remove_avatar_clears_the_profile_and_deletes_the_files(
    member: Member, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        change_avatar(member, member=member, upload=upload(image_bytes()))
    with django_capture_on_commit_callbacks(execute=True):
        remove_avatar(member, member=member)
    profile = Profile.objects.get(member=member)
    assert not profile.avatar
    assert not profile.avatar_small
    assert stored_files(media) == []


def test_a_decompression_bomb_is_refused_and_nothing_is_stored(member: Member, media: Path) -> None:
    # 8000 x 6000 = 48 megapixels that compress to a few kilobytes.
    buffer = io.BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 100_000
    with pytest.raises(ValidationError) as raised:
        change_avatar(member, member=member, upload=upload(buffer.getvalue(), "bom.png"))
    assert raised.value.code == "too_many_pixels"
    assert stored_files(media) == []
    assert not Profile.objects.get(member=member).avatar


def test_an_html_file_renamed_as_jpeg_is_refused_and_nothing_is_stored(
    member: Member, media: Path
) -> None:
    html = b"<!doctype html><html><script>alert(document.cookie)</script></html>"
    with pytest.raises(ValidationError) as raised:
        change_avatar(member, member=member, upload=upload(html, "foto.jpg", "image/jpeg"))
    assert raised.value.code == "not_an_image"
    assert stored_files(media) == []
    assert not Profile.objects.get(member=member).avatar


def test_other_image_formats_and_broken_images_are_refused(member: Member, media: Path) -> None:
    bmp = image_bytes(fmt="BMP")
    truncated = image_bytes(fmt="PNG")[:60]
    for data in (bmp, truncated, b""):
        with pytest.raises(ValidationError):
            process_avatar(upload(data, "x.png"))
    assert stored_files(media) == []


def test_a_file_over_five_megabytes_is_refused(member: Member, media: Path) -> None:
    big = image_bytes() + b"\0" * MAX_UPLOAD_BYTES
    with pytest.raises(ValidationError) as raised:
        change_avatar(member, member=member, upload=upload(big))
    assert raised.value.code == "file_too_large"
    assert stored_files(media) == []


def test_change_avatar_refuses_another_members_avatar(
    member: Member, stranger: Member, media: Path
) -> None:
    with pytest.raises(Denied):
        change_avatar(stranger, member=member, upload=upload(image_bytes()))
    with pytest.raises(Denied):
        remove_avatar(stranger, member=member)
    assert stored_files(media) == []


def test_update_profile_stores_and_removes_an_avatar(
    member: Member, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        profile = save_profile(member, avatar=process_avatar(upload(image_bytes())))
    assert profile.avatar
    with django_capture_on_commit_callbacks(execute=True):
        profile = save_profile(member, remove_current_avatar=True)
    assert not profile.avatar
    assert stored_files(media) == []


def test_a_generated_avatar_is_a_png_of_initials_usable_as_an_avatar(
    member: Member, media: Path
) -> None:
    data = generate_avatar_image("Anne de Vries", seed=3)
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size) == ("PNG", (256, 256))
    assert len(image.convert("RGB").getcolors(maxcolors=10_000) or []) > 2  # text on a colour
    assert generate_avatar_image("Anne de Vries", seed=3) == data
    assert generate_avatar_image("Anne de Vries", seed=4) != data
    # The way the demo data uses it.
    profile = change_avatar(member, member=member, upload=upload(data, "a.png", "image/png"))
    assert profile.avatar
