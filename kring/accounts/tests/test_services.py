"""The writes of the accounts app, called directly."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import PASSWORD, MemberFactory
from kring.accounts import services
from kring.accounts.models import ApprovalStatus, Invitation, Member
from kring.accounts.roles import Role
from kring.core.permissions import Denied
from kring.core.sitesettings.models import SiteSettings
from kring.members.models import Profile

pytestmark = pytest.mark.django_db


# Deleting an account ------------------------------------------------------------------------


def test_delete_account_removes_the_member_and_their_profile(member: Member) -> None:
    member_id = member.pk
    services.delete_account(member, member=member, password=PASSWORD)
    assert not Member.objects.filter(pk=member_id).exists()
    assert not Profile.objects.filter(member_id=member_id).exists()
    assert not EmailAddress.objects.filter(user_id=member_id).exists()


def test_delete_account_lowers_the_member_count_of_the_members_groups(
    member: Member, employee: Member
) -> None:
    from kring.spaces import services as spaces_services
    from kring.spaces.models import Space

    group = spaces_services.create_group(employee, name="Warmtepompen")
    other = spaces_services.create_group(employee, name="Moestuin", visibility="private")
    spaces_services.join_group(member, space=group)
    spaces_services.request_to_join(member, space=other)  # asked only: not counted
    assert Space.objects.get(pk=group.pk).member_count == 2

    services.delete_account(member, member=member, password=PASSWORD)

    assert Space.objects.get(pk=group.pk).member_count == 1
    assert Space.objects.get(pk=other.pk).member_count == 1
    assert group.memberships.count() == 1
    assert other.memberships.count() == 1


def test_delete_account_needs_the_right_password(member: Member) -> None:
    with pytest.raises(ValidationError):
        services.delete_account(member, member=member, password="fout")
    assert Member.objects.filter(pk=member.pk).exists()


def test_nobody_deletes_someone_elses_account(member: Member, admin: Member) -> None:
    with pytest.raises(Denied):
        services.delete_account(admin, member=member, password=PASSWORD)


def test_the_last_admin_cannot_delete_their_account(admin: Member) -> None:
    with pytest.raises(Denied):
        services.delete_account(admin, member=admin, password=PASSWORD)
    MemberFactory(role=Role.ADMIN)
    services.delete_account(admin, member=admin, password=PASSWORD)


def test_invitations_survive_the_inviter_leaving(manager: Member) -> None:
    invitation = services.invite_member(manager, email="nieuw@example.nl")
    services.delete_account(manager, member=manager, password=PASSWORD)
    invitation.refresh_from_db()
    assert invitation.invited_by is None


# Approvals --------------------------------------------------------------------------------------


@pytest.fixture
def applicant(db: None) -> Member:
    return MemberFactory(
        display_name="Pim Wachtend",
        email="pim@example.nl",
        approval_status=ApprovalStatus.PENDING,
        language="en",
    )


def test_approve_member_lets_them_in_and_mails_them(
    manager: Member, applicant: Member, mailoutbox: list[Any]
) -> None:
    services.approve_member(manager, member=applicant)
    applicant.refresh_from_db()
    assert applicant.approval_status == ApprovalStatus.APPROVED
    (mail,) = mailoutbox
    assert mail.to == ["pim@example.nl"]
    assert "approved" in mail.subject  # in the applicant's own language (English)
    assert "/accounts/login/" in mail.body


def test_decline_member_mails_the_reason(
    manager: Member, applicant: Member, mailoutbox: list[Any]
) -> None:
    services.decline_member(manager, member=applicant, reason="Alleen voor klanten & partners.")
    applicant.refresh_from_db()
    assert applicant.approval_status == ApprovalStatus.DECLINED
    (mail,) = mailoutbox
    assert "Alleen voor klanten & partners." in mail.body  # plain text: nothing escaped
    assert "/accounts/delete/" in mail.body


def test_approval_mail_speaks_the_communitys_language_by_default(
    manager: Member, applicant: Member, mailoutbox: list[Any]
) -> None:
    applicant.language = ""
    applicant.save(update_fields=["language"])
    site = SiteSettings.load()
    site.community_name = "Klantenkring"
    site.default_language = "en"
    site.save()
    services.approve_member(manager, member=applicant)
    assert mailoutbox[0].subject == "Welcome to Klantenkring: your membership is approved"


@pytest.mark.parametrize("actor_name", ["member", "employee", "moderator"])
def test_only_managers_review_applications(
    request: pytest.FixtureRequest, actor_name: str, applicant: Member
) -> None:
    actor = request.getfixturevalue(actor_name)
    with pytest.raises(Denied):
        services.approve_member(actor, member=applicant)
    with pytest.raises(Denied):
        services.decline_member(actor, member=applicant)


def test_a_declined_applicant_can_be_approved_after_all(admin: Member, applicant: Member) -> None:
    services.decline_member(admin, member=applicant)
    services.approve_member(admin, member=applicant)
    assert applicant.approval_status == ApprovalStatus.APPROVED


def test_an_approved_member_cannot_be_declined(manager: Member, member: Member) -> None:
    with pytest.raises(Denied):
        services.decline_member(manager, member=member)


# Invitations ------------------------------------------------------------------------------------


def test_invite_member_mails_a_personal_link(manager: Member, mailoutbox: list[Any]) -> None:
    invitation = services.invite_member(manager, email="Nieuw@Example.nl", message="Kom je ook?")
    assert invitation.email == "nieuw@example.nl"
    assert invitation.invited_by == manager
    assert invitation.is_usable
    (mail,) = mailoutbox
    assert mail.to == ["nieuw@example.nl"]
    assert f"/accounts/invitation/{invitation.token}/" in mail.body
    assert "Kom je ook?" in mail.body
    assert manager.display_name in mail.body


def test_inviting_an_existing_account_is_refused(manager: Member, member: Member) -> None:
    with pytest.raises(ValidationError):
        services.invite_member(manager, email=member.email.upper())
    assert not Invitation.objects.exists()


def test_inviting_again_replaces_the_open_invitation(manager: Member) -> None:
    first = services.invite_member(manager, email="nieuw@example.nl")
    second = services.invite_member(manager, email="nieuw@example.nl")
    first.refresh_from_db()
    assert not first.is_usable
    assert second.is_usable


@pytest.mark.parametrize("actor_name", ["member", "employee", "moderator"])
def test_only_managers_invite(request: pytest.FixtureRequest, actor_name: str) -> None:
    with pytest.raises(Denied):
        services.invite_member(request.getfixturevalue(actor_name), email="x@example.nl")


def test_revoke_invitation(manager: Member) -> None:
    invitation = services.invite_member(manager, email="nieuw@example.nl")
    services.revoke_invitation(manager, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert not invitation.is_usable
    with pytest.raises(Denied):
        services.revoke_invitation(manager, invitation=invitation)


def test_an_expired_invitation_is_not_usable(manager: Member) -> None:
    invitation = services.invite_member(manager, email="nieuw@example.nl")
    invitation.expires_at = timezone.now() - timedelta(seconds=1)
    invitation.save(update_fields=["expires_at"])
    assert not invitation.is_usable


# Roles ------------------------------------------------------------------------------------------


def test_assign_role(manager: Member, member: Member) -> None:
    services.assign_role(manager, member=member, role=Role.MODERATOR)
    member.refresh_from_db()
    assert member.role == Role.MODERATOR


def test_a_manager_cannot_make_someone_manager(manager: Member, member: Member) -> None:
    with pytest.raises(Denied):
        services.assign_role(manager, member=member, role=Role.MANAGER)
    member.refresh_from_db()
    assert member.role == Role.MEMBER


def test_an_admin_demotes_another_admin(admin: Member) -> None:
    other = MemberFactory(role=Role.ADMIN)
    services.assign_role(admin, member=other, role=Role.MEMBER)
    other.refresh_from_db()
    assert other.role == Role.MEMBER
    assert admin.role == Role.ADMIN


def test_the_last_admin_cannot_be_demoted_even_by_themself(admin: Member) -> None:
    with pytest.raises(Denied):
        services.assign_role(admin, member=admin, role=Role.MEMBER)


# Language -------------------------------------------------------------------------------------


def test_set_language(member: Member, friend: Member) -> None:
    services.set_language(member, member=member, language="en")
    assert Member.objects.get(pk=member.pk).language == "en"
    services.set_language(member, member=member, language="")
    assert Member.objects.get(pk=member.pk).language == ""
    with pytest.raises(ValidationError):
        services.set_language(member, member=member, language="fr")
    with pytest.raises(Denied):
        services.set_language(friend, member=member, language="en")


def test_an_admin_demoted_meanwhile_cannot_demote_the_last_admin(admin: Member) -> None:
    other = MemberFactory(role=Role.ADMIN)
    Member.objects.filter(pk=admin.pk).update(role=Role.MEMBER)  # `admin` is now stale
    with pytest.raises(Denied):
        services.assign_role(admin, member=other, role=Role.MEMBER)
    other.refresh_from_db()
    assert other.role == Role.ADMIN
