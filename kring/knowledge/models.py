"""The organisation's own information: product and service pages in a catalogue tree, what the
community says about each product (links from posts), and members' reviews.

A knowledge page is a Post of kind "page" in the community space (so reactions, comments,
search and moderation work on it as on any post); this app keeps what only pages have.
Its text history is the kernel's PostRevision.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class KnowledgePage(models.Model):
    post = models.OneToOneField(
        "content.Post", on_delete=models.CASCADE, primary_key=True, related_name="knowledge_page"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    slug = models.SlugField(_("address"), max_length=90, unique=True, allow_unicode=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    # The page's text rendered with headings and tables (knowledge.markup), which the kernel's
    # Post.body_html (used by feeds and search) leaves out. Set by the page services.
    body_html = models.TextField(blank=True, editable=False)
    # A page about a product or service: members review it and can ask questions about it.
    is_product = models.BooleanField(_("product or service"), default=False)
    # The group where customers talk about this product, if there is one: its posts show
    # beside the page.
    group = models.ForeignKey(
        "spaces.Space",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("group about this product"),
    )
    # Denormalised from Review rows, updated in the review services with the page row locked.
    review_count = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    # {"1": n, …, "5": n}
    rating_counts = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("knowledge page")
        verbose_name_plural = _("knowledge pages")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.slug

    @property
    def average_rating(self) -> float | None:
        return self.rating_sum / self.review_count if self.review_count else None


class ProductLink(models.Model):
    """A post (question, discussion, wall post) about a product: shown on the product's page."""

    page = models.ForeignKey(KnowledgePage, on_delete=models.CASCADE, related_name="links")
    post = models.ForeignKey("content.Post", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("product link")
        verbose_name_plural = _("product links")
        constraints = [
            models.UniqueConstraint(fields=["page", "post"], name="product_link_once"),
        ]
        indexes = [models.Index(fields=["page", "-created_at"], name="product_link_page_new")]

    def __str__(self) -> str:
        return f"{self.page_id} ← {self.post_id}"


class Review(models.Model):
    """One member's rating (1 to 5) and text about one product; editable, one per member."""

    page = models.ForeignKey(KnowledgePage, on_delete=models.CASCADE, related_name="reviews")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    body = models.TextField(_("review"), max_length=5000)
    body_html = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # An employee's public reply on behalf of the organisation.
    reply = models.TextField(_("reply"), max_length=5000, blank=True)
    reply_html = models.TextField(blank=True, editable=False)
    reply_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["page", "author"], name="review_once_per_member"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["page", "-created_at"], name="review_page_new")]

    def __str__(self) -> str:
        return f"{self.rating}★ {self.body[:40]}"
