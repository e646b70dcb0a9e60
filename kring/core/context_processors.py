"""Context every page gets, in both template engines."""

from typing import Any

from django.http import HttpRequest

from kring.core.sitesettings.models import SiteSettings


def site(request: HttpRequest) -> dict[str, Any]:
    """The community's settings (name, logo, colour) for the layout."""
    return {"site": SiteSettings.load()}
