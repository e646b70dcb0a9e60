"""Who may write articles and manage announcements: pure predicates shared by services, views
and templates. Reading articles is decided by `kring.content.queries.visible_posts`."""

from __future__ import annotations

from typing import Any

from kring.accounts import roles
from kring.content.permissions import can_edit_post
from kring.news.models import Announcement, Article
from kring.spaces.queries import is_participant


def can_write_articles(actor: Any) -> bool:
    """Editors (employees marked editor) and community managers and admins, not suspended."""
    return is_participant(actor) and roles.may_edit_knowledge(actor)


def can_edit_article(actor: Any, article: Article) -> bool:
    """Editors: an article belongs to all of them, whoever wrote it (the kernel's rule for
    editorial posts, `content.permissions.is_editor_of`), and staff."""
    return can_write_articles(actor) and can_edit_post(actor, article.post)


def can_manage_announcements(actor: Any) -> bool:
    """Community managers and admins."""
    return is_participant(actor) and roles.may_manage(actor)


def can_dismiss_announcement(actor: Any, announcement: Announcement) -> bool:
    """Members close a banner for themselves; visitors cannot (see docs/news.md)."""
    return is_participant(actor)
