"""The demo's mediation: an open case with conversation and notes, a closed one with its
outcome, all in the audit log; a second run adds nothing."""

from __future__ import annotations

import pytest

from kring.audit.models import AuditEntry
from kring.demo.context import DemoContext
from kring.demo.mediation import CLOSED_TITLE, OPEN_TITLE, build_mediation
from kring.demo.members import build_demo_logins
from kring.mediation.models import CaseStatus, MediationCase, MediationNote

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_open_and_a_closed_mediation_case() -> None:
    context = DemoContext()
    build_demo_logins(context, context.random_for("demo logins"))
    summary = build_mediation(context, context.random_for("mediation"))
    assert summary == "1 open and 1 closed mediation cases (2 new)"
    open_case = MediationCase.objects.get(title=OPEN_TITLE)
    assert open_case.status == CaseStatus.OPEN
    assert open_case.owner == context.logins["moderator"]
    assert open_case.parties.count() == 2
    assert open_case.conversation is not None
    assert MediationNote.objects.filter(case=open_case).count() == 2
    closed = MediationCase.objects.get(title=CLOSED_TITLE)
    assert closed.status == CaseStatus.CLOSED
    assert closed.outcome == "partially"
    assert AuditEntry.objects.filter(action__startswith="mediation.").exists()
    entries = AuditEntry.objects.count()
    again = build_mediation(context, context.random_for("mediation"))
    assert again == "1 open and 1 closed mediation cases (0 new)"
    assert AuditEntry.objects.count() == entries
    assert MediationNote.objects.count() == 3
