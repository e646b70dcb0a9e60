"""The audit log of a seeded community: what its flag cases and sanctions logged, and approvals.

The entries the cases and sanctions made, and registration approvals of members,
scale.audit_entries in all, ids in time order (append-only).
"""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

from kring.audit.models import Reason
from kring.bench.bulk import moment
from kring.bench.community import DAY
from kring.bench.flags import Case
from kring.bench.moderation_texts import HELD_REASON, HIDDEN_REASON
from kring.bench.sanctions import SANCTION_REASONS, PlannedSanction
from kring.bench.scales import Scale
from kring.moderation.models import CaseStatus, Resolution
from kring.sanctions.models import AppealStatus, SanctionKind

Entry = dict[str, Any]


def audit_entries(
    scale: Scale,
    rng: random.Random,
    *,
    cases: list[Case],
    sanctions: list[PlannedSanction],
    staff: dict[int, tuple[str, str]],
    members: dict[int, tuple[str, float]],
    now: float,
) -> list[Entry]:
    """What the services would have logged for the cases and sanctions, then approvals of
    registrations up to scale.audit_entries; oldest first."""
    nouns = {"post": "post", "comment": "comment", "member": "profile", "message": "message"}
    entries: list[Entry] = []

    def add(actor: int | None, at: float, action: str, **values: Any) -> None:
        name, role = staff[actor] if actor is not None else ("system", "")
        entries.append(
            {"actor_id": actor, "actor_name": name, "actor_role": role, "action": action}
            | {"created_at": moment(at)}
            | values
        )

    for case in cases:
        item = case.item
        target = {
            "target_type": item.target_type,
            "target_id": str(case.pk if item.kind == "message" else item.pk),
            "target_label": item.label or f"message #{item.pk}",
            "subject_id": item.author,
            "space_id": item.space_id,
        }
        reason_code = Counter(flag[1] for flag in case.flags).most_common(1)[0][0]
        if case.held:
            threshold_flag = case.flags[min(len(case.flags), 3) - 1][3]
            add(
                None,
                threshold_flag,
                f"{nouns[item.kind]}.hold",
                before={"moderation": "published"},
                after={"moderation": "held"},
                reason=HELD_REASON,
                reason_code=reason_code,
                **target,
            )
        if case.status == CaseStatus.RESOLVED and case.resolved_at is not None:
            hidden = case.resolution == Resolution.HIDDEN
            add(
                case.resolved_by,
                case.resolved_at,
                f"{nouns[item.kind]}.{'hide' if hidden else 'approve'}",
                before={"moderation": "held" if case.held else "published"},
                after={"moderation": "hidden" if hidden else "published"},
                reason=HIDDEN_REASON if hidden else "",
                reason_code=reason_code if hidden else "",
                **target,
            )
    actions = {
        SanctionKind.WARNING: "member.warn",
        SanctionKind.SILENCE: "member.silence",
        SanctionKind.SUSPENSION: "member.suspend",
    }
    for s in sanctions:
        target = {
            "target_type": "sanctions.sanction",
            "target_id": str(s.pk),
            "target_label": f"{s.kind} #{s.pk}",
            "subject_id": s.member,
            "space_id": None,
        }
        ends = moment(s.ends).isoformat() if s.ends is not None else None
        add(
            s.issued_by,
            s.created,
            actions[SanctionKind(s.kind)],
            after={"kind": s.kind, "ends_at": ends},
            reason=SANCTION_REASONS[Reason(s.reason_code)],
            reason_code=s.reason_code,
            **target,
        )
        if s.appeal is not None and s.appeal[2] is not None:
            overturned = s.appeal[0] == AppealStatus.OVERTURNED
            add(
                s.appeal[3],
                s.appeal[2],
                "appeal.overturn" if overturned else "appeal.uphold",
                **target,
            )
        elif s.lifted is not None:
            add(s.lifted_by, s.lifted, "sanction.lift", reason=s.lift_reason, **target)
    approvers = list(staff)
    approved = [pk for pk in members if pk not in staff]
    rng.shuffle(approved)
    for pk in approved[: max(0, scale.audit_entries - len(entries))]:
        name, joined = members[pk]
        add(
            rng.choice(approvers),
            min(now - 1, joined + rng.random() * DAY),
            "member.approve",
            target_type="accounts.member",
            target_id=str(pk),
            target_label=name,
            subject_id=pk,
            space_id=None,
        )
    # Not enough members to approve (small scales): staff look at profiles instead.
    while len(entries) < scale.audit_entries:
        pk = rng.choice(approved or list(members))
        add(
            rng.choice(approvers),
            now - rng.random() * 365 * DAY,
            "profile.approve",
            target_type="accounts.member",
            target_id=str(pk),
            target_label=members[pk][0],
            subject_id=pk,
            space_id=None,
        )
    entries = entries[: scale.audit_entries] if scale.audit_entries else entries
    entries.sort(key=lambda entry: entry["created_at"])
    return entries
