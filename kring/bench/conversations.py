"""Private conversations of a seeded community and their messages, in bulk.

One hot one-to-one conversation of the bench member (HOT_CONVERSATION_MESSAGES, for paging), a
few dozen more of the bench member (more than one inbox page, some unread), the rest between
members picked with skewed weights (a few very active), about GROUP_SHARE of them groups of 3
to 20. Exact counters, as the messaging services keep them: `Conversation.message_count` /
`last_message_at`, and per participant `last_read_at` and `unread_count` (messages from others
after the last one read; whoever writes has read everything before).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from kring.bench.bulk import Progress, moment
from kring.bench.community import DAY, PARETO_CAP
from kring.bench.moderation_texts import HELD_REASON, HIDDEN_REASON
from kring.bench.people import Cast
from kring.bench.scales import Scale
from kring.bench.texts import Body, rendered
from kring.messaging.models import MAX_PARTICIPANTS, Conversation, Message, Participant

HOT_CONVERSATION_MESSAGES = 2_000
GROUP_SHARE = 0.10
BENCH_CONVERSATIONS = 40  # more than one inbox page (25)
BENCH_UNREAD = 8  # of them with unread messages (the hot one too)
READ_ALL_SHARE = 0.85  # participants who have read everything

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


def skewed(rng: random.Random, cap: float = PARETO_CAP) -> float:
    return min(cap, rng.paretovariate(1.3))


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
