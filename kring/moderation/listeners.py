"""Content waiting for approval enters the queue; deleted content leaves it (subscribed in
apps.py)."""

from __future__ import annotations

from kring.content.events import (
    CommentCreated,
    CommentDeleted,
    CommentModerated,
    PostCreated,
    PostDeleted,
    PostModerated,
)
from kring.content.models import ModerationState
from kring.moderation.services import close_case_of_deleted, open_case_for_pending


def post_created(event: PostCreated) -> None:
    if event.held:  # the event says so: a published post costs the writer no query here
        open_case_for_pending(post_id=event.post_id)


def comment_created(event: CommentCreated) -> None:
    if event.held:
        open_case_for_pending(comment_id=event.comment_id)


def post_moderated(event: PostModerated) -> None:
    if event.state == ModerationState.PENDING:
        open_case_for_pending(post_id=event.post_id)


def comment_moderated(event: CommentModerated) -> None:
    if event.state == ModerationState.PENDING:
        open_case_for_pending(comment_id=event.comment_id)


def post_deleted(event: PostDeleted) -> None:
    close_case_of_deleted(post_id=event.post_id, by=event.by)


def comment_deleted(event: CommentDeleted) -> None:
    close_case_of_deleted(comment_id=event.comment_id, by=event.by)
