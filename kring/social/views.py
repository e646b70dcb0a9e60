"""Pages and buttons of the social app: friend requests, friends, followers, follows, blocks.

Every button is a plain form POST carrying `next` (where to return to); the pages that list
members show only what the viewer may see of that member's profile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.accounts.models import Member
from kring.core.permissions import Denied, NotFound
from kring.core.ratelimits import throttle
from kring.members.queries import DirectoryPage, get_profile_for, visible_members
from kring.social import queries, services
from kring.social.models import FriendRequestStatus
from kring.social.permissions import block_denial, friendship_denial
from kring.social.queries import Relationship
from kring.spaces.models import Space
from kring.spaces.queries import visible_groups


def _member(request: HttpRequest) -> Member:
    return cast(Member, request.user)


def _next_url(request: HttpRequest, fallback: str) -> str:
    """The page to return to: the form's `next` if it is on this site, else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _found(*lookups: Callable[[], Any]) -> Any:
    """The first of `lookups` that finds something; 404 when none does."""
    for lookup in lookups:
        try:
            return lookup()
        except NotFound:
            continue
    raise Http404


def _visible_member(viewer: Any, member_id: int) -> Callable[[], Member]:
    return lambda: get_profile_for(viewer, member_id).member


def _act(action: Callable[[], Any]) -> Any:
    """`action()`, with Denied answered as 403 carrying its message."""
    try:
        return action()
    except Denied as error:
        raise PermissionDenied(error.message) from error


def _profile_url(member_id: int) -> str:
    return reverse("members:profile-detail", args=[member_id])


# Friend requests


@login_required
@require_GET
def friend_request_list(request: HttpRequest) -> HttpResponse:
    viewer = _member(request)
    inbox = queries.friend_request_inbox(viewer)
    others = [r.sender_id for r in inbox.received] + [r.recipient_id for r in inbox.sent]
    linked = set(visible_members(viewer).filter(pk__in=others).values_list("pk", flat=True))
    # Blocking cancels open requests, so no block stands between viewer and a sender here.
    acceptable = {
        r.pk for r in inbox.received if not friendship_denial(viewer, r.sender, Relationship())
    }
    return render(
        request,
        "social/friend_request_list.html",
        {"inbox": inbox, "linked": linked, "acceptable": acceptable},
    )


@login_required
@require_POST
def friend_request_send(request: HttpRequest, member_id: int) -> HttpResponse:
    viewer = _member(request)
    member = _found(_visible_member(viewer, member_id))
    if throttle(request, action="social"):
        return render(request, "429.html", status=429)  # RetryAfterMiddleware says when
    result = _act(lambda: services.send_friend_request(viewer, member=member))
    if result.status == FriendRequestStatus.ACCEPTED:
        messages.success(request, _("You and %(name)s are friends now.") % _names(member))
    else:
        messages.success(request, _("Your friend request to %(name)s is sent.") % _names(member))
    return HttpResponseRedirect(_next_url(request, _profile_url(member.pk)))


@login_required
@require_POST
def friend_request_accept(request: HttpRequest, request_id: int) -> HttpResponse:
    viewer = _member(request)
    friend_request = _found(lambda: queries.get_friend_request_for(viewer, request_id))
    _act(lambda: services.accept_friend_request(viewer, friend_request=friend_request))
    messages.success(
        request, _("You and %(name)s are friends now.") % _names(friend_request.sender)
    )
    return HttpResponseRedirect(_next_url(request, reverse("social:friend-requests")))


@login_required
@require_POST
def friend_request_decline(request: HttpRequest, request_id: int) -> HttpResponse:
    viewer = _member(request)
    friend_request = _found(lambda: queries.get_friend_request_for(viewer, request_id))
    _act(lambda: services.decline_friend_request(viewer, friend_request=friend_request))
    messages.success(
        request,
        _("You declined the friend request of %(name)s.") % _names(friend_request.sender),
    )
    return HttpResponseRedirect(_next_url(request, reverse("social:friend-requests")))


@login_required
@require_POST
def friend_request_cancel(request: HttpRequest, request_id: int) -> HttpResponse:
    viewer = _member(request)
    friend_request = _found(lambda: queries.get_friend_request_for(viewer, request_id))
    _act(lambda: services.cancel_friend_request(viewer, friend_request=friend_request))
    messages.success(
        request,
        _("You took back your friend request to %(name)s.") % _names(friend_request.recipient),
    )
    return HttpResponseRedirect(_next_url(request, reverse("social:friend-requests")))


@login_required
@require_POST
def friend_remove(request: HttpRequest, member_id: int) -> HttpResponse:
    viewer = _member(request)
    # A friend, or a visible profile: a second click finds no friendship and changes nothing.
    member = _found(
        lambda: queries.get_friend_for(viewer, member_id), _visible_member(viewer, member_id)
    )
    _act(lambda: services.unfriend(viewer, member=member))
    messages.success(request, _("You and %(name)s are no longer friends.") % _names(member))
    return HttpResponseRedirect(_next_url(request, _profile_url(member.pk)))


def _names(member: Member) -> dict[str, str]:
    return {"name": member.display_name}


# Follows


@login_required
@require_POST
def member_follow(request: HttpRequest, member_id: int) -> HttpResponse:
    viewer = _member(request)
    member = _found(_visible_member(viewer, member_id))
    _act(lambda: services.follow_member(viewer, member=member))
    messages.success(request, _("You follow %(name)s.") % _names(member))
    return HttpResponseRedirect(_next_url(request, _profile_url(member.pk)))


@login_required
@require_POST
def member_unfollow(request: HttpRequest, member_id: int) -> HttpResponse:
    viewer = _member(request)
    # Someone followed (whatever their profile shows now), or a visible profile (a no-op).
    member = _found(
        lambda: queries.get_followed_member_for(viewer, member_id),
        _visible_member(viewer, member_id),
    )
    _act(lambda: services.unfollow_member(viewer, member=member))
    messages.success(request, _("You no longer follow %(name)s.") % _names(member))
    return HttpResponseRedirect(_next_url(request, _profile_url(member.pk)))


def _visible_group(viewer: Member, space_id: int) -> Space:
    group = visible_groups(viewer).filter(pk=space_id).first()
    if group is None:
        raise NotFound
    return group


@login_required
@require_POST
def group_follow(request: HttpRequest, space_id: int) -> HttpResponse:
    viewer = _member(request)
    group = _found(lambda: _visible_group(viewer, space_id))
    _act(lambda: services.follow_group(viewer, group=group))
    messages.success(request, _("You follow the group %(name)s.") % {"name": group.name})
    return HttpResponseRedirect(_next_url(request, reverse("core:home")))


@login_required
@require_POST
def group_unfollow(request: HttpRequest, space_id: int) -> HttpResponse:
    viewer = _member(request)
    group = _found(
        lambda: queries.get_followed_group_for(viewer, space_id),
        lambda: _visible_group(viewer, space_id),
    )
    _act(lambda: services.unfollow_group(viewer, group=group))
    messages.success(request, _("You no longer follow the group %(name)s.") % {"name": group.name})
    return HttpResponseRedirect(_next_url(request, reverse("core:home")))


# Blocks


@login_required
@require_http_methods(["GET", "POST"])
def member_block(request: HttpRequest, member_id: int) -> HttpResponse:
    """GET asks for confirmation (blocking also ends a friendship); POST blocks."""
    viewer = _member(request)
    member = _found(lambda: queries.get_blockable_member_for(viewer, member_id))
    fallback = _profile_url(member.pk)
    if request.method == "POST":
        _act(lambda: services.block_member(viewer, member=member))
        messages.success(request, _("You have blocked %(name)s.") % _names(member))
        return HttpResponseRedirect(_next_url(request, fallback))
    # Refuse the question where the answer would be refused (staff, oneself), saying why.
    denial = block_denial(viewer, member)
    if denial:
        raise PermissionDenied(denial)
    if queries.has_blocked(viewer, member):
        messages.info(request, _("You already block %(name)s.") % _names(member))
        return HttpResponseRedirect(_next_url(request, fallback))
    return render(
        request,
        "social/block_confirm.html",
        {
            "member": member,
            "is_friend": queries.are_friends(viewer, member),
            "next": _next_url(request, fallback),
        },
    )


@login_required
@require_POST
def member_unblock(request: HttpRequest, member_id: int) -> HttpResponse:
    viewer = _member(request)
    member = _found(
        lambda: queries.get_blocked_member_for(viewer, member_id),
        _visible_member(viewer, member_id),
    )
    _act(lambda: services.unblock_member(viewer, member=member))
    messages.success(request, _("You no longer block %(name)s.") % _names(member))
    return HttpResponseRedirect(_next_url(request, reverse("social:block-list")))


@login_required
@require_GET
def block_list(request: HttpRequest) -> HttpResponse:
    viewer = _member(request)
    return render(
        request, "social/block_list.html", {"blocked": list(queries.blocked_members(viewer))}
    )


# Lists on a profile


def _member_list(request: HttpRequest, member_id: int, kind: str) -> HttpResponse:
    viewer = request.user
    profile = _found(lambda: get_profile_for(viewer, member_id))
    member = profile.member
    reader: Callable[..., DirectoryPage] = {
        "friends": queries.friends_page,
        "followers": queries.followers_page,
        "following": queries.following_page,
    }[kind]
    page = reader(
        viewer, member, after=request.GET.get("after", ""), before=request.GET.get("before", "")
    )
    return render(
        request,
        "social/member_relation_list.html",
        {
            "member": member,
            "kind": kind,
            "page": page,
            "next_url": "?" + urlencode({"after": page.next_cursor}) if page.next_cursor else "",
            "previous_url": "?" + urlencode({"before": page.previous_cursor})
            if page.previous_cursor
            else "",
        },
    )


@require_GET
def friend_list(request: HttpRequest, member_id: int) -> HttpResponse:
    return _member_list(request, member_id, "friends")


@require_GET
def follower_list(request: HttpRequest, member_id: int) -> HttpResponse:
    return _member_list(request, member_id, "followers")


@require_GET
def following_list(request: HttpRequest, member_id: int) -> HttpResponse:
    return _member_list(request, member_id, "following")
