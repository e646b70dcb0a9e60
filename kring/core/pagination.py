"""Keyset pagination by name: directories of members and groups page by (lower-case name, id),
so a page costs the same whatever its position and never skips or repeats a row."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, Q, QuerySet

M = TypeVar("M", bound=Model)
MAX_CURSOR_LENGTH = 400


@dataclass(frozen=True)
class NamePage(Generic[M]):
    items: list[M]
    next_cursor: str = ""
    previous_cursor: str = ""


def encode_name_cursor(row: Any) -> str:
    """An opaque cursor at `row` (annotated with `sort_name`)."""
    raw = json.dumps([row.sort_name, row.pk], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_name_cursor(cursor: str) -> tuple[str, int] | None:
    """(sort name, id) from a cursor, or None for anything that is not one of ours."""
    if not cursor or len(cursor) > MAX_CURSOR_LENGTH:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        name, pk = json.loads(raw)
    except (binascii.Error, ValueError, TypeError):
        return None
    if not isinstance(name, str) or not isinstance(pk, int) or isinstance(pk, bool):
        return None
    return name, pk


def page_by_name(
    rows: QuerySet[M], *, after: str = "", before: str = "", per_page: int
) -> NamePage[M]:
    """One page of `rows` (annotated with `sort_name`) after or before a cursor; one query."""
    after_key, before_key = decode_name_cursor(after), decode_name_cursor(before)
    if before_key is not None and after_key is None:
        name, pk = before_key
        found = list(
            rows.filter(Q(sort_name__lt=name) | Q(sort_name=name, pk__lt=pk)).order_by(
                "-sort_name", "-pk"
            )[: per_page + 1]
        )
        has_previous, page = len(found) > per_page, found[:per_page][::-1]
        has_next = bool(page)
    else:
        if after_key is not None:
            name, pk = after_key
            rows = rows.filter(Q(sort_name__gt=name) | Q(sort_name=name, pk__gt=pk))
        found = list(rows.order_by("sort_name", "pk")[: per_page + 1])
        has_next, page = len(found) > per_page, found[:per_page]
        has_previous = after_key is not None and bool(page)
    return NamePage(
        items=page,
        next_cursor=encode_name_cursor(page[-1]) if has_next else "",
        previous_cursor=encode_name_cursor(page[0]) if has_previous else "",
    )
