"""The demo community's own settings: its name, tagline, colour and who may sign up."""

from __future__ import annotations

import random

from kring.core.sitesettings.models import RegistrationPolicy, SiteSettings
from kring.core.sitesettings.services import update_site_settings
from kring.demo import vocabulary
from kring.demo.context import DemoContext


def build_site_settings(context: DemoContext, rng: random.Random) -> str:
    """Name the community after the demo's cooperative; visitors may sign up freely."""
    settings = SiteSettings.load()
    wanted = {
        "community_name": vocabulary.COMMUNITY_NAME,
        "tagline": vocabulary.TAGLINE,
        "primary_colour": vocabulary.PRIMARY_COLOUR,
        "default_language": "nl",
        "registration_policy": RegistrationPolicy.OPEN,
    }
    changed = [name for name, value in wanted.items() if getattr(settings, name) != value]
    if changed:
        # SiteSettings.load() may come from the cache: save a fresh copy of the row.
        settings = SiteSettings.objects.get(pk=settings.pk)
        for name in changed:
            setattr(settings, name, wanted[name])
        update_site_settings(context.logins["admin"], settings=settings, fields=changed)
    return f"{vocabulary.COMMUNITY_NAME} ({', '.join(changed) or 'unchanged'})"
