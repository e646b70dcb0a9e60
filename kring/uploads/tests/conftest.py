"""Fixtures of the uploads tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from kring.accounts.models import Member
from kring.content.models import Post
from kring.spaces.queries import community_space


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are checked in the source language (pages pick their own per request)."""
    with translation.override("en"):
        yield


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """Uploaded files land in a fresh folder that each test can inspect."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def post(member: Member) -> Post:
    return Post.objects.create(space=community_space(), author=member, body="Kijk eens!")
