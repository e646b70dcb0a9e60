"""The editor capability as community managers switch it (kring.accounts: set_editor and the
roles page). Kept here with the knowledge base, the feature it opens."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from conftest import MemberFactory
from kring.accounts import services
from kring.accounts.models import ApprovalStatus, Member
from kring.accounts.roles import Role
from kring.core.permissions import Denied
from kring.knowledge.permissions import can_edit_knowledge

pytestmark = pytest.mark.django_db


def test_set_editor_lets_an_employee_edit_the_knowledge_base(
    manager: Member, employee: Member
) -> None:
    services.set_editor(manager, member=employee, is_editor=True)
    employee.refresh_from_db()
    assert employee.is_editor
    assert can_edit_knowledge(employee)
    services.set_editor(manager, member=employee, is_editor=False)
    employee.refresh_from_db()
    assert not can_edit_knowledge(employee)


def test_set_editor_is_for_managers_and_admins(
    admin: Member, moderator: Member, employee: Member
) -> None:
    services.set_editor(admin, member=moderator, is_editor=True)
    with pytest.raises(Denied):
        services.set_editor(moderator, member=employee, is_editor=True)


def test_set_editor_refuses_customers_managers_oneself_and_pending_members(
    manager: Member, admin: Member, member: Member
) -> None:
    pending = MemberFactory(role=Role.EMPLOYEE, approval_status=ApprovalStatus.PENDING)
    for target in (member, admin, manager, pending):
        with pytest.raises(Denied):
            services.set_editor(manager, member=target, is_editor=True)


def test_roles_page_switches_the_editor_capability(
    client: Client, manager: Member, employee: Member, member: Member
) -> None:
    client.force_login(manager)
    page = html.unescape(client.get(reverse("accounts:role-list")).content.decode())
    assert reverse("accounts:editor-set", args=[employee.pk]) in page
    assert reverse("accounts:editor-set", args=[member.pk]) not in page  # customers: no switch
    response = client.post(
        reverse("accounts:editor-set", args=[employee.pk]),
        {"is_editor": "1", "next": reverse("accounts:role-list") + "?role=employee"},
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:role-list") + "?role=employee"
    employee.refresh_from_db()
    assert employee.is_editor
    client.post(reverse("accounts:editor-set", args=[employee.pk]), {"is_editor": "0"})
    employee.refresh_from_db()
    assert not employee.is_editor


def test_roles_page_editor_switch_refuses_others(
    client: Client, moderator: Member, employee: Member
) -> None:
    client.force_login(moderator)
    response = client.post(reverse("accounts:editor-set", args=[employee.pk]), {"is_editor": "1"})
    assert response.status_code == 403
    employee.refresh_from_db()
    assert not employee.is_editor
