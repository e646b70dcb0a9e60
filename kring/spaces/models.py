"""Spaces: the community itself, every member's profile, and groups around a theme.

Who may see a space is decided in one place, `kring.spaces.queries`; everything else asks it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kring.core.models import TimeStampedModel


class SpaceKind(models.TextChoices):
    COMMUNITY = "community", _("Community")
    GROUP = "group", _("Group")
    PROFILE = "profile", _("Profile")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone reads, members join freely")
    PRIVATE = "private", _("Private: everyone sees it exists, members read, joining needs approval")
    SECRET = "secret", _("Secret: invisible to non-members, join by invitation only")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    EMPLOYEES = "employees", _("Employees only")


class SpaceTag(models.Model):
    name = models.CharField(_("name"), max_length=40)
    slug = models.SlugField(max_length=50, unique=True, allow_unicode=True)

    class Meta:
        verbose_name = _("group tag")
        verbose_name_plural = _("group tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Space(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=10, choices=SpaceKind.choices)
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("address"), max_length=90, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    description_html = models.TextField(blank=True, editable=False)
    cover = models.ImageField(_("cover image"), upload_to="covers/", blank=True)
    tags = models.ManyToManyField(SpaceTag, blank=True, related_name="spaces")
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    # Set for profile spaces only: whose profile wall this is.
    owner_member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="profile_space",
    )
    # Profile walls only: the owner's profile visibility while they are active and approved,
    # blank otherwise; kept in step by kring.spaces.walls.
    wall_visibility = models.CharField(max_length=10, blank=True, default="", editable=False)
    member_count = models.PositiveIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)
    last_activity_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        indexes = [models.Index(fields=["kind", "visibility", "audience"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="profile", owner_member__isnull=False)
                | (~Q(kind="profile") & Q(owner_member__isnull=True)),
                name="space_profile_has_owner",
            ),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(kind="community"), name="space_one_community"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_group(self) -> bool:
        return self.kind == SpaceKind.GROUP


class GroupRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MODERATOR = "moderator", _("Group moderator")
    MEMBER = "member", _("Member")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Member")
    REQUESTED = "requested", _("Asked to join")
    INVITED = "invited", _("Invited")


class Membership(models.Model):
    """A member's place in a group: active, asking to join, or invited."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=10, choices=GroupRole.choices, default=GroupRole.MEMBER
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    joined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["space", "member"], name="membership_unique"),
            models.UniqueConstraint(
                fields=["space"], condition=Q(role="owner"), name="membership_one_owner"
            ),
        ]
        indexes = [
            models.Index(fields=["member", "status"]),
            models.Index(fields=["space", "status", "role"]),
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.space}"
