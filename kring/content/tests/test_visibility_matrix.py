"""The one visibility policy, proven as a matrix: roles x content x surfaces, every cell an
assertion (issue #3, point 6).

What each role may read comes from ONE table, `READABLE`, written from the rules (issue #3 and
docs/design.md): staff read every space; visitors, pending and suspended members read the
community, public groups for everyone and the profiles visible to them; participants also read
their active groups (employees-only ones only as employees) and, as employees, public
employees-only groups; friends-only posts are for the author's friends who are not blocked.
The other tables say where a readable post shows up, not whether it may: the home feed's reach
(`HOME_REACH`), who may open a deleted post to restore it (`RESTORERS`), whose profiles open
(`PROFILE_OPENS`) and whom people search finds (`SEARCH_FINDS`).

Every surface is asked over HTTP as the role (post page with its comments, history and who
reacted; home feed, group page and profile page, each also as the htmx "load more" fragment;
RSS and Atom; attachment and thumbnail URLs; profile pages and people search), and the queries
themselves are asked directly (`visible_posts`, `visible_comments`, `get_attachment_for`).
The world is built once per module (in a transaction rolled back at the end) and every page is
fetched once per role.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from conftest import EmailLeakCheckingClient, MemberFactory
from kring.accounts.models import Member
from kring.accounts.roles import Role
from kring.content.models import Attachment, Comment, Post, PostAudience
from kring.content.queries import visible_comments, visible_posts
from kring.content.services import comment_on_post, create_post, delete_post
from kring.content.tests.samples import (
    community_space,
    follow,
    join,
    make_friends,
    make_group,
    photo_upload,
    profile_space_for,
    suspend,
)
from kring.core.permissions import NotFound
from kring.members.models import ProfileVisibility
from kring.social.services import block_member
from kring.spaces.models import Audience, GroupRole, MembershipStatus, Space, Visibility
from kring.uploads.queries import get_attachment_for
from kring.uploads.services import attach_to_post

pytestmark = pytest.mark.django_db

# Roles ---------------------------------------------------------------------------------------

ANONYMOUS = "anonymous"
MEMBER = "member"  # approved, in no group
NON_MEMBER = "non_member"  # in another group; follows all four groups without being in them
REQUESTER = "requester"  # asked to join all four groups (membership status "requested")
GROUP_MEMBER = "group_member"  # a customer, active in all four groups
GROUP_MODERATOR = "group_moderator"  # a customer, moderator of all four groups
EMPLOYEE = "employee"  # in no group
SITE_MODERATOR = "site_moderator"
ADMIN = "admin"
BLOCKED = "blocked"  # was the author's friend; the author blocked them (which unfriends)
SUSPENDED = "suspended"  # active in all four groups and the author's friend, now suspended
FRIEND = "friend"  # the author's friend (and the friends-only profile's)
ROLES = [
    ANONYMOUS,
    MEMBER,
    NON_MEMBER,
    REQUESTER,
    GROUP_MEMBER,
    GROUP_MODERATOR,
    EMPLOYEE,
    SITE_MODERATOR,
    ADMIN,
    BLOCKED,
    SUSPENDED,
    FRIEND,
]

# Content -------------------------------------------------------------------------------------

PUBLIC = "public_group_post"
PRIVATE = "private_group_post"
SECRET = "secret_group_post"
EMPLOYEES = "employees_group_post"  # a public group for employees only
FRIENDS = "friends_only_post"  # on the author's profile, which members may see
DELETED = "deleted_post"  # was in the public group
COMMENT = "comment_on_private_post"
NOTE = "internal_note_on_private_post"  # a comment only employees see
PHOTO = "photo_of_private_post"

GROUP_POSTS = [PUBLIC, PRIVATE, SECRET, EMPLOYEES]
POSTS = [*GROUP_POSTS, FRIENDS, DELETED]
EVERY_GROUP = frozenset(GROUP_POSTS)
STAFF_READS = frozenset({*GROUP_POSTS, FRIENDS, COMMENT, NOTE, PHOTO})
PRIVATE_GROUP_CONTENT = frozenset({PRIVATE, COMMENT, PHOTO})

# THE table: what each role may read. A deleted post is read by nobody (restorers open it
# through the post page only: RESTORERS).
READABLE: dict[str, frozenset[str]] = {
    ANONYMOUS: frozenset({PUBLIC}),
    MEMBER: frozenset({PUBLIC}),
    NON_MEMBER: frozenset({PUBLIC}),  # following a group is no key to it
    REQUESTER: frozenset({PUBLIC}),  # asking is not being in
    # Customers: their membership of an employees-only group grants nothing.
    GROUP_MEMBER: frozenset({PUBLIC, SECRET} | PRIVATE_GROUP_CONTENT),
    GROUP_MODERATOR: frozenset({PUBLIC, SECRET} | PRIVATE_GROUP_CONTENT),
    EMPLOYEE: frozenset({PUBLIC, EMPLOYEES}),
    SITE_MODERATOR: STAFF_READS,
    ADMIN: STAFF_READS,
    BLOCKED: frozenset({PUBLIC}),
    SUSPENDED: frozenset({PUBLIC}),  # reads like a visitor, whatever groups and friends
    FRIEND: frozenset({PUBLIC, FRIENDS}),
}
assert set(READABLE) == set(ROLES)

# The post page of a deleted post opens for those who may restore it: staff and the group's
# owner and moderators. Nobody else, and no other surface, shows it.
RESTORERS = frozenset({GROUP_MODERATOR, SITE_MODERATOR, ADMIN})

# The home feed's reach (wall.queries.home_feed): participants get their active groups,
# followed groups and people, friends, and the community; visitors (and suspended members, who
# read like them) the community and the groups they may read. A post shows when it is in reach
# AND readable: being in reach never makes a post readable.
HOME_REACH: dict[str, frozenset[str]] = {
    ANONYMOUS: EVERY_GROUP,
    MEMBER: frozenset(),
    NON_MEMBER: EVERY_GROUP,  # followed
    REQUESTER: frozenset(),
    GROUP_MEMBER: EVERY_GROUP,  # active in all four
    GROUP_MODERATOR: EVERY_GROUP,
    EMPLOYEE: frozenset(),  # reads the employees' group, but does not follow it
    SITE_MODERATOR: frozenset(),
    ADMIN: frozenset(),
    BLOCKED: frozenset(),  # the block ended the friendship
    SUSPENDED: EVERY_GROUP,  # the visitors' stream
    FRIEND: frozenset({FRIENDS}),
}

# People. The group posts are by the groups' owner, whose profile anyone may see; the
# friends-only post is by the author, whose profile is for members; a third member shows
# their profile to friends only.
OWNER = "owner_profile"  # visibility: everyone
AUTHOR = "author_profile"  # visibility: members; blocks BLOCKED
FRIENDS_ONLY = "friends_only_profile"  # visibility: friends (FRIEND and SUSPENDED)
PROFILES = [OWNER, AUTHOR, FRIENDS_ONLY]
PROFILE_OF = {**dict.fromkeys([*GROUP_POSTS, DELETED, PHOTO], OWNER), FRIENDS: AUTHOR}
_MEMBERS_SEE = frozenset({OWNER, AUTHOR})

# Whose profile page opens for each role. A block hides nobody's profile from a direct link
# (the blocker must reach the unblock button; blocks hide friends-only content and search).
# Community managers and admins see every profile; moderators do not see friends-only ones.
# Suspended members read like visitors.
PROFILE_OPENS: dict[str, frozenset[str]] = {
    ANONYMOUS: frozenset({OWNER}),
    MEMBER: _MEMBERS_SEE,
    NON_MEMBER: _MEMBERS_SEE,
    REQUESTER: _MEMBERS_SEE,
    GROUP_MEMBER: _MEMBERS_SEE,
    GROUP_MODERATOR: _MEMBERS_SEE,
    EMPLOYEE: _MEMBERS_SEE,
    SITE_MODERATOR: _MEMBERS_SEE,
    ADMIN: frozenset(PROFILES),
    BLOCKED: _MEMBERS_SEE,
    SUSPENDED: frozenset({OWNER}),
    FRIEND: frozenset(PROFILES),
}
# People search finds the profiles one may see, except across a block (either way).
SEARCH_FINDS: dict[str, frozenset[str]] = {
    role: opens - {AUTHOR} if role == BLOCKED else opens for role, opens in PROFILE_OPENS.items()
}

MARKERS = {
    PUBLIC: "kv-public-q7",
    PRIVATE: "kv-private-q7",
    SECRET: "kv-secret-q7",
    EMPLOYEES: "kv-employees-q7",
    FRIENDS: "kv-friends-q7",
    DELETED: "kv-deleted-q7",
    COMMENT: "kv-comment-q7",
    NOTE: "kv-note-q7",
    PHOTO: "kv-photo-q7",  # the photo's name: its alt text and its addresses carry it
}
SURNAMES = {OWNER: "Eigenaarsma", AUTHOR: "Auteursma", FRIENDS_ONLY: "Vriendsma"}


# The world, built once ------------------------------------------------------------------------


@dataclass
class World:
    people: dict[str, Any]
    profiles: dict[str, Member]
    posts: dict[str, Post]
    comments: dict[str, Comment]
    photo: Attachment
    clients: dict[str, Client]
    pages: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)

    def fetch(self, role: str, url: str, *, htmx: bool = False) -> tuple[int, str]:
        """Status and text of `url` as `role` (each page fetched once per role); `htmx` asks
        for the fragment that "load more" fetches."""
        key = (role, f"{url} (htmx)" if htmx else url)
        if key not in self.pages:
            headers = {"HX-Request": "true"} if htmx else {}
            response = self.clients[role].get(url, headers=headers)
            if getattr(response, "streaming", False):
                # Consume through the test client's wrapper: a bare response.close() fires
                # request_finished with close_old_connections connected, which closes the
                # PostgreSQL connection inside this module's open transaction.
                b"".join(response.streaming_content)
                text = ""
            else:
                text = response.content.decode()
            self.pages[key] = (response.status_code, text)
        return self.pages[key]

    def group_of(self, content: str) -> Space:
        return self.posts[PRIVATE if content == PHOTO else content].space


def _person(name: str, role: str = Role.MEMBER, **profile: str) -> Member:
    person: Member = MemberFactory(display_name=name, role=role)
    if profile:
        for attribute, value in profile.items():
            setattr(person.profile, attribute, value)
        person.profile.save(update_fields=list(profile))
    return person


def _build() -> World:
    community_space()
    owner = _person(f"Olga {SURNAMES[OWNER]}", Role.EMPLOYEE, visibility=ProfileVisibility.EVERYONE)
    author = _person(f"Anouk {SURNAMES[AUTHOR]}", visibility=ProfileVisibility.MEMBERS)
    friends_only = _person(f"Fiona {SURNAMES[FRIENDS_ONLY]}", visibility=ProfileVisibility.FRIENDS)
    groups = {
        PUBLIC: make_group(Visibility.PUBLIC, owner=owner, name="Open", slug="kv-open"),
        PRIVATE: make_group(Visibility.PRIVATE, owner=owner, name="Besloten", slug="kv-besloten"),
        SECRET: make_group(Visibility.SECRET, owner=owner, name="Geheim", slug="kv-geheim"),
        EMPLOYEES: make_group(
            Visibility.PUBLIC, Audience.EMPLOYEES, owner=owner, name="Intern", slug="kv-intern"
        ),
    }
    elsewhere = make_group(owner=owner, name="Elders", slug="kv-elders")

    people: dict[str, Any] = {
        ANONYMOUS: AnonymousUser(),
        MEMBER: _person("Mees Lid"),
        NON_MEMBER: _person("Nina Buiten"),
        REQUESTER: _person("Rik Vraagt"),
        GROUP_MEMBER: _person("Gert Groepslid"),
        GROUP_MODERATOR: _person("Mila Groepsmoderator"),
        EMPLOYEE: _person("Eef Medewerker", Role.EMPLOYEE),
        SITE_MODERATOR: _person("Sam Moderator", Role.MODERATOR),
        ADMIN: _person("Ada Beheerder", Role.ADMIN),
        BLOCKED: _person("Bo Geblokkeerd"),
        SUSPENDED: _person("Siem Geschorst"),
        FRIEND: _person("Floor Vriend"),
    }
    join(elsewhere, people[NON_MEMBER])
    for space in groups.values():
        follow(people[NON_MEMBER], space=space)
        join(space, people[REQUESTER], status=MembershipStatus.REQUESTED)
        join(space, people[GROUP_MEMBER])
        join(space, people[GROUP_MODERATOR], role=GroupRole.MODERATOR)
        join(space, people[SUSPENDED])
    for friend in (people[FRIEND], people[SUSPENDED], people[BLOCKED]):
        make_friends(author, friend)
    for friend in (people[FRIEND], people[SUSPENDED]):
        make_friends(friends_only, friend)

    posts = {
        content: create_post(owner, space=space, body=f"Nieuws {MARKERS[content]}")
        for content, space in groups.items()
    }
    posts[FRIENDS] = create_post(
        author,
        space=profile_space_for(author),
        body=f"Alleen voor vrienden {MARKERS[FRIENDS]}",
        audience=PostAudience.FRIENDS,
    )
    posts[DELETED] = delete_post(
        owner,
        post=create_post(owner, space=groups[PUBLIC], body=f"Weg ermee {MARKERS[DELETED]}"),
    )
    comments = {
        COMMENT: comment_on_post(
            people[GROUP_MEMBER], post=posts[PRIVATE], body=f"Mee eens {MARKERS[COMMENT]}"
        ),
        NOTE: comment_on_post(
            owner, post=posts[PRIVATE], body=f"Intern {MARKERS[NOTE]}", is_internal=True
        ),
    }
    (photo,) = attach_to_post(
        owner, post=posts[PRIVATE], photos=[photo_upload(f"{MARKERS[PHOTO]}.png")], files=[]
    )
    # Last, as it happens in life: the block (it ends the friendship), the suspension.
    block_member(author, member=people[BLOCKED])
    suspend(people[SUSPENDED])

    clients: dict[str, Client] = {}
    for role, person in people.items():
        clients[role] = EmailLeakCheckingClient()
        # A suspended member's session ends at their next request (kring.sanctions): their pages
        # are a visitor's, which is what the matrix expects of them.
        if role not in (ANONYMOUS, SUSPENDED):
            clients[role].force_login(person)
    return World(
        people=people,
        profiles={OWNER: owner, AUTHOR: author, FRIENDS_ONLY: friends_only},
        posts=posts,
        comments=comments,
        photo=photo,
        clients=clients,
    )


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """Built once in a transaction that is rolled back after the module's last test."""
    media_root = str(tmp_path_factory.mktemp("visibility-media"))
    with (
        override_settings(MEDIA_ROOT=media_root),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield _build()
        transaction.set_rollback(True)


# The cells ------------------------------------------------------------------------------------


def cells(contents: list[str], expected: Any = None) -> list[Any]:
    """One parameter per (content, role), with a readable id and the expected visibility."""
    expect = expected or (lambda role, content: content in READABLE[role])
    return [
        pytest.param(content, role, expect(role, content), id=f"{content}-{role}")
        for content in contents
        for role in ROLES
    ]


def shown(visible: bool) -> str:
    return "visible" if visible else "hidden"


def assert_marker(
    world: World, role: str, url: str, marker: str, expected: bool, *, htmx: bool = False
) -> None:
    status, text = world.fetch(role, url, htmx=htmx)
    assert status in (200, 404), f"{url} answered {status} for {role}"
    found = status == 200 and marker in text
    assert found is expected, f"{marker} should be {shown(expected)} to {role} at {url}"
    if not expected:
        assert marker not in text, f"{marker} leaks to {role} at {url} ({status})"


def _post_page_expectation(role: str, content: str) -> bool:
    return role in RESTORERS if content == DELETED else content in READABLE[role]


def _post_page_url(world: World, content: str) -> str:
    post = world.posts[PRIVATE if content in (COMMENT, NOTE, PHOTO) else content]
    return reverse("content:post-detail", args=[post.pk])


@pytest.mark.parametrize(("content", "role", "expected"), cells(POSTS, _post_page_expectation))
def test_post_page_shows_a_post_only_to_its_readers(
    world: World, content: str, role: str, expected: bool
) -> None:
    url = _post_page_url(world, content)
    status, _text = world.fetch(role, url)
    assert status == (200 if expected else 404), f"{url} answered {status} for {role}"
    assert_marker(world, role, url, MARKERS[content], expected)


@pytest.mark.parametrize(("content", "role", "expected"), cells([COMMENT, NOTE, PHOTO]))
def test_post_page_shows_comments_notes_and_photos_only_to_their_readers(
    world: World, content: str, role: str, expected: bool
) -> None:
    assert_marker(world, role, _post_page_url(world, content), MARKERS[content], expected)


def _home_expectation(role: str, content: str) -> bool:
    reach = HOME_REACH[role] | ({PHOTO} if PRIVATE in HOME_REACH[role] else set())
    return content in READABLE[role] and content in reach


@pytest.mark.parametrize(("content", "role", "expected"), cells([*POSTS, PHOTO], _home_expectation))
def test_home_feed_shows_readable_posts_in_its_reach_and_nothing_forbidden(
    world: World, content: str, role: str, expected: bool
) -> None:
    assert_marker(world, role, reverse("core:home"), MARKERS[content], expected)


def _group_expectation(role: str, content: str) -> bool:
    return content != DELETED and content in READABLE[role]


@pytest.mark.parametrize(
    ("content", "role", "expected"), cells([*GROUP_POSTS, DELETED, PHOTO], _group_expectation)
)
def test_group_page_shows_its_posts_only_to_its_readers(
    world: World, content: str, role: str, expected: bool
) -> None:
    url = reverse("spaces:group-detail", args=[world.group_of(content).slug])
    assert_marker(world, role, url, MARKERS[content], expected)


def _profile_stream_expectation(role: str, content: str) -> bool:
    return content in READABLE[role] and PROFILE_OF[content] in PROFILE_OPENS[role]


@pytest.mark.parametrize(
    ("content", "role", "expected"), cells([*POSTS, PHOTO], _profile_stream_expectation)
)
def test_profile_page_stream_shows_the_authors_posts_only_to_their_readers(
    world: World, content: str, role: str, expected: bool
) -> None:
    author = world.profiles[PROFILE_OF[content]]
    url = reverse("members:profile-detail", args=[author.pk])
    assert_marker(world, role, url, MARKERS[content], expected)


@pytest.mark.parametrize(("content", "role", "expected"), cells([*POSTS, PHOTO], _home_expectation))
def test_home_feed_load_more_fragment_shows_the_same_as_the_home_feed(
    world: World, content: str, role: str, expected: bool
) -> None:
    url = reverse("wall:home-stream")
    assert_marker(world, role, url, MARKERS[content], expected, htmx=True)


@pytest.mark.parametrize(
    ("content", "role", "expected"), cells([*GROUP_POSTS, DELETED, PHOTO], _group_expectation)
)
def test_group_load_more_fragment_shows_its_posts_only_to_its_readers(
    world: World, content: str, role: str, expected: bool
) -> None:
    url = reverse("wall:space-stream", args=[world.group_of(content).pk])
    assert_marker(world, role, url, MARKERS[content], expected, htmx=True)


@pytest.mark.parametrize(
    ("content", "role", "expected"), cells([*POSTS, PHOTO], _profile_stream_expectation)
)
def test_profile_load_more_fragment_shows_the_authors_posts_only_to_their_readers(
    world: World, content: str, role: str, expected: bool
) -> None:
    url = reverse("wall:profile-stream", args=[world.profiles[PROFILE_OF[content]].pk])
    assert_marker(world, role, url, MARKERS[content], expected, htmx=True)


@pytest.mark.parametrize("view", ["content:post-history", "content:post-reactions"])
@pytest.mark.parametrize(("content", "role", "expected"), cells(POSTS))
def test_a_posts_history_and_reactions_open_only_for_its_readers(
    world: World, view: str, content: str, role: str, expected: bool
) -> None:
    url = reverse(view, args=[world.posts[content].pk])
    status, _text = world.fetch(role, url)
    assert status == (200 if expected else 404), f"{url} answered {status} for {role}"


@pytest.mark.parametrize(("content", "role", "expected"), cells([COMMENT, NOTE]))
def test_a_comments_reactions_open_only_for_its_readers(
    world: World, content: str, role: str, expected: bool
) -> None:
    url = reverse("content:comment-reactions", args=[world.comments[content].pk])
    status, _text = world.fetch(role, url)
    assert status == (200 if expected else 404), f"{url} answered {status} for {role}"


def _public_feed_expectation(role: str, content: str) -> bool:
    """Feeds read as a visitor, whoever asks: what anonymous may read, of the groups."""
    return content in READABLE[ANONYMOUS] and content in EVERY_GROUP


@pytest.mark.parametrize("feed", ["wall:community-rss", "wall:community-atom"])
@pytest.mark.parametrize(("content", "role", "expected"), cells(POSTS, _public_feed_expectation))
def test_community_feeds_carry_public_posts_only(
    world: World, feed: str, content: str, role: str, expected: bool
) -> None:
    url = reverse(feed)
    assert world.fetch(role, url)[0] == 200
    assert_marker(world, role, url, MARKERS[content], expected)


@pytest.mark.parametrize("feed", ["wall:group-rss", "wall:group-atom"])
@pytest.mark.parametrize(
    ("content", "role", "expected"), cells([*GROUP_POSTS, DELETED], _public_feed_expectation)
)
def test_group_feeds_exist_for_public_groups_and_carry_public_posts_only(
    world: World, feed: str, content: str, role: str, expected: bool
) -> None:
    space = world.group_of(content)
    url = reverse(feed, args=[space.slug])
    is_public = space.visibility == Visibility.PUBLIC and space.audience == Audience.EVERYONE
    assert world.fetch(role, url)[0] == (200 if is_public else 404)
    assert_marker(world, role, url, MARKERS[content], expected)


@pytest.mark.parametrize("view", ["uploads:attachment-download", "uploads:attachment-thumbnail"])
@pytest.mark.parametrize(("content", "role", "expected"), cells([PHOTO]))
def test_attachment_urls_serve_the_photo_only_to_readers_of_its_post(
    world: World, view: str, content: str, role: str, expected: bool
) -> None:
    url = reverse(view, args=[world.photo.pk, world.photo.original_name])
    status, _text = world.fetch(role, url)
    assert status == (200 if expected else 404), f"{url} answered {status} for {role}"


def _opens(role: str, profile: str) -> bool:
    return profile in PROFILE_OPENS[role]


def _finds(role: str, profile: str) -> bool:
    return profile in SEARCH_FINDS[role]


@pytest.mark.parametrize(("profile", "role", "expected"), cells(PROFILES, _opens))
def test_profile_page_opens_only_for_those_who_may_see_the_profile(
    world: World, profile: str, role: str, expected: bool
) -> None:
    url = reverse("members:profile-detail", args=[world.profiles[profile].pk])
    status, _text = world.fetch(role, url)
    assert status == (200 if expected else 404), f"{url} answered {status} for {role}"


@pytest.mark.parametrize(("profile", "role", "expected"), cells(PROFILES, _finds))
def test_people_search_finds_visible_profiles_and_nobody_across_a_block(
    world: World, profile: str, role: str, expected: bool
) -> None:
    person = world.profiles[profile]
    url = f"{reverse('members:member-list')}?q={SURNAMES[profile]}"
    link = f'href="{reverse("members:profile-detail", args=[person.pk])}"'
    assert_marker(world, role, url, link, expected)


# The queries every surface reads through --------------------------------------------------------


@pytest.mark.parametrize(("content", "role", "expected"), cells(POSTS))
def test_visible_posts_follows_the_table(
    world: World, content: str, role: str, expected: bool
) -> None:
    viewer = world.people[role]
    assert visible_posts(viewer).filter(pk=world.posts[content].pk).exists() is expected


@pytest.mark.parametrize(("content", "role", "expected"), cells([COMMENT, NOTE]))
def test_visible_comments_follows_the_table(
    world: World, content: str, role: str, expected: bool
) -> None:
    viewer = world.people[role]
    assert visible_comments(viewer).filter(pk=world.comments[content].pk).exists() is expected


@pytest.mark.parametrize(("content", "role", "expected"), cells([PHOTO]))
def test_get_attachment_for_follows_the_table(
    world: World, content: str, role: str, expected: bool
) -> None:
    try:
        get_attachment_for(world.people[role], world.photo.pk)
    except NotFound:
        found = False
    else:
        found = True
    assert found is expected


def test_the_world_is_what_the_tables_assume(world: World) -> None:
    """The block ended the friendship; the suspension holds; the requester only asked."""
    from kring.social.queries import are_friends, has_blocked

    author = world.profiles[AUTHOR]
    assert has_blocked(author, world.people[BLOCKED])
    assert not are_friends(author, world.people[BLOCKED])
    assert are_friends(author, world.people[SUSPENDED])
    assert world.people[SUSPENDED].is_suspended
    assert world.posts[DELETED].is_deleted
    assert world.comments[NOTE].is_internal
