"""The facts the group services publish after commit: once per change, never for a repeat."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kring.accounts.models import Member
from kring.core.events import subscribe, unsubscribe
from kring.spaces import events, services
from kring.spaces.models import Membership, MembershipStatus
from kring.spaces.tests.samples import PRIVATE, PUBLIC, SECRET, add_membership, make_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks: Any) -> Any:
    """`with on_commit(execute=True):` runs the on-commit hooks of the writes inside it."""
    return django_capture_on_commit_callbacks


EVENT_TYPES = [
    events.GroupCreated,
    events.GroupUpdated,
    events.GroupJoined,
    events.JoinRequested,
    events.JoinRequestDeclined,
    events.GroupInvitationSent,
    events.GroupLeft,
    events.RemovedFromGroup,
    events.GroupRoleChanged,
    events.GroupOwnershipTransferred,
]


@pytest.fixture
def published() -> Iterator[list[object]]:
    """Every spaces event published (after commit) during the test."""
    seen: list[object] = []

    def record(event: object) -> None:
        seen.append(event)

    for kind in EVENT_TYPES:
        subscribe(kind, record)
    yield seen
    for kind in EVENT_TYPES:
        unsubscribe(kind, record)


def test_creating_and_changing_a_group(
    member: Member, published: list[object], on_commit: Any
) -> None:
    with on_commit(execute=True):
        space = services.create_group(member, name="Groep")
        services.update_group(member, space=space, name="Andere naam")
    assert published == [
        events.GroupCreated(space_id=space.pk, owner_id=member.pk),
        events.GroupUpdated(space_id=space.pk, by=member.pk),
    ]


def test_joining_twice_is_one_fact(member: Member, published: list[object], on_commit: Any) -> None:
    with on_commit(execute=True):
        space = make_group(PUBLIC)
        services.join_group(member, space=space)
        services.join_group(member, space=space)
        services.leave_group(member, space=space)
        services.leave_group(member, space=space)
    assert published == [
        events.GroupJoined(space_id=space.pk, member_id=member.pk, via="join"),
        events.GroupLeft(space_id=space.pk, member_id=member.pk),
    ]


def test_a_request_and_its_answers(
    employee: Member, member: Member, friend: Member, published: list[object], on_commit: Any
) -> None:
    with on_commit(execute=True):
        space = make_group(PRIVATE, owner=employee)
        approved = services.request_to_join(member, space=space)
        declined = services.request_to_join(friend, space=space)
        services.approve_join_request(employee, membership=approved)
        services.approve_join_request(employee, membership=approved)
        services.decline_join_request(employee, membership=declined)
    assert published == [
        events.JoinRequested(space_id=space.pk, member_id=member.pk),
        events.JoinRequested(space_id=space.pk, member_id=friend.pk),
        events.GroupJoined(space_id=space.pk, member_id=member.pk, via="approval"),
        events.JoinRequestDeclined(space_id=space.pk, member_id=friend.pk, by=employee.pk),
    ]


def test_invitations_removal_roles_and_ownership(
    employee: Member, member: Member, friend: Member, published: list[object], on_commit: Any
) -> None:
    with on_commit(execute=True):
        space = make_group(SECRET, owner=employee)
        services.invite_to_group(employee, space=space, member=member)
        services.invite_to_group(employee, space=space, member=member)
        services.accept_group_invitation(member, space=space)
        services.set_group_role(
            employee, membership=Membership.objects.get(member=member), role="moderator"
        )
        invited = add_membership(space, friend, MembershipStatus.INVITED)
        services.remove_from_group(employee, membership=invited)
        services.transfer_ownership(employee, space=space, new_owner=member)
    assert published == [
        events.GroupInvitationSent(space_id=space.pk, member_id=member.pk, by=employee.pk),
        events.GroupJoined(space_id=space.pk, member_id=member.pk, via="invitation"),
        events.GroupRoleChanged(
            space_id=space.pk, member_id=member.pk, role="moderator", by=employee.pk
        ),
        events.RemovedFromGroup(
            space_id=space.pk, member_id=friend.pk, by=employee.pk, was_invited=True
        ),
        events.GroupOwnershipTransferred(
            space_id=space.pk, old_owner_id=employee.pk, new_owner_id=member.pk, by=employee.pk
        ),
    ]


def test_nothing_is_published_when_a_write_is_refused(
    member: Member, published: list[object], on_commit: Any
) -> None:
    with on_commit(execute=True):
        space = make_group(PRIVATE)
        with pytest.raises(Exception, match="request or invitation only"):
            services.join_group(member, space=space)
    assert published == []
