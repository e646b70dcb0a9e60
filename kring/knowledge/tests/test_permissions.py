from __future__ import annotations

import pytest

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.accounts.roles import Role
from kring.content.tests.samples import suspend
from kring.knowledge import permissions
from kring.knowledge.tests.samples import make_page, make_product, review

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("anonymous", False),
        ("member", False),
        ("employee", False),
        ("moderator", False),
        ("editor", True),
        ("manager", True),
        ("admin", True),
    ],
)
def test_can_edit_knowledge_is_for_editors_managers_and_admins(
    request: pytest.FixtureRequest, persona: str, allowed: bool
) -> None:
    assert permissions.can_edit_knowledge(request.getfixturevalue(persona)) is allowed


def test_can_edit_knowledge_refuses_a_suspended_editor(editor: Member) -> None:
    assert not permissions.can_edit_knowledge(suspend(editor))


def test_can_edit_knowledge_needs_an_employee_role_beside_the_flag() -> None:
    assert not permissions.can_edit_knowledge(MemberFactory(role=Role.MEMBER, is_editor=True))


def test_can_delete_page_is_for_its_author_and_moderating_editors(
    editor: Member, other_editor: Member, manager: Member, moderator: Member
) -> None:
    page = make_page(editor)
    assert permissions.can_delete_page(editor, page)
    assert not permissions.can_delete_page(other_editor, page)
    assert permissions.can_delete_page(manager, page)
    assert not permissions.can_delete_page(moderator, page)  # not an editor


def test_can_review_is_for_members_on_products_only(
    editor: Member, member: Member, employee: Member, anonymous: object
) -> None:
    product, page = make_product(editor), make_page(editor, title="Over ons")
    assert permissions.can_review(member, product)
    assert not permissions.can_review(member, page)
    assert not permissions.can_review(employee, product)
    assert not permissions.can_review(anonymous, product)
    assert not permissions.can_review(suspend(MemberFactory()), product)


def test_can_delete_review_is_for_its_author_and_moderators(
    editor: Member, member: Member, friend: Member, moderator: Member
) -> None:
    written = review(make_product(editor), author=member)
    assert permissions.can_delete_review(member, written)
    assert permissions.can_delete_review(moderator, written)
    assert not permissions.can_delete_review(friend, written)


def test_can_reply_to_review_is_for_employees(
    editor: Member, member: Member, employee: Member
) -> None:
    written = review(make_product(editor), author=member)
    assert permissions.can_reply_to_review(employee, written)
    assert not permissions.can_reply_to_review(member, written)
