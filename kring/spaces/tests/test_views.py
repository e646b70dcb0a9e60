"""The group pages: who sees what (the matrix again, through the pages), the buttons each
viewer gets, every action as a plain form POST, form errors, 403/404, and query counts."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.content.services import create_post
from kring.spaces import services
from kring.spaces.models import GroupRole, Membership, MembershipStatus, Space, SpaceTag
from kring.spaces.tests.samples import (
    EMPLOYEES,
    KINDS,
    MATRIX,
    PRIVATE,
    PUBLIC,
    SECRET,
    VIEWERS,
    add_membership,
    build_world,
    image_bytes,
    make_group,
    recount,
    suspend,
    upload,
)
from kring.spaces.views import groups as group_views

pytestmark = pytest.mark.django_db

LIST_URL = reverse("spaces:group-list")
CREATE_URL = reverse("spaces:group-create")
MINE_URL = reverse("spaces:membership-list")
CLOSED = "Only members can read this group."
# Pending accounts only ever see their waiting page (accounts middleware), and suspended ones
# are logged out at their next request (sanctions middleware): not page viewers.
PAGE_VIEWERS = [
    name
    for name in VIEWERS
    if name not in ("pending_account", "suspended_member", "suspended_moderator")
]


def detail_url(space: Space) -> str:
    return reverse("spaces:group-detail", args=[space.slug])


def members_url(space: Space) -> str:
    return reverse("spaces:group-members", args=[space.slug])


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def main_of(response: Any) -> str:
    return text(response).split("<main", 1)[1].split("</main>", 1)[0]


def log_in(client: Client, viewer: Any) -> None:
    if getattr(viewer, "is_authenticated", False):
        client.force_login(viewer)


def messages_of(client: Client, response: Any) -> str:
    """The page the POST redirected to, with its flash messages."""
    assert response.status_code == 302, response.status_code
    return text(client.get(response["Location"]))


# Who sees which group, through the pages


@pytest.mark.parametrize("viewer_name", PAGE_VIEWERS)
def test_group_pages_follow_the_visibility_matrix(
    client: Client, request: pytest.FixtureRequest, viewer_name: str
) -> None:
    world = build_world(request)
    log_in(client, world.viewer(viewer_name))
    sees, reads, _posts, _manages = MATRIX[viewer_name]
    directory = main_of(client.get(LIST_URL))
    for kind in KINDS:
        space = world.groups[kind]
        cell = (viewer_name, kind)
        response = client.get(detail_url(space))
        members = client.get(members_url(space))
        assert (space.name in directory) is (kind in sees), cell
        if kind not in sees:
            # A group the viewer may not know looks exactly like one that does not exist.
            assert response.status_code == 404, cell
            assert members.status_code == 404, cell
            assert space.name not in text(response), cell
            continue
        assert response.status_code == 200, cell
        assert (CLOSED in text(response)) is (kind not in reads), cell
        assert members.status_code == (200 if kind in reads else 403), cell


def test_a_missing_group_and_a_secret_one_answer_alike(client: Client, member: Member) -> None:
    secret = make_group(SECRET, name="Ambassadeurs")
    client.force_login(member)
    hidden = client.get(detail_url(secret))
    missing = client.get(reverse("spaces:group-detail", args=["bestaat-niet"]))
    assert hidden.status_code == missing.status_code == 404
    assert main_of(hidden) == main_of(missing)
    for name in ("group-edit", "group-members"):
        assert client.get(reverse(f"spaces:{name}", args=[secret.slug])).status_code == 404
    assert client.post(reverse("spaces:group-join", args=[secret.slug])).status_code == 404


# The button each viewer gets


def test_the_group_page_offers_the_right_next_step(
    client: Client, member: Member, friend: Member, stranger: Member, employee: Member
) -> None:
    public = make_group(PUBLIC, owner=employee)
    private = make_group(PRIVATE, owner=employee)
    secret = make_group(SECRET, owner=employee)
    add_membership(private, friend, MembershipStatus.REQUESTED)
    add_membership(secret, stranger, MembershipStatus.INVITED, invited_by=employee)
    add_membership(public, stranger)

    def page(viewer: Member | None, space: Space) -> str:
        client.logout()
        client.cookies["django_language"] = "en"  # logging out clears the cookies
        if viewer is not None:
            client.force_login(viewer)
        return text(client.get(detail_url(space)))

    assert "Log in to join" in page(None, public)
    assert "Join group" in page(member, public)
    assert "Ask to join" in page(member, private)
    assert "Withdraw my request" in page(friend, private)
    invitation = page(stranger, secret)
    assert "Accept invitation" in invitation
    assert "Dewi Visser invited you" in invitation
    assert "Leave group" in page(stranger, public)
    owner_page = page(employee, public)
    assert "You own this group" in owner_page
    assert "Edit group" in owner_page
    assert "Manage members" in owner_page
    assert "Leave group" not in owner_page


def test_the_group_page_carries_the_follow_button_which_follows_and_comes_back(
    client: Client, member: Member, employee: Member
) -> None:
    space = make_group(PRIVATE, owner=employee, name="Warmtepompen")
    follow_url = reverse("social:group-follow", args=[space.pk])
    unfollow_url = reverse("social:group-unfollow", args=[space.pk])
    assert follow_url not in text(client.get(detail_url(space)))  # visitors follow nothing

    client.force_login(member)  # not a member, but the private group is known to exist
    page = text(client.get(detail_url(space)))
    assert follow_url in page
    assert f'name="next" value="{detail_url(space)}"' in page

    response = client.post(follow_url, {"next": detail_url(space)})
    assert response["Location"] == detail_url(space)
    page = messages_of(client, response)
    assert "You follow the group Warmtepompen." in page
    assert unfollow_url in page
    assert follow_url not in page

    client.post(unfollow_url, {"next": detail_url(space)})
    assert follow_url in text(client.get(detail_url(space)))


@pytest.mark.parametrize("viewer_name", PAGE_VIEWERS)
def test_the_group_page_offers_following_exactly_when_the_social_rule_allows_it(
    request: pytest.FixtureRequest, client: Client, viewer_name: str
) -> None:
    from kring.social.permissions import can_follow

    world = build_world(request)
    viewer = world.viewer(viewer_name)
    log_in(client, viewer)
    for kind in KINDS:
        space = world.groups[kind]
        response = client.get(detail_url(space))
        if response.status_code == 404:
            continue
        offered = reverse("social:group-follow", args=[space.pk]) in text(response)
        assert offered is can_follow(viewer, space), (viewer_name, kind)


def test_the_group_page_explains_visibility_and_audience_in_words(
    client: Client, employee: Member
) -> None:
    space = make_group(PRIVATE, EMPLOYEES, owner=employee, description_html="<p>Over ons</p>")
    space.tags.add(SpaceTag.objects.create(name="Intern", slug="intern"))
    client.force_login(employee)
    page = text(client.get(detail_url(space)))
    assert "only its members can read it" in page
    assert "It is for employees only" in page
    assert "<p>Over ons</p>" in page
    assert f"{LIST_URL}?tag=intern" in page
    assert "1 member" in page


def test_readers_get_the_wall_stream_and_members_its_composer(
    client: Client, member: Member, friend: Member
) -> None:
    space = make_group(PUBLIC)
    add_membership(space, member)
    composer = reverse("wall:space-status-create", args=[space.pk])
    client.force_login(member)
    assert composer in text(client.get(detail_url(space)))
    client.force_login(friend)  # reads the public group, but is not a member
    page = text(client.get(detail_url(space)))
    assert composer not in page
    assert CLOSED not in page


def test_the_group_page_works_without_the_wall_app_context(
    client: Client, member: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(group_views, "STREAM_CONTEXT_MODULE", "kring.wall.not_there")
    request = RequestFactory().get("/")
    assert group_views.stream_context(request, make_group(), can_post=False) == {}


# Actions as plain form POSTs


def test_joining_leaving_and_counting_through_the_pages(client: Client, member: Member) -> None:
    space = make_group(PUBLIC, name="Fietsers")
    client.force_login(member)

    page = messages_of(client, client.post(reverse("spaces:group-join", args=[space.slug])))
    assert "Welcome to Fietsers!" in page
    assert recount(space) == (2, 2)
    page = messages_of(client, client.post(reverse("spaces:group-leave", args=[space.slug])))
    assert "You have left Fietsers." in page
    assert recount(space) == (1, 1)


def test_asking_and_withdrawing_through_the_pages(client: Client, member: Member) -> None:
    space = make_group(PRIVATE)
    client.force_login(member)
    page = messages_of(client, client.post(reverse("spaces:group-request", args=[space.slug])))
    assert "You have asked to join." in page
    assert Membership.objects.get(space=space, member=member).status == "requested"
    client.post(reverse("spaces:group-request-cancel", args=[space.slug]))
    assert not Membership.objects.filter(space=space, member=member).exists()


def test_an_invitee_accepts_or_declines_from_my_groups(
    client: Client, member: Member, employee: Member
) -> None:
    secret = make_group(SECRET, owner=employee, name="Ambassadeurs")
    other = make_group(SECRET, owner=employee, name="Bestuur")
    add_membership(secret, member, MembershipStatus.INVITED, invited_by=employee)
    add_membership(other, member, MembershipStatus.INVITED, invited_by=employee)
    client.force_login(member)

    mine = text(client.get(MINE_URL))
    assert "Ambassadeurs" in mine
    assert "Bestuur" in mine
    assert "Invited by Dewi Visser" in mine

    client.post(reverse("spaces:group-invitation-accept", args=[secret.slug]))
    client.post(reverse("spaces:group-invitation-decline", args=[other.slug]))

    assert recount(secret) == (2, 2)
    assert not Membership.objects.filter(space=other, member=member).exists()
    assert client.get(detail_url(other)).status_code == 404
    assert "Ambassadeurs" in text(client.get(MINE_URL)).split("Groups I am a member of")[1]


def test_the_owner_cannot_leave_and_is_told_why(client: Client, employee: Member) -> None:
    space = make_group(owner=employee)
    client.force_login(employee)
    page = messages_of(client, client.post(reverse("spaces:group-leave", args=[space.slug])))
    assert "transfer the ownership to another member before you leave" in page
    assert recount(space) == (1, 1)


def test_leaving_a_secret_group_returns_to_the_directory(client: Client, member: Member) -> None:
    space = make_group(SECRET)
    add_membership(space, member)
    client.force_login(member)
    response = client.post(reverse("spaces:group-leave", args=[space.slug]))
    assert response["Location"] == LIST_URL


def test_actions_need_a_csrf_token(member: Member) -> None:
    space = make_group(PUBLIC)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert strict.post(reverse("spaces:group-join", args=[space.slug])).status_code == 403
    assert recount(space) == (1, 1)


def test_actions_are_post_only_and_need_a_login(client: Client, member: Member) -> None:
    space = make_group(PUBLIC)
    join = reverse("spaces:group-join", args=[space.slug])
    response = client.post(join)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(member)
    assert client.get(join).status_code == 405


def test_a_refused_action_is_a_403_with_the_reason(client: Client, member: Member) -> None:
    space = make_group(PRIVATE)
    client.force_login(member)
    response = client.post(reverse("spaces:group-join", args=[space.slug]))
    assert response.status_code == 403
    assert "by request or invitation only" in text(response)


def test_a_suspended_member_cannot_join(client: Client, member: Member) -> None:
    space = make_group(PUBLIC)
    client.force_login(suspend(member))
    # Logged out (kring.sanctions), joining nothing.
    response = client.post(reverse("spaces:group-join", args=[space.slug]))
    assert response.status_code == 302
    assert not space.memberships.filter(member=member).exists()
    assert "Join group" not in text(client.get(detail_url(space)))


# Starting and changing a group


def test_starting_a_group_through_the_form(client: Client, member: Member, media: Path) -> None:
    client.force_login(member)
    form = text(client.get(CREATE_URL))
    assert 'name="audience"' not in form  # customers make groups for everyone
    response = client.post(
        CREATE_URL,
        {
            "name": "Fietsen in Utrecht",
            "description": "Samen **fietsen**",
            "visibility": PRIVATE,
            "tags": "fietsen, buiten",
            "cover": upload(image_bytes()),
        },
    )
    space = Space.objects.get(slug="fietsen-in-utrecht")
    assert response["Location"] == detail_url(space)
    assert space.cover
    page = text(client.get(detail_url(space)))
    assert "Your group has been created." in page
    assert space.cover.url in page
    assert Membership.objects.get(space=space).role == GroupRole.OWNER


def test_employees_choose_the_audience(client: Client, employee: Member) -> None:
    client.force_login(employee)
    assert 'name="audience"' in text(client.get(CREATE_URL))
    client.post(CREATE_URL, {"name": "Medewerkers", "visibility": PUBLIC, "audience": EMPLOYEES})
    assert Space.objects.get(slug="medewerkers").audience == EMPLOYEES


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"tags": ",".join(f"t{i}" for i in range(9))}, "Choose at most 8 tags."),
        ({"tags": "???"}, "has no letters or digits"),
        ({"visibility": "hidden"}, "Select a valid choice."),
        ({"cover": "not-a-file"}, "not a picture we can use"),
    ],
)
def test_the_group_form_shows_errors_beside_the_fields(
    client: Client, member: Member, media: Path, data: dict[str, Any], message: str
) -> None:
    client.force_login(member)
    payload: dict[str, Any] = {"name": "Groep", "visibility": PUBLIC, **data}
    if payload.get("cover") == "not-a-file":
        payload["cover"] = upload(b"GIF89a but not really", "fake.gif", "image/gif")
    response = client.post(CREATE_URL, payload)
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert "field--invalid" in page
    assert not Space.objects.exists()


def test_starting_a_group_is_for_participants(client: Client, member: Member) -> None:
    assert client.get(CREATE_URL)["Location"].startswith(reverse("account_login"))
    client.force_login(suspend(member))
    response = client.get(CREATE_URL)
    assert response.status_code == 302


def test_the_owner_edits_the_group(client: Client, member: Member) -> None:
    space = services.create_group(member, name="Oud", tags="een")
    client.force_login(member)
    edit = reverse("spaces:group-edit", args=[space.slug])
    form = text(client.get(edit))
    assert 'value="Oud"' in form
    assert 'value="een"' in form
    response = client.post(edit, {"name": "Nieuw", "visibility": SECRET, "tags": "twee"})
    assert response["Location"] == detail_url(space)
    space.refresh_from_db()
    assert (space.name, space.visibility) == ("Nieuw", SECRET)


def test_others_may_not_edit(client: Client, member: Member, friend: Member) -> None:
    space = services.create_group(member, name="Groep")
    add_membership(space, friend, role=GroupRole.MODERATOR)
    client.force_login(friend)
    response = client.get(reverse("spaces:group-edit", args=[space.slug]))
    assert response.status_code == 403
    assert "Only the group's owner and community managers" in text(response)


# The members page


def test_the_members_page_lists_members_with_their_roles(
    client: Client, member: Member, employee: Member
) -> None:
    space = make_group(owner=employee)
    add_membership(space, member, role=GroupRole.MODERATOR)
    add_membership(space, MemberFactory(display_name="Wachtende"), MembershipStatus.REQUESTED)
    response = client.get(members_url(space))
    page = main_of(response)
    assert "Dewi Visser" in page
    assert "Owner" in page
    assert "Anne de Vries" in page
    assert "Group moderator" in page
    assert "Wachtende" not in page  # requests are for managers
    assert "Approve" not in page
    assert "Invite" not in page


def test_managers_approve_and_decline_requests_on_the_members_page(
    client: Client, employee: Member, member: Member, friend: Member
) -> None:
    space = make_group(PRIVATE, owner=employee)
    asked = add_membership(space, member, MembershipStatus.REQUESTED)
    other = add_membership(space, friend, MembershipStatus.REQUESTED)
    client.force_login(employee)
    page = main_of(client.get(members_url(space)))
    assert "Anne de Vries" in page
    assert "Approve" in page

    approve = reverse("spaces:membership-approve", args=[space.slug, asked.pk])
    assert "Anne de Vries is now a member." in messages_of(client, client.post(approve))
    client.post(reverse("spaces:membership-decline", args=[space.slug, other.pk]))

    assert recount(space) == (2, 2)
    assert not Membership.objects.filter(pk=other.pk).exists()


def test_a_plain_member_cannot_approve(
    client: Client, employee: Member, member: Member, friend: Member
) -> None:
    space = make_group(PRIVATE, owner=employee)
    add_membership(space, friend)
    asked = add_membership(space, member, MembershipStatus.REQUESTED)
    client.force_login(friend)
    response = client.post(reverse("spaces:membership-approve", args=[space.slug, asked.pk]))
    assert response.status_code == 403
    assert Membership.objects.get(pk=asked.pk).status == "requested"


def test_a_membership_of_another_group_is_not_found(
    client: Client, employee: Member, member: Member
) -> None:
    space = make_group(PRIVATE, owner=employee)
    elsewhere = add_membership(make_group(PRIVATE), member, MembershipStatus.REQUESTED)
    client.force_login(employee)
    url = reverse("spaces:membership-approve", args=[space.slug, elsewhere.pk])
    assert client.post(url).status_code == 404


def test_inviting_by_name_never_by_address(
    client: Client, employee: Member, member: Member
) -> None:
    space = make_group(SECRET, owner=employee)
    client.force_login(employee)
    by_name = main_of(client.get(members_url(space), {"invite_q": "anne"}))
    assert "Anne de Vries" in by_name
    # (The full address would be echoed in the search box, which the leak check rightly flags.)
    by_address = main_of(client.get(members_url(space), {"invite_q": "anne@example"}))
    assert "Anne de Vries" not in by_address
    assert "No member who is not yet in this group has that name." in by_address

    response = client.post(reverse("spaces:group-invite", args=[space.slug]), {"member": member.pk})
    assert "Anne de Vries has been invited." in messages_of(client, response)
    assert Membership.objects.get(space=space, member=member).status == "invited"
    assert "Withdraw invitation" in main_of(client.get(members_url(space)))


def test_a_bad_invitation_is_a_message_not_a_crash(
    client: Client, employee: Member, member: Member
) -> None:
    space = make_group(SECRET, owner=employee)
    add_membership(space, member)
    client.force_login(employee)
    invite = reverse("spaces:group-invite", args=[space.slug])
    page = messages_of(client, client.post(invite, {"member": member.pk}))
    assert "Anne de Vries is already a member of this group." in page
    page = messages_of(client, client.post(invite, {"member": "nobody"}))
    assert "Choose a member to invite." in page


def test_the_owner_removes_promotes_and_hands_over_on_the_members_page(
    client: Client, employee: Member, member: Member, friend: Member
) -> None:
    space = make_group(owner=employee)
    promoted = add_membership(space, member)
    removed = add_membership(space, friend)
    client.force_login(employee)
    page = main_of(client.get(members_url(space)))
    assert "Make moderator" in page
    assert "Remove" in page
    assert "Transfer ownership" in page

    client.post(
        reverse("spaces:membership-role", args=[space.slug, promoted.pk]), {"role": "moderator"}
    )
    client.post(reverse("spaces:membership-remove", args=[space.slug, removed.pk]))
    client.post(reverse("spaces:membership-transfer", args=[space.slug, promoted.pk]))

    roles = dict(space.memberships.values_list("member_id", "role"))
    assert roles == {employee.pk: "moderator", member.pk: "owner"}
    assert recount(space) == (2, 2)


def test_a_bad_role_is_a_message(client: Client, employee: Member, member: Member) -> None:
    space = make_group(owner=employee)
    target = add_membership(space, member)
    client.force_login(employee)
    response = client.post(
        reverse("spaces:membership-role", args=[space.slug, target.pk]), {"role": "owner"}
    )
    assert "Choose member or group moderator." in messages_of(client, response)
    assert Membership.objects.get(pk=target.pk).role == "member"


def test_a_group_moderator_gets_no_owner_buttons(
    client: Client, employee: Member, member: Member, friend: Member
) -> None:
    space = make_group(owner=employee)
    add_membership(space, member, role=GroupRole.MODERATOR)
    add_membership(space, friend)
    client.force_login(member)
    page = main_of(client.get(members_url(space)))
    assert "Remove" in page  # the plain member
    assert "Make moderator" not in page
    assert "Transfer ownership" not in page


# The directory


def test_the_directory_searches_filters_and_shows_badges(
    client: Client, member: Member, employee: Member
) -> None:
    fietsen = make_group(PUBLIC, name="Fietsen", description="Samen op de fiets")
    make_group(PRIVATE, name="Koken")
    make_group(PUBLIC, EMPLOYEES, name="Medewerkers")
    fietsen.tags.add(SpaceTag.objects.create(name="Buiten", slug="buiten"))
    add_membership(fietsen, member)
    client.force_login(member)

    page = main_of(client.get(LIST_URL))
    assert "Fietsen" in page
    assert "Koken" in page
    assert "Medewerkers" not in page
    assert "Public" in page
    assert "Private" in page
    assert "You are a member" in page
    assert "2 members" in page
    assert "Start a group" in page
    assert "Koken" not in main_of(client.get(LIST_URL, {"q": "fiets"}))
    assert "Koken" not in main_of(client.get(LIST_URL, {"tag": "buiten"}))
    assert "Groups tagged “Buiten”." in main_of(client.get(LIST_URL, {"tag": "buiten"}))
    assert "Koken" not in main_of(client.get(LIST_URL, {"mine": "1"}))
    client.force_login(employee)
    assert "Employees only" in main_of(client.get(LIST_URL))


def test_the_directory_pages_with_next_and_previous_links(client: Client) -> None:
    for number in range(30):
        make_group(name=f"Groep {number:02d}")
    first = client.get(LIST_URL)
    assert "Groep 00" in text(first)
    assert "Groep 24" not in text(first)
    next_url = re.search(r'href="(\?after=[^"]+)" rel="next"', text(first))
    assert next_url is not None
    second = text(client.get(LIST_URL + next_url.group(1)))
    assert "Groep 24" in second
    assert "Groep 29" in second
    assert "Groep 00" not in second
    assert 'rel="prev"' in second


def test_the_header_links_to_the_groups(client: Client) -> None:
    assert f'href="{LIST_URL}"' in text(client.get(reverse("core:home")))


def fill(groups: int, viewer: Member) -> None:
    tags = [SpaceTag.objects.create(name=f"Tag {n}", slug=f"tag-{n}") for n in range(3)]
    for number in range(groups):
        space = make_group((PUBLIC, PRIVATE, SECRET)[number % 3], name=f"Groep {number}")
        space.tags.add(*tags[: number % 3 + 1])
        if number % 2:
            add_membership(
                space, viewer, (MembershipStatus.ACTIVE, MembershipStatus.INVITED)[number % 4 // 2]
            )


@pytest.mark.parametrize("groups", [5, 50])
def test_the_directory_issues_a_fixed_number_of_queries(
    client: Client, member: Member, groups: int, django_assert_num_queries: Any
) -> None:
    fill(groups, member)
    client.force_login(member)
    client.get(LIST_URL)  # warm the site settings cache
    # session, member (with the header's avatar), the page of groups (with the viewer's
    # standing), their tags, the popular tags; and the test client's own e-mail leak check.
    with django_assert_num_queries(6):
        response = client.get(LIST_URL)
    assert response.status_code == 200


@pytest.mark.parametrize("groups", [5, 50])
def test_the_directory_issues_a_fixed_number_of_queries_for_visitors(
    client: Client, member: Member, groups: int, django_assert_num_queries: Any
) -> None:
    fill(groups, member)
    client.get(LIST_URL)
    # the page of groups, their tags, the popular tags; and the client's e-mail leak check.
    with django_assert_num_queries(4):
        client.get(LIST_URL)


def test_the_group_page_issues_at_most_ten_queries_of_its_own(
    client: Client, member: Member, django_assert_num_queries: Any
) -> None:
    space = make_group(PUBLIC)
    add_membership(space, member)
    for number in range(3):
        create_post(member, space=space, body=f"Bericht {number}")
    client.force_login(member)
    client.get(detail_url(space))  # warm the site settings cache
    # session and member with the header's avatar (2); the group with its tags (2); may the
    # member read it, their membership, do they follow it (3); the feed: pinned posts, posts,
    # attachments, the member's reactions (4); the test client's e-mail check (1).
    with django_assert_num_queries(12):
        client.get(detail_url(space))


def queries_of(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_group_page_and_members_page_do_not_grow_with_the_members(
    client: Client, employee: Member
) -> None:
    small, large = make_group(PRIVATE, owner=employee), make_group(PRIVATE, owner=employee)
    for space, size in ((small, 5), (large, 50)):
        for number in range(size):
            person = MemberFactory()
            add_membership(space, person, role=GroupRole.MODERATOR if number < 2 else "member")
            add_membership(make_group(SECRET), person)  # memberships elsewhere change nothing
        for _ in range(size // 5):
            add_membership(space, MemberFactory(), MembershipStatus.REQUESTED)
            add_membership(space, MemberFactory(), MembershipStatus.INVITED, invited_by=employee)
    client.force_login(employee)
    queries_of(client, detail_url(small))  # warm the caches
    assert queries_of(client, detail_url(small)) == queries_of(client, detail_url(large))
    assert queries_of(client, members_url(small)) == queries_of(client, members_url(large))
