"""Facts of the moderation app (ids only), published after commit."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ItemFlagged:
    case_id: int
    flag_id: int
    flagger_id: int
    kind: str
    target_id: int
    reason: str


@dataclass(frozen=True)
class ItemHeldByFlags:
    """Flags passed the threshold: the item is hidden pending review."""

    case_id: int
    kind: str
    target_id: int


@dataclass(frozen=True)
class CaseResolved:
    case_id: int
    kind: str
    target_id: int
    resolution: str
    by: int


@dataclass(frozen=True)
class ModerationSettingsChanged:
    by: int
    flag_threshold: int


@dataclass(frozen=True)
class TopicMoved:
    topic_id: int
    category_id: int
    by: int


@dataclass(frozen=True)
class TopicsMerged:
    source_id: int
    target_id: int
    by: int


@dataclass(frozen=True)
class TopicSplit:
    topic_id: int
    new_topic_id: int
    by: int
