"""Pages of moderation: reporting an item, the queue, one case with every action, the settings.
Thin: parse, call one query or service, render. Every action is a plain form POST."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from kring.accounts.queries import applicants
from kring.content.links import post_url
from kring.content.permissions import is_site_moderator
from kring.content.services import movable_post_refusal
from kring.core.permissions import Denied, NotFound
from kring.core.ratelimits import throttle
from kring.forum.models import Category, Topic
from kring.moderation import queries, services
from kring.moderation.forms import (
    BulkForm,
    DeleteForm,
    EditForm,
    FlagForm,
    HideForm,
    LockForm,
    MergeForm,
    ModerationSettingsForm,
    MoveForm,
    MovePostForm,
    QueueFilterForm,
    SplitForm,
)
from kring.moderation.models import FlagCase
from kring.moderation.permissions import (
    can_change_moderation_settings,
    can_see_queue,
    can_see_registrations,
)
from kring.moderation.queries import QueueKind
from kring.spaces.models import Space, SpaceKind

QUEUE_URL = "moderation:queue"


def _next_or(request: HttpRequest, fallback: str) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return fallback


def member_history_url(member_id: int | None) -> str:
    """The member's moderation history (kring.mediation), "" while that page does not exist."""
    if member_id is None:
        return ""
    try:
        return reverse("mediation:member-history", kwargs={"member_id": member_id})
    except NoReverseMatch:
        return ""


# Reporting ----------------------------------------------------------------------------------


def _flag_page(
    request: HttpRequest,
    *,
    load: Callable[[], Any],
    describe: Callable[[Any], dict[str, Any]],
    submit: Callable[[str, str], object],
    action: str,
) -> HttpResponse:
    try:
        item = load()
    except NotFound:
        raise Http404 from None
    details = describe(item)
    back = _next_or(request, details["item_url"])
    status = 200
    if request.method == "POST":
        form = FlagForm(request.POST)
        if form.is_valid():
            wait = throttle(request, action="flag")
            if wait:
                form.add_error(
                    None,
                    ngettext(
                        "You are reporting faster than this community allows. Wait %(seconds)d"
                        " second and try again: what you wrote is still here.",
                        "You are reporting faster than this community allows. Wait %(seconds)d"
                        " seconds and try again: what you wrote is still here.",
                        wait,
                    )
                    % {"seconds": wait},
                )
                status = 429
            else:
                try:
                    submit(form.cleaned_data["reason"], form.cleaned_data["text"])
                except Denied as error:
                    raise PermissionDenied(error.message) from error
                except NotFound:
                    raise Http404 from None
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(
                        request, _("Thank you for reporting it: a moderator will look at it.")
                    )
                    return redirect(back)
    else:
        form = FlagForm()
    return render(
        request,
        "moderation/flag_form.html",
        {"form": form, "action": action, "back": back, **details},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def flag_post(request: HttpRequest, post_id: int) -> HttpResponse:
    return _flag_page(
        request,
        load=lambda: queries.get_flaggable_post(request.user, post_id),
        describe=lambda post: {
            "heading": _("Report this post"),
            "excerpt": post.title or post.body[:300],
            "author": post.author,
            "item_url": post_url(post),
        },
        submit=lambda reason, text: services.flag_post(
            request.user, post_id=post_id, reason=reason, text=text
        ),
        action=reverse("moderation:flag-post", args=[post_id]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def flag_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    return _flag_page(
        request,
        load=lambda: queries.get_flaggable_comment(request.user, comment_id),
        describe=lambda comment: {
            "heading": _("Report this comment"),
            "excerpt": comment.body[:300],
            "author": comment.author,
            "item_url": post_url(comment.post),
        },
        submit=lambda reason, text: services.flag_comment(
            request.user, comment_id=comment_id, reason=reason, text=text
        ),
        action=reverse("moderation:flag-comment", args=[comment_id]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def flag_member(request: HttpRequest, member_id: int) -> HttpResponse:
    return _flag_page(
        request,
        load=lambda: queries.get_flaggable_member(request.user, member_id),
        describe=lambda member: {
            "heading": _("Report this profile"),
            "excerpt": member.display_name,
            "author": member,
            "item_url": reverse("members:profile-detail", args=[member.pk]),
        },
        submit=lambda reason, text: services.flag_member(
            request.user, member_id=member_id, reason=reason, text=text
        ),
        action=reverse("moderation:flag-member", args=[member_id]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def flag_message(request: HttpRequest, message_id: int) -> HttpResponse:
    return _flag_page(
        request,
        load=lambda: queries.get_flaggable_message(request.user, message_id),
        describe=lambda message: {
            "heading": _("Report this private message"),
            "excerpt": message.body[:300],
            "author": message.sender,
            "item_url": reverse("core:home"),
        },
        submit=lambda reason, text: services.flag_message(
            request.user, message_id=message_id, reason=reason, text=text
        ),
        action=reverse("moderation:flag-message", args=[message_id]),
    )


# The queue ----------------------------------------------------------------------------------


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


# Settings -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest) -> HttpResponse:
    if not can_change_moderation_settings(request.user):
        raise PermissionDenied(_("Only community managers change the moderation settings."))
    if request.method == "POST":
        form = ModerationSettingsForm(request.POST)
        if form.is_valid():
            try:
                services.change_moderation_settings(
                    request.user, flag_threshold=form.cleaned_data["flag_threshold"]
                )
            except Denied as error:
                raise PermissionDenied(error.message) from error
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The moderation settings have been saved."))
                return redirect(reverse("moderation:settings"))
    else:
        form = ModerationSettingsForm(initial={"flag_threshold": queries.flag_threshold()})
    return render(request, "moderation/settings.html", {"form": form})
