"""The shape of a planned community (plan.py fills it in, seeding.py writes it): parallel
lists indexed by member, post, comment and reaction number, and the words the numbers stand for.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

DAY = 86_400.0
HOUR = 3_600.0
SPAN = 730 * DAY  # the community's age: two years of history

ROLE_MEMBER, ROLE_EMPLOYEE, ROLE_MODERATOR, ROLE_MANAGER, ROLE_ADMIN = range(5)
ROLES = ["member", "employee", "moderator", "manager", "admin"]

VIS_PUBLIC, VIS_PRIVATE, VIS_SECRET = range(3)
VISIBILITIES = ["public", "private", "secret"]
PROFILE_VISIBILITIES = ["everyone", "members", "friends"]
STATUS_ACTIVE, STATUS_REQUESTED, STATUS_INVITED = range(3)
STATUSES = ["active", "requested", "invited"]
GROUP_OWNER, GROUP_MODERATOR, GROUP_MEMBER = range(3)
GROUP_ROLES = ["owner", "moderator", "member"]

REACTION_KINDS = ["like", "heart", "thumbs_up", "insightful", "thumbs_down"]
REACTION_WEIGHTS = list(itertools.accumulate([60, 20, 14, 5, 1]))

# Shares of the posts by where they are placed.
COMMUNITY_SHARE, GROUP_SHARE = 0.25, 0.55  # the rest on profile walls
HOT_POST_EVERY = 2_000  # one hot post per this many posts (at least three)
HOT_COMMENT_SHARE = 0.2  # hot posts carry at most this share of all comments
REPLY_SHARE = 0.3
INTERNAL_SHARE = 0.01
DELETED_POST_SHARE = 0.007
DELETED_COMMENT_SHARE = 0.01
FRIENDS_ONLY_SHARE = 0.12  # of the posts members write on their own wall
POST_REACTION_SHARE = 0.75
# A post's share of the comments and reactions follows a Pareto draw, capped so that only the
# hot posts reach the hundreds.
PARETO_CAP = 100.0


@dataclass(frozen=True)
class IdBase:
    """The first free id of the tables whose rows point at each other before they exist."""

    member: int
    space: int
    post: int
    comment: int


@dataclass
class Members:
    count: int
    role: list[int]
    approved: list[bool]
    active: list[bool]
    visibility: list[int]
    joined: list[float]
    weight: list[float]  # how much a member writes; 0 for readers who never do
    participants: list[int]  # approved and active: they read beyond what visitors read
    employees: list[int]  # participants with an employee role or above


@dataclass
class Group:
    rank: int
    name: str
    visibility: int
    employees_only: bool
    created: float
    # (member index, group role, status, joined) for every membership
    memberships: list[tuple[int, int, int, float]]
    active: list[int]
    author_weights: list[float]  # cumulative, over `active`

    @property
    def is_public_for_everyone(self) -> bool:
        return self.visibility == VIS_PUBLIC and not self.employees_only


@dataclass
class Relations:
    friendships: list[tuple[int, int]]
    friends: dict[int, list[int]]
    member_follows: list[tuple[int, int, float]]
    group_follows: list[tuple[int, int, float]]
    friend_requests: list[tuple[int, int, float]]
    blocks: list[tuple[int, int, float]]


@dataclass
class Posts:
    """Parallel lists, one entry per post, in the order of their ids (= creation time)."""

    space: list[int] = field(default_factory=list)  # space id
    group: list[int] = field(default_factory=list)  # group index, -1 elsewhere
    author: list[int] = field(default_factory=list)
    created: list[float] = field(default_factory=list)
    friends_only: list[bool] = field(default_factory=list)
    deleted: list[bool] = field(default_factory=list)
    body: list[int] = field(default_factory=list)
    comment_count: list[int] = field(default_factory=list)
    last: list[float] = field(default_factory=list)
    reaction_count: list[int] = field(default_factory=list)
    reaction_counts: list[dict[str, int]] = field(default_factory=list)
    hot: list[int] = field(default_factory=list)  # indexes of the hot posts


@dataclass
class Comments:
    post: list[int] = field(default_factory=list)
    parent: list[int] = field(default_factory=list)  # comment index, -1 for top level
    author: list[int] = field(default_factory=list)
    created: list[float] = field(default_factory=list)
    internal: list[bool] = field(default_factory=list)
    deleted: list[bool] = field(default_factory=list)
    body: list[int] = field(default_factory=list)
    reaction_count: list[int] = field(default_factory=list)
    reaction_counts: list[dict[str, int]] = field(default_factory=list)


@dataclass
class Reactions:
    member: list[int] = field(default_factory=list)
    post: list[int] = field(default_factory=list)  # post index or -1
    comment: list[int] = field(default_factory=list)  # comment index or -1
    kind: list[int] = field(default_factory=list)
    created: list[float] = field(default_factory=list)


@dataclass
class SpaceTotals:
    post_count: int = 0
    last: float = 0.0


def cumulative(weights: list[float]) -> list[float]:
    return list(itertools.accumulate(weights))
