"""Past-tense facts of the news app, published after commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ArticleSaved:
    """An article was written or changed; `publish_at` None means a draft."""

    post_id: int
    by: int
    created: bool
    publish_at: datetime | None


@dataclass(frozen=True)
class AnnouncementChanged:
    """An announcement was made, changed or ended."""

    announcement_id: int
    by: int
