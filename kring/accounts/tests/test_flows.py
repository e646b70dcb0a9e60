"""allauth's flows, end to end through the test client, in Kring's layout."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from kring.accounts.models import ApprovalStatus, Member
from kring.accounts.tests.html_checks import assert_accessible_page, links_in
from kring.core.sitesettings.models import SiteSettings

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Een-heel-nieuw-wachtwoord-77"


def _link(mail: Any, fragment: str) -> str:
    """The path of the link in `mail` that contains `fragment`."""
    link = next(link for link in links_in(mail.body) if fragment in link)
    return urlparse(link).path


def _sign_up(client: Client, email: str = "nina@example.nl", name: str = "Nina Nieuw") -> Any:
    return client.post(
        reverse("account_signup"),
        {"email": email, "display_name": name, "password1": PASSWORD, "password2": PASSWORD},
    )


def _log_in(client: Client, email: str, password: str = PASSWORD) -> Any:
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _logged_in_member(client: Client) -> Member | None:
    user_id = client.session.get("_auth_user_id")
    return Member.objects.filter(pk=user_id).first() if user_id else None


def _totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


# Pages --------------------------------------------------------------------------------------

ENTRANCE_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
]
MANAGE_PAGES = [
    "account_email",
    "account_change_password",
    "account_logout",
    "mfa_index",
]


@pytest.mark.parametrize("name", ENTRANCE_PAGES)
def test_entrance_pages_render_in_the_community_layout(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_accessible_page(response)


@pytest.mark.parametrize("name", MANAGE_PAGES)
def test_account_pages_render_in_the_community_layout(
    client: Client, member: Member, name: str
) -> None:
    client.force_login(member)
    response = client.get(reverse(name))
    assert response.status_code == 200
    page = assert_accessible_page(response)
    assert page.title.strip().endswith("Kring")
    assert b'<nav class="breadcrumbs"' in response.content  # the way back to the hub


def test_reauthenticate_page_renders_in_the_community_layout(
    client: Client, member: Member
) -> None:
    client.force_login(member)
    response = client.get(reverse("account_reauthenticate"))
    assert response.status_code == 200
    assert_accessible_page(response)


def test_pages_speak_dutch_by_default(client: Client) -> None:
    response = client.get(reverse("account_login"))
    assert response["Content-Language"] == "nl"
    assert b'<html lang="nl">' in response.content
    assert "Aanmelden" in response.content.decode()


def test_field_errors_are_tied_to_their_input(client: Client) -> None:
    response = client.post(
        reverse("account_signup"),
        {"email": "geen-adres", "display_name": "X", "password1": "a", "password2": "b"},
    )
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_errors"' in html
    assert 'id="id_email_errors"' in html


def test_password_rules_are_shown_as_a_list_not_as_escaped_html(client: Client) -> None:
    html = client.get(reverse("account_signup")).content.decode()
    assert "&lt;ul&gt;" not in html
    assert '<div class="field__help" id="id_password1_helptext"><ul>' in html


# Sign-up, e-mail verification, log in and out ------------------------------------------------


def test_sign_up_sends_a_verification_mail_whose_link_logs_in(
    client: Client, mailoutbox: list[Any]
) -> None:
    response = _sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    member = Member.objects.get(email="nina@example.nl")
    assert member.display_name == "Nina Nieuw"
    assert member.approval_status == ApprovalStatus.APPROVED
    assert _logged_in_member(client) is None
    assert len(mailoutbox) == 1
    community = SiteSettings.load().community_name
    assert f"{community}!" in mailoutbox[0].body  # greets with the community's name, never blank
    confirm = _link(mailoutbox[0], "/accounts/confirm-email/")

    page = client.get(confirm)
    assert page.status_code == 200
    assert_accessible_page(page)
    assert "Nina Nieuw" in page.content.decode()

    response = client.post(confirm)
    assert response.status_code == 302
    assert _logged_in_member(client) == member
    assert EmailAddress.objects.get(user=member).verified


def test_logging_in_and_out(client: Client, member: Member) -> None:
    response = _log_in(client, member.email)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _logged_in_member(client) == member
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert _logged_in_member(client) is None


def test_wrong_password_shows_an_error_without_echoing_the_address(
    client: Client, member: Member
) -> None:
    response = _log_in(client, member.email, "fout")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="form-errors"' in html
    assert member.email not in html


def test_password_reset_through_the_mailed_link(
    client: Client, member: Member, mailoutbox: list[Any]
) -> None:
    response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response["Location"] == reverse("account_reset_password_done")
    key_path = _link(mailoutbox[0], "/accounts/password/reset/key/")

    response = client.get(key_path)  # allauth moves the key into the session, then redirects
    assert response.status_code == 302
    form_page = client.get(response["Location"])
    assert form_page.status_code == 200
    assert_accessible_page(form_page)

    response = client.post(
        response["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    assert_accessible_page(client.get(response["Location"]))
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


def test_changing_the_email_address_takes_effect_only_once_verified(
    client: Client, member: Member, mailoutbox: list[Any]
) -> None:
    client.force_login(member)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "anne.nieuw@example.nl"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "anne@example.nl"
    mail = mailoutbox[-1]
    assert mail.to == ["anne.nieuw@example.nl"]
    pending = client.get(reverse("account_email"))
    assert_accessible_page(pending)
    assert b"anne.nieuw@example.nl" in pending.content

    client.post(_link(mail, "/accounts/confirm-email/"))
    member.refresh_from_db()
    assert member.email == "anne.nieuw@example.nl"
    assert list(EmailAddress.objects.filter(user=member).values_list("email", flat=True)) == [
        "anne.nieuw@example.nl"
    ]


def test_changing_the_password(client: Client, member: Member) -> None:
    client.force_login(member)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


# Two-factor authentication --------------------------------------------------------------------


def _activate_totp(client: Client, member: Member) -> str:
    client.force_login(member)
    # Setting up two-factor authentication asks for the password again first.
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert_accessible_page(page)
    secret: str = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": _totp_code(secret)})
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    return secret


def test_activating_totp_then_logging_in_needs_the_code(client: Client, member: Member) -> None:
    secret = _activate_totp(client, member)
    assert Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert codes.status_code == 200
    assert_accessible_page(codes)
    assert b'<textarea id="recovery_codes"' in codes.content
    assert_accessible_page(client.get(reverse("mfa_generate_recovery_codes")))
    client.post(reverse("account_logout"))

    response = _log_in(client, member.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert _logged_in_member(client) is None
    page = client.get(reverse("mfa_authenticate"))
    assert_accessible_page(page)

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert _logged_in_member(client) is None

    response = client.post(reverse("mfa_authenticate"), {"code": _totp_code(secret)})
    assert response.status_code == 302
    assert _logged_in_member(client) == member


def test_a_recovery_code_also_completes_the_login(client: Client, member: Member) -> None:
    _activate_totp(client, member)
    recovery = Authenticator.objects.get(user=member, type=Authenticator.Type.RECOVERY_CODES)
    code = recovery.wrap().get_unused_codes()[0]
    client.post(reverse("account_logout"))
    _log_in(client, member.email)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert _logged_in_member(client) == member


def test_deactivating_totp_page(client: Client, member: Member) -> None:
    _activate_totp(client, member)
    page = client.get(reverse("mfa_deactivate_totp"))
    assert page.status_code == 200
    assert_accessible_page(page)
    client.post(reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()


def test_activating_totp_asks_to_reauthenticate_after_a_remembered_login(
    client: Client, member: Member
) -> None:
    client.force_login(member)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    page = client.get(response["Location"])
    assert_accessible_page(page)
    confirmed = client.post(response["Location"], {"password": PASSWORD})
    assert confirmed.status_code == 302
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


# Throttling -----------------------------------------------------------------------------------


def test_five_failed_logins_for_one_account_answer_429(client: Client, member: Member) -> None:
    for _attempt in range(5):
        assert _log_in(client, member.email, "fout").status_code == 200
    response = _log_in(client, member.email)  # even the right password, for now
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 60
    assert "Te veel inlogpogingen" in response.content.decode()
    assert_accessible_page(response)
    assert _logged_in_member(client) is None


def test_failed_logins_from_one_address_across_accounts_answer_429(client: Client) -> None:
    for number in range(10):
        assert _log_in(client, f"onbekend{number}@example.nl", "fout").status_code == 200
    response = _log_in(client, "nog-een@example.nl", "fout")
    assert response.status_code == 429
    assert response["Retry-After"]


def test_allauths_own_rate_limits_answer_429_in_the_layout(client: Client, member: Member) -> None:
    for _attempt in range(5):
        client.post(reverse("account_reset_password"), {"email": member.email})
    response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 429
    assert response["Retry-After"]
    assert_accessible_page(response)
    assert "Te veel pogingen" in response.content.decode() or "Too many" in (
        response.content.decode()
    )
