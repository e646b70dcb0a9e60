"""Pages of the wall: the community stream, the composer, and the "load more" fragments.

The group page and the profile page belong to their apps; they include the stream partials
(see views_context.py). "Load more" there is a plain link to the page itself; htmx asks the
fragment views here for just the next posts.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kring.accounts.models import Member
from kring.content.permissions import can_choose_friends_audience, can_post_in_space
from kring.content.services import waiting_notice
from kring.core.pagecache import cached_for_visitors
from kring.core.permissions import Denied
from kring.core.ratelimits import throttle, too_fast_message
from kring.members.permissions import can_view_profile
from kring.members.queries import visible_members
from kring.spaces.models import Space, SpaceKind
from kring.spaces.queries import community_space, profile_space_for, readable_spaces
from kring.wall import services
from kring.wall.forms import StatusForm
from kring.wall.queries import clean_order, profile_feed, space_feed
from kring.wall.views_context import (
    OWN_PROFILE,
    home_stream_context,
    space_choices,
    space_stream_context,
    stream_context,
)


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The `next` address from the form when it stays on this site, else `fallback`."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return fallback


def space_page_url(space: Space) -> str:
    """Where a space's stream lives: the group page, the profile page, the community stream."""
    if space.kind == SpaceKind.GROUP:
        return reverse("spaces:group-detail", args=[space.slug])
    if space.kind == SpaceKind.PROFILE:
        return reverse("members:profile-detail", args=[space.owner_member_id])
    return reverse("wall:community")


@require_GET
@cached_for_visitors
def community(request: HttpRequest) -> HttpResponse:
    """The community space's own stream (posts not in a group or on a profile)."""
    space = community_space()
    return render(request, "wall/community.html", space_stream_context(request, space))


@require_GET
def home_stream(request: HttpRequest) -> HttpResponse:
    """The next posts of the home feed, for htmx; without it, the home page itself."""
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect(reverse("core:home") + _query_string(request))
    return render(request, "wall/partials/_feed_items.html", home_stream_context(request))


def _query_string(request: HttpRequest) -> str:
    query = request.GET.urlencode()
    return "?" + query if query else ""


@require_GET
def space_stream(request: HttpRequest, space_id: int) -> HttpResponse:
    """The next posts of a space's stream, for htmx; without it, the space's page itself."""
    space = readable_spaces(request.user).select_related("owner_member").filter(pk=space_id).first()
    if space is None:
        raise Http404
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect(space_page_url(space) + _query_string(request))
    page = space_feed(
        request.user,
        space,
        cursor=request.GET.get("cursor"),
        order=clean_order(request.GET.get("order")),
    )
    context = stream_context(
        request,
        page,
        fragment_url=request.path,
        page_url=space_page_url(space),
    )
    return render(request, "wall/partials/_feed_items.html", context)


def _visible_member(viewer: Any, member_id: int) -> Member:
    member = visible_members(viewer).select_related("profile").filter(pk=member_id).first()
    if member is None and getattr(viewer, "pk", None) == member_id:
        member = cast(Member, viewer)  # one's own profile, even while awaiting approval
    if member is None or not can_view_profile(viewer, member):
        raise Http404
    return member


@require_GET
def profile_stream(request: HttpRequest, member_id: int) -> HttpResponse:
    """The next posts of a profile stream, for htmx; without it, the profile page itself."""
    member = _visible_member(request.user, member_id)
    profile_url = reverse("members:profile-detail", args=[member.pk])
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect(profile_url + _query_string(request))
    page = profile_feed(
        request.user,
        member,
        cursor=request.GET.get("cursor"),
        order=clean_order(request.GET.get("order")),
    )
    context = stream_context(request, page, fragment_url=request.path, page_url=profile_url)
    return render(request, "wall/partials/_feed_items.html", context)


# The composer ------------------------------------------------------------------------------


def _post_from_form(
    request: HttpRequest,
    form: StatusForm,
    *,
    space: Space,
    fallback: str,
    template_context: dict[str, Any],
) -> HttpResponse:
    """Save a valid composer form, or show it again with what went wrong."""
    actor = cast(Member, request.user)
    if form.is_valid():
        if wait := throttle(request, action="post"):
            # Shown again with the text kept; the middleware makes it a 429 with Retry-After.
            form.add_error(None, too_fast_message(wait))
            return render(request, "wall/status_form.html", {**template_context, "form": form})
        data = form.cleaned_data
        try:
            post = services.post_status(
                actor,
                space=space,
                body=data["body"],
                audience=data["audience"],
                photos=data.get("photos") or (),
                files=data.get("files") or (),
                idempotency_key=data["idempotency_key"],
            )
        except Denied as error:
            raise PermissionDenied(error.message) from error
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if notice := waiting_notice(post):
                messages.info(request, notice)
            else:
                messages.success(request, _("Your post has been placed."))
            return redirect(safe_next(request, fallback) + f"#post-{post.pk}")
    return render(request, "wall/status_form.html", {**template_context, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def space_status_create(request: HttpRequest, space_id: int) -> HttpResponse:
    """Post in a group or the community (the composer on its page posts here)."""
    space = readable_spaces(request.user).select_related("owner_member").filter(pk=space_id).first()
    if space is None:
        raise Http404
    if not can_post_in_space(request.user, space):
        raise PermissionDenied(_("You cannot post here."))
    allow_friends = can_choose_friends_audience(request.user, space)
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = StatusForm(*data, allow_friends_audience=allow_friends)
    fallback = space_page_url(space)
    context = {"space": space, "back_url": fallback, "action": request.path}
    if request.method != "POST":
        return render(request, "wall/status_form.html", {**context, "form": form})
    return _post_from_form(request, form, space=space, fallback=fallback, template_context=context)


@login_required
@require_http_methods(["GET", "POST"])
def profile_status_create(request: HttpRequest, member_id: int) -> HttpResponse:
    """Post on a member's wall (one's own, or a friend's)."""
    owner = _visible_member(request.user, member_id)
    wall = profile_space_for(owner)
    if not can_post_in_space(request.user, wall):
        raise PermissionDenied(_("You cannot post here."))
    allow_friends = can_choose_friends_audience(request.user, wall)
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = StatusForm(*data, allow_friends_audience=allow_friends)
    fallback = reverse("members:profile-detail", args=[owner.pk])
    context = {"wall_owner": owner, "back_url": fallback, "action": request.path}
    if request.method != "POST":
        return render(request, "wall/status_form.html", {**context, "form": form})
    return _post_from_form(request, form, space=wall, fallback=fallback, template_context=context)


@login_required
@require_http_methods(["GET", "POST"])
def status_create(request: HttpRequest) -> HttpResponse:
    """The home page's composer: post in the community, on one's wall or in one of one's groups."""
    actor = cast(Member, request.user)
    choices = space_choices(actor)
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = StatusForm(*data, space_choices=choices)
    context = {"back_url": reverse("core:home"), "action": request.path}
    if request.method != "POST" or not form.is_valid():
        return render(request, "wall/status_form.html", {**context, "form": form})
    chosen = form.cleaned_data["space"]
    if chosen == OWN_PROFILE:
        space = profile_space_for(actor)
    else:
        found = Space.objects.filter(pk=chosen).first()
        if found is None:
            raise Http404
        space = found
    if not can_post_in_space(actor, space):
        form.add_error("space", _("You cannot post there."))
        return render(request, "wall/status_form.html", {**context, "form": form})
    return _post_from_form(
        request, form, space=space, fallback=reverse("core:home"), template_context=context
    )
