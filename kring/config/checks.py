"""System checks for Kring's own configuration (run by `kring check`, `--deploy` included)."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_site_url(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Production needs an https SITE_URL: secure cookies and HSTS follow from it."""
    if not settings.SITE_URL.startswith("https://"):
        return [
            Error(
                "SITE_URL must start with https:// in production.",
                hint="Set SITE_URL=https://community.example.nl",
                id="kring.E001",
            )
        ]
    return []
