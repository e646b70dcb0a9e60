"""Fixtures of the moderation tests: the content tests' fixtures (English, the client, the
community, a group owned by the employee persona) and a few reported items."""

from __future__ import annotations

from kring.content.tests.fixtures import _english, client, community, group

__all__ = ["_english", "client", "community", "group"]
