"""Facts the mediation app publishes after commit (see kring.core.events). Ids only."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MediationOpened:
    case_id: int
    by: int


@dataclass(frozen=True)
class MediationAssigned:
    case_id: int
    owner_id: int
    by: int


@dataclass(frozen=True)
class MediationConversationStarted:
    case_id: int
    conversation_id: int
    by: int


@dataclass(frozen=True)
class MediationClosed:
    case_id: int
    outcome: str
    by: int
