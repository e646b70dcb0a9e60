"""Private conversations and community management (issue #5) of a seeded community, in bulk.

Written after the community and the forum, from what they wrote: the conversations
(`conversations`), the flag cases (`flags`), the sanctions (`sanctions`) and the audit log
(`audit`), in that order.
"""

from __future__ import annotations

import random
from typing import Any

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Count, Max

from kring.accounts.models import Member
from kring.audit.models import AuditEntry
from kring.bench.audit import audit_entries
from kring.bench.bulk import Progress, explicit_timestamps
from kring.bench.conversations import number_messages, plan_conversations, write_conversations
from kring.bench.flags import candidate_items, item_state, plan_cases, write_cases
from kring.bench.people import bench_member, read_cast
from kring.bench.sanctions import plan_sanctions, write_sanctions
from kring.bench.scales import Scale
from kring.content.models import Post
from kring.messaging.models import Conversation, Message, Participant
from kring.messaging.queries import forget_unread_totals
from kring.moderation.models import Flag, FlagCase, ModerationSettings
from kring.sanctions.models import Appeal, Sanction

MODERATOR_ROLES = ("moderator", "manager", "admin")


def first_free(model: Any) -> int:
    return int(model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def seed_casework(scale: Scale, *, seed: int, now: float, progress: Progress) -> dict[str, int]:
    """Write the conversations, cases, sanctions and audit entries of `scale`; how many."""
    if not scale.conversations and not scale.flag_cases and not scale.audit_entries:
        return {}
    rng = random.Random(seed + 6)  # noqa: S311  (reproducible data, not secrets)
    cast = read_cast(rng)
    member = bench_member()
    bench = member.pk if member is not None else cast.members[0]
    roles = dict(Member.objects.filter(pk__in=cast.members).values_list("pk", "role"))
    moderators = [pk for pk in cast.members if roles[pk] in MODERATOR_ROLES] or cast.employees
    moderators = moderators or cast.members[:1]
    top_authors = set(
        Post.objects.values("author_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("author_id", flat=True)[:20]
    )
    protected = {bench, *top_authors, *(pk for pk in cast.members if roles[pk] != "member")}
    with explicit_timestamps(Conversation, Participant, Message, Flag, Sanction, Appeal):
        first_conversation, first_message = first_free(Conversation), first_free(Message)
        threads = plan_conversations(
            scale, rng, cast, bench=bench, first_id=first_conversation, now=now
        )
        number_messages(threads, first_message)
        items = candidate_items(
            scale,
            rng,
            cast,
            threads,
            bench=bench,
            protected_members=protected,
        )
        cases = plan_cases(
            items,
            rng,
            cast,
            moderators=moderators,
            first_id=first_free(FlagCase),
            threshold=max(1, ModerationSettings.load().flag_threshold),
            now=now,
        )
        hidden = {
            c.item.pk: item_state(c)
            for c in cases
            if c.item.kind == "message" and item_state(c) != "published"
        }
        if threads:
            write_conversations(threads, rng, hidden=hidden, progress=progress)
        write_cases(cases, progress)
        candidates = [pk for pk in cast.members if pk not in protected]
        sanctions = plan_sanctions(
            scale,
            rng,
            candidates=candidates,
            moderators=moderators,
            first_id=first_free(Sanction),
            now=now,
        )
        write_sanctions(sanctions, now=now, progress=progress)
    staff = {
        pk: (name, role)
        for pk, name, role in Member.objects.filter(pk__in=moderators).values_list(
            "pk", "display_name", "role"
        )
    }
    members = {
        pk: (name, joined.timestamp())
        for pk, name, joined in Member.objects.filter(pk__in=cast.members).values_list(
            "pk", "display_name", "date_joined"
        )
    }
    entries = audit_entries(
        scale, rng, cases=cases, sanctions=sanctions, staff=staff, members=members, now=now
    )
    with explicit_timestamps(AuditEntry):
        progress.insert("audit entries", AuditEntry, (AuditEntry(**e) for e in entries))
    reset_casework_sequences()
    forget_unread_totals({m for t in threads for m in t.members})
    return {
        "conversations": len(threads),
        "messages": sum(len(t.times) for t in threads),
        "flag cases": len(cases),
        "sanctions": len(sanctions),
        "audit entries": len(entries),
        "hot conversation": first_conversation if threads else 0,
    }


def reset_casework_sequences() -> None:
    """PostgreSQL: move the sequences past the explicit ids (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(
        no_style(), [Conversation, Message, FlagCase, Sanction]
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
