"""A member's public face: profile details, avatar, interests, and who may see them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProfileVisibility(models.TextChoices):
    EVERYONE = "everyone", _("Everyone, also visitors who are not logged in")
    MEMBERS = "members", _("Members of the community")
    FRIENDS = "friends", _("Only my friends")


class Interest(models.Model):
    """A tag a member is interested in (shared by everyone who picks it)."""

    name = models.CharField(_("name"), max_length=40)
    slug = models.SlugField(max_length=50, unique=True, allow_unicode=True)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="profile"
    )
    avatar = models.ImageField(_("avatar"), upload_to="avatars/", blank=True)
    avatar_small = models.ImageField(upload_to="avatars/", blank=True, editable=False)
    bio = models.TextField(_("about me"), blank=True, max_length=4000)
    bio_html = models.TextField(blank=True, editable=False)
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    location = models.CharField(_("location"), max_length=100, blank=True)
    interests = models.ManyToManyField(Interest, blank=True, related_name="profiles")
    visibility = models.CharField(
        _("who can see my profile"),
        max_length=10,
        choices=ProfileVisibility.choices,
        default=ProfileVisibility.MEMBERS,
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Reported profiles past the flag threshold, or hidden by a moderator (kring.moderation):
    # others then see only the member's name; the member reads why.
    moderation = models.CharField(max_length=10, default="published")
    moderation_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.member)
