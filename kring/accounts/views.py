"""Pages of the accounts app: settings hub, waiting room, deleting an account, community
management (approvals, invitations, roles). allauth serves login, sign-up, e-mail, password
and two-factor pages itself, in Kring's layout (templates/allauth/layouts/)."""

from __future__ import annotations

from typing import cast
from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.accounts import invitations, permissions, queries, roles, services
from kring.accounts.forms import (
    AccountDeleteForm,
    DeclineForm,
    EditorForm,
    InvitationForm,
    LanguageForm,
    RoleFilterForm,
    RoleForm,
)
from kring.accounts.models import ApprovalStatus, Member
from kring.core.permissions import Denied, NotFound
from kring.core.sitesettings.models import RegistrationPolicy, SiteSettings
from kring.social import queries as social_queries

ROLES_PER_PAGE = 50
INVITATION_STATUSES = {
    "open": gettext_lazy("Open"),
    "accepted": gettext_lazy("Accepted"),
    "expired": gettext_lazy("Expired"),
    "revoked": gettext_lazy("Revoked"),
}


def _member(request: HttpRequest) -> Member:
    """The logged-in member (views using this are behind login_required)."""
    return cast(Member, request.user)


def _require_manager(request: HttpRequest) -> Member:
    member = _member(request)
    if not permissions.can_manage_community(member):
        raise PermissionDenied(_("Only community managers and administrators can open this page."))
    return member


# The member's own account ---------------------------------------------------------------------


@login_required
@require_GET
def account_settings(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    return render(
        request,
        "accounts/settings_index.html",
        {
            "member": member,
            "two_factor_enabled": queries.two_factor_enabled(member),
            "language_form": LanguageForm(initial={"language": member.language}),
            "can_delete": permissions.can_delete_account(member, member),
            "friend_requests_waiting": social_queries.pending_request_count(member),
        },
    )


@login_required
@require_POST
def language_edit(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    form = LanguageForm(request.POST)
    if form.is_valid():
        language = form.cleaned_data["language"]
        services.set_language(member, member=member, language=language)
        with translation.override(language or SiteSettings.load().default_language):
            messages.success(request, _("Your language preference has been saved."))
    else:
        messages.error(request, _("Choose one of the languages in the list."))
    return redirect("accounts:settings")


@login_required
@require_GET
def waiting(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    if member.approval_status == ApprovalStatus.APPROVED:
        return redirect("core:home")
    return render(
        request,
        "accounts/waiting.html",
        {"member": member, "declined": member.approval_status == ApprovalStatus.DECLINED},
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    if not permissions.can_delete_account(member, member):
        return render(request, "accounts/account_delete.html", {"last_admin": True}, status=403)
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Guessing a password through this form counts like re-authenticating.
        if not ratelimit.consume(request, action="reauthenticate", user=member):
            return cast(HttpResponse, ratelimit.respond_429(request))
        try:
            services.delete_account(member, member=member, password=form.cleaned_data["password"])
        except ValidationError as error:
            form.add_error("password", error)
        except Denied as denied:
            raise PermissionDenied(denied.message) from denied
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted. Goodbye, and thank you!"))
            return redirect("core:home")
    return render(request, "accounts/account_delete.html", {"form": form, "last_admin": False})


# Community management -------------------------------------------------------------------------


@login_required
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    member = _require_manager(request)
    site = SiteSettings.load()
    return render(
        request,
        "accounts/manage_index.html",
        {
            "pending_count": queries.pending_application_count(member),
            "policy": RegistrationPolicy(site.registration_policy),
            "can_edit_site_settings": permissions.can_edit_site_settings(member),
        },
    )


@login_required
@require_GET
def approval_list(request: HttpRequest) -> HttpResponse:
    member = _require_manager(request)
    return render(
        request,
        "accounts/approval_list.html",
        {
            "pending": [
                # auto_id keeps every applicant's reason field id unique on the one page.
                {
                    "member": applicant,
                    "decline_form": DeclineForm(auto_id=f"decline-{applicant.pk}-%s"),
                }
                for applicant in queries.applicants(member)
            ],
            "declined": list(queries.applicants(member, status=ApprovalStatus.DECLINED)[:50]),
            "show_email": permissions.can_see_member_email(member),
            "policy": RegistrationPolicy(SiteSettings.load().registration_policy),
        },
    )


def _applicant(request: HttpRequest, member_id: int) -> tuple[Member, Member]:
    actor = _require_manager(request)
    try:
        return actor, queries.get_applicant_for(actor, member_id)
    except NotFound as missing:
        raise Http404 from missing


@login_required
@require_POST
def application_approve(request: HttpRequest, member_id: int) -> HttpResponse:
    actor, applicant = _applicant(request, member_id)
    try:
        services.approve_member(actor, member=applicant)
    except Denied as denied:
        messages.error(request, denied.message)
    else:
        messages.success(
            request,
            _("%(name)s has been approved and informed by e-mail.")
            % {"name": applicant.display_name},
        )
    return redirect("accounts:approval-list")


@login_required
@require_POST
def application_decline(request: HttpRequest, member_id: int) -> HttpResponse:
    actor, applicant = _applicant(request, member_id)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The reason can be at most 1000 characters long."))
        return redirect("accounts:approval-list")
    try:
        services.decline_member(actor, member=applicant, reason=form.cleaned_data["reason"])
    except Denied as denied:
        messages.error(request, denied.message)
    else:
        messages.success(
            request,
            _("The application of %(name)s has been declined; they have been informed by e-mail.")
            % {"name": applicant.display_name},
        )
    return redirect("accounts:approval-list")


@login_required
@require_http_methods(["GET", "POST"])
def invitation_list(request: HttpRequest) -> HttpResponse:
    actor = _require_manager(request)
    form = InvitationForm(
        request.POST or None, show_addresses=permissions.can_see_member_email(actor)
    )
    if request.method == "POST" and form.is_valid():
        sent = 0
        for address in form.cleaned_data["emails"]:
            try:
                services.invite_member(actor, email=address, message=form.cleaned_data["message"])
            except ValidationError as error:
                form.add_error("emails", error)
            else:
                sent += 1
        if sent:
            messages.success(
                request,
                translation.ngettext(
                    "%(count)d invitation has been sent.",
                    "%(count)d invitations have been sent.",
                    sent,
                )
                % {"count": sent},
            )
        if not form.errors:
            return redirect("accounts:invitation-list")
    return render(
        request,
        "accounts/invitation_list.html",
        {
            "form": form,
            "rows": queries.sent_invitations(actor),
            "statuses": INVITATION_STATUSES,
            "policy": RegistrationPolicy(SiteSettings.load().registration_policy),
        },
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    actor = _require_manager(request)
    try:
        invitation = queries.get_invitation_for(actor, invitation_id)
        services.revoke_invitation(actor, invitation=invitation)
    except NotFound as missing:
        raise Http404 from missing
    except Denied as denied:
        messages.error(request, denied.message)
    else:
        messages.success(request, _("The invitation has been revoked; its link no longer works."))
    return redirect("accounts:invitation-list")


@require_GET
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation e-mail: remember it, then on to sign-up with the address."""
    invitation = queries.invitation_by_token(token)
    if request.user.is_authenticated:
        return render(request, "accounts/invitation_unusable.html", {"reason": "logged_in"})
    if invitation is None:
        return render(
            request, "accounts/invitation_unusable.html", {"reason": "unknown"}, status=404
        )
    status = queries.invitation_status(invitation)
    if status != "open":
        return render(
            request,
            "accounts/invitation_unusable.html",
            {"reason": status, "invitation": invitation},
            status=410,
        )
    invitations.remember_invitation(request, invitation)
    get_adapter(request).stash_verified_email(request, invitation.email)
    return redirect("account_signup")


def _roles_url(query: dict[str, str]) -> str:
    query = {key: value for key, value in query.items() if value}
    base = reverse("accounts:role-list")
    return f"{base}?{urlencode(query)}" if query else base


@login_required
@require_GET
def role_list(request: HttpRequest) -> HttpResponse:
    actor = _require_manager(request)
    filters = RoleFilterForm(request.GET or None)
    role = search = ""
    if filters.is_valid():
        role, search = filters.cleaned_data["role"], filters.cleaned_data["q"]
    page = Paginator(
        queries.members_by_role(actor, role=role, search=search), ROLES_PER_PAGE
    ).get_page(request.GET.get("page"))
    assignable = roles.assignable_roles(actor)
    rows = []
    for member in page:
        options = [
            r
            for r in assignable
            if r == member.role or permissions.can_assign_role(actor, member, r)
        ]
        rows.append(
            {
                "member": member,
                "options": options if len(options) > 1 else [],
                "editor_switch": services.can_set_editor(actor, member),
                "is_editor": roles.may_edit_knowledge(member),
            }
        )
    return render(
        request,
        "accounts/role_list.html",
        {
            "filters": filters if filters.is_bound else RoleFilterForm(),
            "page": page,
            "rows": rows,
            "show_email": permissions.can_see_member_email(actor),
            "current_url": _roles_url({"role": role, "q": search, "page": str(page.number)}),
            "page_url": lambda number: _roles_url({"role": role, "q": search, "page": str(number)}),
        },
    )


@login_required
@require_POST
def role_assign(request: HttpRequest, member_id: int) -> HttpResponse:
    actor = _require_manager(request)
    try:
        member = queries.get_member_for(actor, member_id)
    except NotFound as missing:
        raise Http404 from missing
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles in the list."))
    else:
        try:
            services.assign_role(actor, member=member, role=form.cleaned_data["role"])
        except Denied as denied:
            messages.error(request, denied.message)
        else:
            messages.success(
                request,
                _("%(name)s is now: %(role)s.")
                % {"name": member.display_name, "role": member.get_role_display()},
            )
    back = request.POST.get("next", "")
    if back.startswith(reverse("accounts:role-list")) and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        return redirect(back)
    return redirect("accounts:role-list")


@login_required
@require_POST
def editor_set(request: HttpRequest, member_id: int) -> HttpResponse:
    """Switch the editor capability (knowledge base and news) of an employee on or off."""
    actor = _require_manager(request)
    try:
        member = queries.get_member_for(actor, member_id)
    except NotFound as missing:
        raise Http404 from missing
    form = EditorForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether this member is an editor."))
    else:
        is_editor = form.cleaned_data["is_editor"] == "1"
        try:
            services.set_editor(actor, member=member, is_editor=is_editor)
        except Denied as denied:
            messages.error(request, denied.message)
        else:
            messages.success(
                request,
                (
                    _("%(name)s is now an editor.")
                    if is_editor
                    else _("%(name)s is no longer an editor.")
                )
                % {"name": member.display_name},
            )
    back = request.POST.get("next", "")
    if back.startswith(reverse("accounts:role-list")) and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        return redirect(back)
    return redirect("accounts:role-list")
