"""Fixtures of the content tests: see fixtures.py (shared with the wall tests)."""

from kring.content.tests.fixtures import _english, client, community, group, media

__all__ = ["_english", "client", "community", "group", "media"]
