"""Fixtures of the forum tests: the content tests' fixtures, a community category, a
customer-service category, a secret group with its own category, and topic helpers."""

from __future__ import annotations

import pytest

from kring.accounts.models import Member
from kring.content.tests.fixtures import _english, client, community, group, media
from kring.content.tests.samples import make_group
from kring.forum.models import Category
from kring.forum.tests.samples import make_category
from kring.spaces.models import Space, Visibility

__all__ = [
    "_english",
    "category",
    "client",
    "community",
    "group",
    "media",
    "secret_category",
    "secret_group",
    "service_category",
]


@pytest.fixture
def category(community: Space) -> Category:
    return make_category(community, "Algemeen")


@pytest.fixture
def service_category(community: Space) -> Category:
    return make_category(community, "Klantenservice", is_customer_service=True)


@pytest.fixture
def secret_group(stranger: Member) -> Space:
    """A secret group owned by the stranger persona."""
    return make_group(Visibility.SECRET, owner=stranger, name="Geheim", slug="geheim")


@pytest.fixture
def secret_category(secret_group: Space) -> Category:
    return make_category(secret_group, "Binnenkamer")
