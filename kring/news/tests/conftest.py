"""Fixtures of the news tests: the content tests' fixtures, and an editor."""

from __future__ import annotations

import pytest

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.accounts.roles import Role
from kring.content.tests.fixtures import _english, client, community, group, media

__all__ = ["_english", "client", "community", "editor", "group", "media"]


@pytest.fixture
def editor(db: None) -> Member:
    """An employee marked as editor."""
    return MemberFactory(
        display_name="Hanna Redacteur", email="hanna@example.nl", role=Role.EMPLOYEE, is_editor=True
    )
