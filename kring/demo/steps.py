"""The demo community, built step by step: each feature adds its own builder to STEPS.

A builder makes its part of the community exist and returns a one-line summary. Running it again
must duplicate nothing: builders look rows up by a natural key (an e-mail address, a slug) and
bring them to the state the demo describes.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import transaction

from kring.demo import (
    filters,
    forum,
    groups,
    knowledge,
    mediation,
    members,
    messaging,
    moderation,
    moved_post,
    news,
    reactions,
    sanctions,
    search_index,
    sitesettings,
    social,
    wall,
)
from kring.demo.context import DemoContext
from kring.filters.screens import paused as paused_screens


@dataclass(frozen=True)
class Step:
    name: str
    build: Callable[[DemoContext, random.Random], str]


STEPS: list[Step] = [
    Step("demo logins", members.build_demo_logins),
    Step("site settings", sitesettings.build_site_settings),
    Step("members", members.build_members),
    Step("groups", groups.build_groups),
    Step("friendships", social.build_friendships),
    Step("follows", social.build_follows),
    Step("wall", wall.build_wall),
    Step("reactions", reactions.build_reactions),
    Step("knowledge base", knowledge.build_knowledge),
    Step("forum", forum.build_forum),
    Step("news", news.build_news),
    Step("private messages", messaging.build_messaging),
    Step("filters", filters.build_filters),
    Step("moderation", moderation.build_moderation),
    Step("sanctions", sanctions.build_sanctions),
    Step("mediation", mediation.build_mediation),
    Step("moved post", moved_post.build_moved_post),
    Step("search index", search_index.build_search_index),
]


def build_demo(context: DemoContext) -> Iterator[tuple[Step, str]]:
    """Run every step in order, each in its own transaction; yield each step and its summary."""
    for step in STEPS:
        # The demo writes in bulk, as its members would over months: the filters' screens
        # (duplicates within minutes, links of new accounts) would refuse or hold its texts.
        with transaction.atomic(), paused_screens():
            summary = step.build(context, context.random_for(step.name))
        yield step, summary
