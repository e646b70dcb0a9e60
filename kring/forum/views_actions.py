"""What members do on a topic page: reply, write an internal note, accept an answer, close,
lock, pin, watch and assign. Each is a plain form POST that comes back to the topic page;
a refused form shows the page again with its error (never a 500)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.accounts.models import Member
from kring.content.services import waiting_notice
from kring.core.permissions import Denied, NotFound
from kring.core.ratelimits import throttle, too_fast_message
from kring.forum import queries, services
from kring.forum.forms import LockForm, NoteForm, ReplyForm
from kring.forum.models import Topic
from kring.forum.views import _int, _topic_context, readable_topic, topic_url


def _page_again(request: HttpRequest, topic: Topic, **forms: Any) -> HttpResponse:
    context = _topic_context(request, topic, **forms)
    # A flood (kring.core.ratelimits.throttle) answers 429: RetryAfterMiddleware adds when to retry.
    status = 429 if getattr(request, "throttled", False) else 400
    return render(request, "forum/topic_detail.html", context, status=status)


def _act(request: HttpRequest, topic: Topic, action: Callable[[], Any], done: str) -> HttpResponse:
    try:
        action()
    except Denied as error:
        raise PermissionDenied(error.message) from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(topic_url(topic))


@login_required
@require_POST
def topic_reply(request: HttpRequest, post_id: int) -> HttpResponse:
    topic = readable_topic(request, post_id)
    form = ReplyForm(request.POST)
    if form.is_valid() and (wait := throttle(request, action="comment")):
        form.add_error(None, too_fast_message(wait))
    elif form.is_valid():
        try:
            reply = services.reply_to_topic(
                cast(Member, request.user), topic=topic, body=form.cleaned_data["body"]
            )
        except Denied as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if notice := waiting_notice(reply):
                messages.info(request, notice)
            return redirect("forum:reply-jump", reply.pk)
    return _page_again(request, topic, reply_form=form)


@login_required
@require_POST
def topic_note(request: HttpRequest, post_id: int) -> HttpResponse:
    topic = readable_topic(request, post_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            note = services.add_internal_note(
                cast(Member, request.user), topic=topic, body=form.cleaned_data["body"]
            )
        except Denied as error:
            raise PermissionDenied(error.message) from error
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("forum:reply-jump", note.pk)
    return _page_again(request, topic, note_form=form)


@login_required
@require_POST
def topic_accept(request: HttpRequest, post_id: int) -> HttpResponse:
    topic = readable_topic(request, post_id)
    actor = cast(Member, request.user)
    if request.POST.get("accept") == "0":
        return _act(
            request,
            topic,
            lambda: services.unaccept_answer(actor, topic=topic),
            _("The answer is no longer accepted."),
        )
    try:
        reply = queries.get_reply_for(actor, topic, _int(request.POST.get("reply"), 0) or 0)
    except NotFound:
        raise Http404 from None
    return _act(
        request,
        topic,
        lambda: services.accept_answer(actor, topic=topic, reply=reply),
        _("The answer is accepted: the question is solved."),
    )


Service = Callable[..., Any]


def _toggle(
    request: HttpRequest,
    post_id: int,
    field: str,
    *,
    on: tuple[Service, str],
    off: tuple[Service, str],
) -> HttpResponse:
    """A switch on the topic page: `field`=0 in the form switches off, anything else on."""
    topic = readable_topic(request, post_id)
    actor = cast(Member, request.user)
    service, done = off if request.POST.get(field) == "0" else on
    return _act(request, topic, lambda: service(actor, topic=topic), done)


@login_required
@require_POST
def topic_close(request: HttpRequest, post_id: int) -> HttpResponse:
    return _toggle(
        request,
        post_id,
        "close",
        on=(services.close_topic, _("The topic is closed.")),
        off=(services.reopen_topic, _("The topic is open again.")),
    )


@login_required
@require_POST
def topic_lock(request: HttpRequest, post_id: int) -> HttpResponse:
    topic = readable_topic(request, post_id)
    actor = cast(Member, request.user)
    if request.POST.get("lock") == "0":
        return _act(
            request,
            topic,
            lambda: services.unlock_topic(actor, topic=topic),
            _("The topic is unlocked."),
        )
    form = LockForm(request.POST)
    if form.is_valid():
        try:
            services.lock_topic(actor, topic=topic, reason=form.cleaned_data["reason"])
        except Denied as error:
            raise PermissionDenied(error.message) from error
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(request, _("The topic is locked."))
            return redirect(topic_url(topic))
    return _page_again(request, topic, lock_form=form)


@login_required
@require_POST
def topic_pin(request: HttpRequest, post_id: int) -> HttpResponse:
    return _toggle(
        request,
        post_id,
        "pin",
        on=(services.pin_topic, _("The topic is pinned.")),
        off=(services.unpin_topic, _("The topic is unpinned.")),
    )


@login_required
@require_POST
def topic_watch(request: HttpRequest, post_id: int) -> HttpResponse:
    return _toggle(
        request,
        post_id,
        "watch",
        on=(services.watch_topic, _("You follow this topic.")),
        off=(services.unwatch_topic, _("You no longer follow this topic.")),
    )


@login_required
@require_POST
def topic_assign(request: HttpRequest, post_id: int) -> HttpResponse:
    topic = readable_topic(request, post_id)
    actor = cast(Member, request.user)
    assignee_id = _int(request.POST.get("assignee"))
    assignee = None
    if assignee_id is not None:
        assignee = queries.get_assignable_employee(assignee_id)
        if assignee is None:
            messages.error(request, _("Questions are assigned to employees only."))
            return redirect(topic_url(topic))
    return _act(
        request,
        topic,
        lambda: services.assign_question(actor, topic=topic, assignee=assignee),
        _("The question is assigned.") if assignee else _("The question is no longer assigned."),
    )
