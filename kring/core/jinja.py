"""The Jinja2 environment behind every Kring page (Django's built-in Jinja2 backend)."""

from typing import Any

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone, translation
from jinja2 import Environment

from kring.content.links import post_url
from kring.core.forms_rendering import field_attrs
from kring.core.reversing import fast_reverse


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """reverse() for templates: url('members:profile-detail', member.pk)."""
    if kwargs:
        return reverse(name, args=args or None, kwargs=kwargs)
    return fast_reverse(name, *args)


def date(value: Any, fmt: str = "DATE_FORMAT") -> str:
    """A date or datetime in the active language's format, in the site's time zone."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, fmt)


def environment(**options: Any) -> Environment:
    """Called by Django's Jinja2 backend once per process."""
    options.setdefault("extensions", []).append("jinja2.ext.i18n")
    options.setdefault("autoescape", True)
    options["trim_blocks"] = True
    options["lstrip_blocks"] = True
    env = Environment(**options)  # noqa: S701  (autoescape is set just above)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        translation.gettext, translation.ngettext, newstyle=True,
        pgettext=translation.pgettext, npgettext=translation.npgettext,
    )  # fmt: skip
    env.globals.update(
        url=url,
        post_url=post_url,
        static=static,
        field_attrs=field_attrs,
        get_current_language=translation.get_language,
        LANGUAGES=settings.LANGUAGES,
    )
    env.filters.update(date=date, naturaltime=naturaltime)
    return env
