"""Report pages: one form per kind of item (post, comment, profile, private message)."""

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
from django.views.decorators.http import require_http_methods

from kring.content.links import post_url
from kring.core.permissions import Denied, NotFound
from kring.core.ratelimits import throttle
from kring.moderation import queries, services
from kring.moderation.forms import (
    FlagForm,
)
from kring.moderation.views.links import _next_or


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
