"""The accounts app's own pages: settings hub, deleting an account, waiting room, community
management (approvals, invitations, roles), through the test client."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from typing import Any
from urllib.parse import urlparse

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD, EmailLeakCheckingClient, MemberFactory
from kring.accounts import services
from kring.accounts.models import ApprovalStatus, Invitation, Member
from kring.accounts.roles import Role
from kring.accounts.tests.html_checks import assert_accessible_page, links_in
from kring.core.sitesettings.models import RegistrationPolicy, SiteSettings

pytestmark = pytest.mark.django_db


def _policy(policy: RegistrationPolicy) -> None:
    site = SiteSettings.load()
    site.registration_policy = policy
    site.save()


def _sign_up(client: Client, email: str = "nina@example.nl") -> Any:
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "display_name": "Nina Nieuw",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


def _confirm_by_mail(client: Client, mail: Any) -> Any:
    link = next(link for link in links_in(mail.body) if "/accounts/confirm-email/" in link)
    return client.post(urlparse(link).path)


def _messages(response: Any) -> list[str]:
    """The messages shown on the page (Jinja2 responses carry no template context)."""
    return [
        unescape(text.strip())
        for text in re.findall(
            r'<p class="message message--[a-z]+">(.*?)</p>', response.content.decode(), re.S
        )
    ]


@pytest.fixture
def applicant(db: None) -> Member:
    applicant = MemberFactory(
        display_name="Pim Wachtend",
        email="pim@example.nl",
        approval_status=ApprovalStatus.PENDING,
    )
    applicant.profile.organisation = "Bakkerij Pim"
    applicant.profile.save(update_fields=["organisation"])
    return applicant


# Account settings -----------------------------------------------------------------------------


def test_settings_need_a_login(client: Client) -> None:
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_settings_hub_links_to_every_account_setting(client: Client, member: Member) -> None:
    client.force_login(member)
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 200
    assert_accessible_page(response)
    html = response.content.decode()
    for name in (
        "account_email",
        "account_change_password",
        "mfa_index",
        "accounts:language-edit",
        "accounts:account-delete",
    ):
        assert f'"{reverse(name)}"' in html, name


def test_choosing_a_language_switches_the_pages(client: Client, member: Member) -> None:
    client.force_login(member)
    response = client.post(reverse("accounts:language-edit"), {"language": "en"}, follow=True)
    member.refresh_from_db()
    assert member.language == "en"
    assert response["Content-Language"] == "en"
    assert _messages(response) == ["Your language preference has been saved."]


def test_an_unknown_language_is_refused(client: Client, member: Member) -> None:
    client.force_login(member)
    client.post(reverse("accounts:language-edit"), {"language": "fr"})
    member.refresh_from_db()
    assert member.language == ""


# Deleting an account --------------------------------------------------------------------------


def test_delete_page_warns_and_asks_for_the_password(client: Client, member: Member) -> None:
    client.force_login(member)
    response = client.get(reverse("accounts:account-delete"))
    assert response.status_code == 200
    assert_accessible_page(response)
    assert b'type="password"' in response.content
    assert b"message--warning" in response.content


def test_deleting_with_a_wrong_password_shows_an_error(client: Client, member: Member) -> None:
    client.force_login(member)
    response = client.post(reverse("accounts:account-delete"), {"password": "fout"})
    assert response.status_code == 200
    assert b'aria-invalid="true"' in response.content
    assert Member.objects.filter(pk=member.pk).exists()


def test_deleting_the_account_logs_out_and_says_goodbye(client: Client, member: Member) -> None:
    client.force_login(member)
    response = client.post(reverse("accounts:account-delete"), {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("core:home")
    assert not Member.objects.filter(pk=member.pk).exists()
    assert not response.wsgi_request.user.is_authenticated
    assert _messages(response) == ["Je account is verwijderd. Tot ziens, en bedankt!"]


def test_the_last_admin_is_told_why_they_cannot_delete(client: Client, admin: Member) -> None:
    client.force_login(admin)
    response = client.get(reverse("accounts:account-delete"))
    assert response.status_code == 403
    assert_accessible_page(response)
    assert b'type="password"' not in response.content
    response = client.post(reverse("accounts:account-delete"), {"password": PASSWORD})
    assert response.status_code == 403
    assert Member.objects.filter(pk=admin.pk).exists()


def test_guessing_the_password_on_the_delete_form_is_throttled(
    client: Client, member: Member
) -> None:
    client.force_login(member)
    statuses = [
        client.post(reverse("accounts:account-delete"), {"password": "fout"}).status_code
        for _attempt in range(11)
    ]
    assert statuses[-1] == 429
    assert Member.objects.filter(pk=member.pk).exists()


# Registration policies and the waiting room ------------------------------------------------


def test_open_sign_up_needs_a_verified_address(client: Client, mailoutbox: list[Any]) -> None:
    _sign_up(client)
    assert client.get(reverse("accounts:settings")).status_code == 302  # not logged in yet
    _confirm_by_mail(client, mailoutbox[0])
    member = Member.objects.get(email="nina@example.nl")
    assert member.approval_status == ApprovalStatus.APPROVED
    assert client.get(reverse("accounts:settings")).status_code == 200


def test_approval_policy_sends_new_members_to_the_waiting_room(
    client: Client, manager: Member, mailoutbox: list[Any]
) -> None:
    _policy(RegistrationPolicy.APPROVAL)
    _sign_up(client)
    response = _confirm_by_mail(client, mailoutbox[0])
    member = Member.objects.get(email="nina@example.nl")
    assert member.approval_status == ApprovalStatus.PENDING

    home = client.get(response["Location"])
    assert home.status_code == 302
    assert home["Location"] == reverse("accounts:waiting")
    waiting = client.get(reverse("accounts:waiting"))
    assert waiting.status_code == 200
    assert_accessible_page(waiting)
    assert "e-mail" in waiting.content.decode().lower()
    assert client.get(reverse("accounts:settings"))["Location"] == reverse("accounts:waiting")

    services.approve_member(manager, member=member)
    assert client.get("/").status_code == 200
    assert client.get(reverse("accounts:waiting"))["Location"] == reverse("core:home")


def test_a_declined_applicant_sees_so_and_may_delete_the_account(
    client: Client, manager: Member, applicant: Member
) -> None:
    services.decline_member(manager, member=applicant)
    client.force_login(applicant)
    waiting = client.get(reverse("accounts:waiting"))
    assert_accessible_page(waiting)
    assert f'"{reverse("accounts:account-delete")}"'.encode() in waiting.content
    client.post(reverse("accounts:account-delete"), {"password": PASSWORD})
    assert not Member.objects.filter(pk=applicant.pk).exists()


def test_invitation_policy_closes_sign_up_with_an_explanation(client: Client) -> None:
    _policy(RegistrationPolicy.INVITATION)
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert_accessible_page(response)
    assert b"invit" in response.content.lower() or b"uitnodig" in response.content.lower()
    assert b'name="password1"' not in response.content
    _sign_up(client)
    assert not Member.objects.filter(email="nina@example.nl").exists()


@pytest.mark.parametrize("policy", [RegistrationPolicy.INVITATION, RegistrationPolicy.APPROVAL])
def test_an_invitation_leads_to_sign_up_and_skips_verification_and_approval(
    client: Client, manager: Member, mailoutbox: list[Any], policy: RegistrationPolicy
) -> None:
    _policy(policy)
    services.invite_member(manager, email="nina@example.nl")
    link = next(link for link in links_in(mailoutbox[0].body) if "/invitation/" in link)

    response = client.get(urlparse(link).path)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_signup")
    signup = client.get(reverse("account_signup"))
    assert signup.status_code == 200
    assert b'value="nina@example.nl"' in signup.content

    response = _sign_up(client)
    assert response.status_code == 302
    member = Member.objects.get(email="nina@example.nl")
    assert member.approval_status == ApprovalStatus.APPROVED
    assert client.session["_auth_user_id"] == str(member.pk)  # no verification mail needed
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == member
    assert not invitation.is_usable
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(("state", "status"), [("revoked", 410), ("expired", 410), ("used", 410)])
def test_an_unusable_invitation_says_why(
    client: Client, manager: Member, member: Member, state: str, status: int
) -> None:
    invitation = services.invite_member(manager, email="nieuw@example.nl")
    if state == "revoked":
        services.revoke_invitation(manager, invitation=invitation)
    elif state == "expired":
        invitation.expires_at = timezone.now() - timedelta(days=1)
        invitation.save(update_fields=["expires_at"])
    else:
        invitation.accepted_by, invitation.accepted_at = member, timezone.now()
        invitation.save(update_fields=["accepted_by", "accepted_at"])
    response = client.get(reverse("accounts:invitation-accept", args=[invitation.token]))
    assert response.status_code == status
    assert_accessible_page(response)
    assert "kring_invitation_token" not in client.session


def test_an_unknown_invitation_link_answers_404_with_a_clear_page(client: Client) -> None:
    response = client.get(reverse("accounts:invitation-accept", args=["niet-bestaand"]))
    assert response.status_code == 404
    assert_accessible_page(response)


def test_an_invitation_link_opened_while_logged_in(
    client: Client, manager: Member, member: Member
) -> None:
    invitation = services.invite_member(manager, email="nieuw@example.nl")
    client.force_login(member)
    response = client.get(reverse("accounts:invitation-accept", args=[invitation.token]))
    assert response.status_code == 200
    assert_accessible_page(response)
    assert invitation.is_usable


# Community management -------------------------------------------------------------------------

MANAGEMENT_PAGES = [
    "accounts:manage",
    "accounts:approval-list",
    "accounts:invitation-list",
    "accounts:role-list",
]


@pytest.mark.parametrize("name", MANAGEMENT_PAGES)
@pytest.mark.parametrize("actor_name", ["member", "employee", "moderator"])
def test_management_pages_answer_403_in_the_layout_to_others(
    client: Client, request: pytest.FixtureRequest, name: str, actor_name: str
) -> None:
    client.force_login(request.getfixturevalue(actor_name))
    response = client.get(reverse(name))
    assert response.status_code == 403
    assert b'class="site-header"' in response.content


@pytest.mark.parametrize("name", MANAGEMENT_PAGES)
@pytest.mark.parametrize("actor_name", ["manager", "admin"])
def test_management_pages_open_for_managers_and_admins(
    client: Client, request: pytest.FixtureRequest, name: str, actor_name: str, applicant: Member
) -> None:
    client.force_login(request.getfixturevalue(actor_name))
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_accessible_page(response)


def test_the_hub_counts_pending_applications_and_shows_site_settings_to_admins(
    client: Client, manager: Member, admin: Member, applicant: Member
) -> None:
    client.force_login(manager)
    html = client.get(reverse("accounts:manage")).content.decode()
    assert "1 in afwachting" in html
    assert reverse("accounts:site-settings") not in html
    client.force_login(admin)
    assert (
        reverse("accounts:site-settings") in client.get(reverse("accounts:manage")).content.decode()
    )


def test_approval_list_shows_name_date_and_organisation_but_no_address_to_managers(
    client: Client, manager: Member, applicant: Member
) -> None:
    client.force_login(manager)
    html = client.get(reverse("accounts:approval-list")).content.decode()
    assert "Pim Wachtend" in html
    assert "Bakkerij Pim" in html
    assert applicant.email not in html  # the suite's client would also refuse the page


def test_approval_list_shows_the_address_to_admins(
    client: Client, admin: Member, applicant: Member
) -> None:
    client.force_login(admin)
    assert applicant.email in client.get(reverse("accounts:approval-list")).content.decode()


def test_approving_an_applicant_mails_them(
    client: Client, manager: Member, applicant: Member, mailoutbox: list[Any]
) -> None:
    client.force_login(manager)
    response = client.post(
        reverse("accounts:application-approve", args=[applicant.pk]), follow=True
    )
    applicant.refresh_from_db()
    assert applicant.approval_status == ApprovalStatus.APPROVED
    assert [mail.to for mail in mailoutbox] == [[applicant.email]]
    assert response.redirect_chain[-1][0] == reverse("accounts:approval-list")
    assert "Pim Wachtend" in _messages(response)[0]


def test_declining_an_applicant_with_a_reason(
    client: Client, manager: Member, applicant: Member, mailoutbox: list[Any]
) -> None:
    client.force_login(manager)
    client.post(
        reverse("accounts:application-decline", args=[applicant.pk]),
        {"reason": "Deze community is alleen voor klanten."},
    )
    applicant.refresh_from_db()
    assert applicant.approval_status == ApprovalStatus.DECLINED
    assert "Deze community is alleen voor klanten." in mailoutbox[0].body


@pytest.mark.parametrize("actor_name", ["member", "moderator"])
def test_others_cannot_approve(
    client: Client, request: pytest.FixtureRequest, actor_name: str, applicant: Member
) -> None:
    client.force_login(request.getfixturevalue(actor_name))
    response = client.post(reverse("accounts:application-approve", args=[applicant.pk]))
    assert response.status_code == 403
    applicant.refresh_from_db()
    assert applicant.approval_status == ApprovalStatus.PENDING


def test_approving_someone_who_is_not_an_applicant_is_404(
    client: Client, manager: Member, member: Member
) -> None:
    client.force_login(manager)
    response = client.post(reverse("accounts:application-approve", args=[member.pk]))
    assert response.status_code == 404


# Invitations ------------------------------------------------------------------------------------


def test_inviting_several_addresses_at_once(
    client: Client, manager: Member, mailoutbox: list[Any]
) -> None:
    client.force_login(manager)
    response = client.post(
        reverse("accounts:invitation-list"),
        {"emails": "een@example.nl, twee@example.nl\ndrie@example.nl", "message": "Welkom!"},
        follow=True,
    )
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "drie@example.nl",
        "een@example.nl",
        "twee@example.nl",
    ]
    assert all("Welkom!" in mail.body for mail in mailoutbox)
    html = response.content.decode()
    assert "twee@example.nl" in html  # listed with its status
    assert Invitation.objects.count() == 3


def test_inviting_a_member_gives_a_form_error_without_naming_the_address(
    client: Client, manager: Member, member: Member, mailoutbox: list[Any]
) -> None:
    client.force_login(manager)
    response = client.post(
        reverse("accounts:invitation-list"), {"emails": f"nieuw@example.nl {member.email}"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_emails_errors"' in html
    assert member.email not in html
    assert "nieuw@example.nl" in html  # kept in the list to send again
    assert mailoutbox == []


def test_admins_are_told_which_address_has_an_account(
    client: Client, admin: Member, member: Member
) -> None:
    client.force_login(admin)
    response = client.post(reverse("accounts:invitation-list"), {"emails": member.email})
    assert member.email in response.content.decode()
    assert not Invitation.objects.exists()


def test_invalid_addresses_are_named(client: Client, manager: Member) -> None:
    client.force_login(manager)
    response = client.post(reverse("accounts:invitation-list"), {"emails": "geen-adres"})
    assert "geen-adres" in response.content.decode()
    assert b'aria-invalid="true"' in response.content


def test_an_accepted_invitation_shows_the_member_not_the_address_to_managers(
    client: Client, manager: Member, member: Member
) -> None:
    invitation = Invitation.objects.create(email=member.email, invited_by=manager)
    invitation.accepted_by, invitation.accepted_at = member, timezone.now()
    invitation.save(update_fields=["accepted_by", "accepted_at"])
    client.force_login(manager)
    html = client.get(reverse("accounts:invitation-list")).content.decode()
    assert member.display_name in html


def test_revoking_an_invitation(client: Client, manager: Member) -> None:
    invitation = services.invite_member(manager, email="nieuw@example.nl")
    client.force_login(manager)
    client.post(reverse("accounts:invitation-revoke", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


# Roles ------------------------------------------------------------------------------------------


def test_role_list_filters_by_role_and_searches_by_name(
    client: Client, manager: Member, member: Member, friend: Member, moderator: Member
) -> None:
    client.force_login(manager)
    html = client.get(reverse("accounts:role-list"), {"role": "moderator"}).content.decode()
    assert moderator.display_name in html
    assert member.display_name not in html
    html = client.get(reverse("accounts:role-list"), {"q": "bram"}).content.decode()
    assert friend.display_name in html
    assert member.display_name not in html


def test_managers_are_offered_only_the_roles_they_may_give(
    client: Client, manager: Member, member: Member, admin: Member
) -> None:
    client.force_login(manager)
    html = client.get(reverse("accounts:role-list")).content.decode()
    assert f'id="role-{member.pk}"' in html
    assert 'value="manager"' not in html.split('id="role-', 1)[1].split("</select>", 1)[0]
    assert f'id="role-{admin.pk}"' not in html  # an admin's role is not theirs to change
    assert f'id="role-{manager.pk}"' not in html  # nor their own


def test_assigning_a_role(client: Client, manager: Member, member: Member) -> None:
    client.force_login(manager)
    response = client.post(
        reverse("accounts:role-assign", args=[member.pk]),
        {"role": "employee", "next": reverse("accounts:role-list") + "?q=Anne"},
    )
    assert response["Location"] == reverse("accounts:role-list") + "?q=Anne"
    member.refresh_from_db()
    assert member.role == Role.EMPLOYEE


def test_a_crafted_post_cannot_make_someone_admin(
    client: Client, manager: Member, member: Member
) -> None:
    client.force_login(manager)
    response = client.post(
        reverse("accounts:role-assign", args=[member.pk]), {"role": "admin"}, follow=True
    )
    member.refresh_from_db()
    assert member.role == Role.MEMBER
    assert _messages(response)


def test_role_assign_never_redirects_elsewhere(
    client: Client, manager: Member, member: Member
) -> None:
    client.force_login(manager)
    response = client.post(
        reverse("accounts:role-assign", args=[member.pk]),
        {"role": "employee", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("accounts:role-list")


@pytest.mark.parametrize("actor_name", ["member", "employee", "moderator"])
def test_others_cannot_assign_roles(
    client: Client, request: pytest.FixtureRequest, actor_name: str, friend: Member
) -> None:
    client.force_login(request.getfixturevalue(actor_name))
    response = client.post(reverse("accounts:role-assign", args=[friend.pk]), {"role": "admin"})
    assert response.status_code == 403
    friend.refresh_from_db()
    assert friend.role == Role.MEMBER


# CSRF -------------------------------------------------------------------------------------------


@pytest.fixture
def csrf_client() -> Client:
    return EmailLeakCheckingClient(enforce_csrf_checks=True)


def test_login_without_a_csrf_token_is_refused(csrf_client: Client, member: Member) -> None:
    response = csrf_client.post(
        reverse("account_login"), {"login": member.email, "password": PASSWORD}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in csrf_client.session


def test_role_change_without_a_csrf_token_is_refused(
    csrf_client: Client, admin: Member, member: Member
) -> None:
    csrf_client.force_login(admin)
    response = csrf_client.post(
        reverse("accounts:role-assign", args=[member.pk]), {"role": "admin"}
    )
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.role == Role.MEMBER


def test_approval_without_a_csrf_token_is_refused(
    csrf_client: Client, manager: Member, applicant: Member
) -> None:
    csrf_client.force_login(manager)
    response = csrf_client.post(reverse("accounts:application-approve", args=[applicant.pk]))
    assert response.status_code == 403
    applicant.refresh_from_db()
    assert applicant.approval_status == ApprovalStatus.PENDING


def test_deleting_without_a_csrf_token_is_refused(csrf_client: Client, member: Member) -> None:
    csrf_client.force_login(member)
    response = csrf_client.post(reverse("accounts:account-delete"), {"password": PASSWORD})
    assert response.status_code == 403
    assert Member.objects.filter(pk=member.pk).exists()


# Query counts -----------------------------------------------------------------------------------


def _query_count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["accounts:role-list", "accounts:approval-list"])
def test_management_lists_issue_a_fixed_number_of_queries(
    client: Client, admin: Member, name: str
) -> None:
    client.force_login(admin)
    MemberFactory.create_batch(2, approval_status=ApprovalStatus.PENDING)
    MemberFactory.create_batch(2, role=Role.ADMIN)
    _query_count(client, reverse(name))  # warm the caches (site settings, session)
    few = _query_count(client, reverse(name))
    MemberFactory.create_batch(8, approval_status=ApprovalStatus.PENDING)
    MemberFactory.create_batch(8, role=Role.ADMIN)
    MemberFactory.create_batch(8, role=Role.MODERATOR)
    assert _query_count(client, reverse(name)) == few
