"""What the knowledge base does when things change elsewhere (connected in apps.py).

Review counters: deleting a member's account deletes their reviews by cascade (accounts knows
nothing of reviews), so the page's counters are recounted after each Review row is deleted,
whoever deleted it. `services.delete_review` recounts under the page lock itself; the second
recount this adds there finds the same numbers.

Visitor pages need nothing here: every event, the knowledge base's own included, makes them
stale (kring.core.pagecache subscribes to all events).
"""

from __future__ import annotations

from typing import Any

from kring.content.events import PostEdited
from kring.content.models import Post
from kring.knowledge.markup import render_page_markdown
from kring.knowledge.models import KnowledgePage, Review
from kring.knowledge.services import recount_reviews


def recount_after_review_deleted(sender: type[Review], instance: Review, **kwargs: Any) -> None:
    """Recount the page of a deleted review (post_delete of Review)."""
    recount_reviews(instance.page_id)


def rerender_page_text(event: PostEdited) -> None:
    """A page's own rendering follows its post's text, also when a moderator edited the post
    on the generic post pages (which know nothing of knowledge pages)."""
    body = Post.objects.filter(pk=event.post_id, kind="page").values_list("body", flat=True).first()
    if body is not None:
        KnowledgePage.objects.filter(pk=event.post_id).update(body_html=render_page_markdown(body))
