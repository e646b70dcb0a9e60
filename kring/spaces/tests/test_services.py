"""Every write of groups: each transition, each refusal with its message, and the member
counter, which always equals a recount of the active memberships."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection
from PIL import Image

from conftest import MemberFactory
from kring.accounts.models import ApprovalStatus, Member
from kring.accounts.roles import Role
from kring.core.permissions import Denied
from kring.social.models import Block
from kring.spaces import services
from kring.spaces.models import (
    Audience,
    GroupRole,
    Membership,
    MembershipStatus,
    Space,
    SpaceTag,
    Visibility,
)
from kring.spaces.queries import visible_groups
from kring.spaces.tests.samples import (
    EMPLOYEES,
    PRIVATE,
    PUBLIC,
    SECRET,
    add_membership,
    image_bytes,
    jpeg_with_exif,
    make_group,
    recount,
    stored_files,
    suspend,
    upload,
)

pytestmark = pytest.mark.django_db

ATTEMPTS = 500


def status_of(space: Space, member: Member) -> str | None:
    membership = Membership.objects.filter(space=space, member=member).first()
    return membership.status if membership else None


def assert_counted(space: Space, expected: int) -> None:
    assert recount(space) == (expected, expected)


# Creating a group


def test_create_group_makes_the_creator_its_owner_and_only_member(member: Member) -> None:
    space = services.create_group(
        member,
        name="  Fietsen   in Utrecht ",
        description="Samen **fietsen**.<script>alert(1)</script>",
        visibility=PRIVATE,
        audience=Audience.EVERYONE,
        tags="Fietsen, buiten, fietsen",
    )

    assert space.name == "Fietsen in Utrecht"
    assert space.slug == "fietsen-in-utrecht"
    assert space.is_group
    assert space.visibility == PRIVATE
    assert "<strong>fietsen</strong>" in space.description_html
    assert "<script" not in space.description_html
    assert {t.name for t in space.tags.all()} == {"Fietsen", "buiten"}
    owner = Membership.objects.get(space=space)
    assert (owner.member, owner.role, owner.status) == (member, "owner", "active")
    assert owner.joined_at is not None
    assert_counted(space, 1)


def test_create_group_finds_a_free_address(member: Member) -> None:
    first = services.create_group(member, name="Koffie & thee")
    second = services.create_group(member, name="Koffie & thee")
    reserved = services.create_group(member, name="Nieuw")
    unicode = services.create_group(member, name="Crème brûlée café")
    symbols = services.create_group(member, name="!!!")

    assert (first.slug, second.slug) == ("koffie-thee", "koffie-thee-2")
    assert reserved.slug == "nieuw-2"  # /groepen/nieuw/ is the page to start a group
    assert unicode.slug == "crème-brûlée-café"
    assert symbols.slug == "group"


def test_tags_are_shared_by_slug_and_keep_accents(member: Member) -> None:
    services.create_group(member, name="Een", tags="Café, Koken")
    second = services.create_group(member, name="Twee", tags=["café", "Crème brûlée"])

    assert SpaceTag.objects.count() == 3
    assert sorted(t.slug for t in second.tags.all()) == ["café", "crème-brûlée"]
    assert SpaceTag.objects.get(slug="café").name == "Café"  # the first spelling stays


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "   "}, "name", "Give the group a name."),
        ({"name": "x" * 81}, "name", "at most 80 characters"),
        ({"description": "x" * 4001}, "description", "at most 4000 characters"),
        ({"visibility": "hidden"}, "visibility", "Choose who can see and read the group."),
        ({"audience": "friends"}, "audience", "Choose who the group is for."),
        ({"tags": ",".join(f"t{i}" for i in range(9))}, "tags", "at most 8 tags"),
        ({"tags": "x" * 41}, "tags", "at most 40 characters"),
        ({"tags": "!!!"}, "tags", "no letters or digits"),
    ],
)
def test_create_group_names_the_field_of_bad_input(
    employee: Member, changes: dict[str, Any], field: str, message: str
) -> None:
    arguments: dict[str, Any] = {"name": "Groep", **changes}
    with pytest.raises(ValidationError) as caught:
        services.create_group(employee, **arguments)
    assert field in caught.value.message_dict
    assert message in " ".join(caught.value.message_dict[field])
    assert not Space.objects.exists()


def test_only_participants_may_start_a_group(anonymous: Any, member: Member) -> None:
    pending = MemberFactory(approval_status=ApprovalStatus.PENDING)
    for actor in (anonymous, pending, suspend(MemberFactory())):
        with pytest.raises(Denied, match="Only approved members who are not suspended"):
            services.create_group(actor, name="Groep")
    assert not Space.objects.exists()


def test_only_employees_start_an_employees_only_group(member: Member, employee: Member) -> None:
    with pytest.raises(Denied, match="Only employees can start an employees-only group"):
        services.create_group(member, name="Intern", audience=EMPLOYEES)
    space = services.create_group(employee, name="Intern", audience=EMPLOYEES)
    assert space.audience == EMPLOYEES


def test_a_cover_is_re_encoded_without_metadata_and_at_most_1600_wide(
    member: Member, media: Path
) -> None:
    space = services.create_group(
        member, name="Met omslag", cover=upload(jpeg_with_exif(), "photo.jpg", "image/jpeg")
    )

    assert space.cover.name.startswith("covers/")
    assert space.cover.name.endswith(".webp")
    with Image.open(space.cover.path) as stored:
        assert stored.format == "WEBP"
        assert stored.size == (1600, 400)
        assert not stored.getexif()
    assert b"SecretCam" not in Path(space.cover.path).read_bytes()


def test_an_unusable_cover_is_a_field_error_and_leaves_nothing_behind(
    member: Member, media: Path
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_group(member, name="Groep", cover=upload(b"<html>not a picture</html>"))
    assert "not a picture we can use" in caught.value.message_dict["cover"][0]
    too_big = upload(b"0" * (5 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError) as caught:
        services.create_group(member, name="Groep", cover=too_big)
    assert "at most 5 MB" in caught.value.message_dict["cover"][0]
    assert stored_files(media) == []
    assert not Space.objects.exists()


# Changing a group


def test_update_group_changes_texts_tags_and_settings_but_keeps_the_address(
    employee: Member,
) -> None:
    space = services.create_group(employee, name="Oud", tags="een, twee")

    updated = services.update_group(
        employee,
        space=space,
        name="Nieuw begin",
        description="*Vernieuwd*",
        visibility=SECRET,
        audience=EMPLOYEES,
        tags="drie",
    )

    assert (updated.name, updated.slug) == ("Nieuw begin", "oud")
    assert updated.description_html.strip() == "<p><em>Vernieuwd</em></p>"
    assert (updated.visibility, updated.audience) == (SECRET, EMPLOYEES)
    assert [t.name for t in updated.tags.all()] == ["drie"]


def test_update_group_leaves_what_is_not_given(member: Member) -> None:
    space = services.create_group(member, name="Groep", description="Tekst", tags="een")
    updated = services.update_group(member, space=space, name="Andere naam")
    assert (updated.description, updated.visibility) == ("Tekst", PUBLIC)
    assert [t.name for t in updated.tags.all()] == ["een"]


def test_only_the_owner_and_community_managers_change_a_group(
    member: Member, friend: Member, moderator: Member, manager: Member
) -> None:
    space = services.create_group(member, name="Groep")
    add_membership(space, friend, role=GroupRole.MODERATOR)
    for actor in (friend, moderator):
        with pytest.raises(Denied, match="Only the group's owner and community managers"):
            services.update_group(actor, space=space, name="Gekaapt")
    assert services.update_group(manager, space=space, name="Hersteld").name == "Hersteld"


def test_a_customer_owner_cannot_make_the_group_employees_only(member: Member) -> None:
    space = services.create_group(member, name="Groep")
    with pytest.raises(Denied, match="Only employees can change who a group is for"):
        services.update_group(member, space=space, audience=EMPLOYEES)


def test_replacing_and_removing_the_cover_deletes_the_old_file(
    member: Member, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        space = services.create_group(member, name="Groep", cover=upload(image_bytes()))
    first = Path(space.cover.path)
    with django_capture_on_commit_callbacks(execute=True):
        space = services.update_group(member, space=space, cover=upload(image_bytes(colour="blue")))
    assert not first.exists()
    assert stored_files(media) == [Path(space.cover.path)]
    with django_capture_on_commit_callbacks(execute=True):
        space = services.update_group(member, space=space, remove_cover=True)
    assert not space.cover
    assert stored_files(media) == []


# Joining a public group


def test_join_group_makes_an_active_member_and_counts_them(member: Member) -> None:
    space = make_group(PUBLIC)
    membership = services.join_group(member, space=space)
    assert (membership.status, membership.role) == ("active", "member")
    assert membership.joined_at is not None
    assert space.member_count == 2
    assert_counted(space, 2)


def test_joining_twice_counts_once(member: Member) -> None:
    space = make_group(PUBLIC)
    services.join_group(member, space=space)
    again = services.join_group(member, space=space)
    assert again.status == "active"
    assert_counted(space, 2)


@pytest.mark.parametrize(
    ("visibility", "audience", "message"),
    [
        (PRIVATE, Audience.EVERYONE, "by request or invitation only"),
        (SECRET, Audience.EVERYONE, "by request or invitation only"),
        (PUBLIC, EMPLOYEES, "This group is for employees only."),
    ],
)
def test_join_group_refuses_what_is_not_open_to_the_member(
    member: Member, visibility: str, audience: str, message: str
) -> None:
    space = make_group(visibility, audience)
    with pytest.raises(Denied, match=message):
        services.join_group(member, space=space)
    assert_counted(space, 1)


def test_suspended_and_pending_members_do_not_join(anonymous: Any) -> None:
    space = make_group(PUBLIC)
    pending = MemberFactory(approval_status=ApprovalStatus.PENDING)
    for actor in (suspend(MemberFactory()), pending):
        with pytest.raises(Denied, match="not suspended"):
            services.join_group(actor, space=space)
    assert_counted(space, 1)


def test_joining_a_public_group_takes_up_an_invitation(member: Member) -> None:
    space = make_group(PUBLIC)
    add_membership(space, member, MembershipStatus.INVITED)
    services.join_group(member, space=space)
    assert status_of(space, member) == "active"
    assert_counted(space, 2)


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_joins_leave_an_exact_count() -> None:
    space = make_group(PUBLIC)
    joiners = [MemberFactory() for _ in range(50)]
    # Ten of them click twice: they must still count once.
    clicks = joiners + joiners[:10]
    start = threading.Barrier(len(clicks))
    errors: list[BaseException] = []

    def click(member: Member) -> None:
        try:
            start.wait()
            for attempt in range(ATTEMPTS):
                try:
                    services.join_group(member, space=space)
                    return
                except OperationalError as error:
                    # SQLite (shared in-memory test database) refuses a second writer outright
                    # ("table is locked") instead of waiting; the whole join was rolled back, so
                    # trying again is what a waiting PostgreSQL does for us.
                    if "locked" not in str(error) or attempt == ATTEMPTS - 1:
                        raise
                    time.sleep(random.uniform(0.001, 0.01))  # noqa: S311
        except BaseException as error:  # noqa: BLE001  (reported below, in the test thread)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(m,)) for m in clicks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert_counted(space, 51)


# Asking to join a private group


def test_request_to_join_waits_for_approval_without_counting(member: Member) -> None:
    space = make_group(PRIVATE)
    membership = services.request_to_join(member, space=space)
    assert membership.status == "requested"
    assert membership.joined_at is None
    assert services.request_to_join(member, space=space).pk == membership.pk
    assert_counted(space, 1)


@pytest.mark.parametrize(
    ("visibility", "audience", "message"),
    [
        (PUBLIC, Audience.EVERYONE, "a public group you can simply join"),
        (SECRET, Audience.EVERYONE, "Only private groups take requests"),
        (PRIVATE, EMPLOYEES, "This group is for employees only."),
    ],
)
def test_request_to_join_refuses_other_groups(
    member: Member, visibility: str, audience: str, message: str
) -> None:
    space = make_group(visibility, audience)
    with pytest.raises(Denied, match=message):
        services.request_to_join(member, space=space)
    assert status_of(space, member) is None


def test_request_to_join_refuses_members_and_invitees(member: Member, friend: Member) -> None:
    space = make_group(PRIVATE)
    add_membership(space, member)
    add_membership(space, friend, MembershipStatus.INVITED)
    with pytest.raises(Denied, match="already a member"):
        services.request_to_join(member, space=space)
    with pytest.raises(Denied, match="accept the invitation instead"):
        services.request_to_join(friend, space=space)


def test_cancel_join_request_withdraws_it(member: Member) -> None:
    space = make_group(PRIVATE)
    services.request_to_join(member, space=space)
    assert services.cancel_join_request(member, space=space) is True
    assert status_of(space, member) is None
    assert services.cancel_join_request(member, space=space) is False


def test_cancel_join_request_never_touches_an_active_membership(member: Member) -> None:
    space = make_group(PRIVATE)
    add_membership(space, member)
    assert services.cancel_join_request(member, space=space) is False
    assert_counted(space, 2)


# Approving and declining requests


@pytest.fixture
def private_group(employee: Member) -> Space:
    return make_group(PRIVATE, owner=employee)


def test_the_owner_approves_a_request(
    private_group: Space, employee: Member, member: Member
) -> None:
    request = services.request_to_join(member, space=private_group)
    approved = services.approve_join_request(employee, membership=request)
    assert approved.status == "active"
    assert approved.joined_at is not None
    assert_counted(private_group, 2)
    # A second click changes nothing.
    services.approve_join_request(employee, membership=request)
    assert_counted(private_group, 2)


def test_group_and_site_moderators_approve_requests(
    private_group: Space, friend: Member, moderator: Member, member: Member, stranger: Member
) -> None:
    add_membership(private_group, friend, role=GroupRole.MODERATOR)
    services.approve_join_request(
        friend, membership=services.request_to_join(member, space=private_group)
    )
    services.approve_join_request(
        moderator, membership=services.request_to_join(stranger, space=private_group)
    )
    assert_counted(private_group, 4)


def test_members_cannot_approve_requests(
    private_group: Space, friend: Member, member: Member
) -> None:
    add_membership(private_group, friend)
    request = services.request_to_join(member, space=private_group)
    with pytest.raises(Denied, match="Only the group's owner and moderators"):
        services.approve_join_request(friend, membership=request)
    with pytest.raises(Denied, match="Only the group's owner and moderators"):
        services.approve_join_request(member, membership=request)
    assert status_of(private_group, member) == "requested"


def test_a_withdrawn_request_cannot_be_approved(
    private_group: Space, employee: Member, member: Member
) -> None:
    request = services.request_to_join(member, space=private_group)
    services.cancel_join_request(member, space=private_group)
    with pytest.raises(ValidationError, match="no longer open"):
        services.approve_join_request(employee, membership=request)
    assert_counted(private_group, 1)


def test_declining_a_request_removes_it(
    private_group: Space, employee: Member, member: Member
) -> None:
    request = services.request_to_join(member, space=private_group)
    assert services.decline_join_request(employee, membership=request) is True
    assert status_of(private_group, member) is None
    assert services.decline_join_request(employee, membership=request) is False
    assert_counted(private_group, 1)


def test_declining_is_for_managers(private_group: Space, friend: Member, member: Member) -> None:
    request = services.request_to_join(member, space=private_group)
    with pytest.raises(Denied, match="Only the group's owner and moderators"):
        services.decline_join_request(friend, membership=request)


# Invitations


@pytest.fixture
def secret_group(employee: Member) -> Space:
    return make_group(SECRET, owner=employee)


def test_an_invitation_reveals_a_secret_group_and_accepting_it_makes_a_member(
    secret_group: Space, employee: Member, member: Member
) -> None:
    assert not visible_groups(member).filter(pk=secret_group.pk).exists()

    invitation = services.invite_to_group(employee, space=secret_group, member=member)

    assert (invitation.status, invitation.invited_by) == ("invited", employee)
    assert visible_groups(member).filter(pk=secret_group.pk).exists()
    assert_counted(secret_group, 1)
    membership = services.accept_group_invitation(member, space=secret_group)
    assert membership.status == "active"
    assert_counted(secret_group, 2)
    assert services.accept_group_invitation(member, space=secret_group).status == "active"
    assert_counted(secret_group, 2)


def test_declining_an_invitation_removes_it(
    secret_group: Space, employee: Member, member: Member
) -> None:
    services.invite_to_group(employee, space=secret_group, member=member)
    assert services.decline_group_invitation(member, space=secret_group) is True
    assert status_of(secret_group, member) is None
    assert not visible_groups(member).filter(pk=secret_group.pk).exists()
    assert services.decline_group_invitation(member, space=secret_group) is False


def test_accepting_without_an_invitation_is_refused(secret_group: Space, member: Member) -> None:
    with pytest.raises(Denied, match="You have no invitation to this group"):
        services.accept_group_invitation(member, space=secret_group)
    assert_counted(secret_group, 1)


def test_a_suspended_invitee_cannot_accept(
    secret_group: Space, employee: Member, member: Member
) -> None:
    services.invite_to_group(employee, space=secret_group, member=member)
    suspend(member)
    with pytest.raises(Denied, match="not suspended"):
        services.accept_group_invitation(member, space=secret_group)


def test_inviting_twice_keeps_one_invitation(
    secret_group: Space, employee: Member, member: Member
) -> None:
    first = services.invite_to_group(employee, space=secret_group, member=member)
    assert services.invite_to_group(employee, space=secret_group, member=member).pk == first.pk


def test_only_managers_invite(secret_group: Space, friend: Member, member: Member) -> None:
    add_membership(secret_group, friend)
    with pytest.raises(Denied, match="Only the group's owner and moderators"):
        services.invite_to_group(friend, space=secret_group, member=member)
    with pytest.raises(Denied, match="Only the group's owner and moderators"):
        services.invite_to_group(member, space=secret_group, member=member)


def test_invitations_refuse_who_cannot_or_need_not_be_invited(
    secret_group: Space, employee: Member, member: Member, friend: Member, stranger: Member
) -> None:
    add_membership(secret_group, friend)
    add_membership(secret_group, stranger, MembershipStatus.REQUESTED)
    pending = MemberFactory(approval_status=ApprovalStatus.PENDING)
    cases = [
        (employee, "You cannot invite yourself."),
        (pending, "This member cannot be invited."),
        (friend, "is already a member of this group"),
        (stranger, "has already asked to join"),
    ]
    for invitee, message in cases:
        with pytest.raises(ValidationError, match=message):
            services.invite_to_group(employee, space=secret_group, member=invitee)
    Block.objects.create(blocker=member, blocked=employee)
    with pytest.raises(ValidationError, match="You cannot invite Anne de Vries"):
        services.invite_to_group(employee, space=secret_group, member=member)


def test_customers_are_not_invited_to_employees_groups(employee: Member, member: Member) -> None:
    internal = make_group(SECRET, EMPLOYEES, owner=employee)
    with pytest.raises(ValidationError, match="is not an employee"):
        services.invite_to_group(employee, space=internal, member=member)


# Leaving and removing


def test_leave_group_uncounts_the_member(member: Member) -> None:
    space = make_group(PUBLIC)
    services.join_group(member, space=space)
    assert services.leave_group(member, space=space) is True
    assert status_of(space, member) is None
    assert_counted(space, 1)
    assert services.leave_group(member, space=space) is False
    assert_counted(space, 1)


def test_the_owner_must_transfer_before_leaving(employee: Member) -> None:
    space = make_group(owner=employee)
    with pytest.raises(Denied, match="transfer the ownership to another member"):
        services.leave_group(employee, space=space)
    assert_counted(space, 1)


def test_a_suspended_member_may_still_leave(member: Member) -> None:
    space = make_group(PUBLIC)
    add_membership(space, member)
    suspend(member)
    assert services.leave_group(member, space=space) is True
    assert_counted(space, 1)


def test_the_owner_removes_members_and_withdraws_invitations(
    employee: Member, member: Member, friend: Member
) -> None:
    space = make_group(PRIVATE, owner=employee)
    active = add_membership(space, member)
    invited = add_membership(space, friend, MembershipStatus.INVITED)

    assert services.remove_from_group(employee, membership=active) is True
    assert services.remove_from_group(employee, membership=invited) is True
    assert services.remove_from_group(employee, membership=active) is False

    assert not space.memberships.exclude(member=employee).exists()
    assert_counted(space, 1)


def test_removal_refusals_say_why(
    employee: Member, member: Member, friend: Member, stranger: Member
) -> None:
    space = make_group(PRIVATE, owner=employee)
    moderator_membership = add_membership(space, member, role=GroupRole.MODERATOR)
    other_moderator = add_membership(space, friend, role=GroupRole.MODERATOR)
    plain = add_membership(space, stranger)
    owner = space.memberships.get(role=GroupRole.OWNER)

    with pytest.raises(Denied, match="Only the owner can remove a group moderator"):
        services.remove_from_group(member, membership=other_moderator)
    with pytest.raises(Denied, match="The owner cannot be removed"):
        services.remove_from_group(member, membership=owner)
    with pytest.raises(Denied, match="use “Leave group”"):
        services.remove_from_group(member, membership=moderator_membership)
    with pytest.raises(Denied, match="Only the group's owner and moderators"):
        services.remove_from_group(stranger, membership=other_moderator)
    assert_counted(space, 4)
    assert services.remove_from_group(member, membership=plain) is True
    assert_counted(space, 3)


def test_site_moderators_remove_members_of_any_group(
    employee: Member, member: Member, moderator: Member
) -> None:
    space = make_group(SECRET, EMPLOYEES, owner=employee)
    target = add_membership(space, MemberFactory(role=Role.EMPLOYEE), role=GroupRole.MODERATOR)
    assert services.remove_from_group(moderator, membership=target) is True
    assert_counted(space, 1)


# Roles and ownership


def test_the_owner_appoints_and_dismisses_group_moderators(
    employee: Member, member: Member
) -> None:
    space = make_group(owner=employee)
    membership = add_membership(space, member)
    assert services.set_group_role(employee, membership=membership, role="moderator").role == (
        "moderator"
    )
    assert services.set_group_role(employee, membership=membership, role="member").role == "member"


def test_role_changes_are_refused_with_reasons(
    employee: Member, member: Member, friend: Member
) -> None:
    space = make_group(owner=employee)
    moderator_membership = add_membership(space, member, role=GroupRole.MODERATOR)
    invited = add_membership(space, friend, MembershipStatus.INVITED)
    owner = space.memberships.get(role=GroupRole.OWNER)

    with pytest.raises(Denied, match="Only the group's owner can appoint"):
        services.set_group_role(member, membership=invited, role="moderator")
    with pytest.raises(ValidationError, match="Choose member or group moderator"):
        services.set_group_role(employee, membership=moderator_membership, role="owner")
    with pytest.raises(ValidationError, match="Only members of the group"):
        services.set_group_role(employee, membership=invited, role="moderator")
    with pytest.raises(ValidationError, match="The owner stays owner"):
        services.set_group_role(employee, membership=owner, role="member")


def test_transfer_ownership_makes_the_old_owner_a_moderator(
    employee: Member, member: Member
) -> None:
    space = make_group(owner=employee)
    add_membership(space, member)

    new = services.transfer_ownership(employee, space=space, new_owner=member)

    assert new.role == "owner"
    roles = dict(space.memberships.values_list("member_id", "role"))
    assert roles == {member.pk: "owner", employee.pk: "moderator"}
    # The old owner may now leave; the new one may not.
    assert services.leave_group(employee, space=space) is True
    with pytest.raises(Denied, match="transfer the ownership"):
        services.leave_group(member, space=space)
    assert_counted(space, 1)


def test_an_administrator_transfers_ownership_of_any_group(
    employee: Member, member: Member, admin: Member
) -> None:
    space = make_group(SECRET, owner=employee)
    add_membership(space, member)
    services.transfer_ownership(admin, space=space, new_owner=member)
    assert space.memberships.get(role=GroupRole.OWNER).member == member


def test_transfer_refusals_say_why(
    employee: Member, member: Member, friend: Member, stranger: Member, manager: Member
) -> None:
    space = make_group(PRIVATE, owner=employee)
    add_membership(space, member, role=GroupRole.MODERATOR)
    add_membership(space, friend, MembershipStatus.REQUESTED)

    with pytest.raises(Denied, match="Only the group's owner or an administrator"):
        services.transfer_ownership(member, space=space, new_owner=member)
    with pytest.raises(Denied, match="Only the group's owner or an administrator"):
        services.transfer_ownership(manager, space=space, new_owner=member)
    for outsider in (friend, stranger):
        with pytest.raises(ValidationError, match="only a member can become its owner"):
            services.transfer_ownership(employee, space=space, new_owner=outsider)
    assert space.memberships.get(role=GroupRole.OWNER).member == employee


def test_a_suspended_member_cannot_become_owner(employee: Member, member: Member) -> None:
    space = make_group(owner=employee)
    add_membership(space, member)
    suspend(member)
    with pytest.raises(ValidationError, match="cannot own this group"):
        services.transfer_ownership(employee, space=space, new_owner=member)


# The counter through a whole life


def test_member_count_equals_a_recount_through_every_transition(
    employee: Member, member: Member, friend: Member, stranger: Member
) -> None:
    space = services.create_group(employee, name="Leven", visibility=Visibility.PRIVATE)
    assert_counted(space, 1)
    services.approve_join_request(
        employee, membership=services.request_to_join(member, space=space)
    )
    assert_counted(space, 2)
    services.invite_to_group(employee, space=space, member=friend)
    assert_counted(space, 2)
    services.accept_group_invitation(friend, space=space)
    assert_counted(space, 3)
    services.decline_join_request(
        employee, membership=services.request_to_join(stranger, space=space)
    )
    assert_counted(space, 3)
    services.leave_group(member, space=space)
    assert_counted(space, 2)
    services.remove_from_group(
        employee, membership=Membership.objects.get(space=space, member=friend)
    )
    assert_counted(space, 1)


def test_forget_member_takes_them_out_of_every_group_counting_only_active_memberships(
    member: Member, employee: Member
) -> None:
    public = make_group(PUBLIC, owner=employee)
    private = make_group(PRIVATE, owner=employee)
    secret = make_group(SECRET, owner=employee)
    services.join_group(member, space=public)
    services.request_to_join(member, space=private)
    services.invite_to_group(employee, space=secret, member=member)
    assert_counted(public, 2)

    assert services.forget_member(member) == 1

    assert not Membership.objects.filter(member=member).exists()
    for space in (public, private, secret):
        assert_counted(space, 1)
    assert services.forget_member(member) == 0
