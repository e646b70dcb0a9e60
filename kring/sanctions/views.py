"""Pages of the sanctions app: sanctioning a member, a member's own sanctions and appeals, the
suspension notice, the moderators' appeal list and warning templates. Thin: parse, call one
query or service, render."""

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
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.accounts.models import Member
from kring.core.permissions import Denied, NotFound
from kring.core.ratelimits import consume
from kring.sanctions import banners, queries, services
from kring.sanctions.forms import (
    OVERTURN,
    AppealForm,
    DecisionForm,
    LiftForm,
    SanctionForm,
    WarningTemplateForm,
)
from kring.sanctions.models import Sanction, SanctionKind
from kring.sanctions.permissions import (
    can_appeal_sanction,
    can_decide_appeal,
    can_lift_sanction,
    can_manage_warning_templates,
    can_sanction_anyone,
    can_sanction_member,
)


def _found(call: Any, *args: Any) -> Any:
    try:
        return call(*args)
    except NotFound:
        raise Http404 from None


def _staff_only(request: HttpRequest) -> None:
    if not can_sanction_anyone(request.user):
        raise PermissionDenied(_("Only moderators handle sanctions."))


def _member(member_id: int) -> Member:
    member = Member.objects.filter(pk=member_id).first()
    if member is None:
        raise Http404
    return member


@login_required
@require_http_methods(["GET", "POST"])
def member_sanction(request: HttpRequest, member_id: int) -> HttpResponse:
    """Sanction a member (staff), beside their sanction history."""
    _staff_only(request)
    member = _member(member_id)
    if not can_sanction_member(request.user, member):
        raise PermissionDenied(_("You cannot sanction this member."))
    may_ban = can_sanction_member(request.user, member, SanctionKind.BAN)
    form = SanctionForm(request.POST or None, may_ban=may_ban)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind = data["kind"]

        def issue() -> None:
            if kind == SanctionKind.WARNING:
                services.warn_member(
                    request.user,
                    member=member,
                    reason_code=data["reason_code"],
                    text=data["reason"],
                    template=data["template"],
                )
            elif kind == SanctionKind.BAN:
                services.ban_member(
                    request.user,
                    member=member,
                    reason_code=data["reason_code"],
                    reason=data["reason"],
                )
            else:
                for_a_while = (
                    services.silence_member
                    if kind == SanctionKind.SILENCE
                    else services.suspend_member
                )
                for_a_while(
                    request.user,
                    member=member,
                    reason_code=data["reason_code"],
                    reason=data["reason"],
                    days=form.days(),
                )

        if _saved(form, issue):
            messages.success(request, _("The sanction has been recorded."))
            return redirect("sanctions:member-sanction", member.pk)
    return render(
        request,
        "sanctions/member_sanction.html",
        {
            "member": member,
            "form": form,
            "sanctions": queries.sanctions_of(member),
            "viewer": request.user,
            "can_lift": can_lift_sanction,
        },
    )


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _saved(form: Any, run: Callable[[], object]) -> bool:
    """Run the service of a valid form: True when it went through, else its refusal is on the
    form (shown again with what was typed)."""
    try:
        run()
    except Denied as error:
        form.add_error(None, error.message)
    except ValidationError as error:
        _add_errors(form, error)
    else:
        return True
    return False


def _file_appeal(request: HttpRequest, form: Any, member: Member, sanction: Sanction) -> bool:
    """Appeal `sanction` for `member` from a valid form, within the appeal rate (counted per
    sanctioned member, who may be logged out); True when it was sent."""
    if wait := consume("appeal", key=member.pk):
        # The middleware answers 429 with Retry-After; the form keeps the text.
        request.throttled, request.retry_after = True, wait  # type: ignore[attr-defined]
        form.add_error(None, _too_many_appeals(wait))
        return False
    text = form.cleaned_data["text"]
    if not _saved(form, lambda: services.appeal_sanction(member, sanction=sanction, text=text)):
        return False
    messages.success(request, _("Your appeal has been sent. A moderator will answer."))
    return True


@login_required
@require_GET
def my_sanctions(request: HttpRequest) -> HttpResponse:
    """The member's own sanctions: reason, end, appeals, and the appeal form where possible."""
    sanctions = queries.sanctions_of(request.user)
    appealable = {
        s.pk
        for s in sanctions
        if can_appeal_sanction(request.user, s, appeals=list(s.appeals.all()))
    }
    return render(
        request,
        "sanctions/my_sanctions.html",
        {"sanctions": sanctions, "appealable": appealable, "form": AppealForm()},
    )


def _too_many_appeals(wait: int) -> str:
    return ngettext(
        "You are sending appeals faster than this community allows. Wait %(seconds)d second"
        " and try again: what you wrote is still here.",
        "You are sending appeals faster than this community allows. Wait %(seconds)d seconds"
        " and try again: what you wrote is still here.",
        wait,
    ) % {"seconds": wait}


@login_required
@require_http_methods(["GET", "POST"])
def sanction_appeal(request: HttpRequest, sanction_id: int) -> HttpResponse:
    """Appeal one of your own sanctions."""
    sanction: Sanction = _found(queries.get_sanction_for, request.user, sanction_id)
    if sanction.member_id != request.user.pk:
        raise Http404
    form = AppealForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _file_appeal(request, form, request.user, sanction)
    ):
        return redirect("sanctions:my-sanctions")
    return render(
        request,
        "sanctions/sanction_appeal.html",
        {
            "sanction": sanction,
            "form": form,
            "can_appeal": can_appeal_sanction(request.user, sanction),
            "action": reverse("sanctions:sanction-appeal", args=[sanction.pk]),
        },
    )


@require_http_methods(["GET", "POST"])
def suspension_notice(request: HttpRequest) -> HttpResponse:
    """Where a suspended member lands (logged out): the reason, the end, and the appeal form.
    The signed link in the address stands in for a login."""
    token = request.GET.get("t", "")
    sanction = banners.sanction_from_token(token) if token else None
    if sanction is None or sanction.kind != SanctionKind.SUSPENSION:
        return render(request, "sanctions/suspension_notice.html", {"sanction": None}, status=404)
    member = sanction.member
    form = AppealForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _file_appeal(request, form, member, sanction)
    ):
        return redirect(banners.notice_url(sanction))
    appeals = list(sanction.appeals.all())
    return render(
        request,
        "sanctions/suspension_notice.html",
        {
            "sanction": sanction,
            "appeals": appeals,
            "form": form,
            "can_appeal": can_appeal_sanction(member, sanction, appeals=appeals),
            "action": f"{reverse('sanctions:suspension-notice')}?t={token}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def sanction_lift(request: HttpRequest, sanction_id: int) -> HttpResponse:
    """Lift a sanction early (staff)."""
    _staff_only(request)
    sanction: Sanction = _found(queries.get_sanction_for, request.user, sanction_id)
    if not can_lift_sanction(request.user, sanction):
        raise PermissionDenied(_("You cannot lift this sanction."))
    form = LiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if _saved(
            form, lambda: services.lift_sanction(request.user, sanction=sanction, reason=reason)
        ):
            messages.success(request, _("The sanction has been lifted."))
            return redirect("sanctions:member-sanction", sanction.member_id)
    return render(request, "sanctions/sanction_lift.html", {"sanction": sanction, "form": form})


@login_required
@require_GET
def appeal_list(request: HttpRequest) -> HttpResponse:
    """Open appeals, oldest first, and the latest decisions (staff)."""
    _staff_only(request)
    return render(
        request,
        "sanctions/appeal_list.html",
        {
            "open_appeals": queries.open_appeals(request.user),
            "decided": queries.decided_appeals(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def appeal_decide(request: HttpRequest, appeal_id: int) -> HttpResponse:
    """Uphold or overturn an appeal (staff)."""
    _staff_only(request)
    appeal = _found(queries.get_appeal_for, request.user, appeal_id)
    allowed = appeal.status == "open" and can_decide_appeal(request.user, appeal.sanction)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied(_("You cannot decide this appeal."))
        data = form.cleaned_data if form.is_valid() else None
        if data is not None and _saved(
            form,
            lambda: services.decide_appeal(
                request.user,
                appeal=appeal,
                overturn=data["decision"] == OVERTURN,
                answer=data["answer"],
            ),
        ):
            messages.success(request, _("The appeal has been decided."))
            return redirect("sanctions:appeal-list")
    return render(
        request,
        "sanctions/appeal_decide.html",
        {"appeal": appeal, "sanction": appeal.sanction, "form": form, "allowed": allowed},
    )


# Warning templates ---------------------------------------------------------------------------


def _templates_only(request: HttpRequest) -> None:
    if not can_manage_warning_templates(request.user):
        raise PermissionDenied(_("Only moderators keep warning templates."))


@login_required
@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    """The warning templates (staff)."""
    _templates_only(request)
    return render(
        request, "sanctions/template_list.html", {"templates": queries.warning_templates()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_create(request: HttpRequest) -> HttpResponse:
    _templates_only(request)
    return _template_page(
        request,
        WarningTemplateForm(request.POST or None),
        None,
        lambda data: services.create_warning_template(request.user, **data),
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, template_id: int) -> HttpResponse:
    _templates_only(request)
    template = _found(queries.get_warning_template_for, request.user, template_id)
    initial = {"title": template.title, "body": template.body}
    return _template_page(
        request,
        WarningTemplateForm(request.POST or None, initial=initial),
        template,
        lambda data: services.edit_warning_template(request.user, template=template, **data),
    )


def _template_page(
    request: HttpRequest,
    form: WarningTemplateForm,
    template: Any,
    save: Callable[[dict[str, Any]], object],
) -> HttpResponse:
    """The template form: saved and back to the list, or shown again with what went wrong."""
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(form, lambda: save(form.cleaned_data))
    ):
        messages.success(request, _("The template has been saved."))
        return redirect("sanctions:template-list")
    return render(request, "sanctions/template_form.html", {"form": form, "template": template})


@login_required
@require_POST
def template_delete(request: HttpRequest, template_id: int) -> HttpResponse:
    _templates_only(request)
    template = _found(queries.get_warning_template_for, request.user, template_id)
    try:
        services.delete_warning_template(request.user, template=template)
    except Denied as error:
        raise PermissionDenied(error.message) from error
    messages.success(request, _("The template has been deleted."))
    return redirect("sanctions:template-list")
