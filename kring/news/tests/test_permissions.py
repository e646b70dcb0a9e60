from __future__ import annotations

from typing import Any

import pytest

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.accounts.roles import Role
from kring.content.tests.samples import suspend
from kring.news.permissions import (
    can_dismiss_announcement,
    can_edit_article,
    can_manage_announcements,
    can_write_articles,
)
from kring.news.tests.samples import make_announcement, write_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "writes", "manages"),
    [
        ("anonymous", False, False),
        ("member", False, False),
        ("employee", False, False),
        ("editor", True, False),
        ("moderator", False, False),
        ("manager", True, True),
        ("admin", True, True),
    ],
)
def test_who_writes_articles_and_manages_announcements(
    request: Any, persona: str, writes: bool, manages: bool
) -> None:
    actor = request.getfixturevalue(persona)
    assert can_write_articles(actor) is writes
    assert can_manage_announcements(actor) is manages


def test_suspended_manager_writes_nothing(manager: Member) -> None:
    suspend(manager)
    assert not can_write_articles(manager)
    assert not can_manage_announcements(manager)


def test_can_edit_article_lets_every_editor_edit_every_article(
    editor: Member, manager: Member, community: Any
) -> None:
    own = write_article(editor, "Van Hanna")
    others = write_article(manager, "Van Femke")
    assert can_edit_article(editor, own)
    assert can_edit_article(editor, others)
    assert can_edit_article(manager, own)
    former = MemberFactory(role=Role.EMPLOYEE, is_editor=False)
    assert not can_edit_article(former, own)


def test_can_dismiss_announcement_is_for_members(
    member: Member, anonymous: Any, manager: Member
) -> None:
    announcement = make_announcement(manager)
    assert can_dismiss_announcement(member, announcement)
    assert not can_dismiss_announcement(anonymous, announcement)
