"""Accessible widget attributes shared by the Jinja2 form macros and allauth's field element."""

from typing import Any

from django.forms import BoundField
from django.utils.safestring import SafeString


def described_by(field_id: str, *, has_help: bool, has_errors: bool) -> str:
    """The ids a field's aria-describedby points at: its help text and its errors."""
    ids = []
    if has_help:
        ids.append(f"{field_id}_helptext")
    if has_errors:
        ids.append(f"{field_id}_errors")
    return " ".join(ids)


def field_attrs(field: BoundField) -> SafeString:
    """Render `field`'s widget with aria-describedby and aria-invalid tied to help and errors."""
    attrs: dict[str, Any] = {}
    ids = described_by(field.auto_id, has_help=bool(field.help_text), has_errors=bool(field.errors))
    if ids:
        attrs["aria-describedby"] = ids
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
