"""Fixtures of the social tests: services' messages are asserted in their English source text.

Without this, a test saw English only when an earlier test in the same process had left English
active (Django's translation is per thread and a request's language stays active after it):
the order of the suite decided.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield
