"""Visibility across every surface: whatever a visitor or an unrelated member may not read never
appears in any answer of any URL.

The surfaces are enumerated from the URLconf (routes.py), not listed by hand: a URL added
tomorrow is probed tomorrow. Each is requested as a visitor and as a logged-in stranger, twice:
filled with the public objects of the security world, and filled with the hidden ones (a post,
comment, reply, topic and category of a secret group), with `?q=` and `?title=` naming the hidden
words so search and suggestion surfaces look for them. Hidden texts carry marker words; no
answer may contain one. A control proves the markers do show to those who may read them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from kring.accounts.models import Member
from kring.content.models import ModerationState
from kring.content.services import comment_on_post, create_post, set_post_moderation
from kring.core.tests.security.conftest import Probe, World
from kring.core.tests.security.routes import Route, all_routes, fill
from kring.forum.services import add_internal_note, create_category, create_topic
from kring.news.services import ArticleDraft, create_article
from kring.search.rebuild import rebuild_index
from kring.spaces.models import GroupRole, Membership, MembershipStatus, Space, SpaceKind
from kring.spaces.models import Visibility as SpaceVisibility
from kring.spaces.queries import profile_space_for

pytestmark = pytest.mark.django_db

# One marker word per kind of hidden text: a failure names what leaked. Every hidden text is
# "<SEARCH_WORD> <marker>": surfaces are asked for the search word (pages echo what was asked:
# search boxes, login links with ?next=), and answers are checked for the marker.
SEARCH_WORD = "kwartaalcijfers"
MARKERS = {
    "secret group post": "zqxgeheimbericht",
    "secret group comment": "zqxgeheimreactie",
    "secret group reply": "zqxgeheimantwoord",
    "secret group topic": "zqxgeheimonderwerp",
    "friends-only post": "zqxvriendenbericht",
    "internal note": "zqxinternenotitie",
    "post hidden by a moderator": "zqxverborgenbericht",
    "post waiting for approval": "zqxwachtbericht",
    "scheduled article": "zqxgeplandartikel",
    "draft article": "zqxconceptartikel",
}
# Allauth's and the admin's own pages show no member content; the admin answers visitors and
# members with its login page.
SKIPPED_PREFIXES = ("django-admin/",)
# What a surface searches for, in every query string the probe sends.
QUERY = f"?q={SEARCH_WORD}&title={SEARCH_WORD}"


def _text(kind: str) -> str:
    return f"{SEARCH_WORD} {MARKERS[kind]}"


def _secret_group(owner: Member) -> Space:
    group = Space.objects.create(
        kind=SpaceKind.GROUP,
        name="Zqx-binnenkring",
        slug="zqx-binnenkring",
        visibility=SpaceVisibility.SECRET,
        member_count=1,
    )
    Membership.objects.create(
        space=group, member=owner, role=GroupRole.OWNER, status=MembershipStatus.ACTIVE
    )
    return group


@pytest.fixture
def hidden_world(world: World, moderator: Member) -> World:
    """The world with its post, comment, reply, group, category and topic swapped for hidden
    ones; the other hidden kinds are written beside them."""
    insider = world.owner  # the employee: owns the secret group, reads internal notes
    group = _secret_group(insider)
    post = create_post(insider, space=group, body=_text("secret group post"))
    comment = comment_on_post(insider, post=post, body=_text("secret group comment"))
    reply = comment_on_post(insider, post=post, parent=comment, body=_text("secret group reply"))
    category = create_category(world.admin, space=group, name="Binnenkring")
    topic = create_topic(
        insider,
        category=category,
        kind="question",
        title=_text("secret group topic"),
        body=_text("secret group topic"),
    )
    create_post(
        world.member,
        space=profile_space_for(world.member),
        audience="friends",
        body=_text("friends-only post"),
    )
    add_internal_note(insider, topic=world.topic, body=_text("internal note"))
    hidden = create_post(world.member, space=world.group, body=_text("post hidden by a moderator"))
    set_post_moderation(moderator, post=hidden, state=ModerationState.HIDDEN, reason="Test")
    waiting = create_post(world.member, space=world.group, body=_text("post waiting for approval"))
    set_post_moderation(None, post=waiting, state=ModerationState.PENDING, reason="Test")
    create_article(
        world.admin,
        draft=ArticleDraft(
            title=_text("scheduled article"),
            body=_text("scheduled article"),
            publish_at=timezone.now() + timedelta(days=3),
        ),
    )
    create_article(
        world.admin,
        draft=ArticleDraft(title=_text("draft article"), body=_text("draft article"), draft=True),
    )
    rebuild_index()
    return dataclasses.replace(
        world, post=post, comment=comment, reply=reply, group=group, category=category, topic=topic
    )


def _text_of(response: Any) -> str:
    if getattr(response, "streaming", False):
        return str(b"".join(response.streaming_content).decode(errors="replace"))
    return str(response.content.decode(errors="replace"))


def _leaks(text: str) -> list[str]:
    lowered = text.lower()
    return [kind for kind, marker in MARKERS.items() if marker in lowered]


def _probed(routes: Iterable[Route]) -> list[Route]:
    return [route for route in routes if not route.pattern.startswith(SKIPPED_PREFIXES)]


def _visit_all(client: Client, world: World, routes: list[Route]) -> list[str]:
    failures = []
    for route in routes:
        path = fill(route, world)
        response = client.get(path + QUERY)
        if response.status_code >= 500:
            failures.append(f"{route} -> {path}: answered {response.status_code}")
        elif leaked := _leaks(_text_of(response)):
            failures.append(f"{route} -> {path}: shows {', '.join(leaked)}")
    return failures


@pytest.mark.parametrize("viewer", ["visitor", "stranger"])
def test_no_surface_shows_what_the_viewer_may_not_read(
    client: Client,
    world: World,
    hidden_world: World,
    probe: Probe,
    viewer: str,
) -> None:
    if viewer == "stranger":
        client.force_login(world.stranger)
    routes = _probed(all_routes())
    with_objects = [route for route in routes if route.parameters]
    failures = _visit_all(client, world, routes) + _visit_all(client, hidden_world, with_objects)
    probe(
        "Visibility: every GET surface, visitor and stranger",
        cases=len(routes) + len(with_objects),
    )
    assert failures == [], "\n".join(failures)


def test_the_markers_show_to_those_who_may_read_them(
    client: Client, world: World, hidden_world: World, probe: Probe
) -> None:
    """The probe is meaningful: the same surfaces show the hidden words to their readers."""
    client.force_login(world.owner)
    post_page = _text_of(client.get(f"/berichten/{hidden_world.post.pk}/"))
    assert MARKERS["secret group post"] in post_page
    assert MARKERS["secret group comment"] in post_page
    topic_page = _text_of(client.get(f"/forum/onderwerp/{world.topic.pk}/"))
    assert MARKERS["internal note"] in topic_page
    found = _text_of(client.get(f"/search/?q={SEARCH_WORD}"))
    assert MARKERS["secret group post"] in found
    client.force_login(world.member)
    profile = _text_of(client.get(f"/leden/{world.member.pk}/"))
    assert MARKERS["friends-only post"] in profile
    probe("Visibility: every GET surface, visitor and stranger", cases=4)
