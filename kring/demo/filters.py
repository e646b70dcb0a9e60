"""The demo's filters: a word list with one entry of each action, and a group that holds the
first two posts of new members for a moderator's approval. A second run adds nothing."""

from __future__ import annotations

import random

from kring.demo.context import DemoContext
from kring.filters import queries
from kring.filters.matching import normalise_phrase
from kring.filters.models import PremoderationMode, WordAction, WordFilter
from kring.filters.services import add_word_filter, set_group_premoderation
from kring.spaces.models import Space
from kring.spaces.services import create_group
from kring.spaces.services.groups import slug_base

# (phrase, action, replacement): a scam word refused, spam words held, a mild insult replaced.
WORDS = (
    ("oplichter", WordAction.BLOCK, ""),
    ("gratis geld", WordAction.HOLD, ""),
    ("crypto-kans", WordAction.HOLD, ""),
    ("sukkel", WordAction.REPLACE, "***"),
    ("klojo", WordAction.REPLACE, "[verwijderd]"),
)
PREMODERATED_GROUP = "Buurtprojecten"
FIRST_POSTS = 2


def build_filters(context: DemoContext, rng: random.Random) -> str:
    """Word-list entries and pre-moderation of the neighbourhood-projects group."""
    moderator = context.logins["moderator"]
    known = set(WordFilter.objects.values_list("normalised", flat=True))
    added = 0
    for phrase, action, replacement in WORDS:
        if normalise_phrase(phrase) in known:
            continue
        add_word_filter(moderator, phrase=phrase, action=action, replacement=replacement or "***")
        added += 1
    space = Space.objects.filter(slug=slug_base(PREMODERATED_GROUP)).first()
    if space is None:
        space = create_group(
            moderator,
            name=PREMODERATED_GROUP,
            description="Samen verduurzamen in je eigen straat.",
        )
    rule = queries.group_rule_for(space)
    if (rule.mode, rule.first_n) != (PremoderationMode.NEW_MEMBERS, FIRST_POSTS):
        set_group_premoderation(
            moderator, space=space, mode=PremoderationMode.NEW_MEMBERS, first_n=FIRST_POSTS
        )
    return (
        f"{len(WORDS)} filtered words ({added} new); {space.name} holds the first"
        f" {FIRST_POSTS} posts of new members"
    )
