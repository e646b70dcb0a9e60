"""Facts the knowledge base publishes after commit (see kring.core.events). Ids only.

A page's own text changes publish the kernel's PostCreated / PostEdited / PostDeleted (a page
is a post); these are what only the knowledge base knows."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageChanged:
    """What a page is about changed (product or not, its group); its text publishes PostEdited."""

    page_id: int
    by: int


@dataclass(frozen=True)
class PageMoved:
    page_id: int
    parent_id: int | None
    by: int


@dataclass(frozen=True)
class ReviewWritten:
    review_id: int
    page_id: int
    author_id: int
    rating: int
    is_new: bool


@dataclass(frozen=True)
class ReviewDeleted:
    review_id: int
    page_id: int
    by: int


@dataclass(frozen=True)
class ReviewReplied:
    review_id: int
    page_id: int
    by: int
