"""Fixtures shared by the content and wall tests (each conftest imports them)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from conftest import EmailLeakCheckingClient
from kring.accounts.models import Member
from kring.content.tests.samples import community_space, make_group
from kring.spaces.models import Space


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are checked in the source language."""
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    """The suite's e-mail leak checking client, reading pages in English (the source text)."""
    english = EmailLeakCheckingClient()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return english


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """Uploaded files land in a fresh folder per test."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def community(db: None) -> Space:
    return community_space()


@pytest.fixture
def group(employee: Member) -> Space:
    """A public group for everyone, owned by the employee persona."""
    return make_group(owner=employee, name="Fietsers", slug="fietsers")
