"""The filters' rules: word lists, the link rules for new members, and groups' pre-moderation.

The screens read them from the cache (kring.filters.queries), never per submission from the
database; every write goes through kring.filters.services, which clears the cache on commit.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.spaces.models import Space


class WordAction(models.TextChoices):
    BLOCK = "block", _("Refuse the text")
    HOLD = "hold", _("Hold for a moderator's approval")
    REPLACE = "replace", _("Replace the word")


class WordFilter(models.Model):
    """A word or phrase moderators keep out of (or hold back from) the community's texts."""

    phrase = models.CharField(_("word or phrase"), max_length=100)
    # The phrase as matched: lower case, accents and light leetspeak removed (unique).
    normalised = models.CharField(max_length=100, unique=True, editable=False)
    whole_word = models.BooleanField(_("whole words only"), default=True)
    action = models.CharField(
        _("action"), max_length=10, choices=WordAction.choices, default=WordAction.BLOCK
    )
    replacement = models.CharField(_("replacement"), max_length=60, blank=True, default="***")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["normalised"]
        verbose_name = _("word filter")
        verbose_name_plural = _("word filters")

    def __str__(self) -> str:
        return self.phrase


class LinkRules(models.Model):
    """The site's link rules for new members (one row, pk 1)."""

    new_member_days = models.PositiveSmallIntegerField(
        _("new for (days)"),
        default=3,
        help_text=_("Members whose account is younger than this count as new."),
    )
    new_member_contributions = models.PositiveSmallIntegerField(
        _("new until (published posts and comments)"),
        default=3,
        help_text=_("Members with fewer published posts and comments than this count as new."),
    )
    max_links = models.PositiveSmallIntegerField(
        _("most links in one text"),
        default=2,
        help_text=_("A new member's text with more links than this waits for approval."),
    )
    blocked_domains = models.TextField(
        _("blocked domains"),
        blank=True,
        help_text=_(
            "One domain a line (e.g. example.com, which includes its subdomains). A new"
            " member's text linking to one waits for approval."
        ),
    )
    hold_new_member_links = models.BooleanField(
        _("hold every text with a link by a new member"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("link rules")
        verbose_name_plural = _("link rules")

    def __str__(self) -> str:
        return str(_("Link rules"))

    def domains(self) -> tuple[str, ...]:
        """The blocked domains, lower case, without "www." or empty lines."""
        found = []
        for line in self.blocked_domains.splitlines():
            domain = line.strip().lower().removeprefix("www.").strip("./")
            if domain:
                found.append(domain)
        return tuple(dict.fromkeys(found))


class PremoderationMode(models.TextChoices):
    OFF = "off", _("Off: posts appear at once")
    ALL = "all", _("All posts wait for approval")
    NEW_MEMBERS = "new_members", _("The first posts of new members wait for approval")


class GroupRule(models.Model):
    """A group's pre-moderation: which new posts wait for a moderator's approval."""

    space = models.OneToOneField(Space, on_delete=models.CASCADE, related_name="filter_rule")
    mode = models.CharField(
        _("pre-moderation"),
        max_length=12,
        choices=PremoderationMode.choices,
        default=PremoderationMode.OFF,
    )
    first_n = models.PositiveSmallIntegerField(
        _("number of first posts"),
        default=3,
        help_text=_(
            "With 'first posts of new members': a member's posts wait until this many of their"
            " posts in the group are published."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("group pre-moderation")
        verbose_name_plural = _("group pre-moderation")

    def __str__(self) -> str:
        return f"{self.space} ({self.mode})"
