"""Fixtures of the audit tests: English pages and messages."""

from kring.content.tests.fixtures import _english, client, community, group

__all__ = ["_english", "client", "community", "group"]
