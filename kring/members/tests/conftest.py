"""Fixtures of the members tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """Uploaded files land in a fresh folder that each test can inspect."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
