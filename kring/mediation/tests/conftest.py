"""Fixtures of the mediation tests: English pages and messages, a community post to start from."""

from __future__ import annotations

import pytest

from kring.accounts.models import Member
from kring.content.models import Post
from kring.content.tests.fixtures import _english, client, community, group
from kring.content.tests.samples import post_in
from kring.spaces.models import Space

__all__ = ["_english", "client", "community", "group", "thread"]


@pytest.fixture
def thread(community: Space, member: Member, friend: Member) -> Post:
    """A community post by the member, with a heated comment by the friend."""
    from kring.content.services import comment_on_post

    post = post_in(community, member, "Wie heeft er gelijk over de thuisbatterij?")
    comment_on_post(friend, post=post, body="Jij snapt er niets van.")
    return post
