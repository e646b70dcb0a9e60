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
        old_logo = ""
        if "logo" in fields:
            old_logo = (
                SiteSettings.objects.filter(pk=settings.pk).values_list("logo", flat=True).first()
                or ""
            )
        settings.save(update_fields=[*fields, "updated_at"])
        # The audit log is the one domain app the kernel writes to: every admin action is in it.
        from kring.audit.services import record_action

        record_action(actor, action="settings.edit", after={"fields": sorted(fields)})
        if old_logo and old_logo != settings.logo.name:
            # A replaced or removed logo leaves no file behind; only once the change is final.
            storage = settings.logo.storage
            transaction.on_commit(lambda: storage.delete(old_logo))
    return settings
