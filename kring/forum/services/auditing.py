"""The audit log entry for a staff action on a topic."""

from __future__ import annotations

from typing import Any

from kring.audit.services import record_action
from kring.forum.models import Topic


def audit_topic(
    actor: Any,
    action: str,
    topic: Topic,
    *,
    reason: str = "",
    before: Any = None,
    after: Any = None,
) -> None:
    """Log a staff action on a topic (the asker closing their own question is not one)."""
    if actor.pk == topic.post.author_id:
        return
    record_action(
        actor,
        action=action,
        target=topic.post,
        subject=topic.post.author,
        space=topic.post.space,
        reason=reason,
        before=before,
        after=after,
    )
