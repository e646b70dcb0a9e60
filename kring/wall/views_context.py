"""The wall inside other apps' pages: a group's stream, a member's profile stream.

The page's view merges the dict into its context and includes the matching partial:

    context |= space_stream_context(request, space)
    {% include "wall/partials/_space_stream.html" %}

    context |= profile_stream_context(request, member)
    {% include "wall/partials/_profile_stream.html" %}

Every key starts with `wall_`, so nothing of the page's own context is overwritten. The stream
reads `?cursor=` and `?order=` from the request: "load more" is a plain link to the same page
(htmx fetches just the next posts from the wall's own URL instead).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from kring.content.permissions import can_choose_friends_audience, can_post_in_space
from kring.content.queries import reaction_choices
from kring.spaces.models import Audience, Space, SpaceKind, Visibility
from kring.spaces.queries import (
    active_group_ids,
    community_space,
    is_participant,
    profile_space_for,
)
from kring.wall.forms import StatusForm
from kring.wall.queries import FeedPage, clean_order, home_feed, profile_feed, space_feed

OWN_PROFILE = 0  # the "Post in" choice for one's own wall, which may not exist yet


def _query(page: FeedPage, **extra: str) -> str:
    params = dict(extra)
    if page.order != "new":
        params["order"] = page.order
    return "?" + urlencode(params) if params else "?"


def stream_context(
    request: HttpRequest, page: FeedPage, *, fragment_url: str, page_url: str = ""
) -> dict[str, Any]:
    """What the stream partials need of any feed page (also used by the wall's own pages)."""
    return {
        "wall_page": page,
        "wall_reaction_kinds": reaction_choices(),
        "wall_can_react": is_participant(request.user),
        "wall_page_url": page_url or request.path,
        "wall_fragment_url": fragment_url,
        "wall_more_query": _query(page, cursor=page.next_cursor) if page.next_cursor else "",
        "wall_next": request.get_full_path(),
    }


def feed_urls_of(space: Space) -> dict[str, str]:
    """The RSS and Atom addresses of `space` when anyone may read it (the community, public
    groups for everyone); empty otherwise."""
    if space.kind == SpaceKind.COMMUNITY:
        return {
            "wall_rss_url": reverse("wall:community-rss"),
            "wall_atom_url": reverse("wall:community-atom"),
        }
    if (
        space.kind == SpaceKind.GROUP
        and space.visibility == Visibility.PUBLIC
        and space.audience == Audience.EVERYONE
    ):
        return {
            "wall_rss_url": reverse("wall:group-rss", args=[space.slug]),
            "wall_atom_url": reverse("wall:group-atom", args=[space.slug]),
        }
    return {"wall_rss_url": "", "wall_atom_url": ""}


def space_stream_context(
    request: HttpRequest, space: Space, *, can_post: bool | None = None
) -> dict[str, Any]:
    """The stream of a group (or the community space): composer, pinned posts, posts.

    `can_post`: whether the viewer may post here, when the caller knows already (the group
    page does: asking again costs two queries)."""
    viewer = request.user
    order = clean_order(request.GET.get("order"))
    page = space_feed(viewer, space, cursor=request.GET.get("cursor"), order=order)
    if can_post is None:
        can_post = can_post_in_space(viewer, space)
    return {
        **stream_context(request, page, fragment_url=reverse("wall:space-stream", args=[space.pk])),
        "wall_space": space,
        "wall_composer": StatusForm(auto_id="id_wall_%s") if can_post else None,
        "wall_composer_url": reverse("wall:space-status-create", args=[space.pk])
        if can_post
        else "",
        **feed_urls_of(space),
    }


def profile_stream_context(request: HttpRequest, member: Any) -> dict[str, Any]:
    """The stream of a profile: posts on the member's wall and their posts elsewhere."""
    viewer = request.user
    order = clean_order(request.GET.get("order"))
    page = profile_feed(viewer, member, cursor=request.GET.get("cursor"), order=order)
    composer = None
    if is_participant(viewer):
        # Made on first need, like the community space: whether the viewer may write on it
        # depends on the space (may they read it?), so it has to exist.
        wall = profile_space_for(member)
        if can_post_in_space(viewer, wall):
            composer = StatusForm(
                auto_id="id_wall_%s",
                allow_friends_audience=can_choose_friends_audience(viewer, wall),
            )
    return {
        **stream_context(
            request, page, fragment_url=reverse("wall:profile-stream", args=[member.pk])
        ),
        "wall_member": member,
        "wall_is_own": getattr(viewer, "pk", None) == member.pk,
        "wall_composer": composer,
        "wall_composer_url": reverse("wall:profile-status-create", args=[member.pk]),
    }


def space_choices(actor: Any) -> list[tuple[int, str]]:
    """Where the home page's composer may post: the community, one's wall, one's groups."""
    groups = (
        Space.objects.filter(Q(kind=SpaceKind.GROUP) & Q(pk__in=active_group_ids(actor)))
        .order_by("name")
        .values_list("pk", "name")
    )
    community = community_space()
    return [
        (community.pk, _("Community")),
        (OWN_PROFILE, _("My wall")),
        *[(pk, name) for pk, name in groups],
    ]


def home_stream_context(request: HttpRequest) -> dict[str, Any]:
    """The home feed for the home page: the viewer's feed, or the public stream for visitors."""
    viewer = request.user
    page = home_feed(
        viewer,
        cursor=request.GET.get("cursor"),
        order=clean_order(request.GET.get("order")),
    )
    return {
        **stream_context(
            request, page, fragment_url=reverse("wall:home-stream"), page_url=reverse("core:home")
        ),
        "wall_rss_url": reverse("wall:community-rss"),
        "wall_atom_url": reverse("wall:community-atom"),
        "wall_composer": StatusForm(auto_id="id_wall_%s", space_choices=space_choices(viewer))
        if is_participant(viewer)
        else None,
        "wall_composer_url": reverse("wall:status-create"),
    }
