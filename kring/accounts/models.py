"""The member account: who someone is to Kring (identity, role, approval, language)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.accounts import roles
from kring.accounts.roles import Role


class MemberManager(BaseUserManager["Member"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> Member:
        if not email:
            raise ValueError("An e-mail address is required.")
        member = self.model(email=self.normalize_email(email).lower(), **fields)
        member.set_password(password)
        member.save(using=self._db)
        return member

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> Member:
        fields.setdefault("role", Role.ADMIN)
        fields.setdefault("display_name", email.split("@", maxsplit=1)[0])
        return self.create_user(email, password, **fields)


class ApprovalStatus(models.TextChoices):
    APPROVED = "approved", _("Approved")
    PENDING = "pending", _("Waiting for approval")
    DECLINED = "declined", _("Declined")


class Member(AbstractBaseUser):
    """A person with an account. Public details live on members.Profile."""

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=80)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    approval_status = models.CharField(
        _("approval"),
        max_length=10,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.APPROVED,
    )
    language = models.CharField(
        _("language"), max_length=5, blank=True, choices=[("nl", _("Dutch")), ("en", _("English"))]
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Editors write the knowledge base and news beside their role (an employee who is an
    # editor, say); community managers and admins are editors by their role.
    is_editor = models.BooleanField(_("editor"), default=False)
    # Sanctions, kept here so every request can check them without a query; the sanctions app
    # keeps each sanction's reason, end and appeal. Suspended: cannot log in (and, should a
    # session survive, reads what visitors read and writes nothing) until this moment passes.
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    # Silenced: reads as a member, writes nothing (read-only) until this moment passes.
    silenced_until = models.DateTimeField(_("silenced until"), null=True, blank=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects: ClassVar[MemberManager] = MemberManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["display_name"]

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="member_email_ci_unique"),
        ]
        indexes = [
            models.Index(fields=["approval_status", "date_joined"]),
            # The member directory's order (by name, case-insensitive, then id): a page walks
            # this index instead of sorting every visible member (18,000: 34 ms on PostgreSQL).
            models.Index(Lower("display_name"), "id", name="member_name_order"),
        ]

    def __str__(self) -> str:
        return self.display_name or f"#{self.pk}"

    # Django admin access follows the role; there is no separate staff flag to keep in step.
    @property
    def is_staff(self) -> bool:
        return roles.may_administer(self)

    @property
    def is_superuser(self) -> bool:
        return roles.may_administer(self)

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return roles.may_administer(self)

    def has_perms(self, perm_list: Any, obj: object = None) -> bool:
        return roles.may_administer(self)

    def has_module_perms(self, app_label: str) -> bool:
        return roles.may_administer(self)

    @property
    def is_employee(self) -> bool:
        return roles.is_employee(self)

    @property
    def may_moderate(self) -> bool:
        return roles.may_moderate(self)

    @property
    def may_manage(self) -> bool:
        return roles.may_manage(self)

    @property
    def may_edit_knowledge(self) -> bool:
        return roles.may_edit_knowledge(self)

    @property
    def is_site_admin(self) -> bool:
        return roles.may_administer(self)

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > timezone.now()

    @property
    def is_silenced(self) -> bool:
        return self.silenced_until is not None and self.silenced_until > timezone.now()

    @property
    def role_badge(self) -> str:
        return roles.badge_for(self)

    @property
    def initials(self) -> str:
        parts = [p for p in self.display_name.split() if p[:1].isalpha()]
        if not parts:
            return (self.display_name[:1] or "?").upper()
        return (parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")).upper()

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry() -> Any:
    return timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    """An invitation by e-mail; its link lets the invitee sign up when sign-up is invite-only."""

    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    invited_by = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    message = models.TextField(_("personal message"), blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=invitation_expiry)
    accepted_by = models.OneToOneField(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
