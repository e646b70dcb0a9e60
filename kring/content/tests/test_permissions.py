from __future__ import annotations

from typing import Any

import pytest

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.accounts.roles import Role
from kring.content import permissions, services
from kring.content.models import Post
from kring.content.tests.samples import (
    block,
    join,
    make_friends,
    make_group,
    post_in,
    profile_space_for,
    suspend,
)
from kring.spaces.models import GroupRole, Space, Visibility

pytestmark = pytest.mark.django_db

PERSONAS = [
    "author",
    "group_member",
    "group_moderator",
    "group_owner",
    "outsider",
    "site_moderator",
    "suspended_author",
    "anonymous",
]


@pytest.fixture
def cast(anonymous: Any) -> dict[str, Any]:
    """A private group with its people, and a post in it by `author`."""
    owner = MemberFactory(display_name="Eigenaar", role=Role.EMPLOYEE)
    space = make_group(Visibility.PRIVATE, owner=owner)
    people: dict[str, Any] = {"group_owner": owner, "anonymous": anonymous}
    for name in ("author", "group_member", "suspended_author"):
        people[name] = MemberFactory(display_name=name)
        join(space, people[name])
    people["group_moderator"] = MemberFactory(display_name="groepsmoderator")
    join(space, people["group_moderator"], role=GroupRole.MODERATOR)
    people["outsider"] = MemberFactory(display_name="buitenstaander")
    people["site_moderator"] = MemberFactory(display_name="moderator", role=Role.MODERATOR)
    people["post"] = post_in(space, people["author"])
    people["suspended_post"] = post_in(space, people["suspended_author"])
    suspend(people["suspended_author"])
    people["space"] = space
    return people


def allowed(cast: dict[str, Any], rule: Any, post_key: str = "post") -> set[str]:
    post: Post = cast[post_key]
    return {name for name in PERSONAS if rule(cast[name], post)}


def test_can_edit_post_is_for_the_author_and_staff(cast: dict[str, Any]) -> None:
    assert allowed(cast, permissions.can_edit_post) == {"author", "site_moderator"}
    assert allowed(cast, permissions.can_edit_post, "suspended_post") == {"site_moderator"}


def test_can_delete_post_adds_the_groups_managers(cast: dict[str, Any]) -> None:
    assert allowed(cast, permissions.can_delete_post) == {
        "author",
        "group_moderator",
        "group_owner",
        "site_moderator",
    }


def test_can_restore_post_is_for_moderators_of_a_deleted_post(cast: dict[str, Any]) -> None:
    assert allowed(cast, permissions.can_restore_post) == set()  # not deleted
    services.delete_post(cast["author"], post=cast["post"])
    assert allowed(cast, permissions.can_restore_post) == {
        "group_moderator",
        "group_owner",
        "site_moderator",
    }
    assert allowed(cast, permissions.can_edit_post) == set()
    assert allowed(cast, permissions.can_delete_post) == set()
    assert allowed(cast, permissions.can_comment) == set()


def test_can_pin_post_is_for_the_groups_managers(cast: dict[str, Any]) -> None:
    assert allowed(cast, permissions.can_pin_post) == {
        "group_moderator",
        "group_owner",
        "site_moderator",
    }


def test_can_comment_and_react_need_a_participant_who_reads_the_post(
    cast: dict[str, Any],
) -> None:
    readers = {"author", "group_member", "group_moderator", "group_owner", "site_moderator"}
    assert allowed(cast, permissions.can_comment) == readers
    assert allowed(cast, permissions.can_react) == readers


def test_can_view_history_is_for_every_reader(cast: dict[str, Any]) -> None:
    # Suspended members read what visitors read: not this private group.
    assert allowed(cast, permissions.can_view_history) == {
        "author",
        "group_member",
        "group_moderator",
        "group_owner",
        "site_moderator",
    }


def test_comment_permissions(cast: dict[str, Any]) -> None:
    comment = services.comment_on_post(cast["group_member"], post=cast["post"], body="Hoi")
    edit = {n for n in PERSONAS if permissions.can_edit_comment(cast[n], comment)}
    delete = {n for n in PERSONAS if permissions.can_delete_comment(cast[n], comment)}
    assert edit == {"group_member", "site_moderator"}
    assert delete == {"group_member", "group_moderator", "group_owner", "site_moderator"}
    assert permissions.can_react_to_comment(cast["author"], comment)
    assert not permissions.can_react_to_comment(cast["outsider"], comment)


def test_posting_rights_per_space(
    member: Member, friend: Member, stranger: Member, community: Space, anonymous: Any
) -> None:
    wall = profile_space_for(member)
    make_friends(member, friend)
    assert permissions.can_post_in_space(member, community)
    assert not permissions.can_post_in_space(anonymous, community)
    assert permissions.can_post_in_space(member, wall)
    assert permissions.can_post_in_space(friend, wall)
    assert not permissions.can_post_in_space(stranger, wall)
    block(member, friend)
    assert not permissions.can_post_in_space(friend, wall)
    assert permissions.can_choose_friends_audience(member, wall)
    assert not permissions.can_choose_friends_audience(friend, wall)
    assert not permissions.can_choose_friends_audience(member, community)


def test_internal_notes_are_for_employees(member: Member, employee: Member) -> None:
    assert permissions.can_write_internal_notes(employee)
    assert not permissions.can_write_internal_notes(member)
    assert not permissions.can_write_internal_notes(suspend(employee))
