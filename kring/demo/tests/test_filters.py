"""The demo's filters: a word list of each action and a pre-moderated group; a second run
adds nothing."""

from __future__ import annotations

import pytest

from kring.audit.models import AuditEntry
from kring.demo.context import DemoContext
from kring.demo.filters import build_filters
from kring.demo.members import build_demo_logins
from kring.filters.models import GroupRule, WordFilter

pytestmark = pytest.mark.django_db


def test_the_demo_filters_words_and_pre_moderates_a_group() -> None:
    context = DemoContext()
    build_demo_logins(context, context.random_for("demo logins"))
    summary = build_filters(context, context.random_for("filters"))
    assert "5 filtered words (5 new)" in summary
    assert set(WordFilter.objects.values_list("action", flat=True)) == {"block", "hold", "replace"}
    rule = GroupRule.objects.select_related("space").get()
    assert (rule.space.name, rule.mode, rule.first_n) == ("Buurtprojecten", "new_members", 2)
    entries = AuditEntry.objects.count()
    again = build_filters(context, context.random_for("filters"))
    assert "(0 new)" in again
    assert WordFilter.objects.count() == 5
    assert GroupRule.objects.count() == 1
    assert AuditEntry.objects.count() == entries
