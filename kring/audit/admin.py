"""The audit log in the Django admin: read-only (nobody adds, changes or deletes an entry)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kring.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = (
        "created_at",
        "actor_name",
        "actor_role",
        "action",
        "target_label",
        "reason_code",
    )
    list_filter = ("action", "reason_code")
    search_fields = ("actor_name", "action", "target_label")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
