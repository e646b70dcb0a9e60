"""Sanctions of a seeded community and their appeals, in bulk.

Warnings, silences, suspensions (no bans, which anonymise accounts) with a few in force
(`Member.silenced_until` / `suspended_until` equal to their latest end, as the sanctions
services keep them), some lifted, some appealed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from kring.accounts.models import Member
from kring.audit.models import Reason
from kring.bench.bulk import Progress, moment
from kring.bench.community import DAY
from kring.bench.scales import Scale
from kring.sanctions.models import Appeal, AppealStatus, Sanction, SanctionKind

ACTIVE_SANCTION_SHARE = 0.15  # of silences and suspensions, still in force
LIFTED_SHARE = 0.05
APPEAL_SHARE = 0.15
SANCTION_REASONS = {
    Reason.SPAM: "Herhaaldelijk reclame geplaatst, ook na een waarschuwing.",
    Reason.OFFENSIVE: "Beledigende reacties op andere leden.",
    Reason.OFF_TOPIC: "Steeds berichten die niet bij de groep passen.",
    Reason.PERSONAL_DATA: "Persoonlijke gegevens van een ander lid gedeeld.",
    Reason.OTHER: "Afspraken van de community niet nagekomen.",
}


@dataclass
class PlannedSanction:
    pk: int
    member: int
    kind: str
    reason_code: str
    issued_by: int
    created: float
    ends: float | None
    lifted: float | None = None
    lifted_by: int | None = None
    lift_reason: str = ""
    # status, asked, decided (None: open), by whom
    appeal: tuple[str, float, float | None, int | None] | None = None


def plan_sanctions(
    scale: Scale,
    rng: random.Random,
    *,
    candidates: list[int],
    moderators: list[int],
    first_id: int,
    now: float,
) -> list[PlannedSanction]:
    kinds = [SanctionKind.WARNING, SanctionKind.SILENCE, SanctionKind.SUSPENSION]
    codes = list(Reason.values)
    planned: list[PlannedSanction] = []
    if not candidates:
        return planned
    for number in range(scale.sanctions):
        kind = rng.choices(kinds, weights=[55, 30, 15])[0]
        active = kind != SanctionKind.WARNING and rng.random() < ACTIVE_SANCTION_SHARE
        created = now - (rng.random() * 5 * DAY if active else rng.random() * 365 * DAY)
        ends = None
        if kind != SanctionKind.WARNING:
            days = rng.choice([1, 3, 7, 14, 30])
            ends = max(created + days * DAY, now + DAY) if active else created + days * DAY
            if not active and ends >= now:
                ends = now - rng.random() * DAY
                created = min(created, ends - DAY)
        sanction = PlannedSanction(
            pk=first_id + number,
            member=rng.choice(candidates),
            kind=kind,
            reason_code=rng.choice(codes),
            issued_by=rng.choice(moderators),
            created=created,
            ends=ends,
        )
        if rng.random() < APPEAL_SHARE:
            asked = created + rng.random() * DAY
            if active or rng.random() < 0.3:
                sanction.appeal = (AppealStatus.OPEN, asked, None, None)
            else:
                status = rng.choice([AppealStatus.UPHELD, AppealStatus.OVERTURNED])
                decided = min(now - 1, asked + rng.random() * 2 * DAY)
                sanction.appeal = (status, asked, decided, rng.choice(moderators))
        if sanction.appeal and sanction.appeal[0] == AppealStatus.OVERTURNED:
            sanction.lifted = sanction.appeal[2]
        elif not active and rng.random() < LIFTED_SHARE:
            sanction.lifted = created + rng.random() * DAY
        if sanction.lifted is not None:
            sanction.lifted = min(sanction.lifted, now - 1)
            decider = sanction.appeal[3] if sanction.appeal else None
            sanction.lifted_by = decider or rng.choice(moderators)
            sanction.lift_reason = "Bezwaar toegekend." if sanction.appeal else "Vergissing."
        planned.append(sanction)
    return planned


def write_sanctions(planned: list[PlannedSanction], *, now: float, progress: Progress) -> None:
    progress.insert(
        "sanctions",
        Sanction,
        (
            Sanction(
                pk=s.pk,
                member_id=s.member,
                kind=s.kind,
                reason_code=s.reason_code,
                reason=SANCTION_REASONS[Reason(s.reason_code)],
                issued_by_id=s.issued_by,
                created_at=moment(s.created),
                ends_at=moment(s.ends) if s.ends is not None else None,
                lifted_at=moment(s.lifted) if s.lifted is not None else None,
                lifted_by_id=s.lifted_by,
                lift_reason=s.lift_reason,
            )
            for s in planned
        ),
    )
    progress.insert(
        "appeals",
        Appeal,
        (
            Appeal(
                sanction_id=s.pk,
                text="Ik vind dit niet terecht: ik wilde alleen iemand helpen.",
                created_at=moment(s.appeal[1]),
                status=s.appeal[0],
                decided_by_id=s.appeal[3],
                decided_at=moment(s.appeal[2]) if s.appeal[2] is not None else None,
                answer="" if s.appeal[2] is None else "Bedankt voor je uitleg.",
            )
            for s in planned
            if s.appeal is not None
        ),
    )
    # The gates every request checks: the latest end of the sanctions in force.
    gates: dict[int, dict[str, float]] = {}
    for s in planned:
        if s.kind == SanctionKind.WARNING or s.lifted is not None or s.ends is None:
            continue
        if s.ends > now:
            field_name = "silenced_until" if s.kind == SanctionKind.SILENCE else "suspended_until"
            latest = gates.setdefault(s.member, {})
            latest[field_name] = max(latest.get(field_name, 0.0), s.ends)
    rows = []
    for pk, ends in gates.items():
        member = Member(pk=pk)
        member.silenced_until = moment(ends["silenced_until"]) if "silenced_until" in ends else None
        member.suspended_until = (
            moment(ends["suspended_until"]) if "suspended_until" in ends else None
        )
        rows.append(member)
    Member.objects.bulk_update(rows, ["silenced_until", "suspended_until"], batch_size=500)
