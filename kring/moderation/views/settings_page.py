"""The page where community managers change the moderation settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kring.core.permissions import Denied
from kring.moderation import queries, services
from kring.moderation.forms import (
    ModerationSettingsForm,
)
from kring.moderation.permissions import (
    can_change_moderation_settings,
)


@login_required
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest) -> HttpResponse:
    if not can_change_moderation_settings(request.user):
        raise PermissionDenied(_("Only community managers change the moderation settings."))
    if request.method == "POST":
        form = ModerationSettingsForm(request.POST)
        if form.is_valid():
            try:
                services.change_moderation_settings(
                    request.user, flag_threshold=form.cleaned_data["flag_threshold"]
                )
            except Denied as error:
                raise PermissionDenied(error.message) from error
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The moderation settings have been saved."))
                return redirect(reverse("moderation:settings"))
    else:
        form = ModerationSettingsForm(initial={"flag_threshold": queries.flag_threshold()})
    return render(request, "moderation/settings.html", {"form": form})
