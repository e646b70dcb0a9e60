"""Flag cases of the moderation queue of a seeded community and their flags, in bulk.

Cases about posts, comments, profiles and messages, a share open, some of those held by the
flag threshold (the item `held`), the rest resolved (approved, or hidden: the item `hidden`),
each with `flag_count`, first and last flag.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Min

from kring.accounts.models import Member
from kring.audit.models import Reason
from kring.bench.bulk import Progress, moment
from kring.bench.community import DAY, HOUR
from kring.bench.conversations import Thread, skewed
from kring.bench.moderation_texts import HELD_REASON, HIDDEN_REASON
from kring.bench.people import Cast
from kring.bench.scales import Scale
from kring.content.models import Comment, Post
from kring.moderation.models import CaseStatus, Flag, FlagCase, Resolution

OPEN_SHARE = 0.3  # flag cases still in the queue
HIDDEN_SHARE = 0.4  # of the resolved post, comment and message cases
PROTECTED_POSTS = 50  # the busiest posts (the driver's pages) are never flagged
FLAG_TEXTS = [
    "",
    "",
    "Dit is reclame voor een installateur.",
    "Niet netjes tegen andere leden.",
    "Hoort niet in deze groep.",
    "Staat een telefoonnummer in.",
]
FLAG_REASON_WEIGHTS: list[tuple[str, int]] = [
    (Reason.SPAM, 40),
    (Reason.OFFENSIVE, 30),
    (Reason.OFF_TOPIC, 20),
    (Reason.OTHER, 10),
]


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
