"""Each moderator's action on one case: a plain form POST, back to the queue when it is done."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kring.forum.models import Category, Topic
from kring.moderation import services
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
from kring.moderation.views.case_page import _act, _case, _case_context, _invalid, _submit
from kring.spaces.models import Space


@login_required
@require_POST
def case_approve(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    return _act(
        request,
        case,
        lambda: services.approve_case(request.user, case=case),
        done=_("Approved: it is visible again and the reports are closed."),
    )


@login_required
@require_POST
def case_hide(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    return _submit(
        request,
        case,
        form_name="hide_form",
        form=HideForm(request.POST),
        run=lambda data: services.hide_case(
            request.user, case=case, reason=data["reason"], reason_code=data["reason_code"]
        ),
        done=_("Hidden: its author sees your reason."),
    )


@login_required
@require_POST
def case_delete(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    return _submit(
        request,
        case,
        form_name="delete_form",
        form=DeleteForm(request.POST, auto_id="delete-%s"),
        run=lambda data: services.delete_case(
            request.user, case=case, reason=data["reason"], reason_code=data["reason_code"]
        ),
        done=_("Deleted."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    if request.method == "GET":
        return redirect(reverse("moderation:case-detail", args=[case.pk]) + "#edit")
    form = EditForm(
        request.POST, with_title=case.post_id is not None and bool(case.post and case.post.title)
    )
    if not form.is_valid():
        return _invalid(request, case, "edit_form", form)
    title = form.cleaned_data.get("title") if "title" in form.fields else None
    return _act(
        request,
        case,
        lambda: services.edit_case(
            request.user,
            case=case,
            body=form.cleaned_data["body"],
            title=title,
            note=form.cleaned_data["note"],
        ),
        done=_("Edited and published; your note is in its history."),
        form_name="edit_form",
        form=form,
    )


@login_required
@require_POST
def case_lock(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    return _submit(
        request,
        case,
        form_name="lock_form",
        form=LockForm(request.POST),
        run=lambda data: services.lock_case_topic(request.user, case=case, reason=data["reason"]),
        done=_("The topic is locked."),
    )


@login_required
@require_POST
def case_pin(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    return _act(
        request,
        case,
        lambda: services.pin_case_post(request.user, case=case),
        done=_("The post is pinned."),
    )


@login_required
@require_POST
def case_move(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    context = _case_context(request, case)
    if "move_post_form" in context:
        return _move_post(request, case, context["move_post_form"].fields["space"].choices)
    if "move_form" not in context:
        raise Http404
    choices = context["move_form"].fields["category"].choices
    form = MoveForm(request.POST, categories=choices)
    if not form.is_valid():
        return _invalid(request, case, "move_form", form)
    category = Category.objects.select_related("space").get(pk=form.cleaned_data["category"])
    return _act(
        request,
        case,
        lambda: services.move_case_topic(request.user, case=case, category=category),
        done=_("The topic has been moved."),
        form_name="move_form",
        form=form,
    )


def _move_post(request: HttpRequest, case: FlagCase, spaces: list[tuple[int, str]]) -> HttpResponse:
    """A wall post (not a topic) moves to another group or the community."""
    form = MovePostForm(request.POST, spaces=spaces)
    if not form.is_valid():
        return _invalid(request, case, "move_post_form", form)
    space = Space.objects.get(pk=form.cleaned_data["space"])
    return _act(
        request,
        case,
        lambda: services.move_case_post(request.user, case=case, space=space),
        done=_("The post has been moved."),
        form_name="move_post_form",
        form=form,
    )


@login_required
@require_POST
def case_merge(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    form = MergeForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, "merge_form", form)
    into = (
        Topic.objects.select_related("post", "post__space", "category")
        .filter(pk=form.cleaned_data["into"], post__deleted_at__isnull=True)
        .first()
    )
    if into is None:
        form.add_error("into", _("There is no topic with that number."))
        return _invalid(request, case, "merge_form", form)
    return _act(
        request,
        case,
        lambda: services.merge_case_topic(request.user, case=case, into=into),
        done=_("The topics have been merged."),
        form_name="merge_form",
        form=form,
    )


@login_required
@require_POST
def case_split(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    context = _case_context(request, case)
    if "split_form" not in context:
        raise Http404
    return _submit(
        request,
        case,
        form_name="split_form",
        form=SplitForm(request.POST, replies=context["split_form"].fields["replies"].choices),
        run=lambda data: services.split_case_topic(
            request.user, case=case, reply_ids=data["replies"], title=data["title"]
        ),
        done=_("The selected replies are a new topic now."),
    )
