"""Pages of the members app: the directory, a profile, editing one's profile, the language."""

from __future__ import annotations

import importlib
from datetime import timedelta
from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.accounts import services as account_services
from kring.accounts.models import Member
from kring.core.permissions import Denied, NotFound
from kring.members import queries, services
from kring.members.forms import ProfileForm
from kring.members.permissions import can_view_email, is_owner
from kring.social import queries as social_queries
from kring.social.permissions import profile_actions

MAX_QUERY_LENGTH = 100
LANGUAGE_COOKIE_FALLBACK_AGE = timedelta(days=365)


@require_GET
def member_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    employees_only = request.GET.get("employees") == "1"
    page = queries.member_directory(
        request.user,
        query=query,
        employees_only=employees_only,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    filters = {"q": query} if query else {}
    if employees_only:
        filters["employees"] = "1"
    return render(
        request,
        "members/member_list.html",
        {
            "page": page,
            "query": query,
            "employees_only": employees_only,
            "next_url": "?" + urlencode({**filters, "after": page.next_cursor})
            if page.next_cursor
            else "",
            "previous_url": "?" + urlencode({**filters, "before": page.previous_cursor})
            if page.previous_cursor
            else "",
        },
    )


@require_GET
def profile_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    try:
        profile = queries.get_profile_for(request.user, member_id)
    except NotFound:
        raise Http404 from None
    member = profile.member
    relationship = social_queries.relationship_between(request.user, member, with_counts=True)
    context = {
        "profile": profile,
        "member": member,
        "is_own_profile": is_owner(request.user, member),
        "show_email": can_view_email(request.user, member),
        "relationship": relationship,
        "social_actions": profile_actions(request.user, member, relationship),
    }
    return render(
        request, "members/profile_detail.html", {**profile_stream(request, member), **context}
    )


def profile_stream(request: HttpRequest, member: Member) -> dict[str, Any]:
    """The wall's context for the posts on `member`'s profile, once the wall app offers it."""
    try:
        wall = importlib.import_module("kring.wall.views_context")
    except ModuleNotFoundError as error:
        # Only the module's own absence means "no stream yet"; a broken import inside the
        # wall app must fail loudly rather than hide every profile's posts.
        if error.name != "kring.wall.views_context":
            raise
        return {}
    stream_context = getattr(wall, "profile_stream_context", None)
    return dict(stream_context(request, member)) if stream_context else {}


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    member = cast(Member, request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, member=member)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_profile(
                    member,
                    member=member,
                    display_name=data["display_name"],
                    bio=data["bio"],
                    job_title=data["job_title"],
                    organisation=data["organisation"],
                    location=data["location"],
                    interests=data["interests"],
                    visibility=data["visibility"],
                    language=data["language"],
                    avatar=data["avatar"],
                    remove_current_avatar=bool(data.get("remove_avatar")),
                )
            except Denied as error:
                raise PermissionDenied(error.message) from error
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your profile has been saved."))
                response = redirect("members:profile-detail", member.pk)
                set_language_cookie(response, data["language"])
                return response
    else:
        form = ProfileForm(member=member)
    return render(request, "members/profile_edit.html", {"form": form, "member": member})


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("core:home")
    response = HttpResponseRedirect(next_url)
    if language not in services.LANGUAGE_CODES:
        messages.warning(request, _("That language is not available."))
        return response
    if request.user.is_authenticated:
        account_services.set_language(request.user, member=request.user, language=language)
    set_language_cookie(response, language)
    return response


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """Django's language cookie, so the choice outlives the session (and logging out)."""
    age = settings.LANGUAGE_COOKIE_AGE or int(LANGUAGE_COOKIE_FALLBACK_AGE.total_seconds())
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=age,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
