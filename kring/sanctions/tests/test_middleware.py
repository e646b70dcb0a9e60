"""The gate: a silenced member writes nothing (but may leave, appeal, choose a language); a
suspended member is logged out and refused at login, with the reason, end and appeal."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from kring.accounts.models import Member
from kring.audit.models import Reason
from kring.content.models import Comment
from kring.content.services import create_post
from kring.sanctions import banners, services
from kring.sanctions.models import Appeal, Sanction
from kring.spaces.queries import community_space

pytestmark = pytest.mark.django_db


def logged_in(client: Client, member: Member) -> Client:
    assert client.login(username=member.email, password=PASSWORD)
    return client


def notice_of(response: Any) -> Sanction | None:
    """The suspension the redirect's notice link names."""
    _path, _, token = response["Location"].partition("?t=")
    return banners.sanction_from_token(token)


def suspend(actor: Any, member: Member) -> Sanction:
    return services.suspend_member(
        actor, member=member, reason_code=Reason.SPAM, reason="Reclame in elk onderwerp", days=7
    )


def test_a_silenced_member_is_refused_a_comment_with_the_reason(
    client: Client, moderator: Member, member: Member, stranger: Member
) -> None:
    post = create_post(stranger, space=community_space(), body="Wie fietst mee?")
    services.silence_member(
        moderator, member=member, reason_code=Reason.OFFENSIVE, reason="Schelden", days=3
    )
    response = logged_in(client, member).post(
        reverse("content:comment-create", args=[post.pk]), {"body": "Ik!"}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "You are silenced" in html
    assert "Schelden" in html
    assert reverse("sanctions:my-sanctions") in html
    assert not Comment.objects.exists()


def test_a_silenced_member_still_reads(client: Client, moderator: Member, member: Member) -> None:
    services.silence_member(moderator, member=member, reason_code=Reason.SPAM, reason="x", days=1)
    assert logged_in(client, member).get(reverse("wall:community")).status_code == 200


def test_a_silenced_member_may_log_out_and_appeal(
    client: Client, moderator: Member, member: Member
) -> None:
    sanction = services.silence_member(
        moderator, member=member, reason_code=Reason.SPAM, reason="x", days=1
    )
    logged_in(client, member)
    appeal = client.post(
        reverse("sanctions:sanction-appeal", args=[sanction.pk]), {"text": "Onterecht"}
    )
    assert appeal.status_code == 302
    assert Appeal.objects.count() == 1
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_the_gate_opens_when_the_silence_is_lifted(
    client: Client, moderator: Member, member: Member, stranger: Member
) -> None:
    post = create_post(stranger, space=community_space(), body="Wie fietst mee?")
    sanction = services.silence_member(
        moderator, member=member, reason_code=Reason.SPAM, reason="x", days=1
    )
    services.lift_sanction(moderator, sanction=sanction, reason="Klaar")
    response = logged_in(client, member).post(
        reverse("content:comment-create", args=[post.pk]), {"body": "Ik!"}
    )
    assert response.status_code in (200, 302)
    assert Comment.objects.count() == 1


def test_an_open_session_of_a_suspended_member_ends(
    client: Client, moderator: Member, member: Member
) -> None:
    logged_in(client, member)
    sanction = suspend(moderator, member)
    response = client.get(reverse("wall:community"))
    assert response.status_code == 302
    assert notice_of(response) == sanction
    assert "_auth_user_id" not in client.session
    notice = client.get(response["Location"])
    html = notice.content.decode()
    assert "Your account is suspended" in html
    assert "Reclame in elk onderwerp" in html
    assert "You cannot log in until" in html


def test_a_suspended_member_cannot_log_in(
    client: Client, moderator: Member, member: Member
) -> None:
    sanction = suspend(moderator, member)
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert notice_of(response) == sanction
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "Your account is suspended until" in page.content.decode()


def test_login_works_again_after_the_suspension_is_lifted(
    client: Client, moderator: Member, member: Member
) -> None:
    sanction = suspend(moderator, member)
    services.lift_sanction(moderator, sanction=sanction, reason="Vergissing")
    client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert client.session.get("_auth_user_id") == str(member.pk)


def test_a_suspended_member_appeals_from_the_notice(
    client: Client, moderator: Member, member: Member
) -> None:
    sanction = suspend(moderator, member)
    url = banners.notice_url(sanction)
    empty = client.post(url, {"text": ""})
    assert empty.status_code == 200
    assert client.post(url, {"text": "Het was mijn broertje."}).status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.sanction == sanction
    assert "Het was mijn broertje." in client.get(url).content.decode()
    assert client.post(url, {"text": "Nog eens"}).status_code == 200
    assert Appeal.objects.count() == 1


def test_a_forged_notice_link_shows_nothing(client: Client) -> None:
    response = client.get(reverse("sanctions:suspension-notice") + "?t=nep")
    assert response.status_code == 404
    assert client.post(reverse("sanctions:suspension-notice"), {"text": "x"}).status_code == 404
    assert not Appeal.objects.exists()


def test_a_banned_members_session_ends(client: Client, manager: Member, member: Member) -> None:
    logged_in(client, member)
    services.ban_member(manager, member=member, reason_code=Reason.SPAM, reason="Spambot")
    response = client.get(reverse("wall:community"))
    # The account is inactive and its password hash changed: the old session counts for no one.
    assert not response.wsgi_request.user.is_authenticated
    assert not client.login(username="anne@example.nl", password=PASSWORD)
