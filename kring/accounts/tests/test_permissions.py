"""Who may assign which role, review applications, invite, delete an account."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from conftest import MemberFactory
from kring.accounts import permissions
from kring.accounts.models import ApprovalStatus, Member
from kring.accounts.roles import Role

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "member", "employee", "moderator", "manager", "admin"]


@pytest.fixture
def actors(request: pytest.FixtureRequest) -> dict[str, object]:
    return {name: request.getfixturevalue(name) for name in ACTORS}


def _target(role: Role) -> Member:
    return MemberFactory(display_name=f"Doel {role}", role=role)


# (actor, target's current role, new role) -> allowed
ROLE_MATRIX = {
    # Members, employees and moderators assign nothing.
    **{
        (actor, current, new): False
        for actor in ("anonymous", "member", "employee", "moderator")
        for current in Role
        for new in Role
    },
    # Managers: member/employee/moderator among themselves, never manager or admin.
    **{
        ("manager", current, new): (
            current in (Role.MEMBER, Role.EMPLOYEE, Role.MODERATOR)
            and new in (Role.MEMBER, Role.EMPLOYEE, Role.MODERATOR)
        )
        for current in Role
        for new in Role
    },
    # Admins: anything (another admin exists, so demoting one is fine).
    **{("admin", current, new): True for current in Role for new in Role},
}


@pytest.mark.parametrize(("actor", "current", "new"), sorted(ROLE_MATRIX))
def test_can_assign_role_matrix(
    actors: dict[str, object], actor: str, current: Role, new: Role
) -> None:
    target = _target(current)
    assert (
        permissions.can_assign_role(actors[actor], target, new)
        is ROLE_MATRIX[(actor, current, new)]
    )


@pytest.mark.parametrize("actor", ["manager", "admin"])
def test_nobody_changes_their_own_role(actors: dict[str, object], actor: str) -> None:
    own = actors[actor]
    assert isinstance(own, Member)
    assert not permissions.can_assign_role(own, own, Role.MEMBER)
    assert not permissions.can_assign_role(own, own, own.role)


def test_the_last_admin_cannot_be_demoted(admin: Member) -> None:
    inactive = MemberFactory(role=Role.ADMIN)
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    assert permissions.is_last_admin(admin)  # an inactive admin administers nothing
    assert not permissions.can_assign_role(admin, admin, Role.MANAGER)
    second = MemberFactory(role=Role.ADMIN)
    assert not permissions.is_last_admin(admin)
    assert permissions.can_assign_role(second, admin, Role.MANAGER)


def test_roles_go_only_to_approved_members(admin: Member) -> None:
    pending = MemberFactory(approval_status=ApprovalStatus.PENDING)
    assert not permissions.can_assign_role(admin, pending, Role.EMPLOYEE)


def test_an_unknown_role_is_refused(admin: Member, member: Member) -> None:
    assert not permissions.can_assign_role(admin, member, "koning")


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("anonymous", False),
        ("member", False),
        ("employee", False),
        ("moderator", False),
        ("manager", True),
        ("admin", True),
    ],
)
def test_reviewing_and_inviting_is_for_managers_and_admins(
    actors: dict[str, object], actor: str, allowed: bool
) -> None:
    assert permissions.can_review_applications(actors[actor]) is allowed
    assert permissions.can_invite_members(actors[actor]) is allowed
    assert permissions.can_manage_community(actors[actor]) is allowed


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("anonymous", False),
        ("member", False),
        ("employee", False),
        ("moderator", False),
        ("manager", False),
        ("admin", True),
    ],
)
def test_only_admins_see_addresses_and_site_settings(
    actors: dict[str, object], actor: str, allowed: bool
) -> None:
    assert permissions.can_see_member_email(actors[actor]) is allowed
    assert permissions.can_edit_site_settings(actors[actor]) is allowed


def test_members_delete_only_their_own_account(member: Member, friend: Member) -> None:
    assert permissions.can_delete_account(member, member)
    assert not permissions.can_delete_account(friend, member)
    assert not permissions.can_delete_account(AnonymousUser(), member)


def test_the_last_admin_cannot_delete_their_account(admin: Member) -> None:
    assert not permissions.can_delete_account(admin, admin)
    MemberFactory(role=Role.ADMIN)
    assert permissions.can_delete_account(admin, admin)
