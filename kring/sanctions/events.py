"""Facts the sanctions app publishes after commit (notifications and analytics may listen)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SanctionIssued:
    sanction_id: int
    member_id: int
    kind: str
    by: int


@dataclass(frozen=True)
class SanctionLifted:
    sanction_id: int
    member_id: int
    by: int


@dataclass(frozen=True)
class AppealFiled:
    appeal_id: int
    sanction_id: int
    member_id: int


@dataclass(frozen=True)
class AppealDecided:
    appeal_id: int
    sanction_id: int
    member_id: int
    overturned: bool
    by: int
