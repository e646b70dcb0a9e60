"""Fixtures of the spaces tests: English messages (the tests read them), a media folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
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
def media(settings: Any, tmp_path: Path) -> Path:
    """Uploaded covers land in a fresh folder that each test can inspect."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
