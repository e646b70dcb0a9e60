"""Length limits of what members write, and the check every write makes against them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

POST_BODY_MAX = 20000
COMMENT_BODY_MAX = 10000
TITLE_MAX = 200
IDEMPOTENCY_KEY_MAX = 64


def check_text(body: str, *, limit: int, required: bool = False) -> str:
    if required and not body.strip():
        raise ValidationError(_("Write a message first."), code="required")
    if len(body) > limit:
        raise ValidationError(
            _("Keep it under %(limit)d characters (it has %(length)d).")
            % {"limit": limit, "length": len(body)},
            code="max_length",
        )
    return body
