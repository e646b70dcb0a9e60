"""Who sees whose profile: one matrix, checked against the predicate, the single-profile query
and the directory query (the page-level matrix is in test_views.py)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import MemberFactory
from kring.accounts.models import ApprovalStatus, Member
from kring.accounts.roles import Role
from kring.core.permissions import NotFound
from kring.members.models import Interest, ProfileVisibility
from kring.members.permissions import can_view_profile
from kring.members.queries import (
    decode_cursor,
    get_profile_for,
    member_directory,
    visible_members,
)
from kring.members.tests.samples import make_member
from kring.social import services as social_services
from kring.social.tests.samples import befriend

pytestmark = pytest.mark.django_db

EVERYONE, MEMBERS, FRIENDS = (
    ProfileVisibility.EVERYONE,
    ProfileVisibility.MEMBERS,
    ProfileVisibility.FRIENDS,
)
VIEWERS = [
    "anonymous", "member", "stranger", "friend", "owner", "employee", "moderator", "manager",
    "admin",
]  # fmt: skip

# viewer -> (sees an "everyone", a "members", a "friends" profile)
MATRIX = {
    "anonymous": (True, False, False),
    "member": (True, True, False),
    "stranger": (True, True, False),  # a member without any friends
    "friend": (True, True, True),  # the owner's friend
    "owner": (True, True, True),
    "employee": (True, True, False),
    "moderator": (True, True, False),
    "manager": (True, True, True),
    "admin": (True, True, True),
}
CASES = [
    (viewer, visibility, MATRIX[viewer][column])
    for viewer in VIEWERS
    for column, visibility in enumerate((EVERYONE, MEMBERS, FRIENDS))
]


def viewer_for(request: pytest.FixtureRequest, name: str, owner: Member) -> Any:
    """The viewer called `name`; "friend" becomes `owner`'s friend first."""
    if name == "owner":
        return owner
    viewer = request.getfixturevalue(name)
    if name == "friend" and owner.is_active and owner.approval_status == ApprovalStatus.APPROVED:
        befriend(owner, viewer)  # a friends-only profile is not asked: it asks
    return viewer


@pytest.mark.parametrize(("viewer_name", "visibility", "expected"), CASES)
def test_profile_visibility_matrix(
    request: pytest.FixtureRequest, viewer_name: str, visibility: str, expected: bool
) -> None:
    owner = make_member(visibility, display_name="Olga Eigenaar")
    viewer = viewer_for(request, viewer_name, owner)

    assert can_view_profile(viewer, owner) is expected
    assert visible_members(viewer).filter(pk=owner.pk).exists() is expected
    if expected:
        assert get_profile_for(viewer, owner.pk).member == owner
    else:
        with pytest.raises(NotFound):
            get_profile_for(viewer, owner.pk)


@pytest.mark.parametrize("viewer_name", VIEWERS)
@pytest.mark.parametrize(
    "state",
    [{"approval_status": ApprovalStatus.PENDING}, {"approval_status": ApprovalStatus.DECLINED}],
)
def test_a_pending_or_declined_members_profile_is_seen_only_by_themselves(
    request: pytest.FixtureRequest, viewer_name: str, state: dict[str, Any]
) -> None:
    owner = make_member(EVERYONE, display_name="Piet Wachtend", **state)
    viewer = viewer_for(request, viewer_name, owner)
    expected = viewer_name == "owner"

    assert can_view_profile(viewer, owner) is expected
    # Nobody finds them in the directory, not even themselves: they are not in yet.
    assert not visible_members(viewer).filter(pk=owner.pk).exists()
    if not expected:
        with pytest.raises(NotFound):
            get_profile_for(viewer, owner.pk)


@pytest.mark.parametrize("viewer_name", [v for v in VIEWERS if v != "owner"])
def test_an_inactive_members_profile_is_seen_by_nobody(
    request: pytest.FixtureRequest, viewer_name: str
) -> None:
    owner = make_member(EVERYONE, display_name="Ina Actief", is_active=False)
    viewer = request.getfixturevalue(viewer_name)
    assert not can_view_profile(viewer, owner)
    assert not visible_members(viewer).filter(pk=owner.pk).exists()
    with pytest.raises(NotFound):
        get_profile_for(viewer, owner.pk)


def test_a_pending_viewer_sees_only_public_profiles(member: Member) -> None:
    pending = make_member(EVERYONE, approval_status=ApprovalStatus.PENDING)
    members_only = make_member(MEMBERS)
    assert not can_view_profile(pending, members_only)
    assert not visible_members(pending).filter(pk=members_only.pk).exists()


def test_a_missing_profile_is_not_found(member: Member) -> None:
    with pytest.raises(NotFound):
        get_profile_for(member, 999_999)


# The directory


def names(page: Any) -> list[str]:
    return [m.display_name for m in page.members]


def test_the_directory_is_ordered_by_name_ignoring_case(member: Member) -> None:
    for name in ("bob Zand", "Carla Berg", "Aad Ajax"):
        make_member(display_name=name)
    assert names(member_directory(member)) == [
        "Aad Ajax",
        "Anne de Vries",
        "bob Zand",
        "Carla Berg",
    ]


def test_the_directory_searches_names_organisations_and_interests(member: Member) -> None:
    make_member(display_name="Karel Fietsma")
    by_organisation = make_member(display_name="Lotte Bos")
    by_organisation.profile.organisation = "Fietsenfabriek BV"
    by_organisation.profile.save(update_fields=["organisation"])
    by_interest = make_member(display_name="Mo Yilmaz")
    by_interest.profile.interests.add(
        Interest.objects.create(name="Fietsen", slug="fietsen"),
        Interest.objects.create(name="Fietsreparatie", slug="fietsreparatie"),
    )
    make_member(display_name="Nina Wandel")

    assert names(member_directory(member, query="fiets")) == [
        "Karel Fietsma",
        "Lotte Bos",
        "Mo Yilmaz",  # once, though two of her interests match
    ]
    assert names(member_directory(member, query="fiets mo")) == ["Mo Yilmaz"]
    assert names(member_directory(member, query="niemand")) == []


def test_the_directory_does_not_search_e_mail_addresses(member: Member) -> None:
    make_member(display_name="Olaf Geheim", email="olaf.geheim@example.nl")
    assert names(member_directory(member, query="example.nl")) == []


def test_the_directory_filters_employees_and_staff(
    member: Member, employee: Member, moderator: Member, admin: Member
) -> None:
    assert names(member_directory(member, employees_only=True)) == [
        "Dewi Visser",
        "Eva Smit",
        "Gijs de Boer",
    ]


def test_the_directory_pages_forward_and_back_by_keyset(member: Member) -> None:
    for n in range(6):
        make_member(display_name=f"Lid {n:02d}")
    # "Anne de Vries" (the viewer) sorts first.
    first = member_directory(member, per_page=3)
    assert names(first) == ["Anne de Vries", "Lid 00", "Lid 01"]
    assert first.next_cursor
    assert not first.previous_cursor

    second = member_directory(member, per_page=3, after=first.next_cursor)
    assert names(second) == ["Lid 02", "Lid 03", "Lid 04"]
    third = member_directory(member, per_page=3, after=second.next_cursor)
    assert names(third) == ["Lid 05"]
    assert not third.next_cursor

    back = member_directory(member, per_page=3, before=third.previous_cursor)
    assert names(back) == names(second)
    assert back.previous_cursor
    assert names(member_directory(member, per_page=3, before=back.previous_cursor)) == names(first)


def test_the_directory_ignores_a_cursor_it_did_not_make(member: Member) -> None:
    assert decode_cursor("not-a-cursor!") is None
    assert decode_cursor("W3RydWUsIHRydWVd") is None  # [true, true]
    assert names(member_directory(member, after="rommel")) == ["Anne de Vries"]


@pytest.mark.parametrize("count", [5, 50])
def test_the_directory_takes_two_queries_whatever_the_number_of_members(
    member: Member, django_assert_num_queries: Any, count: int
) -> None:
    interests = [Interest.objects.create(name=f"Hobby {n}", slug=f"hobby-{n}") for n in range(3)]
    for _n in range(count):
        other: Member = MemberFactory(role=Role.EMPLOYEE)
        other.profile.interests.add(*interests)
    with django_assert_num_queries(2):
        page = member_directory(member, query="", per_page=24)
        for shown in page.members:
            _ = (shown.profile.organisation, [i.name for i in shown.profile.interests.all()])
    assert len(page.members) == min(count + 1, 24)


# Friends and blocks


def test_a_friend_who_is_blocked_no_longer_sees_a_friends_only_profile(friend: Member) -> None:
    owner = make_member(FRIENDS, display_name="Olga Eigenaar")
    befriend(owner, friend)
    assert can_view_profile(friend, owner)
    social_services.block_member(owner, member=friend)  # blocking ends the friendship
    assert not can_view_profile(friend, owner)
    assert not visible_members(friend).filter(pk=owner.pk).exists()
    with pytest.raises(NotFound):
        get_profile_for(friend, owner.pk)


def test_friends_of_friends_do_not_see_a_friends_only_profile(
    member: Member, friend: Member
) -> None:
    owner = make_member(FRIENDS, display_name="Olga Eigenaar")
    befriend(owner, friend)
    befriend(member, friend)
    assert not can_view_profile(member, owner)
    assert not visible_members(member).filter(pk=owner.pk).exists()


@pytest.mark.parametrize("direction", ["viewer blocks", "blocks viewer"])
def test_people_search_hides_blocks_both_ways(
    member: Member, stranger: Member, direction: str
) -> None:
    stranger.profile.organisation = "Fietsenfabriek"
    stranger.profile.save(update_fields=["organisation"])
    assert names(member_directory(member, query="fiets")) == ["Chris Bakker"]
    blocker, blocked = (member, stranger) if direction == "viewer blocks" else (stranger, member)
    social_services.block_member(blocker, member=blocked)
    assert names(member_directory(member, query="fiets")) == []
    assert "Chris Bakker" not in names(member_directory(member))
    assert "Anne de Vries" not in names(member_directory(stranger))
    # The profile itself stays reachable by link: the blocker needs it to unblock.
    assert get_profile_for(member, stranger.pk).member == stranger


def test_people_search_finds_friends_only_profiles_of_friends(
    member: Member, friend: Member
) -> None:
    friend.profile.visibility = FRIENDS
    friend.profile.save(update_fields=["visibility"])
    assert "Bram Jansen" not in names(member_directory(member, query="bram"))
    befriend(friend, member)
    assert names(member_directory(member, query="bram")) == ["Bram Jansen"]


@pytest.mark.parametrize("count", [5, 50])
def test_the_directory_keeps_two_queries_with_friends_and_blocks(
    member: Member, django_assert_num_queries: Any, count: int
) -> None:
    for n in range(count):
        other = make_member(FRIENDS if n % 2 else MEMBERS)
        if n % 3 == 0:
            befriend(other, member)
        elif n % 3 == 1:
            social_services.block_member(other, member=member)
    with django_assert_num_queries(2):
        page = member_directory(member, per_page=100)
        for shown in page.members:
            _ = [i.name for i in shown.profile.interests.all()]
    friends_or_public = [n for n in range(count) if n % 3 == 0 or (n % 2 == 0 and n % 3 != 1)]
    assert len(page.members) == len(friends_or_public) + 1  # and the viewer
