"""The sanctions pages: sanctioning a member, my sanctions and appeals, the appeal list, the
warning templates, the banner and the staff link on profiles."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD, session_queries
from kring.accounts.models import Member
from kring.audit.models import Reason
from kring.content.services import create_post
from kring.sanctions import services
from kring.sanctions.models import Appeal, AppealStatus, Sanction, SanctionKind, WarningTemplate
from kring.search.tests.conftest import IndexNow
from kring.spaces.queries import community_space

pytestmark = pytest.mark.django_db


def logged_in(client: Client, member: Member) -> Client:
    assert client.login(username=member.email, password=PASSWORD)
    return client


def silence(actor: Any, member: Member, reason: str = "Scheldwoorden") -> Sanction:
    return services.silence_member(
        actor, member=member, reason_code=Reason.OFFENSIVE, reason=reason, days=3
    )


def test_moderator_silences_a_member_from_the_form(
    client: Client, moderator: Member, member: Member
) -> None:
    url = reverse("sanctions:member-sanction", args=[member.pk])
    page = logged_in(client, moderator).get(url)
    assert page.status_code == 200
    assert "Ban (permanent" not in page.content.decode()  # moderators do not ban
    response = client.post(
        url,
        {
            "kind": "silence",
            "reason_code": "offensive",
            "reason": "Let op je toon",
            "duration": "7",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_silenced
    assert Sanction.objects.get().reason == "Let op je toon"


def test_the_form_comes_back_with_a_message_and_the_text_kept(
    client: Client, moderator: Member, member: Member
) -> None:
    url = reverse("sanctions:member-sanction", args=[member.pk])
    response = logged_in(client, moderator).post(
        url, {"kind": "suspension", "reason_code": "spam", "reason": "", "duration": "7"}
    )
    assert response.status_code == 200
    assert "Tell the member why" in response.content.decode()
    response = client.post(
        url, {"kind": "ban", "reason_code": "spam", "reason": "Mijn uitleg", "duration": "7"}
    )
    assert response.status_code == 200
    assert "Mijn uitleg" in response.content.decode()
    assert not Sanction.objects.exists()


def test_warning_from_a_template(client: Client, moderator: Member, member: Member) -> None:
    template = WarningTemplate.objects.create(title="Spam", body="Geen reclame, graag.")
    logged_in(client, moderator).post(
        reverse("sanctions:member-sanction", args=[member.pk]),
        {"kind": "warning", "template": template.pk, "reason_code": "spam", "reason": ""},
    )
    assert Sanction.objects.get().reason == "Geen reclame, graag."


def test_manager_bans_from_the_form(client: Client, manager: Member, member: Member) -> None:
    logged_in(client, manager).post(
        reverse("sanctions:member-sanction", args=[member.pk]),
        {"kind": "ban", "reason_code": "spam", "reason": "Spambot"},
    )
    member.refresh_from_db()
    assert not member.is_active
    assert Sanction.objects.get().kind == SanctionKind.BAN


@pytest.mark.parametrize(
    "name", ["member-sanction", "appeal-list", "template-list", "template-create"]
)
def test_members_cannot_reach_the_staff_pages(
    client: Client, member: Member, stranger: Member, name: str
) -> None:
    args = [stranger.pk] if name == "member-sanction" else []
    response = logged_in(client, member).get(reverse(f"sanctions:{name}", args=args))
    assert response.status_code == 403


def test_my_sanctions_shows_the_reason_and_takes_an_appeal(
    client: Client, moderator: Member, member: Member
) -> None:
    sanction = silence(moderator, member, reason="Je schold andere leden uit.")
    html = logged_in(client, member).get(reverse("sanctions:my-sanctions")).content.decode()
    assert "Je schold andere leden uit." in html
    appeal_url = reverse("sanctions:sanction-appeal", args=[sanction.pk])
    assert appeal_url in html
    empty = client.post(appeal_url, {"text": ""})
    assert empty.status_code == 200
    response = client.post(appeal_url, {"text": "Ik was boos, sorry."})
    assert response.status_code == 302
    assert Appeal.objects.get().text == "Ik was boos, sorry."


def test_someone_elses_sanction_cannot_be_appealed(
    client: Client, moderator: Member, member: Member, stranger: Member
) -> None:
    sanction = silence(moderator, member)
    url = reverse("sanctions:sanction-appeal", args=[sanction.pk])
    assert logged_in(client, stranger).post(url, {"text": "Namens Anne"}).status_code == 404
    assert not Appeal.objects.exists()


def test_moderator_decides_an_appeal(
    client: Client, moderator: Member, manager: Member, member: Member
) -> None:
    sanction = silence(moderator, member)
    appeal = services.appeal_sanction(member, sanction=sanction, text="Oneerlijk")
    listing = logged_in(client, manager).get(reverse("sanctions:appeal-list")).content.decode()
    assert "Oneerlijk" in listing
    url = reverse("sanctions:appeal-decide", args=[appeal.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "overturn", "answer": "Je hebt gelijk."})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OVERTURNED
    member.refresh_from_db()
    assert not member.is_silenced


def test_moderator_lifts_a_sanction(client: Client, moderator: Member, member: Member) -> None:
    sanction = silence(moderator, member)
    url = reverse("sanctions:sanction-lift", args=[sanction.pk])
    assert logged_in(client, moderator).get(url).status_code == 200
    assert client.post(url, {"reason": "Opgelost"}).status_code == 302
    member.refresh_from_db()
    assert not member.is_silenced


def test_warning_templates_crud(client: Client, moderator: Member) -> None:
    logged_in(client, moderator)
    client.post(reverse("sanctions:template-create"), {"title": "Toon", "body": "Let op."})
    template = WarningTemplate.objects.get()
    client.post(
        reverse("sanctions:template-edit", args=[template.pk]), {"title": "Toon", "body": "Rustig."}
    )
    assert "Rustig." in client.get(reverse("sanctions:template-list")).content.decode()
    bad = client.post(reverse("sanctions:template-create"), {"title": "Leeg", "body": ""})
    assert bad.status_code == 200
    assert "Leeg" in bad.content.decode()
    client.post(reverse("sanctions:template-delete", args=[template.pk]))
    assert not WarningTemplate.objects.exists()


def test_banner_shows_to_a_silenced_member_only(
    client: Client, moderator: Member, member: Member, stranger: Member
) -> None:
    silence(moderator, member, reason="Je schold andere leden uit.")
    html = logged_in(client, member).get(reverse("wall:community")).content.decode()
    assert "You are silenced until" in html
    assert "Je schold andere leden uit." in html
    client.logout()
    html = logged_in(client, stranger).get(reverse("wall:community")).content.decode()
    assert "You are silenced" not in html


def test_banner_shows_a_recent_warning(client: Client, moderator: Member, member: Member) -> None:
    services.warn_member(moderator, member=member, reason_code=Reason.SPAM, text="Geen reclame.")
    html = logged_in(client, member).get(reverse("wall:community")).content.decode()
    assert "You have received a warning" in html


def test_banner_costs_no_query_once_warm(
    client: Client, member: Member, django_assert_num_queries: Any
) -> None:
    """The layout asks the cache, not the database, for the banner of an unsanctioned member."""
    url = reverse("sanctions:my-sanctions")
    logged_in(client, member).get(url)  # warm
    # Session, member (with the header's profile), the page's sanctions (no appeals to
    # prefetch), and the test client's own e-mail check: none for the banner.
    with django_assert_num_queries(session_queries() + 3):
        assert client.get(url).status_code == 200


def test_my_sanctions_query_count_does_not_grow(
    client: Client, moderator: Member, member: Member, django_assert_num_queries: Any
) -> None:
    silence(moderator, member)
    url = reverse("sanctions:my-sanctions")
    logged_in(client, member).get(url)
    pinned = session_queries() + 4
    with django_assert_num_queries(pinned):
        client.get(url)
    for _ in range(5):
        services.warn_member(moderator, member=member, reason_code=Reason.SPAM, text="Nog een")
    client.get(url)
    with django_assert_num_queries(pinned):
        client.get(url)


def test_member_sanction_page_query_count_does_not_grow(
    client: Client, moderator: Member, member: Member, django_assert_num_queries: Any
) -> None:
    silence(moderator, member)
    url = reverse("sanctions:member-sanction", args=[member.pk])
    logged_in(client, moderator).get(url)
    pinned = session_queries() + 6
    with django_assert_num_queries(pinned):
        client.get(url)
    for _ in range(5):
        services.warn_member(moderator, member=member, reason_code=Reason.SPAM, text="Nog een")
    client.get(url)
    with django_assert_num_queries(pinned):
        client.get(url)


def test_profile_offers_staff_the_sanction_link(
    client: Client, moderator: Member, member: Member, stranger: Member
) -> None:
    url = reverse("members:profile-detail", args=[stranger.pk])
    link = reverse("sanctions:member-sanction", args=[stranger.pk])
    assert link in logged_in(client, moderator).get(url).content.decode()
    client.logout()
    assert link not in logged_in(client, member).get(url).content.decode()


def test_a_banned_member_leaves_no_name_or_address_on_profile_and_search(
    client: Client, manager: Member, member: Member, stranger: Member, index_now: IndexNow
) -> None:
    with index_now():
        create_post(member, space=community_space(), body="Fietsroute langs de Vecht")
        services.ban_member(manager, member=member, reason_code=Reason.SPAM, reason="Spambot")
    member.refresh_from_db()
    logged_in(client, stranger)
    pages = [
        client.get(reverse("members:profile-detail", args=[member.pk])),
        client.get(reverse("search:search"), {"q": "Anne"}),
        client.get(reverse("search:search"), {"q": "Vecht"}),
        client.get(reverse("wall:community")),
    ]
    for page in pages:
        html = page.content.decode()
        assert "Anne de Vries" not in html
        assert "anne@example.nl" not in html
    assert services.removed_member_name(member.pk) in pages[2].content.decode()
    assert "Fietsroute" in pages[2].content.decode()  # the content stays
