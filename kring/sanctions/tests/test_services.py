from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.utils import timezone

from kring.accounts.models import Member
from kring.audit.models import AuditEntry, Reason
from kring.core.events import subscribe, unsubscribe
from kring.core.permissions import Denied
from kring.members.models import Interest, Profile
from kring.messaging.models import Message
from kring.sanctions import events, services
from kring.sanctions.models import Appeal, AppealStatus, Sanction, SanctionKind, WarningTemplate
from kring.sanctions.queries import sanctions_of

pytestmark = pytest.mark.django_db


def fresh(member: Member) -> Member:
    return Member.objects.get(pk=member.pk)


def silence(actor: Any, member: Member, days: int = 3) -> Sanction:
    return services.silence_member(
        actor, member=member, reason_code=Reason.OFFENSIVE, reason="Scheldwoorden", days=days
    )


def test_warn_member_records_the_warning_and_audits_it(moderator: Member, member: Member) -> None:
    template = WarningTemplate.objects.create(title="Toon", body="Let op je toon.")
    sanction = services.warn_member(
        moderator, member=member, reason_code=Reason.OFFENSIVE, template=template
    )
    assert sanction.kind == SanctionKind.WARNING
    assert sanction.reason == "Let op je toon."
    assert sanction.ends_at is None
    entry = AuditEntry.objects.get(action="member.warn")
    assert entry.actor == moderator
    assert entry.subject == member
    assert entry.reason_code == Reason.OFFENSIVE
    assert fresh(member).silenced_until is None


def test_warn_member_needs_a_text_or_template(moderator: Member, member: Member) -> None:
    with pytest.raises(ValidationError):
        services.warn_member(moderator, member=member, reason_code=Reason.SPAM, text="  ")
    assert not Sanction.objects.exists()


def test_warn_member_sends_a_private_message(moderator: Member, member: Member) -> None:
    services.warn_member(moderator, member=member, reason_code=Reason.SPAM, text="Geen reclame.")
    message = Message.objects.get()
    assert message.sender == moderator
    assert message.body == "Geen reclame."
    assert message.conversation.participants.filter(member=member).exists()


def test_silence_member_sets_the_gate_to_the_end(moderator: Member, member: Member) -> None:
    sanction = silence(moderator, member, days=3)
    member = fresh(member)
    assert member.is_silenced
    assert member.silenced_until == sanction.ends_at
    assert sanction.ends_at is not None
    assert abs(sanction.ends_at - (timezone.now() + timedelta(days=3))) < timedelta(minutes=1)
    assert AuditEntry.objects.filter(action="member.silence", subject=member).count() == 1


def test_the_gate_follows_the_latest_active_sanction(moderator: Member, member: Member) -> None:
    long = silence(moderator, member, days=30)
    short = silence(moderator, member, days=2)
    assert fresh(member).silenced_until == long.ends_at
    services.lift_sanction(moderator, sanction=long, reason="Te streng")
    assert fresh(member).silenced_until == short.ends_at
    services.lift_sanction(moderator, sanction=short, reason="Opgelost")
    assert fresh(member).silenced_until is None
    assert AuditEntry.objects.filter(action="sanction.lift").count() == 2


def test_a_permanent_silence_keeps_the_gate_closed(moderator: Member, member: Member) -> None:
    services.silence_member(moderator, member=member, reason_code=Reason.SPAM, reason="Spam")
    assert fresh(member).silenced_until == services.PERMANENT
    assert fresh(member).is_silenced


def test_suspend_member_sets_suspended_until(moderator: Member, member: Member) -> None:
    sanction = services.suspend_member(
        moderator, member=member, reason_code=Reason.SPAM, reason="Spam", days=7
    )
    member = fresh(member)
    assert member.is_suspended
    assert member.suspended_until == sanction.ends_at
    assert member.silenced_until is None


def test_a_bad_duration_is_refused(moderator: Member, member: Member) -> None:
    with pytest.raises(ValidationError):
        silence(moderator, member, days=0)
    with pytest.raises(ValidationError):
        services.suspend_member(
            moderator,
            member=member,
            reason_code=Reason.SPAM,
            reason="x",
            until=timezone.now() - timedelta(days=1),
        )
    assert not Sanction.objects.exists()


@pytest.mark.parametrize("kind", ["warning", "silence", "suspension", "ban"])
def test_members_and_employees_cannot_sanction(
    member: Member, employee: Member, stranger: Member, kind: str
) -> None:
    for actor in (member, employee):
        with pytest.raises(Denied):
            _sanction(actor, stranger, kind)
    assert not Sanction.objects.exists()


def _sanction(actor: Any, member: Member, kind: str) -> Sanction:
    if kind == "warning":
        return services.warn_member(actor, member=member, reason_code=Reason.SPAM, text="x")
    if kind == "ban":
        return services.ban_member(actor, member=member, reason_code=Reason.SPAM, reason="x")
    issue = services.silence_member if kind == "silence" else services.suspend_member
    return issue(actor, member=member, reason_code=Reason.SPAM, reason="x", days=1)


def test_staff_cannot_sanction_their_equals_or_themselves(
    moderator: Member, manager: Member, admin: Member
) -> None:
    other = Member.objects.create_user("m2@example.nl", "x", display_name="M2", role="moderator")
    with pytest.raises(Denied):
        silence(moderator, other)
    with pytest.raises(Denied):
        silence(moderator, moderator)
    with pytest.raises(Denied):
        silence(moderator, manager)
    with pytest.raises(Denied):
        silence(manager, admin)
    silence(manager, moderator)
    assert fresh(moderator).is_silenced


def test_only_managers_ban(moderator: Member, manager: Member, member: Member) -> None:
    with pytest.raises(Denied):
        services.ban_member(moderator, member=member, reason_code=Reason.SPAM, reason="Spam")
    services.ban_member(manager, member=member, reason_code=Reason.SPAM, reason="Spam")
    assert not fresh(member).is_active


def test_ban_member_anonymises_the_account(manager: Member, member: Member) -> None:
    profile = Profile.objects.get(member=member)
    profile.bio = profile.bio_html = "Ik woon in Utrecht"
    profile.job_title, profile.organisation, profile.location = "Fietser", "Anne BV", "Utrecht"
    profile.save()
    profile.interests.add(Interest.objects.create(name="Fietsen", slug="fietsen"))
    sanction = services.ban_member(
        manager, member=member, reason_code=Reason.SPAM, reason="Spambot"
    )
    member = fresh(member)
    assert member.display_name == services.removed_member_name(member.pk)
    assert member.email == f"removed-{member.pk}@removed.invalid"
    assert not member.has_usable_password()
    assert not member.is_active
    assert not EmailAddress.objects.filter(user=member).exists()
    assert not EmailAddress.objects.filter(email__iexact="anne@example.nl").exists()
    profile = Profile.objects.get(member=member)
    assert (profile.bio, profile.job_title, profile.organisation, profile.location) == (
        "",
        "",
        "",
        "",
    )
    assert not profile.interests.exists()
    entry = AuditEntry.objects.get(action="member.ban")
    assert entry.subject == member
    assert "Anne" not in entry.target_label
    assert sanction.ends_at is None
    with pytest.raises(Denied):
        services.lift_sanction(manager, sanction=sanction, reason="Sorry")


def test_appeal_once_and_overturn_lifts(moderator: Member, manager: Member, member: Member) -> None:
    sanction = silence(moderator, member)
    appeal = services.appeal_sanction(member, sanction=sanction, text="Het was een grap.")
    with pytest.raises(Denied):
        services.appeal_sanction(member, sanction=sanction, text="Nog een keer")
    decided = services.decide_appeal(manager, appeal=appeal, overturn=True, answer="Akkoord.")
    assert decided.status == AppealStatus.OVERTURNED
    assert decided.decided_by == manager
    sanction.refresh_from_db()
    assert sanction.lifted_at is not None
    assert not fresh(member).is_silenced
    assert AuditEntry.objects.filter(action="appeal.overturn").count() == 1
    assert AuditEntry.objects.filter(action="sanction.lift").count() == 1
    with pytest.raises(Denied):
        services.decide_appeal(manager, appeal=appeal, overturn=False, answer="Toch niet")


def test_upheld_appeal_keeps_the_sanction(moderator: Member, member: Member) -> None:
    sanction = silence(moderator, member)
    appeal = services.appeal_sanction(member, sanction=sanction, text="Oneerlijk")
    services.decide_appeal(moderator, appeal=appeal, overturn=False, answer="De regels gelden.")
    assert Appeal.objects.get().status == AppealStatus.UPHELD
    assert fresh(member).is_silenced
    with pytest.raises(Denied):
        services.appeal_sanction(member, sanction=sanction, text="Opnieuw")


def test_only_the_member_appeals_and_the_member_cannot_decide(
    moderator: Member, member: Member, stranger: Member
) -> None:
    sanction = silence(moderator, member)
    with pytest.raises(Denied):
        services.appeal_sanction(stranger, sanction=sanction, text="Namens Anne")
    appeal = services.appeal_sanction(member, sanction=sanction, text="Oneerlijk")
    with pytest.raises(Denied):
        services.decide_appeal(member, appeal=appeal, overturn=True, answer="Ja")


def test_services_publish_events_after_commit(
    moderator: Member, member: Member, django_capture_on_commit_callbacks: Any
) -> None:
    seen: list[object] = []

    def record(event: object) -> None:
        seen.append(event)

    subscribe(events.SanctionIssued, record)
    subscribe(events.SanctionLifted, record)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            sanction = silence(moderator, member)
            services.lift_sanction(moderator, sanction=sanction, reason="Klaar")
    finally:
        unsubscribe(events.SanctionIssued, record)
        unsubscribe(events.SanctionLifted, record)
    assert [type(e) for e in seen] == [events.SanctionIssued, events.SanctionLifted]


def test_sanctions_of_lists_newest_first_with_issuer(
    moderator: Member, member: Member, django_assert_num_queries: Any
) -> None:
    first = services.warn_member(moderator, member=member, reason_code=Reason.SPAM, text="Een")
    second = silence(moderator, member)
    with django_assert_num_queries(2):
        listed = sanctions_of(member)
        assert [s.issued_by.display_name for s in listed if s.issued_by] == ["Eva Smit"] * 2
    assert listed == [second, first]


def test_warning_templates_are_kept_by_moderators(moderator: Member, member: Member) -> None:
    template = services.create_warning_template(moderator, title="Spam", body="Geen reclame.")
    services.edit_warning_template(moderator, template=template, title="Spam", body="Niet doen.")
    assert WarningTemplate.objects.get().body == "Niet doen."
    with pytest.raises(Denied):
        services.create_warning_template(member, title="x", body="y")
    services.delete_warning_template(moderator, template=template)
    assert not WarningTemplate.objects.exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "warning_template.create",
        "warning_template.edit",
        "warning_template.delete",
    } <= actions
