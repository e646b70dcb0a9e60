from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kring.core.reversing import fast_reverse


def page_url(post: Any) -> str:
    """A knowledge page's address: by its slug when the page row came with the post, else by
    number (a redirect), so lists of posts never spend a query per page."""
    page = post._state.fields_cache.get("knowledge_page")
    if page is not None:
        return fast_reverse("knowledge:page-detail", page.slug)
    return fast_reverse("knowledge:page-by-id", post.pk)


class KnowledgeConfig(AppConfig):
    name = "kring.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from kring.content.events import PostEdited
        from kring.content.links import register_post_url
        from kring.core.events import subscribe
        from kring.knowledge.listeners import recount_after_review_deleted, rerender_page_text
        from kring.knowledge.models import Review

        register_post_url("page", page_url)
        subscribe(PostEdited, rerender_page_text)
        post_delete.connect(
            recount_after_review_deleted,
            sender=Review,
            dispatch_uid="knowledge.recount_after_review_deleted",
        )
