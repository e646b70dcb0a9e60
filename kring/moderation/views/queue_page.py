"""The moderation queue, with its filters and bulk actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from kring.accounts.queries import applicants
from kring.core.permissions import Denied
from kring.moderation import queries, services
from kring.moderation.forms import (
    BulkForm,
    HideForm,
    QueueFilterForm,
)
from kring.moderation.permissions import (
    can_change_moderation_settings,
    can_see_queue,
    can_see_registrations,
)
from kring.moderation.queries import QueueKind
from kring.moderation.views.links import QUEUE_URL, _next_or, member_history_url


def _require_queue(request: HttpRequest) -> None:
    if not can_see_queue(request.user):
        raise PermissionDenied(_("Only moderators see the moderation queue."))


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


@login_required
@require_http_methods(["GET"])
def queue(request: HttpRequest) -> HttpResponse:
    _require_queue(request)
    viewer = request.user
    registrations = can_see_registrations(viewer)
    spaces = queries.queue_spaces(viewer)
    filters = QueueFilterForm(
        request.GET,
        spaces=[(space.pk, space.name) for space in spaces],
        registrations=registrations,
    )
    data: dict[str, Any] = filters.cleaned_data if filters.is_valid() else {}
    kind = data.get("kind") or ""
    page = None
    pending_members: list[Any] = []
    if kind == QueueKind.REGISTRATIONS:
        pending_members = list(applicants(viewer)[:100])
    else:
        page = queries.queue(
            viewer,
            space_id=data.get("space"),
            reason=data.get("reason") or "",
            age=data.get("age") or "",
            kind=kind,
            page=_page_number(request),
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "moderation/queue.html",
        {
            "filters": filters,
            "page": page,
            "kind": kind,
            "pending_members": pending_members,
            "query": query.urlencode(),
            "here": request.get_full_path(),
            "history_url": member_history_url,
            "bulk_form": BulkForm(case_ids=[]),
            "hide_form": HideForm(),
            "can_change_settings": can_change_moderation_settings(viewer),
            "registrations": registrations,
        },
    )


@login_required
@require_POST
def case_bulk(request: HttpRequest) -> HttpResponse:
    _require_queue(request)
    ids: list[int] = []
    for raw in request.POST.getlist("cases"):
        if raw.isdigit():
            ids.append(int(raw))
    cases = queries.get_cases_for(request.user, ids)
    form = BulkForm(request.POST, case_ids=[case.pk for case in cases])
    back = _next_or(request, reverse(QUEUE_URL))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    try:
        done = services.bulk_moderate(
            request.user,
            cases=cases,
            action=form.cleaned_data["action"],
            reason=form.cleaned_data["reason"],
        )
    except Denied as error:
        raise PermissionDenied(error.message) from error
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(back)
    messages.success(
        request, ngettext("Done: %(count)d item.", "Done: %(count)d items.", done) % {"count": done}
    )
    return redirect(back)
