"""The search index: one row per searchable thing, kept in step by the event handlers.

Rows hold text only, never who may read it: results pass through the visibility policy at query
time (`kring.search.queries`), so a change of who may see something needs no reindex.

The engine-specific full-text part is not a model field: on PostgreSQL a generated, weighted
`tsvector` column with a GIN index, on SQLite an FTS5 table of pre-stemmed text (both made by
migration 0002, see `kring.search.backends`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EntryKind(models.TextChoices):
    POST = "post", _("Wall post")
    TOPIC = "topic", _("Topic")
    REPLY = "reply", pgettext_lazy("a kind of search result", "Reply")
    PAGE = "page", _("Knowledge page")
    ARTICLE = "article", _("Article")
    GROUP = "group", _("Group")
    MEMBER = "member", _("Member")


# Entry kinds that stand for a Post (the others: a Comment, a group Space, a Member).
POST_ENTRY_KINDS = (EntryKind.POST, EntryKind.TOPIC, EntryKind.PAGE, EntryKind.ARTICLE)


class SearchEntry(models.Model):
    # "post:12", "comment:7", "group:3", "member:9": one row per thing, upserted by this key.
    key = models.CharField(max_length=32, unique=True)
    kind = models.CharField(max_length=8, choices=EntryKind.choices)
    # Plain ids, no foreign keys: the index never slows down or blocks a write elsewhere, and a
    # row whose object is gone is dropped by the visibility filter (and by the next reindex).
    post_id = models.BigIntegerField(null=True, blank=True)
    comment_id = models.BigIntegerField(null=True, blank=True)
    space_id = models.BigIntegerField(null=True, blank=True)
    member_id = models.BigIntegerField(null=True, blank=True)
    author_id = models.BigIntegerField(null=True, blank=True)
    post_kind = models.CharField(max_length=12, blank=True)
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField()
    is_sponsored = models.BooleanField(default=False)
    is_solved = models.BooleanField(default=False)
    indexed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [
            models.Index(fields=["kind", "-created_at"], name="search_kind_new"),
            models.Index(fields=["post_id"], name="search_post"),
            models.Index(fields=["space_id", "-created_at"], name="search_space_new"),
            models.Index(fields=["author_id"], name="search_author"),
            models.Index(fields=["indexed_at"], name="search_indexed"),
        ]

    def __str__(self) -> str:
        return self.key
