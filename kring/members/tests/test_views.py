from __future__ import annotations

import html
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from conftest import MemberFactory, session_queries
from kring.accounts.models import ApprovalStatus, Member
from kring.accounts.roles import Role
from kring.members.models import Interest, Profile, ProfileVisibility
from kring.members.services import update_profile
from kring.members.tests.samples import (
    image_bytes,
    jpeg_with_exif,
    make_member,
    stored_files,
    upload,
)
from kring.members.tests.test_queries import CASES, VIEWERS, viewer_for

pytestmark = pytest.mark.django_db

LIST_URL = reverse("members:member-list")
EDIT_URL = reverse("members:profile-edit")
LANGUAGE_URL = reverse("members:language-set")


def profile_url(member: Member) -> str:
    return reverse("members:profile-detail", args=[member.pk])


def page_text(response: Any) -> str:
    return html.unescape(response.content.decode())


def main_of(response: Any) -> str:
    return str(response.content.decode().split("<main", 1)[1].split("</main>", 1)[0])


def log_in(client: Client, viewer: Any) -> None:
    if getattr(viewer, "is_authenticated", False):
        client.force_login(viewer)


def form_data(member: Member, **changes: Any) -> dict[str, Any]:
    data = {
        "display_name": member.display_name,
        "job_title": "",
        "organisation": "",
        "location": "",
        "bio": "",
        "interests": "",
        "visibility": ProfileVisibility.MEMBERS,
        "language": "nl",
    }
    data.update(changes)
    return data


# Who sees which profile, through the pages


@pytest.mark.parametrize(("viewer_name", "visibility", "expected"), CASES)
def test_profile_page_and_directory_follow_the_visibility_matrix(
    client: Client,
    request: pytest.FixtureRequest,
    viewer_name: str,
    visibility: str,
    expected: bool,
) -> None:
    owner = make_member(visibility, display_name="Olga Eigenaar")
    log_in(client, viewer_for(request, viewer_name, owner))

    response = client.get(profile_url(owner))
    assert response.status_code == (200 if expected else 404)
    if expected:
        assert "<h1" in response.content.decode()
        assert "Olga Eigenaar" in page_text(response)
    assert ("Olga Eigenaar" in page_text(client.get(LIST_URL))) is expected


@pytest.mark.parametrize("viewer_name", [v for v in VIEWERS if v != "owner"])
def test_a_pending_members_profile_answers_404_to_everyone_else(
    client: Client, request: pytest.FixtureRequest, viewer_name: str
) -> None:
    pending = make_member(
        ProfileVisibility.EVERYONE,
        display_name="Piet Wachtend",
        approval_status=ApprovalStatus.PENDING,
    )
    log_in(client, request.getfixturevalue(viewer_name))
    assert client.get(profile_url(pending)).status_code == 404
    assert "Piet Wachtend" not in page_text(client.get(LIST_URL))


def test_a_hidden_profile_looks_exactly_like_a_missing_one(client: Client, member: Member) -> None:
    hidden = make_member(ProfileVisibility.FRIENDS)
    client.force_login(member)
    forbidden = client.get(profile_url(hidden))
    missing = client.get(reverse("members:profile-detail", args=[999_999]))
    assert forbidden.status_code == missing.status_code == 404
    assert main_of(forbidden) == main_of(missing)


# The profile page


def test_the_profile_page_shows_the_profile(
    client: Client, member: Member, stranger: Member
) -> None:
    update_profile(
        member,
        member=member,
        display_name="Anne de Vries",
        bio="Ik *fiets* elke dag.",
        job_title="Fietsenmaker",
        organisation="De Ketting",
        location="Utrecht",
        interests=["Fietsen", "Koken"],
    )
    client.force_login(stranger)
    response = client.get(profile_url(member))
    text = response.content.decode()
    assert response.status_code == 200
    assert "<p>Ik <em>fiets</em> elke dag.</p>" in text
    for shown in ("Fietsenmaker", "De Ketting", "Utrecht", "Fietsen", "Koken"):
        assert shown in text
    assert f'datetime="{member.date_joined:%Y-%m-%d}"' in text
    assert 'class="avatar avatar--initials avatar--128"' in text
    assert member.email not in text  # the client checks this on every page too
    assert EDIT_URL not in main_of(response)  # the edit link is the owner's


def test_the_profile_page_shows_the_avatar(client: Client, member: Member, media: Path) -> None:
    from kring.members.services import change_avatar

    profile = change_avatar(member, member=member, upload=upload(image_bytes()))
    client.force_login(member)
    text = client.get(profile_url(member)).content.decode()
    assert f'src="{profile.avatar.url}"' in text
    assert 'alt=""' in text


def test_the_owner_gets_an_edit_link_on_their_own_profile(client: Client, member: Member) -> None:
    client.force_login(member)
    main = client.get(profile_url(member)).content.decode().split('id="main"')[1]
    assert f'href="{EDIT_URL}"' in main


def test_an_admin_sees_the_e_mail_address_on_a_profile(
    client: Client, member: Member, admin: Member
) -> None:
    client.force_login(admin)
    assert member.email in client.get(profile_url(member)).content.decode()


def test_the_employee_badge_shows_beside_the_name_in_dutch(
    client: Client, member: Member, employee: Member
) -> None:
    client.force_login(member)
    pattern = re.compile(
        r'Dewi Visser(</a>)?\s*<span class="badge badge--employee">Medewerker</span>'
    )
    for url in (profile_url(employee), LIST_URL):
        response = client.get(url)
        assert response["Content-Language"] == "nl"
        assert pattern.search(response.content.decode()), url


def test_staff_show_their_role_as_badge(client: Client, member: Member, manager: Member) -> None:
    client.force_login(member)
    text = client.get(profile_url(manager)).content.decode()
    assert 'class="badge badge--manager"' in text
    assert (
        'class="badge' not in client.get(profile_url(member)).content.decode().split('id="main"')[1]
    )


# Editing one's profile


def test_editing_needs_a_login(client: Client) -> None:
    response = client.get(EDIT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_edit_form_shows_the_current_profile_and_the_own_e_mail_address(
    client: Client, member: Member
) -> None:
    update_profile(
        member, member=member, display_name="Anne de Vries", interests=["Fietsen", "Koken"]
    )
    client.force_login(member)
    response = client.get(EDIT_URL)
    text = response.content.decode()
    assert response.status_code == 200
    assert member.email in text
    assert f'href="{reverse("account_email")}"' in text
    assert 'value="Fietsen, Koken"' in text
    assert 'enctype="multipart/form-data"' in text
    assert 'name="remove_avatar"' not in text  # nothing to remove yet
    assert 'accept="image/jpeg,image/png,image/webp,image/gif"' in text


def test_saving_the_profile_redirects_to_it_with_a_message(client: Client, member: Member) -> None:
    client.force_login(member)
    response = client.post(
        EDIT_URL,
        form_data(
            member,
            display_name="Anne van Dijk",
            job_title="Kok",
            bio="**Hallo**",
            interests="Koken, bakken",
            visibility=ProfileVisibility.EVERYONE,
        ),
        follow=True,
    )
    assert response.redirect_chain == [(profile_url(member), 302)]
    text = response.content.decode()
    assert 'class="message message--success"' in text
    assert "<strong>Hallo</strong>" in text
    member.refresh_from_db()
    assert member.display_name == "Anne van Dijk"
    assert member.profile.visibility == ProfileVisibility.EVERYONE
    assert sorted(i.name for i in member.profile.interests.all()) == ["Koken", "bakken"]


def test_edit_form_errors_are_tied_to_their_fields(client: Client, member: Member) -> None:
    client.force_login(member)
    response = client.post(
        EDIT_URL,
        form_data(
            member,
            display_name="",
            interests=", ".join(f"hobby {n}" for n in range(11)),
            visibility="niemand",
        ),
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert 'class="form-errors" role="alert"' in text
    for name in ("display_name", "interests"):
        assert f'aria-describedby="id_{name}_helptext id_{name}_errors"' in text
        assert f'id="id_{name}_errors"' in text
    assert 'id="id_visibility_errors"' in text
    assert 'aria-invalid="true"' in text
    member.refresh_from_db()
    assert member.display_name == "Anne de Vries"


def test_uploading_an_avatar_through_the_form(client: Client, member: Member, media: Path) -> None:
    client.force_login(member)
    response = client.post(
        EDIT_URL,
        {**form_data(member), "avatar": upload(jpeg_with_exif(), "foto.jpg", "image/jpeg")},
    )
    assert response.status_code == 302
    profile = Profile.objects.get(member=member)
    assert profile.avatar.name.endswith(".webp")
    assert len(stored_files(media)) == 2
    assert f'src="{profile.avatar_small.url}"' in client.get(LIST_URL).content.decode()


def test_an_html_file_as_avatar_gives_a_form_error_and_stores_nothing(
    client: Client, member: Member, media: Path
) -> None:
    client.force_login(member)
    fake = upload(b"<html><script>alert(1)</script></html>", "foto.jpg", "image/jpeg")
    response = client.post(EDIT_URL, {**form_data(member, display_name="Nieuw"), "avatar": fake})
    text = page_text(response)
    assert response.status_code == 200
    assert 'id="id_avatar_errors"' in text
    with translation.override("nl"):
        assert (
            translation.gettext(
                "This file is not a picture we can use. Upload a JPEG, PNG, WebP or GIF image."
            )
            in text
        )
    assert stored_files(media) == []
    member.refresh_from_db()
    assert member.display_name == "Anne de Vries"  # nothing of the form was saved


def test_a_too_large_picture_gives_a_form_error(
    client: Client, member: Member, media: Path
) -> None:
    buffer = io.BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, format="PNG")
    client.force_login(member)
    response = client.post(
        EDIT_URL, {**form_data(member), "avatar": upload(buffer.getvalue(), "groot.png")}
    )
    assert 'id="id_avatar_errors"' in response.content.decode()
    assert "40" in page_text(response).split('id="id_avatar_errors"')[1].split("</ul>")[0]
    assert stored_files(media) == []


def test_removing_the_avatar_through_the_form(client: Client, member: Member, media: Path) -> None:
    client.force_login(member)
    client.post(EDIT_URL, {**form_data(member), "avatar": upload(image_bytes())})
    assert 'name="remove_avatar"' in client.get(EDIT_URL).content.decode()
    response = client.post(EDIT_URL, {**form_data(member), "remove_avatar": "on"})
    assert response.status_code == 302
    assert not Profile.objects.get(member=member).avatar


def test_uploading_and_removing_at_once_is_an_error(
    client: Client, member: Member, media: Path
) -> None:
    client.force_login(member)
    client.post(EDIT_URL, {**form_data(member), "avatar": upload(image_bytes())})
    response = client.post(
        EDIT_URL, {**form_data(member), "avatar": upload(image_bytes()), "remove_avatar": "on"}
    )
    assert 'id="id_remove_avatar_errors"' in response.content.decode()


# The directory


def test_the_directory_lists_members_with_their_work_and_interests(
    client: Client, member: Member
) -> None:
    other = make_member(display_name="Karel Fietsma")
    update_profile(
        other,
        member=other,
        display_name="Karel Fietsma",
        job_title="Monteur",
        organisation="De Ketting",
        interests=["Fietsen"],
    )
    client.force_login(member)
    text = client.get(LIST_URL).content.decode()
    assert f'href="{profile_url(other)}"' in text
    assert "Monteur · De Ketting" in text
    assert '<li class="tag">Fietsen</li>' in text


def test_the_directory_searches_with_the_header_search_box(client: Client, member: Member) -> None:
    make_member(display_name="Karel Fietsma")
    make_member(display_name="Nina Wandel")
    client.force_login(member)
    text = page_text(client.get(LIST_URL, {"q": "fiets"}))
    assert "Karel Fietsma" in text
    assert "Nina Wandel" not in text
    assert 'value="fiets"' in text


def test_the_directory_filters_employees(client: Client, member: Member, employee: Member) -> None:
    client.force_login(member)
    text = page_text(client.get(LIST_URL, {"employees": "1"}))
    assert "Dewi Visser" in text
    assert "Anne de Vries</a>" not in text.split('id="main"')[1]


def test_the_directory_pages_by_24_and_keeps_the_search(client: Client, member: Member) -> None:
    for n in range(30):
        MemberFactory(display_name=f"Lid {n:02d}", role=Role.EMPLOYEE)
    client.force_login(member)
    first = client.get(LIST_URL, {"employees": "1"}).content.decode()
    assert first.count('class="member-card"') == 24
    next_link = html.unescape(re.search(r'href="([^"]+)" rel="next"', first).group(1))  # type: ignore[union-attr]
    assert "employees=1" in next_link
    second = client.get(LIST_URL + next_link).content.decode()
    assert second.count('class="member-card"') == 6
    assert 'rel="prev"' in second
    assert 'rel="next"' not in second


def test_an_anonymous_visitor_sees_only_public_profiles_in_the_directory(client: Client) -> None:
    make_member(ProfileVisibility.EVERYONE, display_name="Publieke Paula")
    make_member(ProfileVisibility.MEMBERS, display_name="Leden Lars")
    text = page_text(client.get(LIST_URL))
    assert "Publieke Paula" in text
    assert "Leden Lars" not in text


@pytest.mark.parametrize("logged_in", [False, True])
def test_the_directory_page_takes_a_fixed_number_of_queries(
    member: Member, django_assert_num_queries: Any, logged_in: bool
) -> None:
    # A plain client: the suite's client adds a query of its own (its e-mail address check).
    browser = Client()
    interests = [Interest.objects.create(name=f"Hobby {n}", slug=f"hobby-{n}") for n in range(3)]
    if logged_in:
        browser.force_login(member)
    browser.get(LIST_URL)  # the site settings are cached from here on
    # The page and its interests; a member adds session and account (with the header's avatar).
    expected = 3 + session_queries() if logged_in else 2
    for count, shown in ((5, 5 + logged_in), (45, 24)):
        for _n in range(count):
            other = make_member(ProfileVisibility.EVERYONE)
            other.profile.interests.add(*interests)
        with django_assert_num_queries(expected):
            response = browser.get(LIST_URL)
        assert response.content.decode().count('class="member-card"') == shown


# The language switch


def test_switching_language_sets_the_cookie_and_the_members_language(
    client: Client, member: Member
) -> None:
    client.force_login(member)
    response = client.post(LANGUAGE_URL, {"language": "en", "next": LIST_URL})
    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["max-age"]
    member.refresh_from_db()
    assert member.language == "en"

    page = client.get(LIST_URL)
    assert page["Content-Language"] == "en"
    assert '<html lang="en">' in page.content.decode()


def test_the_members_language_follows_them_to_a_new_browser(client: Client, member: Member) -> None:
    client.force_login(member)
    client.post(LANGUAGE_URL, {"language": "en", "next": "/"})
    other_browser = Client()
    other_browser.force_login(member)
    assert other_browser.get(LIST_URL)["Content-Language"] == "en"


def test_an_anonymous_visitor_switches_language_by_cookie(client: Client) -> None:
    client.post(LANGUAGE_URL, {"language": "en", "next": LIST_URL})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.get(LIST_URL)["Content-Language"] == "en"
    client.post(LANGUAGE_URL, {"language": "nl", "next": LIST_URL})
    assert client.get(LIST_URL)["Content-Language"] == "nl"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]
)
def test_the_language_switch_refuses_to_redirect_elsewhere(client: Client, target: str) -> None:
    response = client.post(LANGUAGE_URL, {"language": "en", "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_an_unknown_language_is_ignored_with_a_message(client: Client, member: Member) -> None:
    client.force_login(member)
    response = client.post(LANGUAGE_URL, {"language": "xx", "next": LIST_URL}, follow=True)
    assert response.status_code == 200
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert 'class="message message--warning"' in response.content.decode()
    member.refresh_from_db()
    assert member.language == ""


def test_the_language_switch_needs_a_post(client: Client) -> None:
    assert client.get(LANGUAGE_URL).status_code == 405


def test_a_pending_member_may_switch_language(client: Client) -> None:
    pending = make_member(approval_status=ApprovalStatus.PENDING)
    client.force_login(pending)
    response = client.post(LANGUAGE_URL, {"language": "en", "next": "/"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.language == "en"


def test_saving_the_profile_in_english_switches_the_pages_to_english(
    client: Client, member: Member
) -> None:
    client.force_login(member)
    response = client.post(EDIT_URL, form_data(member, language="en"), follow=True)
    assert response["Content-Language"] == "en"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
