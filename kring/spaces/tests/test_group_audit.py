"""Staff editing a group they do not own leave an audit entry; owners editing theirs do not."""

from __future__ import annotations

import pytest

from kring.accounts.models import Member
from kring.audit.models import AuditEntry
from kring.spaces import services
from kring.spaces.models import Visibility

pytestmark = pytest.mark.django_db


def test_a_manager_editing_someone_elses_group_is_audited(
    employee: Member, manager: Member
) -> None:
    space = services.create_group(employee, name="Fietsers", tags="fiets")
    services.update_group(
        manager, space=space, name="Fietsers en wandelaars", visibility=Visibility.PRIVATE
    )
    entry = AuditEntry.objects.get(action="group.update")
    assert (entry.actor_id, entry.space_id, entry.target_id) == (
        manager.pk,
        space.pk,
        str(space.pk),
    )
    assert entry.before == {"name": "Fietsers", "visibility": Visibility.PUBLIC}
    assert entry.after == {"name": "Fietsers en wandelaars", "visibility": Visibility.PRIVATE}
    space.refresh_from_db()
    services.update_group(manager, space=space, tags="fiets, wandelen")
    assert AuditEntry.objects.filter(action="group.update").order_by("pk").last().after == {  # type: ignore[union-attr]
        "tags": ["fiets", "wandelen"]
    }


def test_owners_editing_their_own_group_are_not_audited(employee: Member, manager: Member) -> None:
    own = services.create_group(employee, name="Fietsers")
    services.update_group(employee, space=own, name="Fietsclub")
    managed = services.create_group(manager, name="Beheer")
    services.update_group(manager, space=managed, name="Beheerders")  # a manager who owns it
    assert not AuditEntry.objects.filter(action="group.update").exists()
