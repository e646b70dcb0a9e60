"""Facts the members app publishes after commit (search listens). Ids only."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProfileUpdated:
    """A member's name or profile details were saved."""

    member_id: int
    by: int
