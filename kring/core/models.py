"""Base models shared by every app."""

from django.db import models

from kring.core.sitesettings.models import SiteSettings

__all__ = ["SiteSettings", "TimeStampedModel"]


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
