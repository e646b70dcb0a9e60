"""Pages of announcements: the community managers' list, making, changing and ending one, and
members closing one for themselves (a plain POST; htmx removes the banner in place)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kring.core.permissions import Denied, NotFound
from kring.news import queries, services
from kring.news.forms import AnnouncementForm
from kring.news.models import Announcement
from kring.news.permissions import can_manage_announcements
from kring.spaces.models import Space, SpaceKind

LIST_URL = "news:announcement-list"


def _require_manager(request: HttpRequest) -> None:
    if not can_manage_announcements(request.user):
        raise PermissionDenied(_("Only community managers make announcements."))


def _announcement(announcement_id: int) -> Announcement:
    try:
        return queries.get_announcement(announcement_id)
    except NotFound:
        raise Http404 from None


def _groups() -> Any:
    return Space.objects.filter(kind=SpaceKind.GROUP).order_by("name")


@login_required
@require_http_methods(["GET"])
def announcement_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    return render(
        request,
        "news/announcement_list.html",
        {"announcements": queries.managed_announcements(), "now": timezone.now()},
    )


def _save(
    request: HttpRequest, form: AnnouncementForm, announcement: Announcement | None
) -> HttpResponse | None:
    if not form.is_valid():
        return None
    try:
        if announcement is None:
            services.create_announcement(request.user, text=form.text())
        else:
            services.edit_announcement(request.user, announcement=announcement, text=form.text())
    except Denied as error:
        raise PermissionDenied(error.message) from error
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(request, _("The announcement has been saved."))
    return redirect(LIST_URL)


@login_required
@require_http_methods(["GET", "POST"])
def announcement_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = AnnouncementForm(request.POST or None, groups=_groups())
    if request.method == "POST" and (response := _save(request, form, None)):
        return response
    return render(request, "news/announcement_form.html", {"form": form, "announcement": None})


@login_required
@require_http_methods(["GET", "POST"])
def announcement_edit(request: HttpRequest, announcement_id: int) -> HttpResponse:
    _require_manager(request)
    announcement = _announcement(announcement_id)
    if request.method == "POST":
        form = AnnouncementForm(request.POST, groups=_groups())
        if response := _save(request, form, announcement):
            return response
    else:
        form = AnnouncementForm(
            initial={
                "title": announcement.title,
                "level": announcement.level,
                "body": announcement.body,
                "starts_at": timezone.localtime(announcement.starts_at),
                "ends_at": timezone.localtime(announcement.ends_at)
                if announcement.ends_at
                else None,
                "group": announcement.group_id,
            },
            groups=_groups(),
        )
    return render(
        request, "news/announcement_form.html", {"form": form, "announcement": announcement}
    )


@login_required
@require_POST
def announcement_end(request: HttpRequest, announcement_id: int) -> HttpResponse:
    """Stop showing an announcement now."""
    _require_manager(request)
    announcement = _announcement(announcement_id)
    try:
        services.end_announcement(request.user, announcement=announcement)
    except Denied as error:
        raise PermissionDenied(error.message) from error
    messages.success(request, _("The announcement has ended."))
    return redirect(LIST_URL)


@require_POST
def announcement_dismiss(request: HttpRequest, announcement_id: int) -> HttpResponse:
    """Close a banner for oneself. htmx gets an empty answer (the banner goes); a plain form
    goes back to the page it came from."""
    announcement = _announcement(announcement_id)
    try:
        services.dismiss_announcement(request.user, announcement=announcement)
    except Denied as error:
        raise PermissionDenied(error.message) from error
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponse("")
    next_url = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("core:home")
    return redirect(next_url)
