"""Pages of groups: the directory, the member's own groups, starting and changing a group,
and a group's page. The views map Denied to 403, NotFound to 404 (a secret group looks exactly
like a missing one) and a service's ValidationError to errors on the form."""

from __future__ import annotations

import importlib
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kring.accounts.models import Member
from kring.core.pagecache import cached_for_visitors
from kring.core.permissions import Denied, NotFound
from kring.core.ratelimits import throttle, too_fast_message
from kring.social.queries import is_following_group
from kring.spaces import queries, services
from kring.spaces.forms import GroupForm, add_service_error
from kring.spaces.models import GroupRole, Membership, MembershipStatus, Space
from kring.spaces.permissions import (
    can_create_group,
    can_edit_group,
    can_join_group,
    can_manage_group,
    can_post_in_space,
    can_read_group,
    can_request_to_join,
)

MAX_QUERY_LENGTH = 100
MAX_TAG_LENGTH = 60
STREAM_CONTEXT_MODULE = "kring.wall.views_context"


def member_of(request: HttpRequest) -> Member:
    """The logged-in member (views using this are behind login_required)."""
    return cast(Member, request.user)


def group_or_404(request: HttpRequest, slug: str) -> Space:
    try:
        return queries.get_group_for(request.user, slug)
    except NotFound:
        raise Http404 from None


def membership_or_404(space: Space, membership_id: int) -> Membership:
    try:
        return queries.group_membership(space, membership_id)
    except NotFound:
        raise Http404 from None


# The directory and the member's own groups ---------------------------------------------------


@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    tag = request.GET.get("tag", "").strip()[:MAX_TAG_LENGTH]
    mine = request.GET.get("mine") == "1" and request.user.is_authenticated
    page = queries.group_directory(
        request.user,
        query=query,
        tag=tag,
        mine=mine,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    filters = {key: value for key, value in (("q", query), ("tag", tag)) if value}
    if mine:
        filters["mine"] = "1"
    tags = queries.popular_tags(request.user)
    current_tag = next((t for t in tags if t.slug == tag), None) if tag else None
    if tag and current_tag is None:
        current_tag = queries.group_tag(tag)
    return render(
        request,
        "spaces/group_list.html",
        {
            "page": page,
            "query": query,
            "tag": tag,
            "current_tag": current_tag,
            "mine": mine,
            "popular_tags": tags,
            "can_create": can_create_group(request.user),
            "all_tags_url": "?" + urlencode({k: v for k, v in filters.items() if k != "tag"}),
            "next_url": "?" + urlencode({**filters, "after": page.next_cursor})
            if page.next_cursor
            else "",
            "previous_url": "?" + urlencode({**filters, "before": page.previous_cursor})
            if page.previous_cursor
            else "",
        },
    )


@login_required
@require_GET
def membership_list(request: HttpRequest) -> HttpResponse:
    memberships = queries.memberships_of(request.user)
    by_status: dict[str, list[Membership]] = {status: [] for status in MembershipStatus.values}
    for membership in memberships:
        by_status[membership.status].append(membership)
    return render(
        request,
        "spaces/membership_list.html",
        {
            "invitations": by_status[MembershipStatus.INVITED],
            "requests": by_status[MembershipStatus.REQUESTED],
            "active": by_status[MembershipStatus.ACTIVE],
            "can_create": can_create_group(request.user),
        },
    )


# Starting and changing a group -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest) -> HttpResponse:
    actor = member_of(request)
    if not can_create_group(actor):
        raise PermissionDenied(_("Only approved members who are not suspended can start a group."))
    if request.method == "POST":
        form = GroupForm(request.POST, request.FILES, actor=actor)
        if form.is_valid() and (wait := throttle(request, action="group")):
            form.add_error(None, too_fast_message(wait))  # a 429 (RetryAfterMiddleware)
        elif form.is_valid():
            data = form.cleaned_data
            try:
                space = services.create_group(
                    actor,
                    name=data["name"],
                    description=data["description"],
                    visibility=data["visibility"],
                    audience=form.audience_value(),
                    tags=data["tags"],
                    cover=data["cover"],
                )
            except Denied as error:
                raise PermissionDenied(error.message) from error
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Your group has been created."))
                return redirect("spaces:group-detail", space.slug)
    else:
        form = GroupForm(actor=actor)
    return render(request, "spaces/group_form.html", {"form": form, "space": None})


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: HttpRequest, slug: str) -> HttpResponse:
    actor = member_of(request)
    space = group_or_404(request, slug)
    if not can_edit_group(actor, space):
        raise PermissionDenied(_("Only the group's owner and community managers can change it."))
    if request.method == "POST":
        form = GroupForm(request.POST, request.FILES, actor=actor, space=space)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_group(
                    actor,
                    space=space,
                    name=data["name"],
                    description=data["description"],
                    visibility=data["visibility"],
                    audience=form.audience_value(),
                    tags=data["tags"],
                    cover=data["cover"],
                    remove_cover=bool(data.get("remove_cover")),
                )
            except Denied as error:
                raise PermissionDenied(error.message) from error
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The group has been saved."))
                return redirect("spaces:group-detail", space.slug)
    else:
        form = GroupForm(actor=actor, space=space)
    return render(request, "spaces/group_form.html", {"form": form, "space": space})


# A group's page ------------------------------------------------------------------------------


MEMBERSHIP_ACTIONS = {
    MembershipStatus.ACTIVE: "leave",
    MembershipStatus.REQUESTED: "cancel",
    MembershipStatus.INVITED: "invitation",
}


def _viewer_action(viewer: Any, space: Space, membership: Membership | None) -> str:
    """Which button the group page offers `viewer`."""
    if not getattr(viewer, "is_authenticated", False):
        return "login"
    if membership is not None:
        if membership.role == GroupRole.OWNER and membership.status == MembershipStatus.ACTIVE:
            return "owner"
        return MEMBERSHIP_ACTIONS[MembershipStatus(membership.status)]
    if can_join_group(viewer, space, membership):
        return "join"
    return "request" if can_request_to_join(viewer, space, membership) else ""


def stream_context(request: HttpRequest, space: Space, *, can_post: bool) -> dict[str, Any]:
    """What the wall's group stream partial needs, from the wall app when it provides it."""
    try:
        module = importlib.import_module(STREAM_CONTEXT_MODULE)
    except ImportError as error:
        if error.name != STREAM_CONTEXT_MODULE:
            raise  # the module is there but broken: that must not pass silently
        return {}
    return dict(module.space_stream_context(request, space, can_post=can_post))


def follow_context(viewer: Any, space: Space) -> dict[str, bool]:
    """What the social app's follow button needs, in one query (none for visitors).

    Social's rule for following a group (`can_follow`) is "a participant, and the group is
    visible to them"; this page only exists for groups `visible_groups` gave the viewer, so
    asking `can_follow` again would repeat that query. A test holds the two to the same answer.
    """
    following = is_following_group(viewer, space)
    return {
        "following": following,
        "can_follow_group": not following and queries.is_participant(viewer),
    }


@require_GET
@cached_for_visitors
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request.user
    space = group_or_404(request, slug)
    readable = can_read_group(viewer, space)
    membership = queries.membership_of(viewer, space)
    context: dict[str, Any] = {
        "space": space,
        "tags": list(space.tags.all()),
        "readable": readable,
        "membership": membership,
        "action": _viewer_action(viewer, space, membership),
        "can_manage": can_manage_group(viewer, space, membership),
        "can_edit": can_edit_group(viewer, space, membership),
        "can_post": readable and can_post_in_space(viewer, space, membership, readable=readable),
    }
    context.update(follow_context(viewer, space))
    if readable:
        context["stream_space"] = space
        context.update(stream_context(request, space, can_post=context["can_post"]))
    return render(request, "spaces/group_detail.html", context)
