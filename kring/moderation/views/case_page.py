"""One case's page, and the plumbing every action on it shares (run, show errors, go back)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kring.content.permissions import is_site_moderator
from kring.content.services import movable_post_refusal
from kring.core.permissions import Denied, NotFound
from kring.forum.models import Category, Topic
from kring.moderation import queries
from kring.moderation.forms import (
    DeleteForm,
    EditForm,
    HideForm,
    LockForm,
    MergeForm,
    MoveForm,
    MovePostForm,
    SplitForm,
)
from kring.moderation.models import FlagCase
from kring.moderation.views.links import QUEUE_URL, _next_or, member_history_url
from kring.moderation.views.queue_page import _require_queue
from kring.spaces.models import SpaceKind


def _case(request: HttpRequest, case_id: int) -> FlagCase:
    _require_queue(request)
    try:
        return queries.get_case_for(request.user, case_id)
    except NotFound:
        raise Http404 from None


def _topic_of(case: FlagCase) -> Topic | None:
    if case.post_id is None:
        return None
    return Topic.objects.select_related("category", "post").filter(pk=case.post_id).first()


def _case_context(request: HttpRequest, case: FlagCase, **forms: Any) -> dict[str, Any]:
    viewer = request.user
    topic = _topic_of(case)
    item = case.post or case.comment
    context: dict[str, Any] = {
        "case": case,
        "topic": topic,
        "here": request.get_full_path(),
        "queue_url": _next_or(request, reverse(QUEUE_URL)),
        "history_url": member_history_url,
        "can_edit": item is not None and is_site_moderator(viewer),
        "hide_form": forms.get("hide_form") or HideForm(),
        "delete_form": forms.get("delete_form") or DeleteForm(auto_id="delete-%s"),
    }
    if item is not None and context["can_edit"]:
        context["edit_form"] = forms.get("edit_form") or EditForm(
            initial={"body": item.body, "title": getattr(item, "title", "")},
            with_title=case.post is not None and bool(case.post.title),
        )
    if topic is not None:
        categories = (
            Category.objects.select_related("space")
            .order_by("space__name", "position", "pk")
            .filter(space__kind__in=["community", "group"])
        )
        if not is_site_moderator(viewer):
            categories = categories.filter(space_id=topic.post.space_id)
        context["lock_form"] = forms.get("lock_form") or LockForm()
        context["move_form"] = forms.get("move_form") or MoveForm(
            initial={"category": topic.category_id},
            categories=[(c.pk, f"{c.space.name} / {c.name}") for c in categories],
        )
        context["merge_form"] = forms.get("merge_form") or MergeForm()
        replies = topic.post.comments.filter(
            deleted_at__isnull=True, is_internal=False
        ).select_related("author")[:200]
        context["split_form"] = forms.get("split_form") or SplitForm(
            replies=[(r.pk, f"{r.author.display_name}: {r.body[:80]}") for r in replies]
        )
    elif case.post is not None and not movable_post_refusal(case.post):
        destinations = _destinations(request, case.post)
        if destinations:
            context["move_post_form"] = forms.get("move_post_form") or MovePostForm(
                spaces=destinations
            )
    return context


def _destinations(request: HttpRequest, post: Any) -> list[tuple[int, str]]:
    return [
        (space.pk, _("Community") if space.kind == SpaceKind.COMMUNITY else space.name)
        for space in queries.move_destinations(request.user, post)
    ]


@login_required
@require_http_methods(["GET"])
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    return render(request, "moderation/case_detail.html", _case_context(request, case))


def _act(
    request: HttpRequest,
    case: FlagCase,
    run: Callable[[], object],
    *,
    done: str,
    form_name: str = "",
    form: Any = None,
) -> HttpResponse:
    """Run one action: back to the queue on success, the case page with the error if not."""
    try:
        run()
    except Denied as error:
        raise PermissionDenied(error.message) from error
    except ValidationError as error:
        if form is None:
            for message in error.messages:
                messages.error(request, message)
            return redirect(reverse("moderation:case-detail", args=[case.pk]))
        form.add_error(None, error)
        return render(
            request,
            "moderation/case_detail.html",
            _case_context(request, case, **{form_name: form}),
            status=400,
        )
    messages.success(request, done)
    return redirect(_next_or(request, reverse(QUEUE_URL)))


def _submit(
    request: HttpRequest,
    case: FlagCase,
    *,
    form_name: str,
    form: Any,
    run: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """Validate `form`, then run the action with its cleaned data (`_act`); the case page with
    the form's errors when it is not valid."""
    if not form.is_valid():
        return _invalid(request, case, form_name, form)
    data = form.cleaned_data
    return _act(request, case, lambda: run(data), done=done, form_name=form_name, form=form)


def _invalid(request: HttpRequest, case: FlagCase, form_name: str, form: Any) -> HttpResponse:
    return render(
        request,
        "moderation/case_detail.html",
        _case_context(request, case, **{form_name: form}),
        status=400,
    )
