"""Pages of the audit log: the log itself (staff, filtered, paged), its CSV export, and the
public transparency page. Read-only: nothing here changes an entry."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kring.audit import queries
from kring.audit.forms import AuditFilterForm
from kring.audit.models import AuditEntry, Reason
from kring.audit.permissions import can_export_audit_log, can_read_audit_log
from kring.audit.transparency import ActionKind
from kring.core.pagecache import cached_for_visitors

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """`value` as CSV text a spreadsheet will not execute (prefixed with ' when it could)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _form(request: HttpRequest) -> AuditFilterForm:
    return AuditFilterForm(request.GET or None, target_types=queries.known_target_types())


@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    if not can_read_audit_log(request.user):
        raise PermissionDenied(_("Only moderators read the audit log."))
    form = _form(request)
    filters = form.filters()
    page = queries.entry_page(
        queries.filtered_entries(request.user, filters), after=request.GET.get("na", "")
    )
    query = request.GET.copy()
    query.pop("na", None)
    return render(
        request,
        "audit/audit_log.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_export": can_export_audit_log(request.user),
            "reasons": dict(Reason.choices),
        },
    )


class _Echo:
    """A file-like object csv.writer writes one row to, handing the text straight back."""

    def write(self, value: str) -> str:
        return value


HEADER = (
    "time",
    "actor",
    "actor_role",
    "action",
    "target_type",
    "target_id",
    "target",
    "member_id",
    "space",
    "reason_code",
    "reason",
    "before",
    "after",
)


def _row(entry: AuditEntry) -> list[str]:
    values = (
        entry.created_at.isoformat(),
        entry.actor_name,
        entry.actor_role,
        entry.action,
        entry.target_type,
        entry.target_id,
        entry.target_label,
        entry.subject_id or "",
        entry.space.name if entry.space is not None else "",
        entry.reason_code,
        entry.reason,
        json.dumps(entry.before, ensure_ascii=False, sort_keys=True) if entry.before else "",
        json.dumps(entry.after, ensure_ascii=False, sort_keys=True) if entry.after else "",
    )
    return [safe_cell(value) for value in values]


@require_GET
def audit_log_export(request: HttpRequest) -> StreamingHttpResponse:
    if not can_export_audit_log(request.user):
        raise PermissionDenied(_("Only community managers export the audit log."))
    form = _form(request)
    entries = queries.filtered_entries(request.user, form.filters())
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"  # Excel reads UTF-8 only with a byte order mark
        yield writer.writerow(HEADER)
        for entry in queries.export_rows(entries):
            yield writer.writerow(_row(entry))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    name = f"kring-logboek-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@cached_for_visitors
def transparency(request: HttpRequest) -> HttpResponse:
    """Public: how many moderation actions, per month, by reason and by kind. Counts only."""
    report = queries.transparency_report()
    return render(
        request,
        "audit/transparency.html",
        {
            "report": report,
            "reasons": Reason.choices,
            "kinds": ActionKind.choices,
        },
    )
