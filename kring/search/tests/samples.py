"""Content for the search tests, made through the services so the index follows it."""

from __future__ import annotations

from typing import Any

from kring.accounts.models import Member
from kring.content.models import Comment, Post, PostKind
from kring.content.services import comment_on_post, create_post
from kring.search.queries import SearchFilters, search
from kring.spaces.models import Space


def post(author: Member, space: Space, body: str, **fields: Any) -> Post:
    return create_post(author, space=space, body=body, **fields)


def topic(author: Member, space: Space, title: str, body: str = "Wie weet raad?") -> Post:
    return create_post(author, space=space, kind=PostKind.QUESTION, title=title, body=body)


def reply(author: Member, on: Post, body: str, **fields: Any) -> Comment:
    return comment_on_post(author, post=on, body=body, **fields)


def found(viewer: Any, query: str, **filters: Any) -> list[str]:
    """The keys of what `viewer` finds for `query` (first page)."""
    page = search(viewer, query, filters=SearchFilters(**filters))
    return [result.entry.key for result in page.results]
