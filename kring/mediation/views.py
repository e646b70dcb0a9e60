"""Pages of the mediation app: the case list, opening a case, a case with its notes and
actions, slow mode on a thread, and a member's history for moderators. Thin: parse, call one
query or service, render; `Denied` is 403, `NotFound` 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.content.models import Comment, Post
from kring.content.queries import get_comment_for, get_post_for
from kring.core.permissions import Denied, NotFound
from kring.mediation import queries, services
from kring.mediation.forms import (
    AssignForm,
    CaseForm,
    CloseForm,
    ConversationForm,
    NoteForm,
    SlowModeForm,
)
from kring.mediation.models import MediationCase
from kring.mediation.permissions import (
    can_open_mediation,
    can_see_member_history,
    can_view_mediation,
)


def case_url(case: MediationCase) -> str:
    return reverse("mediation:case-detail", args=[case.pk])


def conversation_url(case: MediationCase) -> str:
    """The mediation conversation's page, once messaging offers one ('' otherwise)."""
    if case.conversation_id is None:
        return ""
    try:
        return reverse("messaging:conversation-detail", args=[case.conversation_id])
    except NoReverseMatch:
        return ""


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    if not can_view_mediation(request.user):
        raise PermissionDenied(_("Only moderators see mediation cases."))
    status = request.GET.get("status", "open")
    status = status if status in queries.STATUS_FILTERS else "open"
    mine = request.GET.get("mijn") == "1"
    cases = list(queries.cases_for(request.user, status=status, mine=mine)[: queries.PER_PAGE])
    return render(
        request,
        "mediation/case_list.html",
        {"cases": cases, "status": status, "mine": mine},
    )


def _item(request: HttpRequest, data: Any) -> tuple[Post | None, Comment | None]:
    """The post or comment a case is opened from (404 when the viewer cannot read it)."""
    post_id, comment_id = _int(data.get("post")), _int(data.get("comment"))
    try:
        if comment_id is not None:
            comment = get_comment_for(request.user, comment_id)
            return comment.post, comment
        if post_id is not None:
            return get_post_for(request.user, post_id), None
    except NotFound:
        raise Http404 from None
    return None, None


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    if not can_open_mediation(request.user):
        raise PermissionDenied(_("Only moderators start a mediation."))
    data = request.POST if request.method == "POST" else request.GET
    post, comment = _item(request, data)
    suggestions = [
        (member.pk, member.display_name)
        for member in queries.party_suggestions(post, comment)
        if member.pk != request.user.pk
    ]
    if request.method == "POST":
        form = CaseForm(request.POST, suggestions=suggestions)
        if form.is_valid():
            ids = form.party_ids()
            parties = queries.members_by_ids(ids)
            missing = set(ids) - {member.pk for member in parties}
            if missing:
                form.add_error(
                    "other_parties",
                    _("No member has number %(numbers)s.")
                    % {"numbers": ", ".join(str(n) for n in sorted(missing))},
                )
            else:
                try:
                    case = services.open_case(
                        request.user,
                        title=form.cleaned_data["title"],
                        summary=form.cleaned_data["summary"],
                        parties=parties,
                        post=post,
                        comment=comment,
                    )
                except Denied as error:
                    raise PermissionDenied(error.message) from error
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, _("The mediation case is open."))
                    return redirect(case_url(case))
    else:
        initial: dict[str, Any] = {
            "post": post.pk if post is not None and comment is None else None,
            "comment": comment.pk if comment is not None else None,
            "parties": [str(pk) for pk, _name in suggestions[:2]],
        }
        if post is not None:
            initial["title"] = (post.title or post.body[:80]).strip()
        form = CaseForm(initial=initial, suggestions=suggestions)
    return render(
        request, "mediation/case_form.html", {"form": form, "post": post, "comment": comment}
    )


def _readable_case(request: HttpRequest, mediation_id: int) -> MediationCase:
    try:
        return queries.get_case_for(request.user, mediation_id)
    except NotFound:
        raise Http404 from None


def _staff_choices() -> list[tuple[int, str]]:
    return [(member.pk, member.display_name) for member in queries.staff_members()]


def _case_page(request: HttpRequest, case: MediationCase, **forms: Any) -> HttpResponse:
    context = {
        "case": case,
        "parties": list(case.parties.all()),
        "notes": queries.case_notes(case),
        "conversation_url": conversation_url(case),
        "conversations_available": services.mediation_conversations_available(),
        "note_form": forms.get("note_form") or NoteForm(),
        "conversation_form": forms.get("conversation_form") or ConversationForm(),
        "assign_form": forms.get("assign_form")
        or AssignForm(initial={"owner": case.owner_id}, staff=_staff_choices()),
        "close_form": forms.get("close_form") or CloseForm(),
    }
    return render(request, "mediation/case_detail.html", context)


@login_required
@require_GET
def case_detail(request: HttpRequest, mediation_id: int) -> HttpResponse:
    return _case_page(request, _readable_case(request, mediation_id))


@login_required
@require_POST
def case_assign(request: HttpRequest, mediation_id: int) -> HttpResponse:
    case = _readable_case(request, mediation_id)
    form = AssignForm(request.POST, staff=_staff_choices())
    if form.is_valid():
        owner = queries.staff_members().filter(pk=int(form.cleaned_data["owner"])).first()
        try:
            services.assign_case(request.user, case=case, owner=owner)
        except Denied as error:
            raise PermissionDenied(error.message) from error
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The case has a new owner."))
            return redirect(case_url(case))
    return _case_page(request, case, assign_form=form)


@login_required
@require_POST
def case_note(request: HttpRequest, mediation_id: int) -> HttpResponse:
    case = _readable_case(request, mediation_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_note(request.user, case=case, body=form.cleaned_data["body"])
        except Denied as error:
            raise PermissionDenied(error.message) from error
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your note has been added."))
            return redirect(case_url(case) + "#notes")
    return _case_page(request, case, note_form=form)


@login_required
@require_POST
def case_conversation(request: HttpRequest, mediation_id: int) -> HttpResponse:
    case = _readable_case(request, mediation_id)
    form = ConversationForm(request.POST)
    if form.is_valid():
        try:
            services.start_case_conversation(
                request.user, case=case, body=form.cleaned_data["body"]
            )
        except Denied as error:
            raise PermissionDenied(error.message) from error
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The mediation conversation has started."))
            return redirect(case_url(case))
    return _case_page(request, case, conversation_form=form)


@login_required
@require_POST
def case_close(request: HttpRequest, mediation_id: int) -> HttpResponse:
    case = _readable_case(request, mediation_id)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.close_case(
                request.user,
                case=case,
                outcome=form.cleaned_data["outcome"],
                text=form.cleaned_data["text"],
            )
        except Denied as error:
            raise PermissionDenied(error.message) from error
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The case is closed."))
            return redirect(case_url(case))
    return _case_page(request, case, close_form=form)


def _back(request: HttpRequest, post: Post) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("content:post-detail", args=[post.pk])


@login_required
@require_POST
def slow_mode(request: HttpRequest, post_id: int) -> HttpResponse:
    """Switch slow mode on a thread (a post or a forum topic) and go back to it."""
    try:
        post = get_post_for(request.user, post_id)
    except NotFound:
        raise Http404 from None
    form = SlowModeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the offered intervals."))
        return redirect(_back(request, post))
    try:
        services.set_thread_slow_mode(request.user, post=post, minutes=form.cleaned_data["minutes"])
    except Denied as error:
        raise PermissionDenied(error.message) from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if post.slow_mode_minutes:
            messages.success(request, _("Slow mode is on."))
        else:
            messages.success(request, _("Slow mode is off."))
    return redirect(_back(request, post))


@login_required
@require_GET
def member_history(request: HttpRequest, member_id: int) -> HttpResponse:
    if not can_see_member_history(request.user):
        raise PermissionDenied(_("Only moderators see a member's history."))
    try:
        history = queries.member_history(request.user, member_id)
    except NotFound:
        raise Http404 from None
    return render(request, "mediation/member_history.html", {"history": history})


@require_GET
def slow_mode_wait(request: HttpRequest, post_id: int) -> HttpResponse:
    """The viewer's own cool-down on a thread in slow mode, as a fragment (loaded by htmx)."""
    try:
        post = get_post_for(request.user, post_id)
    except NotFound:
        raise Http404 from None
    wait = queries.slow_mode_wait_for(request.user, post)
    return render(request, "mediation/partials/_slow_mode_wait.html", {"wait": wait})
