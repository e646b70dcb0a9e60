"""Issue #5 point 7: a private message appears on no other surface. Search, the feeds, RSS,
profile pages and the moderation queue never show it, to anyone (moderators and admins
included); the queue shows only a message someone reported, and no other of its
conversation."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Member
from kring.content.services import create_post
from kring.messaging import services
from kring.messaging.models import Message
from kring.spaces.queries import community_space

pytestmark = pytest.mark.django_db

SECRET = "Zeppelinkaasschaaf"
REPORTED = "Kwispeldeurbel"


def surfaces(member: Member) -> list[str]:
    return [
        reverse("core:home"),
        reverse("wall:community"),
        reverse("wall:home-stream"),
        reverse("wall:profile-stream", args=[member.pk]),
        reverse("wall:community-rss"),
        reverse("members:profile-detail", args=[member.pk]),
        reverse("members:member-list"),
    ]


def test_no_surface_but_the_conversation_shows_a_private_message(  # noqa: PLR0917  (personas)
    client: Client,
    member: Member,
    friend: Member,
    stranger: Member,
    moderator: Member,
    admin: Member,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # every listener runs (search too)
        conversation = services.start_conversation(
            member, members=[friend], body=f"Het geheim is {SECRET}", title=f"Over {SECRET}"
        )
        services.send_message(friend, conversation=conversation, body=f"Zeg {REPORTED}")
        # A control: the same kind of word in a public post is found, so the check below bites.
        create_post(member, space=community_space(), body="Openbaar Fietsbelwoord")
    for viewer in (None, member, friend, stranger, moderator, admin):
        client.logout()
        if viewer is not None:
            client.force_login(viewer)
        for member_whose in (member, friend):
            for path in surfaces(member_whose):
                response = client.get(path)
                if response.status_code != 200:
                    continue
                html = response.content.decode()
                assert SECRET not in html, (path, viewer)
                assert REPORTED not in html, (path, viewer)
            # The search page repeats the words asked for: it must find nothing with them.
            for word in (SECRET, REPORTED, "geheim"):
                html = client.get(reverse("search:search"), {"q": word}).content.decode()
                assert '<article class="search-result ' not in html, (word, viewer)
    found = client.get(reverse("search:search"), {"q": "Fietsbelwoord"}).content.decode()
    assert '<article class="search-result ' in found
    client.force_login(moderator)
    queue = client.get(reverse("moderation:queue"))
    if queue.status_code == 200:
        assert SECRET not in queue.content.decode()


def test_the_moderation_queue_shows_only_the_reported_message(
    client: Client, member: Member, friend: Member, moderator: Member
) -> None:
    from kring.moderation.services import flag_message

    conversation = services.start_conversation(member, members=[friend], body=SECRET)
    services.send_message(friend, conversation=conversation, body=REPORTED)
    reported = Message.objects.get(body=REPORTED)
    flag_message(member, message_id=reported.pk, reason="offensive", text="")
    client.force_login(moderator)
    html = client.get(reverse("moderation:queue")).content.decode()
    assert REPORTED in html
    assert SECRET not in html
    # The conversation itself stays closed to the moderator.
    detail = reverse("messaging:conversation-detail", args=[conversation.pk])
    assert client.get(detail).status_code == 404
