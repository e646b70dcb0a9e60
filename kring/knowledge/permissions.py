"""Who may do what in the knowledge base: pure predicates shared by services, views and
templates. Who may read a page is `kring.content.queries.visible_posts` (a page is a post)."""

from __future__ import annotations

from typing import Any

from kring.accounts import roles
from kring.content.permissions import can_delete_post, is_site_moderator
from kring.knowledge.models import KnowledgePage, Review
from kring.spaces.queries import is_participant


def can_edit_knowledge(actor: Any) -> bool:
    """Editors (employees marked editor, community managers, admins) who are not suspended."""
    return is_participant(actor) and roles.may_edit_knowledge(actor)


def can_delete_page(actor: Any, page: KnowledgePage) -> bool:
    """Editors delete their own pages; moderators and managers any page (the kernel's rule for
    deleting posts, so a page is never deleted by someone the rest of Kring would refuse)."""
    return can_edit_knowledge(actor) and can_delete_post(actor, page.post)


def can_review(actor: Any, page: KnowledgePage) -> bool:
    """Members rate products; employees answer reviews instead of rating their own products."""
    return (
        page.is_product
        and not page.post.is_deleted
        and is_participant(actor)
        and not roles.is_employee(actor)
    )


def can_delete_review(actor: Any, review: Review) -> bool:
    """The author and moderators."""
    if not is_participant(actor):
        return False
    return review.author_id == actor.pk or is_site_moderator(actor)


def can_reply_to_review(actor: Any, review: Review) -> bool:
    """Employees answer publicly, on behalf of the organisation."""
    return is_participant(actor) and roles.is_employee(actor)
