"""Public pages are rendered once for all visitors and forgotten when content changes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Member
from kring.content import services
from kring.core.pagecache import CACHE_STATUS_HEADER
from kring.spaces.models import Space

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_visitors_share_one_rendering_of_the_community_stream(
    community: Space, member: Member, django_assert_num_queries: object
) -> None:
    services.create_post(member, space=community, body="Goedemorgen allemaal")
    url = reverse("wall:community")
    first = Client().get(url)
    assert first[CACHE_STATUS_HEADER] == "miss"
    with django_assert_num_queries(0):  # type: ignore[operator]
        second = Client().get(url)
    assert second[CACHE_STATUS_HEADER] == "hit"
    assert "Goedemorgen allemaal" in second.content.decode()


def test_a_new_post_reaches_visitors_at_once(
    community: Space, member: Member, django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("wall:community")
    Client().get(url)
    with django_capture_on_commit_callbacks(execute=True):  # events are published on commit
        services.create_post(member, space=community, body="Nieuw bericht voor iedereen")
    page = Client().get(url)
    assert page[CACHE_STATUS_HEADER] == "miss"
    assert "Nieuw bericht voor iedereen" in page.content.decode()


def test_a_renamed_member_is_shown_with_the_new_name(community: Space, member: Member) -> None:
    services.create_post(member, space=community, body="Hallo")
    url = reverse("wall:community")
    Client().get(url)
    member.display_name = "Nieuwe Naam"
    member.save(update_fields=["display_name"])
    assert "Nieuwe Naam" in Client().get(url).content.decode()


def test_members_never_get_the_visitors_copy(
    client: Client, community: Space, member: Member
) -> None:
    url = reverse("wall:community")
    Client().get(url)
    client.force_login(member)
    page = client.get(url)
    assert CACHE_STATUS_HEADER not in page


def test_each_visitor_gets_a_working_csrf_token_of_their_own(community: Space) -> None:
    url = reverse("wall:community")
    first_visitor = Client(enforce_csrf_checks=True)
    first_visitor.get(url)
    second_visitor = Client(enforce_csrf_checks=True)
    page = second_visitor.get(url)
    assert page[CACHE_STATUS_HEADER] == "hit"
    tokens = set(TOKEN.findall(page.content.decode()))
    assert len(tokens) == 1
    assert "kring-csrf-token" not in page.content.decode()
    answer = second_visitor.post(
        reverse("members:language-set"),
        {"csrfmiddlewaretoken": tokens.pop(), "language": "en", "next": url},
    )
    assert answer.status_code == 302


def test_one_page_masks_its_csrf_token_once(
    client: Client, community: Space, member: Member
) -> None:
    for number in range(3):
        services.create_post(member, space=community, body=f"Bericht {number}")
    client.force_login(member)
    page = client.get(reverse("wall:community")).content.decode()
    tokens = TOKEN.findall(page)
    assert len(tokens) > 3
    assert len(set(tokens)) == 1
