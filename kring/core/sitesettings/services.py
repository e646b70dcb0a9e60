"""Writes to the site settings."""

from django.db import transaction
from django.utils.translation import gettext as _

from kring.core.permissions import Actor, require
from kring.core.sitesettings.models import SiteSettings


def update_site_settings(
    actor: Actor, *, settings: SiteSettings, fields: list[str]
) -> SiteSettings:
    """Save the changed `fields` of the (already validated) site settings."""
    require(actor.is_site_admin, _("Only administrators can change the site settings."))
    with transaction.atomic():
        settings.save(update_fields=[*fields, "updated_at"])
    return settings
