"""Flood control on every form a member writes with: over the limit the form answers 429 with
Retry-After, says why in the member's language, and keeps the text."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kring.accounts.models import Member
from kring.content.models import Post
from kring.core import ratelimits
from kring.core.ratelimits import too_fast_message
from kring.forum.tests.samples import ask, make_category
from kring.spaces.models import Space

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mid_window_clock(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    """Two writes a minute, and the clock 30 s into the minute (the window does not end)."""
    monkeypatch.setattr(ratelimits, "time", SimpleNamespace(time=lambda: 1_800_000_030.0))
    settings.RATE_LIMITS = {"post": "2/m", "comment": "2/m"}


Send = Callable[[Client, str], Any]


def wall_post(community: Space, author: Member) -> Send:
    path = reverse("wall:space-status-create", args=[community.pk])
    return lambda client, text: client.post(path, {"body": text})


def comment(community: Space, author: Member) -> Send:
    post = Post.objects.create(space=community, author=author, body="Reageer maar")
    path = reverse("content:comment-create", args=[post.pk])
    return lambda client, text: client.post(path, {"body": text})


def forum_topic(community: Space, author: Member) -> Send:
    category = make_category(community, "Algemeen")
    path = reverse("forum:topic-create")
    return lambda client, text: client.post(
        path,
        {"kind": "discussion", "title": text[:40], "body": text, "category": str(category.pk)},
    )


def forum_reply(community: Space, author: Member) -> Send:
    topic = ask(author, make_category(community, "Vragen"))
    path = reverse("forum:topic-reply", args=[topic.pk])
    return lambda client, text: client.post(path, {"body": text})


FORMS = {"wall post": wall_post, "comment": comment, "topic": forum_topic, "reply": forum_reply}


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("form", list(FORMS))
def test_a_flood_answers_429_with_the_message_and_keeps_the_text(
    client: Client, member: Member, community: Space, form: str, language: str
) -> None:
    send = FORMS[form](community, member)
    member.language = language
    member.save(update_fields=["language"])
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(member)
    for number in range(2):
        response = send(client, f"Mijn bijdrage nummer {number} aan dit gesprek")
        assert response.status_code == 302, (form, number)
    response = send(client, "Deze derde bijdrage komt te snel")
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    with translation.override(language):
        assert too_fast_message(30) in page.replace("&#x27;", "'")
    assert "Deze derde bijdrage komt te snel" in page


@pytest.mark.parametrize("language", ["nl", "en"])
def test_starting_groups_too_fast_answers_429_and_keeps_the_form(
    client: Client, member: Member, settings: Any, language: str
) -> None:
    settings.RATE_LIMITS = {"group": "2/m"}
    member.language = language
    member.save(update_fields=["language"])
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(member)
    path = reverse("spaces:group-create")
    for number in range(2):
        data = {"name": f"Groep {number}", "visibility": "public"}
        assert client.post(path, data).status_code == 302
    response = client.post(path, {"name": "Nog een groep", "visibility": "public"})
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    with translation.override(language):
        assert too_fast_message(30) in page.replace("&#x27;", "'")
    assert 'value="Nog een groep"' in page


@pytest.mark.usefixtures("friend", "stranger")
def test_friend_requests_too_fast_answer_429(
    client: Client, member: Member, settings: Any, admin: Member
) -> None:
    settings.RATE_LIMITS = {"social": "2/m"}
    client.force_login(member)
    for other in Member.objects.exclude(pk__in=[member.pk, admin.pk]):
        path = reverse("social:friend-request-send", args=[other.pk])
        assert client.post(path).status_code == 302
    response = client.post(reverse("social:friend-request-send", args=[admin.pk]))
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert "Too many attempts" in response.content.decode()
