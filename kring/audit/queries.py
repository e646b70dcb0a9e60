"""Reading the audit log: the entries a viewer may read, filtered and paged by keyset, the
rows of the CSV export, and the anonymous monthly counts of the transparency page."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from kring.audit.models import AuditEntry, Reason
from kring.audit.permissions import can_read_whole_audit_log, moderated_group_ids
from kring.audit.transparency import KIND_OF_ACTION, MODERATION_ACTIONS, ActionKind

PER_PAGE = 50
MAX_CURSOR_LENGTH = 200


@dataclass(frozen=True)
class AuditFilters:
    """What the log page and the export narrow the entries down to (all optional)."""

    actor: str = ""
    action: str = ""
    target_type: str = ""
    member_id: int | None = None
    space_id: int | None = None
    reason_code: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def readable_entries(viewer: Any) -> QuerySet[AuditEntry]:
    """Every entry for site staff; a group's owner and moderators read their groups' entries."""
    entries = AuditEntry.objects.all()
    if can_read_whole_audit_log(viewer):
        return entries
    return entries.filter(space_id__in=moderated_group_ids(viewer))


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filtered_entries(viewer: Any, filters: AuditFilters) -> QuerySet[AuditEntry]:
    """The entries `viewer` may read that match `filters`, newest first."""
    entries = readable_entries(viewer)
    if filters.actor:
        entries = entries.filter(actor_name__icontains=filters.actor)
    if filters.action:
        # "post." lists every action on posts; "post.hide" just that one.
        if filters.action.endswith("."):
            entries = entries.filter(action__startswith=filters.action)
        else:
            entries = entries.filter(action=filters.action)
    if filters.target_type:
        entries = entries.filter(target_type=filters.target_type)
    if filters.member_id is not None:
        entries = entries.filter(subject_id=filters.member_id)
    if filters.space_id is not None:
        entries = entries.filter(space_id=filters.space_id)
    if filters.reason_code:
        entries = entries.filter(reason_code=filters.reason_code)
    if filters.date_from is not None:
        entries = entries.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to is not None:
        entries = entries.filter(created_at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    return entries.order_by("-created_at", "-id")


def encode_cursor(entry: AuditEntry) -> str:
    raw = json.dumps([entry.created_at.isoformat(), entry.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, int] | None:
    """(created_at, id) from a cursor, or None for anything that is not one of ours."""
    if not cursor or len(cursor) > MAX_CURSOR_LENGTH:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        moment, pk = json.loads(raw)
    except (binascii.Error, ValueError, TypeError):
        return None
    if not isinstance(moment, str) or not isinstance(pk, int) or isinstance(pk, bool):
        return None
    try:
        when = parse_datetime(moment)
    except ValueError:
        return None
    return (when, pk) if when is not None else None


@dataclass(frozen=True)
class EntryPage:
    entries: list[AuditEntry] = field(default_factory=list)
    next_cursor: str = ""


def entry_page(entries: QuerySet[AuditEntry], *, after: str = "") -> EntryPage:
    """One page of `entries` (newest first) after a cursor; one query."""
    key = decode_cursor(after)
    if key is not None:
        when, pk = key
        entries = entries.filter(Q(created_at__lt=when) | Q(created_at=when, id__lt=pk))
    found = list(entries.select_related("space")[: PER_PAGE + 1])
    page = found[:PER_PAGE]
    has_next = len(found) > PER_PAGE
    return EntryPage(entries=page, next_cursor=encode_cursor(page[-1]) if has_next else "")


def export_rows(entries: QuerySet[AuditEntry]) -> Iterator[AuditEntry]:
    """Every entry of `entries`, fetched in chunks (the export streams them)."""
    return entries.select_related("space").iterator(chunk_size=500)


def entries_about(member: Any, *, limit: int = 50) -> list[AuditEntry]:
    """The newest audit entries concerning `member` (for the member's history)."""
    return list(
        AuditEntry.objects.filter(subject_id=member.pk)
        .select_related("space")
        .order_by("-created_at", "-id")[:limit]
    )


TARGET_TYPES_KEY = "kring:audit:target-types"
# Finding the distinct target types reads the whole log: remembered for a while (a kind of
# target new to the log appears in the filter within ten minutes).
TARGET_TYPES_SECONDS = 600
# The public report, remembered until the next moderation action (kring.audit.services).
TRANSPARENCY_KEY = "kring:audit:transparency"


def known_target_types() -> list[str]:
    """The kinds of targets the log holds, for its filter (cached)."""

    def read() -> list[str]:
        return list(
            AuditEntry.objects.exclude(target_type="")
            .order_by("target_type")
            .values_list("target_type", flat=True)
            .distinct()
        )

    return list(cache.get_or_set(TARGET_TYPES_KEY, read, TARGET_TYPES_SECONDS) or [])


# The transparency page ---------------------------------------------------------------------

TRANSPARENCY_MONTHS = 12


@dataclass(frozen=True)
class MonthCounts:
    """Moderation actions in one month: by reason category and by kind of action."""

    month: dt.date
    total: int
    by_reason: dict[str, int]
    by_kind: dict[str, int]


def _month_start(moment: dt.datetime) -> dt.date:
    local = timezone.localtime(moment)
    return dt.date(local.year, local.month, 1)


def _months_back(first: dt.date, count: int) -> list[dt.date]:
    months, year, month = [], first.year, first.month
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def transparency_report(*, months: int = TRANSPARENCY_MONTHS) -> list[MonthCounts]:
    """Counts of moderation actions per month, newest month first: no names, ids or texts.

    Counting reads a year of moderation entries: the result is cached until the next moderation
    action is recorded (or the month turns)."""
    key = f"{TRANSPARENCY_KEY}:{months}:{_month_start(timezone.now()).isoformat()}"
    report: list[MonthCounts] | None = cache.get(key)
    if report is None:
        report = _count_moderation_actions(months=months)
        cache.set(key, report, 24 * 3600)
    return report


def forget_transparency_report() -> None:
    """Drop the cached report (a moderation action was recorded)."""
    month = _month_start(timezone.now()).isoformat()
    cache.delete(f"{TRANSPARENCY_KEY}:{TRANSPARENCY_MONTHS}:{month}")


def _count_moderation_actions(*, months: int) -> list[MonthCounts]:
    # One query; visitors get the page from the visitor page cache, which every
    # published event (a sanction, a hidden post) invalidates.
    wanted = _months_back(_month_start(timezone.now()), months)
    since = _day_start(wanted[-1])
    rows = (
        AuditEntry.objects.filter(action__in=MODERATION_ACTIONS, created_at__gte=since)
        .order_by()
        .values_list("created_at", "action", "target_type", "target_id", "reason_code")
    )
    # One act is counted once, even when two layers recorded it (the moderation queue and the
    # content kernel underneath both log a deletion): per month, kind and item, the entry that
    # gives a reason category wins.
    acts: dict[tuple[Any, ...], str] = {}
    for number, (created_at, action, target_type, target_id, reason_code) in enumerate(rows):
        month = _month_start(created_at)
        kind = KIND_OF_ACTION[action]
        key = (month, kind, target_type, target_id) if target_id else (month, kind, number)
        if not acts.get(key):
            acts[key] = reason_code
    by_reason: dict[dt.date, dict[str, int]] = {m: dict.fromkeys(Reason.values, 0) for m in wanted}
    by_kind: dict[dt.date, dict[str, int]] = {
        m: dict.fromkeys(ActionKind.values, 0) for m in wanted
    }
    for (month, kind, *_rest), reason_code in acts.items():
        if month not in by_reason:
            continue
        reason = reason_code if reason_code in Reason.values else Reason.OTHER
        by_reason[month][reason] += 1
        by_kind[month][kind] += 1
    return [
        MonthCounts(
            month=month,
            total=sum(by_kind[month].values()),
            by_reason=by_reason[month],
            by_kind=by_kind[month],
        )
        for month in wanted
    ]
