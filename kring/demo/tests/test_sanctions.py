"""The demo's sanctions: templates, a warning, a silence that ran out, one in force with an
appeal waiting, a lifted suspension; a second run adds nothing."""

from __future__ import annotations

import pytest

from kring.accounts.models import Member
from kring.audit.models import AuditEntry
from kring.demo.context import DemoContext
from kring.demo.members import build_demo_logins
from kring.demo.sanctions import OLD_SILENCE, SILENCE, SUSPENSION, build_sanctions
from kring.sanctions.models import Appeal, Sanction, WarningTemplate

pytestmark = pytest.mark.django_db


def test_the_demo_builds_a_sanction_history() -> None:
    context = DemoContext()
    build_demo_logins(context, context.random_for("demo logins"))
    summary = build_sanctions(context, context.random_for("sanctions"))
    assert "4 sanctions (4 new), 1 appeals waiting" in summary
    assert WarningTemplate.objects.count() == 3
    old = Sanction.objects.get(reason=OLD_SILENCE)
    assert not old.is_active
    assert not Member.objects.get(pk=old.member_id).is_silenced
    silence = Sanction.objects.get(reason=SILENCE)
    assert Member.objects.get(pk=silence.member_id).is_silenced
    assert Appeal.objects.get().sanction == silence
    suspension = Sanction.objects.get(reason=SUSPENSION)
    assert suspension.lifted_at is not None
    assert not Member.objects.get(pk=suspension.member_id).is_suspended
    # The demo logins are never sanctioned.
    assert not Sanction.objects.filter(member__in=context.logins.values()).exists()
    counts = (Sanction.objects.count(), Appeal.objects.count(), AuditEntry.objects.count())
    again = build_sanctions(context, context.random_for("sanctions"))
    assert "(0 new)" in again
    assert (Sanction.objects.count(), Appeal.objects.count(), AuditEntry.objects.count()) == counts
