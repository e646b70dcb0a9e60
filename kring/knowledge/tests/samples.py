"""Pages, products and reviews for the knowledge base tests."""

from __future__ import annotations

from typing import Any

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.accounts.roles import Role
from kring.knowledge import services
from kring.knowledge.models import KnowledgePage, Review


def make_editor(**fields: Any) -> Member:
    """An employee switched to editor."""
    fields.setdefault("role", Role.EMPLOYEE)
    return MemberFactory(is_editor=True, **fields)


def make_page(
    editor: Member,
    title: str = "Zonnepanelen",
    body: str = "Alles over **zonnepanelen**.",
    **fields: Any,
) -> KnowledgePage:
    """A page made through the service (so its post, slug and rules are real)."""
    return services.create_page(editor, title=title, body=body, **fields)


def make_product(editor: Member, title: str = "Thuisbatterij", **fields: Any) -> KnowledgePage:
    return make_page(editor, title=title, is_product=True, **fields)


def review(page: KnowledgePage, rating: int = 4, author: Member | None = None) -> Review:
    return services.write_review(
        author or MemberFactory(), page=page, rating=rating, body=f"{rating} sterren, prima."
    )
