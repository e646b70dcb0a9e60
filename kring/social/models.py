"""Relations between members: friendships (with approval), follows and blocks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class FriendRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class FriendRequest(models.Model):
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="friend_requests_sent"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="friend_requests_received"
    )
    status = models.CharField(
        max_length=10, choices=FriendRequestStatus.choices, default=FriendRequestStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("friend request")
        verbose_name_plural = _("friend requests")
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "recipient"],
                condition=Q(status="pending"),
                name="friendrequest_one_pending",
            ),
            models.CheckConstraint(
                condition=~Q(sender=F("recipient")), name="friendrequest_not_self"
            ),
        ]
        indexes = [models.Index(fields=["recipient", "status"])]

    def __str__(self) -> str:
        return f"{self.sender} -> {self.recipient} ({self.status})"


class Friendship(models.Model):
    """Stored in both directions (two rows), so "friends of X" is one indexed lookup."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="friendships"
    )
    friend = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("friendship")
        verbose_name_plural = _("friendships")
        constraints = [
            models.UniqueConstraint(fields=["member", "friend"], name="friendship_unique"),
            models.CheckConstraint(condition=~Q(member=F("friend")), name="friendship_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.member} ~ {self.friend}"


class Follow(models.Model):
    """Following a member or a group, without approval."""

    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
    )
    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, null=True, blank=True, related_name="followers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(space__isnull=True))
                | (Q(member__isnull=True) & Q(space__isnull=False)),
                name="follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["follower", "member"],
                condition=Q(member__isnull=False),
                name="follow_member_unique",
            ),
            models.UniqueConstraint(
                fields=["follower", "space"],
                condition=Q(space__isnull=False),
                name="follow_space_unique",
            ),
            models.CheckConstraint(condition=~Q(follower=F("member")), name="follow_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.follower} follows {self.member or self.space}"


class Block(models.Model):
    """`blocker` no longer wants `blocked` to see their friends-only content, message, mention
    or befriend them."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocked_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_unique"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="block_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} blocks {self.blocked}"
