"""Fixtures for the sanctions tests: English texts, and a client speaking English."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are asserted in their English source text, whatever the Dutch catalog says."""
    with translation.override("en"):
        yield


@pytest.fixture
def client(client: Client) -> Client:
    """The root conftest's client (it checks every page for e-mail addresses), in English."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def index_now(django_capture_on_commit_callbacks: Any) -> Callable[[], AbstractContextManager[Any]]:
    """`with index_now(): …` runs the after-commit handlers (search's index updates) on exit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
