"""What members do with a group, each a plain form POST: join, ask, accept, leave; and the
members page where the group's managers approve, invite, remove, appoint and hand over."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kring.accounts.models import Member
from kring.core.permissions import Denied, NotFound
from kring.spaces import queries, services
from kring.spaces.forms import MemberChoiceForm, RoleForm
from kring.spaces.models import GroupRole, Membership, MembershipStatus, Space
from kring.spaces.permissions import (
    can_manage_group,
    can_read_group,
    can_set_group_role,
    can_transfer_ownership,
)
from kring.spaces.views.groups import (
    MAX_QUERY_LENGTH,
    group_or_404,
    member_of,
    membership_or_404,
)


def act(request: HttpRequest, action: Callable[[], Any], *, done: str, back: str) -> HttpResponse:
    """Run one service call: on success say `done`, on a refusal of the input say why; then
    return to `back`. A Denied becomes a 403 page with its message."""
    try:
        action()
    except Denied as error:
        raise PermissionDenied(error.message) from error
    except NotFound:
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if done:
            messages.success(request, done)
    return redirect(back)


# Joining, requests, invitations, leaving -----------------------------------------------------


@login_required
@require_POST
def group_join(request: HttpRequest, slug: str) -> HttpResponse:
    space = group_or_404(request, slug)
    return act(
        request,
        lambda: services.join_group(member_of(request), space=space),
        done=_("Welcome to %(group)s!") % {"group": space.name},
        back=reverse("spaces:group-detail", args=[space.slug]),
    )


@login_required
@require_POST
def group_request(request: HttpRequest, slug: str) -> HttpResponse:
    space = group_or_404(request, slug)
    return act(
        request,
        lambda: services.request_to_join(member_of(request), space=space),
        done=_("You have asked to join. The group's owner or a moderator will decide."),
        back=reverse("spaces:group-detail", args=[space.slug]),
    )


@login_required
@require_POST
def group_request_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    space = group_or_404(request, slug)
    return act(
        request,
        lambda: services.cancel_join_request(member_of(request), space=space),
        done=_("You are no longer asking to join %(group)s.") % {"group": space.name},
        back=reverse("spaces:group-detail", args=[space.slug]),
    )


@login_required
@require_POST
def group_invitation_accept(request: HttpRequest, slug: str) -> HttpResponse:
    space = group_or_404(request, slug)
    return act(
        request,
        lambda: services.accept_group_invitation(member_of(request), space=space),
        done=_("Welcome to %(group)s!") % {"group": space.name},
        back=reverse("spaces:group-detail", args=[space.slug]),
    )


@login_required
@require_POST
def group_invitation_decline(request: HttpRequest, slug: str) -> HttpResponse:
    space = group_or_404(request, slug)
    return act(
        request,
        lambda: services.decline_group_invitation(member_of(request), space=space),
        done=_("You have declined the invitation to %(group)s.") % {"group": space.name},
        back=reverse("spaces:membership-list"),
    )


@login_required
@require_POST
def group_leave(request: HttpRequest, slug: str) -> HttpResponse:
    space = group_or_404(request, slug)
    left = reverse("spaces:group-detail", args=[space.slug])
    try:
        services.leave_group(member_of(request), space=space)
    except Denied as error:
        messages.error(request, error.message)  # the owner: the page says what to do instead
        return redirect(left)
    messages.success(request, _("You have left %(group)s.") % {"group": space.name})
    # A secret group no longer exists for whoever left it.
    return redirect(left if can_read_group(request.user, space) else reverse("spaces:group-list"))


# The members page and what managers do there -------------------------------------------------


def _removable(viewer: Any, membership: Membership, *, manages: bool, owns: bool) -> bool:
    """can_remove_from_group for one row, from what the page already knows (no query a row)."""
    if not manages or membership.role == GroupRole.OWNER or membership.member_id == viewer.pk:
        return False
    return membership.role != GroupRole.MODERATOR or owns


@require_GET
def group_members(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request.user
    space = group_or_404(request, slug)
    if not can_read_group(viewer, space):
        raise PermissionDenied(_("Only members can see who is in this group."))
    membership = queries.membership_of(viewer, space)
    manages = can_manage_group(viewer, space, membership)
    owns = can_set_group_role(viewer, space, membership)
    page = Paginator(queries.active_members(space), queries.MEMBERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    invite_query = request.GET.get("invite_q", "").strip()[:MAX_QUERY_LENGTH] if manages else ""
    return render(
        request,
        "spaces/group_members.html",
        {
            "space": space,
            "page": page,
            "rows": [
                (m, _removable(viewer, m, manages=manages, owns=owns)) for m in page.object_list
            ],
            "manages": manages,
            "owns": owns,
            "can_transfer": can_transfer_ownership(viewer, space, membership),
            "requests": list(queries.pending_memberships(space, MembershipStatus.REQUESTED))
            if manages
            else [],
            "invitations": list(queries.pending_memberships(space, MembershipStatus.INVITED))
            if manages
            else [],
            "invite_query": invite_query,
            "candidates": queries.invite_candidates(viewer, space, invite_query)
            if invite_query
            else [],
        },
    )


def _members_url(space: Space) -> str:
    return reverse("spaces:group-members", args=[space.slug])


@login_required
@require_POST
def membership_approve(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    space = group_or_404(request, slug)
    membership = membership_or_404(space, membership_id)
    return act(
        request,
        lambda: services.approve_join_request(member_of(request), membership=membership),
        done=_("%(name)s is now a member.") % {"name": membership.member.display_name},
        back=_members_url(space),
    )


@login_required
@require_POST
def membership_decline(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    space = group_or_404(request, slug)
    membership = membership_or_404(space, membership_id)
    return act(
        request,
        lambda: services.decline_join_request(member_of(request), membership=membership),
        done=_("The request of %(name)s has been declined.")
        % {"name": membership.member.display_name},
        back=_members_url(space),
    )


@login_required
@require_POST
def membership_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    space = group_or_404(request, slug)
    membership = membership_or_404(space, membership_id)
    done = (
        _("The invitation of %(name)s has been withdrawn.")
        if membership.status == MembershipStatus.INVITED
        else _("%(name)s has been removed from the group.")
    )
    return act(
        request,
        lambda: services.remove_from_group(member_of(request), membership=membership),
        done=done % {"name": membership.member.display_name},
        back=_members_url(space),
    )


@login_required
@require_POST
def membership_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    space = group_or_404(request, slug)
    membership = membership_or_404(space, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose member or group moderator."))
        return redirect(_members_url(space))
    role = form.cleaned_data["role"]
    return act(
        request,
        lambda: services.set_group_role(member_of(request), membership=membership, role=role),
        done=_("%(name)s is now a group moderator.") % {"name": membership.member.display_name}
        if role == GroupRole.MODERATOR
        else _("%(name)s is now a member without moderator rights.")
        % {"name": membership.member.display_name},
        back=_members_url(space),
    )


def _chosen_member(request: HttpRequest) -> Member | None:
    form = MemberChoiceForm(request.POST)
    if not form.is_valid():
        return None
    return Member.objects.filter(pk=form.cleaned_data["member"]).first()


@login_required
@require_POST
def group_invite(request: HttpRequest, slug: str) -> HttpResponse:
    space = group_or_404(request, slug)
    member = _chosen_member(request)
    if member is None:
        messages.error(request, _("Choose a member to invite."))
        return redirect(_members_url(space))
    return act(
        request,
        lambda: services.invite_to_group(member_of(request), space=space, member=member),
        done=_("%(name)s has been invited.") % {"name": member.display_name},
        back=_members_url(space),
    )


@login_required
@require_POST
def membership_transfer(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    space = group_or_404(request, slug)
    membership = membership_or_404(space, membership_id)
    return act(
        request,
        lambda: services.transfer_ownership(
            member_of(request), space=space, new_owner=membership.member
        ),
        done=_("%(name)s now owns the group.") % {"name": membership.member.display_name},
        back=_members_url(space),
    )
