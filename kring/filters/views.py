"""Pages of the filters: the word list (add, edit, delete), the link rules for new members,
and a group's pre-moderation. Thin: parse, call one query or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kring.core.permissions import Denied, NotFound
from kring.filters import queries, services
from kring.filters.forms import LinkRulesForm, PremoderationForm, WordFilterForm
from kring.filters.models import WordFilter
from kring.filters.permissions import can_manage_filters, can_set_premoderation
from kring.spaces.models import Space
from kring.spaces.queries import get_group_for


def _require_moderator(request: HttpRequest) -> None:
    if not can_manage_filters(request.user):
        raise PermissionDenied(_("Only moderators manage the filters."))


def _service_error(form: Form, error: ValidationError) -> None:
    form.add_error(None, error)


def _word_or_404(filter_id: int) -> WordFilter:
    word_filter = queries.get_word_filter(filter_id)
    if word_filter is None:
        raise Http404
    return word_filter


@login_required
@require_http_methods(["GET", "POST"])
def word_list(request: HttpRequest) -> HttpResponse:
    """The word list, with the form to add a word (a POST adds it)."""
    _require_moderator(request)
    form = WordFilterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = services.add_word_filter(
                request.user,
                phrase=data["phrase"],
                action=data["action"],
                whole_word=data["whole_word"],
                replacement=data["replacement"] or "***",
            )
        except Denied as error:
            raise PermissionDenied(error.message) from error
        except ValidationError as error:
            _service_error(form, error)
        else:
            messages.success(request, _("“%(phrase)s” is on the list.") % {"phrase": row.phrase})
            return redirect("filters:word-list")
    return render(
        request,
        "filters/word_list.html",
        {"form": form, "words": list(queries.word_filters())},
    )


@login_required
@require_http_methods(["GET", "POST"])
def word_edit(request: HttpRequest, filter_id: int) -> HttpResponse:
    _require_moderator(request)
    word_filter = _word_or_404(filter_id)
    initial: dict[str, Any] = {
        "phrase": word_filter.phrase,
        "action": word_filter.action,
        "whole_word": word_filter.whole_word,
        "replacement": word_filter.replacement,
    }
    form = WordFilterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_word_filter(
                request.user,
                word_filter=word_filter,
                phrase=data["phrase"],
                action=data["action"],
                whole_word=data["whole_word"],
                replacement=data["replacement"] or "***",
            )
        except Denied as error:
            raise PermissionDenied(error.message) from error
        except ValidationError as error:
            _service_error(form, error)
        else:
            messages.success(request, _("The word list has been saved."))
            return redirect("filters:word-list")
    return render(
        request,
        "filters/word_form.html",
        {"form": form, "word_filter": word_filter},
    )


@login_required
@require_POST
def word_delete(request: HttpRequest, filter_id: int) -> HttpResponse:
    _require_moderator(request)
    word_filter = _word_or_404(filter_id)
    try:
        services.delete_word_filter(request.user, word_filter=word_filter)
    except Denied as error:
        raise PermissionDenied(error.message) from error
    messages.success(request, _("“%(phrase)s” is off the list.") % {"phrase": word_filter.phrase})
    return redirect("filters:word-list")


@login_required
@require_http_methods(["GET", "POST"])
def link_rules_edit(request: HttpRequest) -> HttpResponse:
    """The link rules for new members."""
    _require_moderator(request)
    rules = queries.link_rules()
    initial = {
        "new_member_days": rules.new_member_days,
        "new_member_contributions": rules.new_member_contributions,
        "max_links": rules.max_links,
        "blocked_domains": rules.blocked_domains,
        "hold_new_member_links": rules.hold_new_member_links,
    }
    form = LinkRulesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_link_rules(request.user, **form.cleaned_data)
        except Denied as error:
            raise PermissionDenied(error.message) from error
        except ValidationError as error:
            _service_error(form, error)
        else:
            messages.success(request, _("The link rules have been saved."))
            return redirect("filters:link-rules-edit")
    return render(request, "filters/link_rules_form.html", {"form": form})


def _group_or_404(request: HttpRequest, slug: str) -> Space:
    try:
        return get_group_for(request.user, slug)
    except NotFound:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def group_rule_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """A group's pre-moderation (its owner and moderators, and site moderators)."""
    space = _group_or_404(request, slug)
    if not can_set_premoderation(request.user, space):
        raise PermissionDenied(_("Only the group's owner and moderators set its pre-moderation."))
    rule = queries.group_rule_for(space)
    form = PremoderationForm(
        request.POST or None, initial={"mode": rule.mode, "first_n": rule.first_n}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_group_premoderation(
                request.user,
                space=space,
                mode=form.cleaned_data["mode"],
                first_n=form.cleaned_data["first_n"],
            )
        except Denied as error:
            raise PermissionDenied(error.message) from error
        except ValidationError as error:
            _service_error(form, error)
        else:
            messages.success(request, _("The group's pre-moderation has been saved."))
            return redirect("filters:group-rule-edit", space.slug)
    return render(
        request,
        "filters/group_rule_form.html",
        {"form": form, "space": space},
    )
