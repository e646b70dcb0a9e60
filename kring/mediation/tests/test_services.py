"""Mediation cases: who may open, hand over, note and close them, and the audit of each step."""

from __future__ import annotations

import types
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from kring.accounts.models import Member
from kring.audit.models import AuditEntry
from kring.content.models import Post
from kring.core.permissions import Denied
from kring.mediation import services
from kring.mediation.models import CaseStatus, MediationCase, Outcome

pytestmark = pytest.mark.django_db


def open_a_case(moderator: Member, *parties: Member, post: Post | None = None) -> MediationCase:
    return services.open_case(
        moderator,
        title="Ruzie over batterijen",
        summary="Loopt hoog op",
        parties=parties,
        post=post,
    )


def test_open_case_from_a_post_names_parties_and_is_audited(
    moderator: Member, member: Member, friend: Member, thread: Post
) -> None:
    case = open_a_case(moderator, member, friend, post=thread)
    assert case.owner == moderator
    assert case.status == CaseStatus.OPEN
    assert set(case.parties.all()) == {member, friend}
    entry = AuditEntry.objects.get(action="mediation.open")
    assert entry.target_id == str(case.pk)
    assert entry.space_id == thread.space_id
    assert entry.after == {"parties": sorted([member.pk, friend.pk])}


@pytest.mark.parametrize("persona", ["member", "employee", "anonymous"])
def test_open_case_is_refused_to_non_moderators(
    persona: str, request: pytest.FixtureRequest, member: Member, friend: Member
) -> None:
    with pytest.raises(Denied):
        open_a_case(request.getfixturevalue(persona), member, friend)
    assert not MediationCase.objects.exists()


def test_open_case_needs_a_title_and_a_party(moderator: Member, member: Member) -> None:
    with pytest.raises(ValidationError):
        services.open_case(moderator, title=" ", parties=[member])
    with pytest.raises(ValidationError):
        services.open_case(moderator, title="Ruzie", parties=[])
    with pytest.raises(ValidationError):
        services.open_case(moderator, title="Ruzie", parties=[moderator])


def test_assign_case_hands_it_to_staff_only(
    moderator: Member, manager: Member, member: Member, friend: Member
) -> None:
    case = open_a_case(moderator, member, friend)
    services.assign_case(moderator, case=case, owner=manager)
    assert MediationCase.objects.get(pk=case.pk).owner == manager
    entry = AuditEntry.objects.get(action="mediation.assign")
    assert (entry.before, entry.after) == ({"owner": moderator.pk}, {"owner": manager.pk})
    with pytest.raises(ValidationError):
        services.assign_case(moderator, case=case, owner=member)


def test_notes_are_audited_without_their_text(
    moderator: Member, member: Member, friend: Member
) -> None:
    case = open_a_case(moderator, member, friend)
    services.add_note(moderator, case=case, body="Anne voelt zich aangevallen")
    entry = AuditEntry.objects.get(action="mediation.note")
    assert "Anne voelt" not in f"{entry.before}{entry.after}{entry.reason}"
    with pytest.raises(Denied):
        services.add_note(member, case=case, body="Ik wil meelezen")


def test_close_case_keeps_the_outcome(moderator: Member, member: Member, friend: Member) -> None:
    case = open_a_case(moderator, member, friend)
    services.close_case(moderator, case=case, outcome=Outcome.PARTIALLY, text="Excuses gemaakt")
    case.refresh_from_db()
    assert (case.status, case.outcome, case.outcome_text) == (
        CaseStatus.CLOSED,
        Outcome.PARTIALLY,
        "Excuses gemaakt",
    )
    assert case.closed_at is not None
    assert AuditEntry.objects.filter(action="mediation.close").exists()
    with pytest.raises(Denied):
        services.close_case(moderator, case=case, outcome=Outcome.RESOLVED)


def test_close_case_refuses_an_unknown_outcome(
    moderator: Member, member: Member, friend: Member
) -> None:
    case = open_a_case(moderator, member, friend)
    with pytest.raises(ValidationError):
        services.close_case(moderator, case=case, outcome="vergeten")


def test_start_case_conversation_calls_messaging(
    monkeypatch: pytest.MonkeyPatch, moderator: Member, member: Member, friend: Member
) -> None:
    from kring.messaging.models import Conversation, ConversationKind

    calls: list[dict[str, Any]] = []

    def start_mediation_conversation(actor: Any, **kwargs: Any) -> Conversation:
        calls.append({"actor": actor, **kwargs})
        return Conversation.objects.create(
            kind=ConversationKind.MEDIATION, title=kwargs["title"], created_by=actor
        )

    fake = types.SimpleNamespace(start_mediation_conversation=start_mediation_conversation)
    monkeypatch.setattr(services, "_messaging", lambda: fake)
    case = open_a_case(moderator, member, friend)
    services.start_case_conversation(moderator, case=case, body="Laten we praten.")
    case.refresh_from_db()
    assert case.conversation is not None
    assert case.conversation.kind == ConversationKind.MEDIATION
    assert set(calls[0]["members"]) == {member, friend}
    assert calls[0]["body"] == "Laten we praten."
    assert calls[0]["title"] == case.title
    assert AuditEntry.objects.filter(action="mediation.conversation").exists()
    with pytest.raises(ValidationError):
        services.start_case_conversation(moderator, case=case, body="Nog een keer")


def test_start_case_conversation_with_the_real_messaging(
    moderator: Member, member: Member, friend: Member
) -> None:
    if not services.mediation_conversations_available():
        pytest.skip("kring.messaging.services.start_mediation_conversation is not there yet")
    case = open_a_case(moderator, member, friend)
    services.start_case_conversation(moderator, case=case, body="Laten we praten.")
    case.refresh_from_db()
    assert case.conversation is not None
    ids = set(case.conversation.participants.values_list("member_id", flat=True))
    assert {moderator.pk, member.pk, friend.pk} <= ids


def test_slow_mode_is_audited_and_for_moderators(
    moderator: Member, member: Member, thread: Post
) -> None:
    services.set_thread_slow_mode(moderator, post=thread, minutes=10)
    thread.refresh_from_db()
    assert thread.slow_mode_minutes == 10
    entry = AuditEntry.objects.get(action="post.slow_mode")
    assert (entry.before, entry.after) == ({"slow_mode_minutes": 0}, {"slow_mode_minutes": 10})
    assert entry.subject == member
    with pytest.raises(Denied):
        services.set_thread_slow_mode(member, post=thread, minutes=0)
    with pytest.raises(ValidationError):
        services.set_thread_slow_mode(moderator, post=thread, minutes=7)
    assert AuditEntry.objects.filter(action="post.slow_mode").count() == 1
