"""Conversations, flag cases, sanctions and audit entries that `kring seed` writes: every
denormalised field equals a recount, and the pages the benchmark measures render."""

from __future__ import annotations

from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Min
from django.utils import timezone

from kring.accounts.models import Member
from kring.audit.models import AuditEntry
from kring.bench.people import bench_member, bench_moderator
from kring.bench.scales import SCALES
from kring.content.models import Comment, Post
from kring.messaging.models import Conversation, Message, Participant
from kring.messaging.queries import unread_total
from kring.moderation.models import CaseStatus, FlagCase, Resolution
from kring.sanctions.models import Appeal, AppealStatus, Sanction, SanctionKind

TINY = SCALES["tiny"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> str:
    out = StringIO()
    call_command("seed", "--scale", "tiny", "--seed", "5", stdout=out)
    return out.getvalue()


def the_bench_member() -> Member:
    member = bench_member()
    assert member is not None
    return member


def test_seeded_conversations_keep_every_counter_exact(seeded: str) -> None:
    assert "messages" in seeded
    assert Conversation.objects.count() == TINY.conversations
    assert Message.objects.count() == TINY.messages
    for conversation in Conversation.objects.annotate(
        n=Count("messages"), last=Max("messages__created_at")
    ):
        assert conversation.message_count == conversation.n, conversation.pk
        assert conversation.last_message_at == conversation.last, conversation.pk
    messages: dict[int, list[tuple[Any, int]]] = {}
    for conversation_id, created_at, sender_id in Message.objects.order_by(
        "created_at", "pk"
    ).values_list("conversation_id", "created_at", "sender_id"):
        messages.setdefault(conversation_id, []).append((created_at, sender_id))
    for row in Participant.objects.all():
        rows = messages[row.conversation_id]
        after = [s for at, s in rows if row.last_read_at is None or at > row.last_read_at]
        assert row.unread_count == len([s for s in after if s != row.member_id]), row.pk
        # Writing is reading: nothing after the participant's last read is their own.
        assert row.member_id not in after, row.pk
        assert row.left_at is None
    # Who is in them: one-to-one pairs once; groups of 3 to 20, about a tenth.
    sizes = Counter(Participant.objects.values_list("conversation_id", flat=True))
    groups = Conversation.objects.filter(is_group=True)
    assert all(3 <= sizes[c.pk] <= 20 for c in groups)
    assert all(sizes[c.pk] == 2 for c in Conversation.objects.filter(is_group=False))
    assert 0 < groups.count() < TINY.conversations // 4
    pairs = [
        frozenset(p.participants.values_list("member_id", flat=True))
        for p in Conversation.objects.filter(is_group=False)
    ]
    assert len(pairs) == len(set(pairs))
    # The bench member: the hot conversation, more than a handful of others, some unread.
    member = the_bench_member()
    hot = Conversation.objects.order_by("-message_count").first()
    assert hot is not None
    assert hot.participants.filter(member=member).exists()
    assert not hot.is_group
    assert hot.message_count == TINY.messages // 5
    assert Participant.objects.filter(member=member).count() >= 10
    assert unread_total(member) > 0


def test_seeded_flag_cases_match_their_flags_and_items(seeded: str) -> None:
    cases = FlagCase.objects.annotate(
        n=Count("flags"), first=Min("flags__created_at"), last=Max("flags__created_at")
    )
    assert 0.8 * TINY.flag_cases <= cases.count() <= TINY.flag_cases
    assert cases.filter(status=CaseStatus.OPEN).exists()
    assert cases.filter(status=CaseStatus.RESOLVED, resolution=Resolution.HIDDEN).exists()
    for case in cases.select_related("post", "comment__post", "message"):
        assert case.flag_count == case.n, case.pk
        assert case.first_flagged_at == case.first == case.opened_at, case.pk
        assert case.last_flagged_at == case.last, case.pk
        item = case.post or case.comment or case.message
        flaggers = set(case.flags.values_list("flagger_id", flat=True))
        if case.post is not None:
            assert case.space_id == case.post.space_id
            assert case.post.author_id not in flaggers
        if case.comment is not None:
            assert case.space_id == case.comment.post.space_id
            assert case.comment.author_id not in flaggers
        if case.message is not None:
            assert case.space_id is None
            participants = set(
                Participant.objects.filter(
                    conversation_id=case.message.conversation_id
                ).values_list("member_id", flat=True)
            )
            assert flaggers <= participants - {case.message.sender_id}
        if case.status == CaseStatus.RESOLVED:
            assert case.resolved_by is not None
            assert case.resolved_by.role in ("moderator", "manager", "admin")
            assert case.resolved_at is not None
            assert case.resolved_at >= case.last_flagged_at  # type: ignore[operator]
        if item is None:
            continue
        if case.status == CaseStatus.OPEN:
            expected = "held" if case.hidden_by_threshold else "published"
        else:
            expected = "hidden" if case.resolution == Resolution.HIDDEN else "published"
        assert item.moderation == expected, case.pk
    # Nothing else was touched.
    flagged_posts = FlagCase.objects.filter(post__isnull=False).values("post_id")
    assert not Post.objects.exclude(pk__in=flagged_posts).exclude(moderation="published").exists()
    flagged = FlagCase.objects.filter(comment__isnull=False).values("comment_id")
    assert not Comment.objects.exclude(pk__in=flagged).exclude(moderation="published").exists()


def test_seeded_sanctions_keep_the_gates_and_the_audit_log(seeded: str) -> None:
    now = timezone.now()
    assert Sanction.objects.count() == TINY.sanctions
    assert not Sanction.objects.filter(kind=SanctionKind.BAN).exists()
    for member in Member.objects.all():
        for kind, gate in (
            (SanctionKind.SILENCE, member.silenced_until),
            (SanctionKind.SUSPENSION, member.suspended_until),
        ):
            ends = [
                s.ends_at
                for s in Sanction.objects.filter(member=member, kind=kind, lifted_at=None)
                if s.ends_at is not None and s.ends_at > now
            ]
            assert gate == (max(ends) if ends else None), member.pk
    for appeal in Appeal.objects.select_related("sanction"):
        assert (appeal.decided_at is None) == (appeal.status == AppealStatus.OPEN)
        if appeal.status == AppealStatus.OVERTURNED:
            assert appeal.sanction.lifted_at == appeal.decided_at
    # The bench member and staff are never sanctioned.
    member, moderator = the_bench_member(), bench_moderator()
    assert moderator is not None
    assert not Sanction.objects.filter(member__in=[member, moderator]).exists()

    entries = list(AuditEntry.objects.order_by("pk").values_list("created_at", "action"))
    assert len(entries) == TINY.audit_entries
    assert [at for at, _ in entries] == sorted(at for at, _ in entries)  # append-only
    actions = Counter(action for _, action in entries)
    assert actions["member.warn"] + actions["member.silence"] + actions["member.suspend"] == (
        TINY.sanctions
    )
    resolved = FlagCase.objects.filter(status=CaseStatus.RESOLVED)
    decisions = sum(n for a, n in actions.items() if a.endswith((".approve", ".hide")))
    assert decisions >= resolved.count()
    assert actions["post.hold"] + actions["comment.hold"] + actions["message.hold"] == (
        FlagCase.objects.filter(hidden_by_threshold=True).count()
    )


def test_the_driver_measures_the_community_management_pages(seeded: str, client: Any) -> None:
    from bench.targets import choose_targets, data_counts

    targets, member = choose_targets()
    assert member == the_bench_member()
    names = {t.name.split(" (")[0]: t for t in targets}
    for wanted in (
        "Inbox",
        "Conversation newest page",
        "Conversation oldest page",
        "Moderation queue",
        "Audit log",
        "Transparency page",
    ):
        assert wanted in names, wanted
    assert names["Transparency page"].who == "visitor"
    assert names["Moderation queue"].who == names["Audit log"].who == "moderator"
    assert "?eerder=" in names["Conversation oldest page"].paths[0]
    order = [t.who for t in targets]
    assert order == sorted(order, key=["visitor", "member", "moderator", "write"].index)
    counts = data_counts()
    assert counts["messages"] == TINY.messages
    assert counts["audit entries"] == TINY.audit_entries
    moderator = bench_moderator()
    assert moderator is not None
    for target in targets:
        if target.method != "GET":
            continue
        if target.who == "visitor":
            client.logout()
        else:
            client.force_login(moderator if target.who == "moderator" else member)
        for path in target.paths:
            response = client.get(path)
            assert response.status_code == 200, (target.name, path)
    # The oldest page holds the conversation's first message.
    oldest = client_get_as(client, member, names["Conversation oldest page"].paths[0])
    hot = Conversation.objects.order_by("-message_count").first()
    first = Message.objects.filter(conversation=hot).order_by("pk").first()
    assert first is not None
    assert f'id="message-{first.pk}"' in oldest


def client_get_as(client: Any, member: Member, path: str) -> str:
    client.force_login(member)
    response = client.get(path)
    assert response.status_code == 200
    return str(response.content.decode())
