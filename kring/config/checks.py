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


@register()
def check_rate_limits(app_configs: Any, **kwargs: Any) -> list[Error]:
    """POST_RATE and COMMENT_RATE must read as rates: a typo would fail every post instead."""
    from kring.core.ratelimits import parse_rate

    errors = []
    for action, rate in settings.RATE_LIMITS.items():
        try:
            parse_rate(rate)
        except ValueError:
            errors.append(
                Error(
                    f"The rate limit for {action!r} is {rate!r}, which is not a rate.",
                    hint="Write e.g. 10/m (ten a minute) or 30/5m; leave it empty for no limit.",
                    id="kring.E002",
                )
            )
    return errors
