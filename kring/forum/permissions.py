"""Who may do what in the forum: pure predicates shared by services, views and templates.

Reading a topic is decided by `kring.content.queries.visible_posts` (topics are posts); these
add the forum's rules for writing. "Staff of a topic" are the site's moderators, community
managers and admins, and the owner and moderators of the group the topic is in.
"""

from __future__ import annotations

from typing import Any

from kring.accounts import roles
from kring.content.models import PostKind
from kring.content.permissions import (
    can_edit_post,
    can_pin_post,
    can_write_internal_notes,
    moderates_space_of,
)
from kring.forum.models import Category, Topic
from kring.spaces.models import Space, SpaceKind
from kring.spaces.permissions import can_manage_group, can_post_in_space
from kring.spaces.queries import is_participant

__all__ = [
    "can_accept_answer",
    "can_assign_question",
    "can_be_assigned",
    "can_close_topic",
    "can_create_topic",
    "can_edit_topic",
    "can_lock_topic",
    "can_manage_categories",
    "can_pin_topic",
    "can_reply_to_topic",
    "can_see_assigned_topics",
    "can_watch_topic",
    "can_write_internal_notes",
    "moderates_topic",
]


def moderates_topic(actor: Any, topic: Topic) -> bool:
    """Site staff and the group's owner and moderators (pages ask once, pass `moderates`)."""
    return moderates_space_of(actor, topic.post)


def _is_asker(actor: Any, topic: Topic) -> bool:
    return is_participant(actor) and topic.post.author_id == actor.pk


def _staff(actor: Any, topic: Topic, moderates: bool | None) -> bool:
    return moderates if moderates is not None else moderates_topic(actor, topic)


def can_create_topic(actor: Any, category: Category) -> bool:
    """Whoever may post in the category's space (the community, or a group's members)."""
    return can_post_in_space(actor, category.space)


def can_reply_to_topic(actor: Any, topic: Topic, *, moderates: bool | None = None) -> bool:
    """Participants (the caller has read the topic through the visibility queries); closed and
    locked topics take replies from their staff only."""
    if topic.post.is_deleted or not is_participant(actor):
        return False
    if topic.is_closed or topic.is_locked:
        return _staff(actor, topic, moderates)
    return True


def can_accept_answer(actor: Any, topic: Topic, *, moderates: bool | None = None) -> bool:
    """On questions: the asker, employees and the topic's staff."""
    if topic.post.kind != PostKind.QUESTION or topic.post.is_deleted:
        return False
    if not is_participant(actor):
        return False
    return _is_asker(actor, topic) or roles.is_employee(actor) or _staff(actor, topic, moderates)


def can_close_topic(actor: Any, topic: Topic, *, moderates: bool | None = None) -> bool:
    """The asker and the topic's staff close (and reopen) a topic."""
    if topic.post.is_deleted or not is_participant(actor):
        return False
    if topic.is_locked:
        return _staff(actor, topic, moderates)
    return _is_asker(actor, topic) or _staff(actor, topic, moderates)


def can_lock_topic(actor: Any, topic: Topic, *, moderates: bool | None = None) -> bool:
    """Moderators and the group's moderators lock a topic, with a public reason."""
    if topic.post.is_deleted:
        return False
    return is_participant(actor) and _staff(actor, topic, moderates)


def can_pin_topic(actor: Any, topic: Topic, *, moderates: bool | None = None) -> bool:
    return can_pin_post(actor, topic.post, moderates=moderates)


def can_edit_topic(actor: Any, topic: Topic) -> bool:
    """The author and staff (the content kernel's rule); a locked topic only by staff."""
    if topic.is_locked and not moderates_space_of(actor, topic.post):
        return False
    return can_edit_post(actor, topic.post)


def can_watch_topic(actor: Any, topic: Topic) -> bool:
    return is_participant(actor) and not topic.post.is_deleted


def can_be_assigned(member: Any) -> bool:
    """Questions are assigned to employees (staff roles included)."""
    return is_participant(member) and roles.is_employee(member)


def can_assign_question(actor: Any, topic: Topic) -> bool:
    """Employees and community managers bring in the right colleague."""
    if topic.post.kind != PostKind.QUESTION or topic.post.is_deleted:
        return False
    return is_participant(actor) and (roles.is_employee(actor) or roles.may_manage(actor))


def can_see_assigned_topics(actor: Any) -> bool:
    return can_be_assigned(actor)


def can_manage_categories(actor: Any, space: Space) -> bool:
    """Community managers everywhere; a group's owner and moderators in their group."""
    if not is_participant(actor):
        return False
    if roles.may_manage(actor):
        return True
    return space.kind == SpaceKind.GROUP and can_manage_group(actor, space)
