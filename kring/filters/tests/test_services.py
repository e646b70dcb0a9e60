"""The filters' services: who may change what, validation, audit entries."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kring.accounts.models import Member
from kring.audit.models import AuditEntry
from kring.core.permissions import Denied
from kring.filters import queries
from kring.filters.models import GroupRule, PremoderationMode, WordAction, WordFilter
from kring.filters.services import (
    add_word_filter,
    delete_word_filter,
    set_group_premoderation,
    update_link_rules,
    update_word_filter,
)
from kring.filters.tests.conftest import join
from kring.spaces.models import GroupRole, Space

pytestmark = pytest.mark.django_db


def test_moderators_manage_the_word_list_with_audit_entries(moderator: Member) -> None:
    row = add_word_filter(moderator, phrase="  Gratis   geld ", action=WordAction.HOLD)
    assert (row.phrase, row.normalised) == ("Gratis geld", "gratis geld")
    update_word_filter(
        moderator,
        word_filter=row,
        phrase="gratis geld",
        action=WordAction.REPLACE,
        whole_word=False,
        replacement="[weg]",
    )
    delete_word_filter(moderator, word_filter=row)
    entries = list(AuditEntry.objects.order_by("pk").values_list("action", "before", "after"))
    assert [action for action, _before, _after in entries] == [
        "filter.word_add",
        "filter.word_edit",
        "filter.word_delete",
    ]
    assert entries[1][1]["action"] == "hold"
    assert entries[1][2] == {
        "phrase": "gratis geld",
        "whole_word": False,
        "action": "replace",
        "replacement": "[weg]",
    }
    assert not WordFilter.objects.exists()
    assert queries.word_entries() == ()


@pytest.mark.parametrize("persona", ["member", "employee"])
def test_members_and_employees_cannot_change_the_filters(
    persona: str, request: pytest.FixtureRequest
) -> None:
    actor = request.getfixturevalue(persona)
    with pytest.raises(Denied):
        add_word_filter(actor, phrase="iets")
    with pytest.raises(Denied):
        update_link_rules(
            actor,
            new_member_days=1,
            new_member_contributions=1,
            max_links=1,
            blocked_domains="",
            hold_new_member_links=True,
        )


def test_a_word_is_on_the_list_once_whatever_its_spelling(moderator: Member) -> None:
    add_word_filter(moderator, phrase="oplichter")
    with pytest.raises(ValidationError, match="already on the list"):
        add_word_filter(moderator, phrase="0PLÍCHTER")
    with pytest.raises(ValidationError, match="Enter a word"):
        add_word_filter(moderator, phrase="   ")
    with pytest.raises(ValidationError):
        add_word_filter(moderator, phrase="x", action="explode")


def test_the_link_rules_are_saved_cleaned_and_audited(moderator: Member) -> None:
    update_link_rules(
        moderator,
        new_member_days=7,
        new_member_contributions=5,
        max_links=1,
        blocked_domains=" WWW.Spam.example \n\nspam.example\nbad.example/",
        hold_new_member_links=True,
    )
    policy = queries.link_policy()
    assert policy == queries.LinkPolicy(
        new_member_days=7,
        new_member_contributions=5,
        max_links=1,
        blocked_domains=("spam.example", "bad.example"),
        hold_new_member_links=True,
    )
    entry = AuditEntry.objects.get(action="filter.link_rules")
    assert entry.after["blocked_domains"] == ["spam.example", "bad.example"]
    with pytest.raises(ValidationError):
        update_link_rules(
            moderator,
            new_member_days=-1,
            new_member_contributions=0,
            max_links=0,
            blocked_domains="",
            hold_new_member_links=False,
        )


def test_the_groups_owner_and_moderators_set_pre_moderation(
    employee: Member, stranger: Member, member: Member, moderator: Member, group: Space
) -> None:
    join(stranger, group, GroupRole.MODERATOR)
    join(member, group)
    set_group_premoderation(employee, space=group, mode=PremoderationMode.ALL)
    set_group_premoderation(stranger, space=group, mode=PremoderationMode.NEW_MEMBERS, first_n=4)
    set_group_premoderation(moderator, space=group, mode=PremoderationMode.NEW_MEMBERS, first_n=2)
    with pytest.raises(Denied):
        set_group_premoderation(member, space=group, mode=PremoderationMode.OFF)
    with pytest.raises(ValidationError):
        set_group_premoderation(employee, space=group, mode="sometimes")
    with pytest.raises(ValidationError):
        set_group_premoderation(employee, space=group, mode=PremoderationMode.ALL, first_n=0)
    rule = GroupRule.objects.get(space=group)
    assert (rule.mode, rule.first_n) == ("new_members", 2)
    assert queries.group_policy(group) == queries.GroupPolicy(mode="new_members", first_n=2)
    entries = AuditEntry.objects.filter(action="filter.premoderation", space=group)
    assert entries.count() == 3


def test_the_community_has_no_pre_moderation(moderator: Member, community: Space) -> None:
    with pytest.raises(Denied):
        set_group_premoderation(moderator, space=community, mode=PremoderationMode.ALL)
