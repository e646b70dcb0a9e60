"""Private conversations and community management (issue #5) of a seeded community, in bulk.

Written after the community and the forum, from what they wrote:

- conversations and their messages: one hot one-to-one conversation of the bench member
  (HOT_CONVERSATION_MESSAGES, for paging), a few dozen more of the bench member (more than one
  inbox page, some unread), the rest between members picked with skewed weights (a few very
  active), about GROUP_SHARE of them groups of 3 to 20. Exact counters, as the messaging
  services keep them: `Conversation.message_count` / `last_message_at`, and per participant
  `last_read_at` and `unread_count` (messages from others after the last one read; whoever
  writes has read everything before);
- flag cases of the moderation queue with their flags (posts, comments, profiles, messages), a
  share open, some of those held by the flag threshold (the item `held`), the rest resolved
  (approved, or hidden: the item `hidden`), each with `flag_count`, first and last flag;
- sanctions (warnings, silences, suspensions; no bans, which anonymise accounts) with a few in
  force (`Member.silenced_until` / `suspended_until` equal to their latest end, as the
  sanctions services keep them), some lifted, some appealed;
- the audit log: the entries the cases and sanctions made, and registration approvals of
  members, scale.audit_entries in all, ids in time order (append-only).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Count, Max, Min

from kring.accounts.models import Member
from kring.audit.models import AuditEntry, Reason
from kring.bench.bulk import Progress, explicit_timestamps, moment
from kring.bench.community import DAY, HOUR, PARETO_CAP
from kring.bench.people import Cast, bench_member, read_cast
from kring.bench.scales import Scale
from kring.bench.texts import Body, rendered
from kring.content.models import Comment, Post
from kring.messaging.models import MAX_PARTICIPANTS, Conversation, Message, Participant
from kring.messaging.queries import forget_unread_totals
from kring.moderation.models import CaseStatus, Flag, FlagCase, ModerationSettings, Resolution
from kring.sanctions.models import Appeal, AppealStatus, Sanction, SanctionKind

HOT_CONVERSATION_MESSAGES = 2_000
GROUP_SHARE = 0.10
BENCH_CONVERSATIONS = 40  # more than one inbox page (25)
BENCH_UNREAD = 8  # of them with unread messages (the hot one too)
READ_ALL_SHARE = 0.85  # participants who have read everything
OPEN_SHARE = 0.3  # flag cases still in the queue
HIDDEN_SHARE = 0.4  # of the resolved post, comment and message cases
PROTECTED_POSTS = 50  # the busiest posts (the driver's pages) are never flagged
ACTIVE_SANCTION_SHARE = 0.15  # of silences and suspensions, still in force
LIFTED_SHARE = 0.05
APPEAL_SHARE = 0.15
MODERATOR_ROLES = ("moderator", "manager", "admin")
HELD_REASON = "Several members reported this: it is hidden until a moderator has looked at it."
HIDDEN_REASON = "Verborgen door een moderator na meldingen."

MESSAGE_BODIES = [
    "Hoi! Zag je bericht over de thuisbatterij. Heb je al een offerte?",
    "Dank je, dat helpt me echt verder.",
    "Zullen we zaterdag even bellen? Dan leg ik uit hoe ik de omvormer heb ingesteld.",
    "Ik stuur je de foto's van de installatie vanavond.",
    "Top, tot morgen!",
    (
        "Even een vraag buiten het forum om: welke installateur had jij ook alweer? Wij willen "
        "in het voorjaar een **warmtepomp** laten plaatsen en zoeken iemand uit de buurt."
    ),
    (
        "Ik heb het nagevraagd bij de klantenservice:\n\n- de terugleververgoeding gaat per 1 "
        "januari omlaag\n- het vaste tarief blijft gelijk\n\nDus voor ons verandert er weinig."
    ),
    "Klopt, bij ons was het precies zo. Je moet de stooklijn echt een paar graden hoger zetten.",
    "Leuk je zaterdag gesproken te hebben op de open dag!",
    "Ik zet het op de agenda voor de volgende vergadering van de werkgroep.",
]
FLAG_TEXTS = [
    "",
    "",
    "Dit is reclame voor een installateur.",
    "Niet netjes tegen andere leden.",
    "Hoort niet in deze groep.",
    "Staat een telefoonnummer in.",
]
SANCTION_REASONS = {
    Reason.SPAM: "Herhaaldelijk reclame geplaatst, ook na een waarschuwing.",
    Reason.OFFENSIVE: "Beledigende reacties op andere leden.",
    Reason.OFF_TOPIC: "Steeds berichten die niet bij de groep passen.",
    Reason.PERSONAL_DATA: "Persoonlijke gegevens van een ander lid gedeeld.",
    Reason.OTHER: "Afspraken van de community niet nagekomen.",
}
FLAG_REASON_WEIGHTS: list[tuple[str, int]] = [
    (Reason.SPAM, 40),
    (Reason.OFFENSIVE, 30),
    (Reason.OFF_TOPIC, 20),
    (Reason.OTHER, 10),
]


def skewed(rng: random.Random, cap: float = PARETO_CAP) -> float:
    return min(cap, rng.paretovariate(1.3))


# Conversations --------------------------------------------------------------------------------


@dataclass
class Thread:
    """One planned conversation: who is in it, when each message was sent and by whom."""

    pk: int
    members: list[int]
    is_group: bool
    title: str
    created: float
    times: list[float] = field(default_factory=list)
    senders: list[int] = field(default_factory=list)  # indexes into members
    ids: list[int] = field(default_factory=list)  # message ids, in time order site-wide
    unread_for: dict[int, int] = field(default_factory=dict)  # member -> unread (forced)


@dataclass
class Conversations:
    threads: list[Thread]
    hot: int  # conversation id of the bench member's hot conversation
    hidden: dict[int, str] = field(default_factory=dict)  # message id -> moderation state


def plan_conversations(
    scale: Scale, rng: random.Random, cast: Cast, *, bench: int, first_id: int, now: float
) -> list[Thread]:
    count, total = scale.conversations, max(scale.messages, scale.conversations)
    others = [pk for pk in cast.members if pk != bench] or cast.members
    hot_size = min(HOT_CONVERSATION_MESSAGES, total // 5)
    own = min(BENCH_CONVERSATIONS, count // 4)
    pairs: set[frozenset[int]] = set()
    threads: list[Thread] = []

    def pick_other(exclude: set[int]) -> int:
        for _ in range(50):
            pk = cast.pick(rng)
            if pk not in exclude:
                return pk
        return rng.choice([pk for pk in others if pk not in exclude] or others)

    for index in range(count):
        group = index > 0 and rng.random() < GROUP_SHARE
        members = [bench] if index < own or index == 0 else [pick_other(set())]
        if group:
            size = min(MAX_PARTICIPANTS, 2 + int(skewed(rng, 18)))
            while len(members) < min(size, len(cast.members)):
                members.append(pick_other(set(members)))
        else:
            for _ in range(100):
                other = pick_other({members[0], bench} if index >= own else {bench})
                if frozenset((members[0], other)) not in pairs:
                    break
            pairs.add(frozenset((members[0], other)))
            members.append(other)
        title = ""
        if group and rng.random() < 0.5:
            title = f"Werkgroep {rng.choice(['buurtbatterij', 'open dag', 'ledenavond', 'zon'])}"
        created = now - 60 * DAY if index == 0 else now - 730 * DAY * rng.random() ** 1.6
        threads.append(Thread(first_id + index, members, group, title, created))
    plan_messages(threads, rng, total=total, hot_size=hot_size, now=now)
    # Unread for the bench member: the last few messages come from the others.
    for thread in threads[: min(BENCH_UNREAD, own or 1)]:
        unread = min(len(thread.times) - 1, rng.randint(1, 4))
        for position in range(len(thread.times) - unread, len(thread.times)):
            thread.senders[position] = rng.randrange(1, len(thread.members))
        thread.unread_for[bench] = unread
    return threads


def plan_messages(
    threads: list[Thread], rng: random.Random, *, total: int, hot_size: int, now: float
) -> None:
    """When each message of each thread is sent, and by whom: one message each at least,
    the hot (first) thread hot_size, the rest skewed."""
    count = len(threads)
    sizes = [1] * count
    sizes[0] = hot_size
    weights = [0.0] + [skewed(rng) for _ in range(count - 1)]
    rest = total - sum(sizes)
    while rest > 0 and count > 1:
        for c, n in Counter(rng.choices(range(count), weights=weights, k=rest)).items():
            room = hot_size - 1 - sizes[c]
            sizes[c] += max(0, min(n, room))
            if sizes[c] >= hot_size - 1:
                weights[c] = 0.0
        rest = total - sum(sizes)
        if not any(weights):
            break
    for thread, size in zip(threads, sizes, strict=True):
        span = now - 1 - thread.created
        mean = span / size if thread is threads[0] else min(2 * DAY, span / (size + 1))
        at, times = thread.created, []
        for _ in range(size):
            # Strictly increasing (a millisecond apart at least): "read up to" is a moment.
            at = max(min(now - 1, at + rng.expovariate(1 / max(mean, 1.0))), at + 0.001)
            times.append(at)
        thread.times = times
        senders, who = [], 0
        for position in range(size):
            if position and (thread.is_group or rng.random() < 0.6):
                who = rng.randrange(len(thread.members)) if thread.is_group else 1 - who
            senders.append(who)
        thread.senders = senders


def read_position(rng: random.Random, thread: Thread, index: int) -> int:
    """How many of the thread's messages member `index` has read: at least everything up to
    their own last message (writing is reading)."""
    member = thread.members[index]
    last_own = max((p for p, s in enumerate(thread.senders) if s == index), default=-1)
    size = len(thread.times)
    if member in thread.unread_for:
        return size - thread.unread_for[member]
    if rng.random() < READ_ALL_SHARE:
        return size
    return rng.randint(last_own + 1, size)


def write_conversations(
    threads: list[Thread],
    rng: random.Random,
    *,
    hidden: dict[int, str],
    progress: Progress,
) -> None:
    bodies = rendered(MESSAGE_BODIES)
    progress.insert(
        "conversations",
        Conversation,
        (
            Conversation(
                pk=t.pk,
                title=t.title,
                created_by_id=t.members[0],
                is_group=t.is_group,
                created_at=moment(t.created),
                last_message_at=moment(t.times[-1]),
                message_count=len(t.times),
            )
            for t in threads
        ),
    )

    def participants(thread: Thread) -> list[Participant]:
        rows = []
        for index, member in enumerate(thread.members):
            read = read_position(rng, thread, index)
            rows.append(
                Participant(
                    conversation_id=thread.pk,
                    member_id=member,
                    joined_at=moment(thread.created),
                    last_read_at=moment(thread.times[read - 1]) if read else None,
                    unread_count=len(thread.times) - read,
                )
            )
        return rows

    progress.insert("participants", Participant, (row for t in threads for row in participants(t)))

    def message(thread: Thread, position: int) -> Message:
        pk = thread.ids[position]
        body: Body = bodies[(pk * 7 + position) % len(bodies)]
        state = hidden.get(pk, "published")
        return Message(
            pk=pk,
            conversation_id=thread.pk,
            sender_id=thread.members[thread.senders[position]],
            body=body.text,
            body_html=body.html,
            created_at=moment(thread.times[position]),
            moderation=state,
            moderation_reason={"held": HELD_REASON, "hidden": HIDDEN_REASON}.get(state, ""),
        )

    # In id order, as a live site writes them.
    order = sorted((pk, i, p) for i, t in enumerate(threads) for p, pk in enumerate(t.ids))
    progress.insert("messages", Message, (message(threads[i], p) for _pk, i, p in order))


def number_messages(threads: list[Thread], first_id: int) -> None:
    """Message ids in the order the messages were sent across the site, as a live site hands
    them out (the planner's choices depend on it: a conversation's messages are spread over
    the id range, not one block)."""
    order = sorted(
        (at, index, position)
        for index, thread in enumerate(threads)
        for position, at in enumerate(thread.times)
    )
    for thread in threads:
        thread.ids = [0] * len(thread.times)
    for rank, (_at, index, position) in enumerate(order):
        threads[index].ids[position] = first_id + rank


# Flag cases, flags ----------------------------------------------------------------------------


@dataclass
class Item:
    """What a case is about: the model field and id, its space, its author."""

    kind: str
    pk: int
    space_id: int | None
    author: int
    label: str
    target_type: str
    participants: list[int] = field(default_factory=list)  # messages: who may flag


@dataclass
class Case:
    pk: int
    item: Item
    flags: list[tuple[int, str, str, float]]  # flagger, reason, text, when
    status: str
    resolution: str = ""
    resolved_by: int | None = None
    resolved_at: float | None = None
    held: bool = False


def sample_rows(model: Any, wanted: int, rng: random.Random, **filters: Any) -> list[Any]:
    """About `wanted` random rows of `model` matching `filters` (ids sampled from the range,
    then read: no full scan of a large table)."""
    bounds = model.objects.aggregate(low=Min("pk"), high=Max("pk"))
    low, high = bounds["low"] or 0, bounds["high"] or 0
    if not high or wanted <= 0:
        return []
    found: dict[int, Any] = {}
    for _ in range(8):
        ids = {rng.randint(low, high) for _ in range(wanted * 3)}
        for row in model.objects.filter(pk__in=ids, **filters).order_by("pk"):
            found.setdefault(row.pk, row)
        if len(found) >= wanted:
            break
    rows = sorted(found.values(), key=lambda row: row.pk)
    rng.shuffle(rows)
    return rows[:wanted]


def candidate_items(
    scale: Scale,
    rng: random.Random,
    cast: Cast,
    threads: list[Thread],
    *,
    bench: int,
    protected_members: set[int],
) -> list[Item]:
    count = scale.flag_cases
    wanted = Counter(
        rng.choices(["post", "comment", "member", "message"], weights=[55, 30, 8, 7], k=count)
    )
    busiest = set(
        Post.objects.order_by("-comment_count", "pk").values_list("pk", flat=True)[:PROTECTED_POSTS]
    )
    # A second seed (--force) adds to an earlier one: an item has one case at most.
    taken = {
        (kind, pk)
        for kind in ("post", "comment", "member")
        for pk in FlagCase.objects.filter(**{f"{kind}__isnull": False}).values_list(
            f"{kind}_id", flat=True
        )
    }
    items: list[Item] = []
    for post in sample_rows(
        Post, wanted["post"] + len(busiest), rng, kind="status", deleted_at__isnull=True
    ):
        fresh = post.pk not in busiest and ("post", post.pk) not in taken
        if fresh and len(items) < wanted["post"]:
            items.append(
                Item("post", post.pk, post.space_id, post.author_id, post.body[:60], "content.post")
            )
    comments = sample_rows(
        Comment,
        wanted["comment"] + 20,
        rng,
        post__kind="status",
        is_internal=False,
        deleted_at__isnull=True,
    )
    spaces = dict(
        Post.objects.filter(pk__in={c.post_id for c in comments}).values_list("pk", "space_id")
    )
    items += [
        Item("comment", c.pk, spaces[c.post_id], c.author_id, c.body[:60], "content.comment")
        for c in comments
        if c.post_id not in busiest and ("comment", c.pk) not in taken
    ][: wanted["comment"]]
    names = dict(Member.objects.filter(pk__in=cast.members).values_list("pk", "display_name"))
    members = [
        pk for pk in cast.members if pk not in protected_members and ("member", pk) not in taken
    ]
    rng.shuffle(members)
    items += [
        Item("member", pk, None, pk, names[pk], "accounts.member")
        for pk in members[: wanted["member"]]
    ]
    chosen: set[int] = set()
    for thread in rng.sample(threads, min(len(threads), wanted["message"] * 2)):
        if len(chosen) >= wanted["message"] or bench in thread.members:
            continue
        position = rng.randrange(len(thread.times))
        pk = thread.ids[position]
        chosen.add(pk)
        sender = thread.members[thread.senders[position]]
        items.append(
            Item(
                "message",
                pk,
                None,
                sender,
                "",
                "moderation.flagcase",
                [m for m in thread.members if m != sender],
            )
        )
    rng.shuffle(items)
    return items


def plan_cases(
    items: list[Item],
    rng: random.Random,
    cast: Cast,
    *,
    moderators: list[int],
    first_id: int,
    threshold: int,
    now: float,
) -> list[Case]:
    reasons = [r for r, _ in FLAG_REASON_WEIGHTS]
    weights = [w for _, w in FLAG_REASON_WEIGHTS]
    cases = []
    for number, item in enumerate(items):
        is_open = rng.random() < OPEN_SHARE
        # Open cases are recent (days), resolved ones spread over the last year.
        first = now - (rng.random() * 10 * DAY if is_open else rng.random() ** 1.5 * 365 * DAY)
        pool = item.participants or None
        n_flags = min(12, int(skewed(rng, 12)))
        if pool:
            n_flags = min(n_flags, len(pool))
        flaggers: list[int] = []
        for _ in range(n_flags * 4):
            if len(flaggers) >= n_flags:
                break
            pk = rng.choice(pool) if pool else cast.pick(rng)
            if pk != item.author and pk not in flaggers:
                flaggers.append(pk)
        if not flaggers:
            continue
        at, flags = first, []
        for flagger in flaggers:
            reason = rng.choices(reasons, weights=weights)[0]
            flags.append((flagger, reason, rng.choice(FLAG_TEXTS), at))
            at = min(now - 1, at + rng.expovariate(1 / (6 * HOUR)))
        case = Case(
            pk=first_id + number,
            item=item,
            flags=flags,
            status=CaseStatus.OPEN if is_open else CaseStatus.RESOLVED,
        )
        case.held = len(flags) >= threshold and item.kind != "member"
        if not is_open:
            case.resolved_by = rng.choice(moderators)
            case.resolved_at = min(now - 1, flags[-1][3] + rng.expovariate(1 / DAY))
            hide = item.kind != "member" and rng.random() < HIDDEN_SHARE
            case.resolution = Resolution.HIDDEN if hide else Resolution.APPROVED
        cases.append(case)
    return cases


def item_state(case: Case) -> str:
    """The moderation state a case leaves its item in."""
    if case.status == CaseStatus.OPEN:
        return "held" if case.held else "published"
    return "hidden" if case.resolution == Resolution.HIDDEN else "published"


def write_cases(cases: list[Case], progress: Progress) -> None:
    def row(case: Case) -> FlagCase:
        return FlagCase(
            pk=case.pk,
            space_id=case.item.space_id,
            status=case.status,
            flag_count=len(case.flags),
            first_flagged_at=moment(case.flags[0][3]),
            last_flagged_at=moment(case.flags[-1][3]),
            opened_at=moment(case.flags[0][3]),
            resolved_by_id=case.resolved_by,
            resolved_at=moment(case.resolved_at) if case.resolved_at else None,
            resolution=case.resolution,
            hidden_by_threshold=case.held,
            **{f"{case.item.kind}_id": case.item.pk},
        )

    progress.insert("flag cases", FlagCase, (row(case) for case in cases))
    progress.insert(
        "flags",
        Flag,
        (
            Flag(
                case_id=case.pk,
                flagger_id=flagger,
                reason=reason,
                text=text,
                created_at=moment(at),
            )
            for case in cases
            for flagger, reason, text, at in case.flags
        ),
    )
    # The items' moderation states (posts and comments: a few hundred updates at most per
    # state, in bulk by id).
    for model, name in ((Post, "post"), (Comment, "comment")):
        for state, reason in (("held", HELD_REASON), ("hidden", HIDDEN_REASON)):
            ids = [c.item.pk for c in cases if c.item.kind == name and item_state(c) == state]
            for start in range(0, len(ids), 500):
                model.objects.filter(pk__in=ids[start : start + 500]).update(
                    moderation=state, moderation_reason=reason
                )


# Sanctions, appeals ---------------------------------------------------------------------------


@dataclass
class PlannedSanction:
    pk: int
    member: int
    kind: str
    reason_code: str
    issued_by: int
    created: float
    ends: float | None
    lifted: float | None = None
    lifted_by: int | None = None
    lift_reason: str = ""
    # status, asked, decided (None: open), by whom
    appeal: tuple[str, float, float | None, int | None] | None = None


def plan_sanctions(
    scale: Scale,
    rng: random.Random,
    *,
    candidates: list[int],
    moderators: list[int],
    first_id: int,
    now: float,
) -> list[PlannedSanction]:
    kinds = [SanctionKind.WARNING, SanctionKind.SILENCE, SanctionKind.SUSPENSION]
    codes = list(Reason.values)
    planned: list[PlannedSanction] = []
    if not candidates:
        return planned
    for number in range(scale.sanctions):
        kind = rng.choices(kinds, weights=[55, 30, 15])[0]
        active = kind != SanctionKind.WARNING and rng.random() < ACTIVE_SANCTION_SHARE
        created = now - (rng.random() * 5 * DAY if active else rng.random() * 365 * DAY)
        ends = None
        if kind != SanctionKind.WARNING:
            days = rng.choice([1, 3, 7, 14, 30])
            ends = max(created + days * DAY, now + DAY) if active else created + days * DAY
            if not active and ends >= now:
                ends = now - rng.random() * DAY
                created = min(created, ends - DAY)
        sanction = PlannedSanction(
            pk=first_id + number,
            member=rng.choice(candidates),
            kind=kind,
            reason_code=rng.choice(codes),
            issued_by=rng.choice(moderators),
            created=created,
            ends=ends,
        )
        if rng.random() < APPEAL_SHARE:
            asked = created + rng.random() * DAY
            if active or rng.random() < 0.3:
                sanction.appeal = (AppealStatus.OPEN, asked, None, None)
            else:
                status = rng.choice([AppealStatus.UPHELD, AppealStatus.OVERTURNED])
                decided = min(now - 1, asked + rng.random() * 2 * DAY)
                sanction.appeal = (status, asked, decided, rng.choice(moderators))
        if sanction.appeal and sanction.appeal[0] == AppealStatus.OVERTURNED:
            sanction.lifted = sanction.appeal[2]
        elif not active and rng.random() < LIFTED_SHARE:
            sanction.lifted = created + rng.random() * DAY
        if sanction.lifted is not None:
            sanction.lifted = min(sanction.lifted, now - 1)
            decider = sanction.appeal[3] if sanction.appeal else None
            sanction.lifted_by = decider or rng.choice(moderators)
            sanction.lift_reason = "Bezwaar toegekend." if sanction.appeal else "Vergissing."
        planned.append(sanction)
    return planned


def write_sanctions(planned: list[PlannedSanction], *, now: float, progress: Progress) -> None:
    progress.insert(
        "sanctions",
        Sanction,
        (
            Sanction(
                pk=s.pk,
                member_id=s.member,
                kind=s.kind,
                reason_code=s.reason_code,
                reason=SANCTION_REASONS[Reason(s.reason_code)],
                issued_by_id=s.issued_by,
                created_at=moment(s.created),
                ends_at=moment(s.ends) if s.ends is not None else None,
                lifted_at=moment(s.lifted) if s.lifted is not None else None,
                lifted_by_id=s.lifted_by,
                lift_reason=s.lift_reason,
            )
            for s in planned
        ),
    )
    progress.insert(
        "appeals",
        Appeal,
        (
            Appeal(
                sanction_id=s.pk,
                text="Ik vind dit niet terecht: ik wilde alleen iemand helpen.",
                created_at=moment(s.appeal[1]),
                status=s.appeal[0],
                decided_by_id=s.appeal[3],
                decided_at=moment(s.appeal[2]) if s.appeal[2] is not None else None,
                answer="" if s.appeal[2] is None else "Bedankt voor je uitleg.",
            )
            for s in planned
            if s.appeal is not None
        ),
    )
    # The gates every request checks: the latest end of the sanctions in force.
    gates: dict[int, dict[str, float]] = {}
    for s in planned:
        if s.kind == SanctionKind.WARNING or s.lifted is not None or s.ends is None:
            continue
        if s.ends > now:
            field_name = "silenced_until" if s.kind == SanctionKind.SILENCE else "suspended_until"
            latest = gates.setdefault(s.member, {})
            latest[field_name] = max(latest.get(field_name, 0.0), s.ends)
    rows = []
    for pk, ends in gates.items():
        member = Member(pk=pk)
        member.silenced_until = moment(ends["silenced_until"]) if "silenced_until" in ends else None
        member.suspended_until = (
            moment(ends["suspended_until"]) if "suspended_until" in ends else None
        )
        rows.append(member)
    Member.objects.bulk_update(rows, ["silenced_until", "suspended_until"], batch_size=500)


# The audit log --------------------------------------------------------------------------------


Entry = dict[str, Any]


def audit_entries(
    scale: Scale,
    rng: random.Random,
    *,
    cases: list[Case],
    sanctions: list[PlannedSanction],
    staff: dict[int, tuple[str, str]],
    members: dict[int, tuple[str, float]],
    now: float,
) -> list[Entry]:
    """What the services would have logged for the cases and sanctions, then approvals of
    registrations up to scale.audit_entries; oldest first."""
    nouns = {"post": "post", "comment": "comment", "member": "profile", "message": "message"}
    entries: list[Entry] = []

    def add(actor: int | None, at: float, action: str, **values: Any) -> None:
        name, role = staff[actor] if actor is not None else ("system", "")
        entries.append(
            {"actor_id": actor, "actor_name": name, "actor_role": role, "action": action}
            | {"created_at": moment(at)}
            | values
        )

    for case in cases:
        item = case.item
        target = {
            "target_type": item.target_type,
            "target_id": str(case.pk if item.kind == "message" else item.pk),
            "target_label": item.label or f"message #{item.pk}",
            "subject_id": item.author,
            "space_id": item.space_id,
        }
        reason_code = Counter(flag[1] for flag in case.flags).most_common(1)[0][0]
        if case.held:
            threshold_flag = case.flags[min(len(case.flags), 3) - 1][3]
            add(
                None,
                threshold_flag,
                f"{nouns[item.kind]}.hold",
                before={"moderation": "published"},
                after={"moderation": "held"},
                reason=HELD_REASON,
                reason_code=reason_code,
                **target,
            )
        if case.status == CaseStatus.RESOLVED and case.resolved_at is not None:
            hidden = case.resolution == Resolution.HIDDEN
            add(
                case.resolved_by,
                case.resolved_at,
                f"{nouns[item.kind]}.{'hide' if hidden else 'approve'}",
                before={"moderation": "held" if case.held else "published"},
                after={"moderation": "hidden" if hidden else "published"},
                reason=HIDDEN_REASON if hidden else "",
                reason_code=reason_code if hidden else "",
                **target,
            )
    actions = {
        SanctionKind.WARNING: "member.warn",
        SanctionKind.SILENCE: "member.silence",
        SanctionKind.SUSPENSION: "member.suspend",
    }
    for s in sanctions:
        target = {
            "target_type": "sanctions.sanction",
            "target_id": str(s.pk),
            "target_label": f"{s.kind} #{s.pk}",
            "subject_id": s.member,
            "space_id": None,
        }
        ends = moment(s.ends).isoformat() if s.ends is not None else None
        add(
            s.issued_by,
            s.created,
            actions[SanctionKind(s.kind)],
            after={"kind": s.kind, "ends_at": ends},
            reason=SANCTION_REASONS[Reason(s.reason_code)],
            reason_code=s.reason_code,
            **target,
        )
        if s.appeal is not None and s.appeal[2] is not None:
            overturned = s.appeal[0] == AppealStatus.OVERTURNED
            add(
                s.appeal[3],
                s.appeal[2],
                "appeal.overturn" if overturned else "appeal.uphold",
                **target,
            )
        elif s.lifted is not None:
            add(s.lifted_by, s.lifted, "sanction.lift", reason=s.lift_reason, **target)
    approvers = list(staff)
    approved = [pk for pk in members if pk not in staff]
    rng.shuffle(approved)
    for pk in approved[: max(0, scale.audit_entries - len(entries))]:
        name, joined = members[pk]
        add(
            rng.choice(approvers),
            min(now - 1, joined + rng.random() * DAY),
            "member.approve",
            target_type="accounts.member",
            target_id=str(pk),
            target_label=name,
            subject_id=pk,
            space_id=None,
        )
    # Not enough members to approve (small scales): staff look at profiles instead.
    while len(entries) < scale.audit_entries:
        pk = rng.choice(approved or list(members))
        add(
            rng.choice(approvers),
            now - rng.random() * 365 * DAY,
            "profile.approve",
            target_type="accounts.member",
            target_id=str(pk),
            target_label=members[pk][0],
            subject_id=pk,
            space_id=None,
        )
    entries = entries[: scale.audit_entries] if scale.audit_entries else entries
    entries.sort(key=lambda entry: entry["created_at"])
    return entries


# All of it ------------------------------------------------------------------------------------


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
