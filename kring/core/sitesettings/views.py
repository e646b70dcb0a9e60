"""The admins' page for the site settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kring.core.permissions import Actor
from kring.core.sitesettings.forms import SiteSettingsForm
from kring.core.sitesettings.models import SiteSettings
from kring.core.sitesettings.services import update_site_settings


@login_required
@require_http_methods(["GET", "POST"])
def site_settings_edit(request: HttpRequest) -> HttpResponse:
    actor: Actor = request.user  # type: ignore[assignment]
    if not actor.is_site_admin:
        raise PermissionDenied(_("Only administrators can change the site settings."))
    # The row itself, not the cached copy: the form writes to it.
    current, _created = SiteSettings.objects.get_or_create(pk=1)
    form = SiteSettingsForm(request.POST or None, request.FILES or None, instance=current)
    if request.method == "POST" and form.is_valid():
        if form.changed_data:
            update_site_settings(
                actor, settings=form.save(commit=False), fields=list(form.changed_data)
            )
        messages.success(request, _("The site settings have been saved."))
        return redirect(request.path)
    return render(request, "core/site_settings_edit.html", {"form": form})
