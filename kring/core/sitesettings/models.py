"""Typed, database-backed options that admins change in the UI (one row)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

CACHE_KEY = "sitesettings:v1"

hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # followed by six hexadecimal digits, e.g. #0b6e4f.")
)


class RegistrationPolicy(models.TextChoices):
    OPEN = "open", _("Open: anyone can sign up")
    APPROVAL = "approval", _("Approval: a community manager approves each sign-up")
    INVITATION = "invitation", _("Invitation only: managers invite by e-mail")


class FriendRequestPolicy(models.TextChoices):
    EVERYONE = "everyone", _("Every member may send friend requests")
    NOBODY = "nobody", _("Nobody: friendships are switched off")


REACTION_KINDS = ("like", "heart", "thumbs_up", "thumbs_down", "insightful")


class SiteSettings(models.Model):
    community_name = models.CharField(_("community name"), max_length=80, default="Kring")
    tagline = models.CharField(_("tagline"), max_length=160, blank=True)
    logo = models.ImageField(_("logo"), upload_to="site/", blank=True)
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#0b6e4f", validators=[hex_colour]
    )
    default_language = models.CharField(
        _("default language"),
        max_length=5,
        default="nl",
        choices=[("nl", _("Dutch")), ("en", _("English"))],
    )
    registration_policy = models.CharField(
        _("registration policy"),
        max_length=12,
        choices=RegistrationPolicy.choices,
        default=RegistrationPolicy.OPEN,
    )
    friend_request_policy = models.CharField(
        _("who may send friend requests"),
        max_length=10,
        choices=FriendRequestPolicy.choices,
        default=FriendRequestPolicy.EVERYONE,
    )
    employees_may_befriend_customers = models.BooleanField(
        _("employees may befriend customers"), default=True
    )
    # Comma-separated subset of REACTION_KINDS, in the order the buttons appear.
    reaction_kinds = models.CharField(
        _("reactions members can give"), max_length=100, default=",".join(REACTION_KINDS)
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="sitesettings_single_row")
        ]

    def __str__(self) -> str:
        return self.community_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        # Whoever saves (the settings page, Django admin, the demo), every server reloads; again
        # after commit, in case a request cached the old row while the transaction was open.
        cache.delete(CACHE_KEY)
        transaction.on_commit(lambda: cache.delete(CACHE_KEY))

    @classmethod
    def load(cls) -> SiteSettings:
        """The one row, from the cache when possible (saved settings clear it)."""
        settings: SiteSettings | None = cache.get(CACHE_KEY)
        if settings is None:
            settings, _created = cls.objects.get_or_create(pk=1)
            cache.set(CACHE_KEY, settings, 300)
        return settings

    @property
    def enabled_reaction_kinds(self) -> list[str]:
        return [kind for kind in self.reaction_kinds.split(",") if kind in REACTION_KINDS]

    @property
    def version(self) -> str:
        """Changes whenever the settings do: cache-busts the theme stylesheet."""
        # Microseconds: two saves within one second must still give two stylesheet URLs.
        return str(int(self.updated_at.timestamp() * 1_000_000)) if self.updated_at else "0"
