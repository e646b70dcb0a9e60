"""Pages of private messaging: the inbox, a conversation, a new conversation, people
suggestions and attachments. Thin: parse, call one query or service, render. A conversation
the viewer is not in answers 404, whoever asks (moderators included)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from kring.accounts.models import Member
from kring.core.permissions import Denied, NotFound
from kring.core.ratelimits import throttle, too_fast_message
from kring.messaging import queries, services
from kring.messaging.forms import AddPeopleForm, ConversationForm, ReplyForm
from kring.messaging.models import ConversationKind, MessageAttachment, Participant
from kring.messaging.permissions import (
    can_add_participants,
    can_send_messages,
    can_use_messages,
)
from kring.social.queries import has_blocked
from kring.uploads.filetypes import ALLOWED_FILE_TYPES
from kring.uploads.services import PHOTO_CONTENT_TYPE, PHOTO_EXTENSION
from kring.uploads.views import ATTACHMENT_CACHE_CONTROL, ATTACHMENT_CSP

_FILE_CONTENT_TYPES = {file_type.content_type for file_type in ALLOWED_FILE_TYPES.values()}
MAX_CHOSEN = 40


def _member(request: HttpRequest) -> Member:
    return cast(Member, request.user)


def _participation(request: HttpRequest, conversation_id: int) -> Participant:
    try:
        return queries.get_participation_for(request.user, conversation_id)
    except NotFound:
        raise Http404 from None


def _posted_ids(values: list[str]) -> list[int]:
    return [int(value) for value in values[:MAX_CHOSEN] if value.isdigit() and len(value) < 12]


def flag_url_maker() -> Callable[[int], str]:
    """`url(message_id)` of the moderation app's "report this message" page ("" until that
    page exists)."""
    try:
        reverse("moderation:flag-message", args=[1])
    except NoReverseMatch:
        return lambda _message_id: ""
    return lambda message_id: reverse("moderation:flag-message", args=[message_id])


# The inbox ------------------------------------------------------------------------------------


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    if not can_use_messages(request.user):
        raise PermissionDenied(_("You cannot use messages at the moment."))
    page = queries.conversations_of(request.user, cursor=request.GET.get("na", "")[:40])
    return render(
        request,
        "messaging/inbox.html",
        {"page": page, "can_write": can_send_messages(request.user)},
    )


# One conversation -----------------------------------------------------------------------------


def _why_not(viewer: Any, participation: Participant, others: list[Participant]) -> str:
    """Why the reply form is not shown ("" when it is)."""
    conversation = participation.conversation
    if not can_send_messages(viewer, conversation):
        return _("You cannot send messages at the moment.")
    if not others:
        return _("Everyone else has left this conversation.")
    if conversation.kind == ConversationKind.PRIVATE and not conversation.is_group:
        other = others[0].member
        if has_blocked(viewer, other) or has_blocked(other, viewer):
            return _("You and this person have blocked contact: you cannot send messages here.")
    return ""


def _conversation_page(
    request: HttpRequest,
    participation: Participant,
    *,
    reply_form: ReplyForm | None = None,
    add_form: AddPeopleForm | None = None,
    suggestions: list[Member] | None = None,
    status: int = 200,
) -> HttpResponse:
    viewer = request.user
    conversation = participation.conversation
    everyone = queries.participants_of(conversation)
    others = [row for row in everyone if row.member_id != viewer.pk]
    page = queries.conversation_messages(
        viewer,
        conversation,
        before=request.GET.get("eerder", "")[:12],
        since=participation.joined_at if conversation.is_group else None,
        participation=participation,
    )
    if participation.unread_count:
        services.mark_read(viewer, conversation=conversation)
    query = request.GET.get("zoek", "")[:200]
    if suggestions is None and query and can_add_participants(viewer, conversation):
        present = {row.member_id for row in everyone}
        suggestions = [
            member
            for member in queries.member_suggestions(viewer, query)
            if member.pk not in present
        ]
    return render(
        request,
        "messaging/conversation_detail.html",
        {
            "conversation": conversation,
            "is_mediation": conversation.kind == ConversationKind.MEDIATION,
            "participants": everyone,
            "others": others,
            "page": page,
            "reply_form": reply_form or ReplyForm(),
            "why_not": _why_not(viewer, participation, others),
            "can_add": can_add_participants(viewer, conversation),
            "add_form": add_form or AddPeopleForm(),
            "query": query,
            "suggestions": suggestions or [],
            "flag_url": flag_url_maker(),
        },
        status=status,
    )


@login_required
@require_GET
def conversation_detail(request: HttpRequest, conversation_id: int) -> HttpResponse:
    return _conversation_page(request, _participation(request, conversation_id))


@login_required
@require_POST
def message_create(request: HttpRequest, conversation_id: int) -> HttpResponse:
    return _reply(request, _participation(request, conversation_id))


@login_required
@require_POST
def mediation_message_create(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """A reply in a mediation conversation: its own address, so that the sanctions middleware
    can let silenced members through here (and only here)."""
    participation = _participation(request, conversation_id)
    if participation.conversation.kind != ConversationKind.MEDIATION:
        raise Http404
    return _reply(request, participation)


def _reply(request: HttpRequest, participation: Participant) -> HttpResponse:
    conversation_id = participation.conversation_id
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid() and (wait := throttle(request, action="message")):
        form.add_error(None, too_fast_message(wait))
    elif form.is_valid():
        try:
            message = services.send_message(
                _member(request),
                conversation=participation.conversation,
                body=form.cleaned_data["body"],
                attachments=form.cleaned_data["attachments"],
            )
        except Denied as error:
            raise PermissionDenied(error.message) from error
        except ValidationError as error:
            form.add_error(None, error)
        else:
            url = reverse("messaging:conversation-detail", args=[conversation_id])
            return redirect(f"{url}#message-{message.pk}")
    return _conversation_page(request, participation, reply_form=form)


@login_required
@require_POST
def participant_add(request: HttpRequest, conversation_id: int) -> HttpResponse:
    participation = _participation(request, conversation_id)
    viewer = _member(request)
    form = AddPeopleForm(request.POST)
    chosen = queries.recipients_by_ids(viewer, _posted_ids(request.POST.getlist("member")))
    suggestions: list[Member] = []
    if form.is_valid():
        named = queries.members_named(viewer, form.typed_names())
        suggestions = named.suggestions
        _name_errors(form, named)
        if not form.errors:
            try:
                added = services.add_participants(
                    viewer,
                    conversation=participation.conversation,
                    members=[*chosen, *named.members],
                )
            except Denied as error:
                raise PermissionDenied(error.message) from error
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    ngettext("%(count)d person added.", "%(count)d people added.", added)
                    % {"count": added},
                )
                return redirect("messaging:conversation-detail", conversation_id)
    return _conversation_page(request, participation, add_form=form, suggestions=suggestions)


@login_required
@require_POST
def conversation_leave(request: HttpRequest, conversation_id: int) -> HttpResponse:
    participation = _participation(request, conversation_id)
    try:
        services.leave_conversation(_member(request), conversation=participation.conversation)
    except Denied as error:
        raise PermissionDenied(error.message) from error
    messages.success(request, _("You left the conversation."))
    return redirect("messaging:inbox")


# A new conversation ---------------------------------------------------------------------------


def _name_errors(form: ConversationForm | AddPeopleForm, named: queries.NamedRecipients) -> None:
    for name in named.unknown:
        form.add_error("find", _("Nobody called “%(name)s” was found.") % {"name": name})
    for name in named.ambiguous:
        form.add_error(
            "find", _("Several people are called “%(name)s”: tick the right one.") % {"name": name}
        )


def _besides(chosen: list[Member], named: queries.NamedRecipients) -> queries.NamedRecipients:
    """`named` without the search text that led to a ticked person ("bram" when Bram Jansen is
    ticked): what is left in the search field is not a name to resolve again."""
    names = [member.display_name.lower() for member in chosen]
    return replace(
        named,
        unknown=[name for name in named.unknown if not any(name.lower() in n for n in names)],
        ambiguous=[name for name in named.ambiguous if name.lower() not in names],
    )


def _unique(members: list[Member]) -> list[Member]:
    return list({member.pk: member for member in members}.values())


@login_required
@require_http_methods(["GET", "POST"])
def conversation_create(request: HttpRequest) -> HttpResponse:
    viewer = _member(request)
    if not can_use_messages(viewer):
        raise PermissionDenied(_("You cannot use messages at the moment."))
    if request.method == "GET":
        chosen = queries.recipients_by_ids(viewer, _posted_ids(request.GET.getlist("aan")))
        return _new_page(request, ConversationForm(), chosen=chosen, suggestions=[])
    form = ConversationForm(request.POST, request.FILES)
    chosen = queries.recipients_by_ids(viewer, _posted_ids(request.POST.getlist("member")))
    if request.POST.get("action") == "find":
        # Without JavaScript: the suggestions for what was typed, the rest of the form kept.
        found = queries.member_suggestions(viewer, request.POST.get("find", "")[:200])
        return _new_page(request, form, chosen=chosen, suggestions=found, searched=True)
    suggestions: list[Member] = []
    if form.is_valid():
        named = _besides(chosen, queries.members_named(viewer, form.typed_names()))
        suggestions = named.suggestions
        _name_errors(form, named)
        recipients = _unique([*chosen, *named.members])
        if not form.errors and (wait := throttle(request, action="message")):
            form.add_error(None, too_fast_message(wait))
        elif not form.errors:
            try:
                conversation = services.start_conversation(
                    viewer,
                    members=recipients,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    attachments=form.cleaned_data["attachments"],
                )
            except Denied as error:
                raise PermissionDenied(error.message) from error
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("messaging:conversation-detail", conversation.pk)
        chosen = recipients
    return _new_page(request, form, chosen=chosen, suggestions=suggestions)


def _new_page(
    request: HttpRequest,
    form: ConversationForm,
    *,
    chosen: list[Member],
    suggestions: list[Member],
    searched: bool = False,
) -> HttpResponse:
    chosen_ids = {member.pk for member in chosen}
    return render(
        request,
        "messaging/conversation_form.html",
        {
            "form": form,
            "chosen": chosen,
            "suggestions": [member for member in suggestions if member.pk not in chosen_ids],
            "searched": searched,
            "can_write": can_send_messages(request.user),
        },
    )


@login_required
@require_GET
def member_suggestions(request: HttpRequest) -> HttpResponse:
    """The people matching what was typed, as checkboxes (htmx fills them in under the field)."""
    chosen = queries.recipients_by_ids(request.user, _posted_ids(request.GET.getlist("member")))
    query = request.GET.get("find", "")[:200]
    found = queries.member_suggestions(request.user, query)
    picked = {member.pk for member in chosen}
    return render(
        request,
        "messaging/partials/_people.html",
        {
            "chosen": chosen,
            "suggestions": [member for member in found if member.pk not in picked],
            "searched": bool(query.strip()),
        },
    )


# Attachments ----------------------------------------------------------------------------------


@require_safe
def attachment_download(request: HttpRequest, message_attachment_id: int) -> FileResponse:
    """A message's photo or file, only for the conversation's participants."""
    try:
        attachment = queries.get_attachment_for(request.user, message_attachment_id)
    except NotFound:
        raise Http404 from None
    return _file_response(attachment)


def _file_response(attachment: MessageAttachment) -> FileResponse:
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    if attachment.is_image:
        # Re-encoded on upload: safe to show inline.
        content_type = PHOTO_CONTENT_TYPE
        filename = f"{PurePosixPath(attachment.original_name).stem or 'photo'}.{PHOTO_EXTENSION}"
    else:
        content_type = (
            attachment.content_type
            if attachment.content_type in _FILE_CONTENT_TYPES
            else "application/octet-stream"
        )
        filename = attachment.original_name
    response = FileResponse(
        handle,
        as_attachment=not attachment.is_image,
        filename=filename,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = ATTACHMENT_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = ATTACHMENT_CACHE_CONTROL
    return response
