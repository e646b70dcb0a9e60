"""Fixtures of the wall tests: the content tests' fixtures (kring/content/tests/fixtures.py)."""

from kring.content.tests.fixtures import _english, client, community, group, media

__all__ = ["_english", "client", "community", "group", "media"]
