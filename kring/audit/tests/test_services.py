"""Recording an action keeps who, what, on what, before/after and why, readable later."""

from __future__ import annotations

import pytest

from kring.accounts.models import Member
from kring.audit.models import AuditEntry, Reason
from kring.audit.services import record_action

pytestmark = pytest.mark.django_db


def test_record_action_keeps_the_names_as_they_were(moderator: Member, member: Member) -> None:
    entry = record_action(
        moderator,
        action="member.silence",
        target=member,
        subject=member,
        before={"silenced_until": None},
        after={"silenced_until": "2026-12-01T00:00:00+00:00"},
        reason="Herhaaldelijk beledigend",
        reason_code=Reason.OFFENSIVE,
    )
    member.display_name = "Iemand anders"
    member.save(update_fields=["display_name"])
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert (entry.actor_name, entry.actor_role) == ("Eva Smit", "moderator")
    assert (entry.target_type, entry.target_id) == ("accounts.member", str(member.pk))
    assert entry.target_label == "Anne de Vries"
    assert entry.after == {"silenced_until": "2026-12-01T00:00:00+00:00"}


def test_the_system_acts_without_an_actor() -> None:
    entry = record_action(None, action="post.hold")
    assert (entry.actor_id, entry.actor_name, entry.target_type) == (None, "system", "")
