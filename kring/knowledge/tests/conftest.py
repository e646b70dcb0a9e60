from __future__ import annotations

import pytest

from kring.accounts.models import Member
from kring.content.tests.fixtures import _english, client, media
from kring.knowledge.tests.samples import make_editor

__all__ = ["_english", "client", "media"]


@pytest.fixture
def editor(db: None) -> Member:
    return make_editor(display_name="Hanna Redacteur", email="hanna@example.nl")


@pytest.fixture
def other_editor(db: None) -> Member:
    return make_editor(display_name="Ivo Redacteur", email="ivo@example.nl")
