"""How big a seeded community is. Medium is the size the targets of issue #6 are measured at;
large (10x medium) is documented, not run in CI."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    members: int
    groups: int
    posts: int
    comments: int
    reactions: int
    # Friendships, member follows and group follows together (a friendship counts once,
    # though it is stored as two rows).
    relations: int
    # The forum, knowledge pages and news (issue #4): topics and their public replies, pages
    # (a few catalogue sections, the rest products), reviews of the products, articles.
    topics: int
    replies: int
    pages: int
    reviews: int
    articles: int
    # Community management (issue #5): private conversations and their messages (one hot
    # conversation, most one-to-one), flag cases of the moderation queue (each with its
    # flags), sanctions, and audit log entries (those the cases and sanctions made included).
    conversations: int = 0
    messages: int = 0
    flag_cases: int = 0
    sanctions: int = 0
    audit_entries: int = 0


SCALES: dict[str, Scale] = {
    # For the unit tests only: seconds, not minutes.
    "tiny": Scale(
        "tiny",
        50,
        4,
        200,
        400,
        600,
        120,
        40,
        300,
        8,
        30,
        6,
        conversations=60,
        messages=600,
        flag_cases=30,
        sanctions=12,
        audit_entries=150,
    ),
    "small": Scale(
        "small",
        1_000,
        20,
        10_000,
        25_000,
        50_000,
        5_000,
        2_500,
        25_000,
        40,
        400,
        50,
        conversations=2_000,
        messages=20_000,
        flag_cases=200,
        sanctions=100,
        audit_entries=2_000,
    ),
    "medium": Scale(
        "medium",
        20_000,
        200,
        200_000,
        500_000,
        1_000_000,
        100_000,
        50_000,
        500_000,
        200,
        5_000,
        500,
        conversations=20_000,
        messages=200_000,
        flag_cases=2_000,
        sanctions=1_000,
        audit_entries=20_000,
    ),
    "large": Scale(
        "large",
        200_000,
        2_000,
        2_000_000,
        5_000_000,
        10_000_000,
        1_000_000,
        500_000,
        5_000_000,
        1_000,
        50_000,
        5_000,
        conversations=200_000,
        messages=2_000_000,
        flag_cases=20_000,
        sanctions=10_000,
        audit_entries=200_000,
    ),
}
