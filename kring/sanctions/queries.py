"""Every read of sanctions leaving this app."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from kring.core.permissions import NotFound
from kring.sanctions.models import Appeal, AppealStatus, Sanction, SanctionKind, WarningTemplate
from kring.sanctions.permissions import can_sanction_anyone, can_see_sanctions_of

DECIDED_SHOWN = 30


def sanctions_of(member: Any) -> list[Sanction]:
    """A member's sanctions, newest first, with who issued and lifted them and their appeals
    (oldest first, with who decided). Ask `can_see_sanctions_of` before showing them."""
    return list(
        Sanction.objects.filter(member_id=member.pk)
        .select_related("member", "issued_by", "lifted_by")
        .prefetch_related(Prefetch("appeals", queryset=Appeal.objects.select_related("decided_by")))
        .order_by("-created_at", "-id")
    )


def current_sanction(member: Any, kind: str) -> Sanction | None:
    """The active sanction of `kind` that lasts longest (a permanent one first)."""
    now = timezone.now()
    active = [
        s
        for s in Sanction.objects.filter(member_id=member.pk, kind=kind, lifted_at=None)
        if s.ends_at is None or s.ends_at > now
    ]
    if not active:
        return None
    return max(active, key=lambda s: (s.ends_at is None, s.ends_at or now))


def current_suspension(member: Any) -> Sanction | None:
    return current_sanction(member, SanctionKind.SUSPENSION)


def get_sanction_for(viewer: Any, sanction_id: int) -> Sanction:
    """A sanction its member or a site moderator may see; NotFound otherwise."""
    sanction = (
        Sanction.objects.select_related("member", "issued_by", "lifted_by")
        .prefetch_related("appeals")
        .filter(pk=sanction_id)
        .first()
    )
    if sanction is None or not can_see_sanctions_of(viewer, sanction.member):
        raise NotFound
    return sanction


def open_appeals(viewer: Any) -> list[Appeal]:
    """Appeals waiting for a decision, oldest first (staff only)."""
    if not can_sanction_anyone(viewer):
        return []
    return list(
        Appeal.objects.filter(status=AppealStatus.OPEN)
        .select_related("sanction__member", "sanction__issued_by")
        .order_by("created_at", "id")
    )


def decided_appeals(viewer: Any) -> list[Appeal]:
    """The latest decisions, newest first (staff only)."""
    if not can_sanction_anyone(viewer):
        return []
    return list(
        Appeal.objects.exclude(status=AppealStatus.OPEN)
        .select_related("sanction__member", "decided_by")
        .order_by("-decided_at", "-id")[:DECIDED_SHOWN]
    )


def get_appeal_for(viewer: Any, appeal_id: int) -> Appeal:
    """An appeal for staff to decide; NotFound for everyone else."""
    if not can_sanction_anyone(viewer):
        raise NotFound
    appeal = (
        Appeal.objects.select_related("sanction__member", "sanction__issued_by", "decided_by")
        .filter(pk=appeal_id)
        .first()
    )
    if appeal is None:
        raise NotFound
    return appeal


def warning_templates() -> QuerySet[WarningTemplate]:
    return WarningTemplate.objects.order_by("title", "id")


def get_warning_template_for(viewer: Any, template_id: int) -> WarningTemplate:
    if not can_sanction_anyone(viewer):
        raise NotFound
    template = WarningTemplate.objects.filter(pk=template_id).first()
    if template is None:
        raise NotFound
    return template


def open_appeal_count(viewer: Any) -> int:
    if not can_sanction_anyone(viewer):
        return 0
    return Appeal.objects.filter(status=AppealStatus.OPEN).count()
