"""The "Start a mediation" links on posts (wall cards) and forum replies: site staff only, and
the case form opens from them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Member
from kring.content.models import Comment, Post
from kring.forum.tests.samples import answer, ask, make_category
from kring.spaces.models import Space

pytestmark = pytest.mark.django_db


def test_wall_cards_link_to_a_mediation_for_moderators_only(
    client: Client, thread: Post, moderator: Member, member: Member
) -> None:
    link = f"{reverse('mediation:case-create')}?post={thread.pk}"
    client.force_login(moderator)
    assert link in client.get(reverse("wall:community")).content.decode()
    opened = client.get(link)
    assert opened.status_code == 200
    assert "Wie heeft er gelijk" in opened.content.decode()
    client.force_login(member)
    assert link not in client.get(reverse("wall:community")).content.decode()


def test_forum_replies_link_to_a_mediation_for_moderators_only(
    client: Client, community: Space, moderator: Member, member: Member, friend: Member
) -> None:
    topic = ask(member, make_category(community, "Algemeen"))
    reply: Comment = answer(friend, topic, "Dat is onzin.")
    link = f"{reverse('mediation:case-create')}?comment={reply.pk}"
    page = reverse("forum:topic-detail", args=[topic.pk])
    client.force_login(moderator)
    assert link in client.get(page).content.decode()
    assert client.get(link).status_code == 200
    client.force_login(member)
    assert link not in client.get(page).content.decode()
