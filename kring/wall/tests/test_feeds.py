"""RSS and Atom: only what an anonymous visitor may read, whoever asks."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Member
from kring.content import services
from kring.content.tests.samples import join, make_friends, make_group, post_in, profile_space_for
from kring.spaces.models import Audience, Space, Visibility

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_titles(response: Any) -> set[str]:
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314  (our own feed)
    return {item.findtext("title") or "" for item in root.iter("item")}


@pytest.fixture
def everything(
    member: Member, friend: Member, employee: Member, community: Space, group: Space
) -> dict[str, Space]:
    join(group, member)
    make_friends(member, friend)
    private = make_group(Visibility.PRIVATE, owner=member, slug="besloten")
    secret = make_group(Visibility.SECRET, owner=member, slug="geheim")
    internal = make_group(Visibility.PUBLIC, Audience.EMPLOYEES, owner=employee, slug="intern")
    post_in(community, member, "community post")
    post_in(group, member, "public group post")
    post_in(private, member, "private group post")
    post_in(secret, member, "secret group post")
    post_in(internal, employee, "employees group post")
    post_in(profile_space_for(member), member, "friends only", audience="friends")
    post_in(profile_space_for(member), member, "profile post")
    gone = post_in(group, member, "deleted post")
    services.delete_post(member, post=gone)
    return {"group": group, "private": private, "secret": secret, "internal": internal}


def test_community_feed_has_public_posts_only(
    client: Client, member: Member, everything: dict[str, Space]
) -> None:
    client.force_login(member)  # a logged-in reader gets the public feed all the same
    titles = rss_titles(client.get(reverse("wall:community-rss")))
    assert titles == {"Anne de Vries: community post", "Anne de Vries: public group post"}


def test_group_feed_of_a_public_group(client: Client, everything: dict[str, Space]) -> None:
    response = client.get(reverse("wall:group-rss", args=["fietsers"]))
    assert rss_titles(response) == {"Anne de Vries: public group post"}
    assert b"<link>http://testserver/groepen/fietsers/</link>" in response.content


@pytest.mark.parametrize("slug", ["besloten", "geheim", "intern", "bestaat-niet"])
def test_no_feed_for_groups_visitors_cannot_read(
    client: Client, member: Member, everything: dict[str, Space], slug: str
) -> None:
    client.force_login(member)  # not even for their owner
    assert client.get(reverse("wall:group-rss", args=[slug])).status_code == 404
    assert client.get(reverse("wall:group-atom", args=[slug])).status_code == 404


def test_atom_feeds(client: Client, everything: dict[str, Space]) -> None:
    for url in (reverse("wall:community-atom"), reverse("wall:group-atom", args=["fietsers"])):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/atom+xml")
        root = ElementTree.fromstring(response.content)  # noqa: S314  (our own feed)
        titles = {entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")}
        assert "Anne de Vries: public group post" in titles
        assert not any("private" in (t or "") or "friends" in (t or "") for t in titles)


def test_feed_items_carry_the_stored_html_escaped(
    client: Client, member: Member, community: Space
) -> None:
    post_in(community, member, "**Vet** & <b>rauw</b>")
    response = client.get(reverse("wall:community-rss"))
    root = ElementTree.fromstring(response.content)  # noqa: S314  (our own feed)
    item = root.find("channel/item")
    assert item is not None
    assert item.findtext("title") == "Anne de Vries: Vet & <b>rauw</b>"
    assert (
        item.findtext("description") == "<p><strong>Vet</strong> &amp; &lt;b&gt;rauw&lt;/b&gt;</p>"
    )
