"""Data of the wall beyond the content kernel: link previews of status updates."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PreviewStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class LinkPreview(models.Model):
    """Title, description and image of the first link in a post, fetched in the background."""

    post = models.OneToOneField(
        "content.Post", on_delete=models.CASCADE, related_name="link_preview"
    )
    url = models.URLField(max_length=2000)
    status = models.CharField(
        max_length=10, choices=PreviewStatus.choices, default=PreviewStatus.PENDING
    )
    title = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True, max_length=1000)
    image_url = models.URLField(max_length=2000, blank=True)
    site_name = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=200, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("link preview")
        verbose_name_plural = _("link previews")

    def __str__(self) -> str:
        return self.url
