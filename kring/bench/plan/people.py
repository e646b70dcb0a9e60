"""The seeded community, planned in memory before a row is written.

Everything is drawn from one `random.Random(seed)`, in a fixed order, so a seed gives the same
community on every machine and database. Activity is skewed the way real communities are: a
few very active members and groups and a long tail (Zipf-like weights by rank), most members
never write (they read and react), and a few hot posts collect hundreds of comments.

The denormalised counters the services keep (`Space.post_count/last_activity_at`,
`Post.comment_count/reaction_count/reaction_counts/last_activity_at`,
`Comment.reaction_count/reaction_counts`) are computed here while generating, exactly as the
services would have moved them, so the rows go in with their final values and no recount
query runs afterwards. Members, spaces, posts and comments get explicit ids (numbered after
the highest id already in the database) so rows can point at each other before they exist.
"""

from __future__ import annotations

import heapq
import random
from bisect import bisect

from kring.bench import community as cm
from kring.bench.scales import Scale


class PeoplePlanner:
    """Draws the community in phases (members, groups, relations, posts, comments, reactions);
    each phase only reads what the ones before it made."""

    def __init__(
        self,
        scale: Scale,
        *,
        seed: int,
        now: float,
        ids: cm.IdBase,
        community_id: int,
        post_bodies: int,
        comment_bodies: int,
    ) -> None:
        self.scale = scale
        self.rng = random.Random(seed)  # noqa: S311  (reproducible data, not secrets)
        self.now = now
        self.ids = ids
        self.community_id = community_id
        self.post_bodies = post_bodies
        self.comment_bodies = comment_bodies
        self.profile_space: dict[int, int] = {}  # member index -> profile space id
        self.space_totals: dict[int, cm.SpaceTotals] = {}

    # Members ----------------------------------------------------------------------------

    def members(self) -> cm.Members:
        rng, n = self.rng, self.scale.members
        role = [cm.ROLE_MEMBER] * n
        # Member 0, the most active, stays a customer: the benchmark reads as them.
        staff = rng.sample(range(1, n), max(2, n // 100))
        role[staff[0]] = cm.ROLE_ADMIN
        managers = max(1, n // 2_000)
        moderators = max(1, n // 500)
        for index in staff[1 : 1 + managers]:
            role[index] = cm.ROLE_MANAGER
        for index in staff[1 + managers : 1 + managers + moderators]:
            role[index] = cm.ROLE_MODERATOR
        for index in staff[1 + managers + moderators :]:
            role[index] = cm.ROLE_EMPLOYEE
        customers = [i for i in range(1, n) if role[i] == cm.ROLE_MEMBER]
        pending = set(rng.sample(customers, n // 100))
        inactive = set(rng.sample([i for i in customers if i not in pending], n // 200))
        approved = [i not in pending for i in range(n)]
        active = [i not in inactive for i in range(n)]
        visibility = rng.choices(range(3), weights=[20, 72, 8], k=n)
        # Early members joined first and write most: ids ascend with the joining date.
        joined = [self.now - cm.SPAN * (1 - i / n) ** 0.7 - cm.DAY for i in range(n)]
        writers = max(1, int(n * 0.4))  # the other 60% read and react, but never write
        weight = [
            1 / (i + 3) if i < writers and approved[i] and active[i] else 0.0 for i in range(n)
        ]
        participants = [i for i in range(n) if approved[i] and active[i]]
        employees = [i for i in participants if role[i] != cm.ROLE_MEMBER]
        return cm.Members(
            n, role, approved, active, visibility, joined, weight, participants, employees
        )

    def totals(self, space_id: int) -> cm.SpaceTotals:
        return self.space_totals.setdefault(space_id, cm.SpaceTotals())

    def member_id(self, index: int) -> int:
        return self.ids.member + index

    # Groups -----------------------------------------------------------------------------

    def groups(self, members: cm.Members, names: list[str]) -> list[cm.Group]:
        rng, n = self.rng, members.count
        everyone = members.participants
        floor = min(w for w in members.weight if w > 0) / 10  # lurkers post, rarely
        groups: list[cm.Group] = []
        for rank in range(self.scale.groups):
            employees_only = rank % 25 == 5 and bool(members.employees)
            pool = members.employees if employees_only else everyone
            visibility = cm.VIS_PUBLIC
            if rank >= 3 and rank % 10 in (7, 8):
                visibility = cm.VIS_PRIVATE
            elif rank >= 3 and rank % 10 == 9:
                visibility = cm.VIS_SECRET
            size = max(min(8, len(pool)), round(len(everyone) * 0.45 / (rank + 1) ** 0.85))
            # Weighted sampling without replacement (Efraimidis-Spirakis): those who write
            # more join more groups, so the most active members are in many of them.
            chosen = sorted(
                heapq.nlargest(
                    min(size, len(pool)),
                    pool,
                    key=lambda i: rng.random() ** (1 / (1 + min(20, members.weight[i] * n / 10))),
                )
            )
            created = self.now - cm.SPAN * rng.uniform(0.2, 1.0) ** (1 + rank / 50)
            memberships: list[tuple[int, int, int, float]] = []
            active: list[int] = []
            for position, index in enumerate(chosen):
                since = max(created, members.joined[index])
                joined = since + rng.random() * (self.now - since) * 0.9
                status = cm.STATUS_ACTIVE
                if position > 0 and visibility != cm.VIS_PUBLIC:
                    draw = rng.random()
                    status = (
                        cm.STATUS_REQUESTED
                        if draw < 0.03
                        else cm.STATUS_INVITED
                        if draw < 0.05
                        else cm.STATUS_ACTIVE
                    )
                group_role = cm.GROUP_MEMBER
                if position == 0:
                    group_role, joined = cm.GROUP_OWNER, created
                elif position <= len(chosen) // 40 and status == cm.STATUS_ACTIVE:
                    group_role = cm.GROUP_MODERATOR
                memberships.append((index, group_role, status, joined))
                if status == cm.STATUS_ACTIVE:
                    active.append(index)
            groups.append(
                cm.Group(
                    rank=rank,
                    name=names[rank],
                    visibility=visibility,
                    employees_only=employees_only,
                    created=created,
                    memberships=memberships,
                    active=active,
                    author_weights=cm.cumulative([members.weight[i] + floor for i in active]),
                )
            )
            self.totals(self.group_id(rank)).last = created  # create_group sets it
        return groups

    def group_id(self, rank: int) -> int:
        return self.ids.space + rank

    # Friendships, follows, requests, blocks ---------------------------------------------

    def relations(self, members: cm.Members, groups: list[cm.Group]) -> cm.Relations:
        rng, total = self.rng, self.scale.relations
        people = members.participants
        popular = cm.cumulative([members.weight[i] + 1e-4 for i in people])
        friend_target = int(total * 0.6)
        follow_target = int(total * 0.32)
        group_follow_target = total - friend_target - follow_target

        def draw_pairs(target: int, taken: set[tuple[int, int]]) -> list[tuple[int, int]]:
            pairs: list[tuple[int, int]] = []
            for _attempt in range(target * 20):
                if len(pairs) >= target:
                    break
                a = people[bisect(popular, rng.random() * popular[-1])]
                b = rng.choice(people)
                key = (min(a, b), max(a, b))
                if a != b and key not in taken:
                    taken.add(key)
                    pairs.append((b, a))  # (the one who asked, the popular one)
            return pairs

        taken: set[tuple[int, int]] = set()
        friendships = draw_pairs(friend_target, taken)
        friends: dict[int, list[int]] = {}
        for a, b in friendships:
            friends.setdefault(a, []).append(b)
            friends.setdefault(b, []).append(a)
        requests = [
            (a, b, self.recent(30)) for a, b in draw_pairs(max(1, friend_target // 20), taken)
        ]
        blocks = [
            (a, b, self.recent(200))
            for a, b in draw_pairs(max(1, self.scale.members // 500), taken)
        ]
        follows = [(a, b, self.recent(500)) for a, b in draw_pairs(follow_target, set())]
        public = [g for g in groups if g.is_public_for_everyone]
        group_follows: list[tuple[int, int, float]] = []
        seen: set[tuple[int, int]] = set()
        if public:
            group_weights = cm.cumulative([1 / (g.rank + 1) for g in public])
            for _attempt in range(group_follow_target * 20):
                if len(group_follows) >= group_follow_target:
                    break
                group = public[bisect(group_weights, rng.random() * group_weights[-1])]
                follower = rng.choice(people)
                if (follower, group.rank) not in seen:
                    seen.add((follower, group.rank))
                    group_follows.append((follower, group.rank, self.recent(500)))
        return cm.Relations(friendships, friends, follows, group_follows, requests, blocks)

    def recent(self, days: float) -> float:
        return self.now - self.rng.random() * days * cm.DAY
