"""The one visibility policy of groups, as a matrix against `readable_spaces` and
`visible_groups`, and the other reads of the spaces app."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.accounts.roles import Role
from kring.core.permissions import NotFound
from kring.members.models import ProfileVisibility
from kring.spaces import queries
from kring.spaces.models import MembershipStatus, SpaceTag
from kring.spaces.tests.samples import (
    KINDS,
    MATRIX,
    PRIVATE,
    PUBLIC,
    SECRET,
    VIEWERS,
    add_membership,
    build_world,
    make_group,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("viewer_name", VIEWERS)
def test_group_visibility_matrix_of_the_queries(
    request: pytest.FixtureRequest, viewer_name: str
) -> None:
    world = build_world(request)
    viewer = world.viewer(viewer_name)
    sees, reads, _posts, _manages = MATRIX[viewer_name]
    visible = set(queries.visible_groups(viewer).values_list("pk", flat=True))
    readable = set(queries.readable_spaces(viewer).values_list("pk", flat=True))
    for kind in KINDS:
        space = world.groups[kind]
        assert (space.pk in visible) is (kind in sees), (viewer_name, kind, "visible_groups")
        assert (space.pk in readable) is (kind in reads), (viewer_name, kind, "readable_spaces")
        assert queries.can_read_space(viewer, space) is (kind in reads), (viewer_name, kind)
        if kind in sees:
            assert queries.get_group_for(viewer, space.slug) == space
        else:
            with pytest.raises(NotFound):
                queries.get_group_for(viewer, space.slug)


@pytest.mark.parametrize("viewer_name", VIEWERS)
def test_what_can_be_read_can_also_be_seen(
    request: pytest.FixtureRequest, viewer_name: str
) -> None:
    sees, reads, posts, manages = MATRIX[viewer_name]
    assert reads <= sees
    assert posts <= reads
    assert manages <= reads


@pytest.mark.parametrize("viewer_name", VIEWERS)
def test_the_community_space_is_readable_by_everyone(
    request: pytest.FixtureRequest, viewer_name: str
) -> None:
    world = build_world(request)
    community = queries.community_space()
    assert queries.can_read_space(world.viewer(viewer_name), community)
    assert not queries.visible_groups(world.viewer(viewer_name)).filter(pk=community.pk).exists()


def test_active_group_ids_are_only_active_memberships(member: Member) -> None:
    active, requested, invited = make_group(), make_group(PRIVATE), make_group(SECRET)
    add_membership(active, member)
    add_membership(requested, member, MembershipStatus.REQUESTED)
    add_membership(invited, member, MembershipStatus.INVITED)
    assert set(queries.active_group_ids(member)) == {active.pk}


def test_membership_of_finds_any_status_and_nothing_for_visitors(
    member: Member, anonymous: Any
) -> None:
    space = make_group(PRIVATE)
    assert queries.membership_of(member, space) is None
    add_membership(space, member, MembershipStatus.REQUESTED)
    found = queries.membership_of(member, space)
    assert found is not None
    assert found.status == MembershipStatus.REQUESTED
    assert queries.membership_of(anonymous, space) is None


# The directory


def names(page: queries.GroupDirectoryPage) -> list[str]:
    return [group.name for group in page.groups]


def test_directory_lists_visible_groups_by_name_with_the_viewers_standing(member: Member) -> None:
    beta = make_group(name="beta")
    alpha = make_group(PRIVATE, name="Alpha")
    make_group(SECRET, name="Gamma")  # secret: not for this member
    add_membership(alpha, member, MembershipStatus.REQUESTED)
    add_membership(beta, member)

    page = queries.group_directory(member)

    assert names(page) == ["Alpha", "beta"]
    standing = {g.name: (g.viewer_status, g.viewer_role) for g in page.groups}
    assert standing == {"Alpha": ("requested", "member"), "beta": ("active", "member")}


def test_directory_searches_name_and_description_with_every_word(member: Member) -> None:
    make_group(name="Fietsers Utrecht", description="Samen fietsen in de regio")
    make_group(name="Wandelaars", description="Wandelen rond Utrecht")
    make_group(name="Koken")

    assert names(queries.group_directory(member, query="utrecht")) == [
        "Fietsers Utrecht",
        "Wandelaars",
    ]
    assert names(queries.group_directory(member, query="utrecht fietsen")) == ["Fietsers Utrecht"]
    assert names(queries.group_directory(member, query="zeilen")) == []


def test_directory_filters_by_tag_and_by_my_groups(member: Member) -> None:
    cycling = make_group(name="Fietsen")
    cooking = make_group(name="Koken")
    tag = SpaceTag.objects.create(name="Buiten", slug="buiten")
    cycling.tags.add(tag)
    add_membership(cooking, member)

    assert names(queries.group_directory(member, tag="buiten")) == ["Fietsen"]
    assert names(queries.group_directory(member, mine=True)) == ["Koken"]
    assert names(queries.group_directory(member, tag="onbekend")) == []


def test_directory_pages_forward_and_back_with_cursors(member: Member) -> None:
    for letter in "ABCDEFG":
        make_group(name=f"Groep {letter}")

    first = queries.group_directory(member, per_page=3)
    second = queries.group_directory(member, per_page=3, after=first.next_cursor)
    third = queries.group_directory(member, per_page=3, after=second.next_cursor)
    back = queries.group_directory(member, per_page=3, before=second.previous_cursor)

    assert names(first) == ["Groep A", "Groep B", "Groep C"]
    assert names(second) == ["Groep D", "Groep E", "Groep F"]
    assert names(third) == ["Groep G"]
    assert third.next_cursor == ""
    assert names(back) == names(first)
    assert first.previous_cursor == ""


@pytest.mark.parametrize("cursor", ["", "not-base64!", "W10", "WyJhIiwgdHJ1ZV0", "x" * 500])
def test_a_broken_cursor_starts_at_the_beginning(member: Member, cursor: str) -> None:
    make_group(name="Alpha")
    assert names(queries.group_directory(member, after=cursor)) == ["Alpha"]
    assert queries.decode_group_cursor(cursor) is None


def test_popular_tags_count_only_groups_the_viewer_may_see(member: Member) -> None:
    hidden = SpaceTag.objects.create(name="Geheim", slug="geheim")
    shared = SpaceTag.objects.create(name="Buiten", slug="buiten")
    for visibility in (PUBLIC, PRIVATE):
        make_group(visibility).tags.add(shared)
    make_group(SECRET).tags.add(hidden)

    tags = queries.popular_tags(member)

    assert [(t.name, t.group_count) for t in tags] == [("Buiten", 2)]


def test_invite_candidates_match_names_only_and_leave_out_who_is_in_the_group(
    member: Member, friend: Member, stranger: Member, employee: Member
) -> None:
    space = make_group(owner=employee)
    add_membership(space, friend)

    assert queries.invite_candidates(employee, space, "anne") == [member]
    assert queries.invite_candidates(employee, space, "bram") == []  # already a member
    assert queries.invite_candidates(employee, space, "anne@example.nl") == []  # no addresses
    assert queries.invite_candidates(employee, space, "") == []


def test_invite_candidates_of_an_employees_group_are_employees(
    member: Member, employee: Member, moderator: Member
) -> None:
    colleague = MemberFactory(display_name="Anne Collega", role=Role.EMPLOYEE)
    space = make_group(audience="employees", owner=moderator)

    assert queries.invite_candidates(moderator, space, "anne") == [colleague]


def test_invite_candidates_respect_profile_visibility(employee: Member) -> None:
    hidden = MemberFactory(display_name="Anne Verborgen")
    hidden.profile.visibility = ProfileVisibility.FRIENDS
    hidden.profile.save(update_fields=["visibility"])
    space = make_group(owner=employee)

    assert queries.invite_candidates(employee, space, "anne") == []


def test_memberships_of_lists_every_status_but_not_groups_outside_the_audience(
    member: Member,
) -> None:
    invited = make_group(SECRET, name="Ambassadeurs")
    requested = make_group(PRIVATE, name="Bestuur")
    active = make_group(name="Classic")
    internal = make_group(audience="employees", name="Medewerkers")
    add_membership(invited, member, MembershipStatus.INVITED)
    add_membership(requested, member, MembershipStatus.REQUESTED)
    add_membership(active, member)
    add_membership(internal, member)

    found = [(m.space.name, m.status) for m in queries.memberships_of(member)]

    assert found == [
        ("Ambassadeurs", "invited"),
        ("Bestuur", "requested"),
        ("Classic", "active"),
    ]


def test_active_members_come_owner_first_then_moderators_then_by_name(employee: Member) -> None:
    space = make_group(owner=employee)
    zoe = MemberFactory(display_name="Zoë")
    anna = MemberFactory(display_name="anna")
    mod = MemberFactory(display_name="Moderator")
    add_membership(space, zoe)
    add_membership(space, anna)
    add_membership(space, mod, role="moderator")
    add_membership(space, MemberFactory(display_name="Wacht"), MembershipStatus.REQUESTED)

    assert [m.member for m in queries.active_members(space)] == [employee, mod, anna, zoe]


def test_profile_space_for_makes_the_wall_once_and_names_it_after_its_owner(
    member: Member,
) -> None:
    wall = queries.profile_space_for(member)
    again = queries.profile_space_for(member)

    assert wall.pk == again.pk
    assert wall.kind == "profile"
    assert wall.owner_member == member
    assert wall.name == member.display_name
    assert wall.slug == f"profiel-{member.pk}"
    assert member.profile_space == wall
