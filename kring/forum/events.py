"""Facts the forum publishes after commit (see kring.core.events). Ids only.

Topic and reply creation are the content kernel's PostCreated and CommentCreated."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AnswerAccepted:
    topic_id: int
    reply_id: int
    by: int


@dataclass(frozen=True)
class AnswerUnaccepted:
    topic_id: int
    reply_id: int
    by: int


@dataclass(frozen=True)
class TopicClosed:
    topic_id: int
    by: int


@dataclass(frozen=True)
class TopicReopened:
    topic_id: int
    by: int


@dataclass(frozen=True)
class TopicLocked:
    topic_id: int
    by: int
    reason: str


@dataclass(frozen=True)
class TopicUnlocked:
    topic_id: int
    by: int


@dataclass(frozen=True)
class QuestionAssigned:
    """`assignee_id` None: the assignment was taken away."""

    topic_id: int
    assignee_id: int | None
    by: int


@dataclass(frozen=True)
class TopicWatched:
    topic_id: int
    member_id: int
