"""Reading the filters' rules: cached, so a screen costs no query once warm.

Each cached value is a plain tuple/dict (no model instances); kring.filters.services deletes
the keys after every change commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet

from kring.filters.matching import Entry
from kring.filters.models import GroupRule, LinkRules, PremoderationMode, WordFilter
from kring.spaces.models import Space

WORDS_KEY = "kring:filters:words:v1"
LINK_RULES_KEY = "kring:filters:links:v1"
GROUP_RULES_KEY = "kring:filters:groups:v1"
# The rules change rarely and every change clears them; the timeout only bounds a stale copy
# kept by a cache another process could not reach.
TIMEOUT = 6 * 3600


@dataclass(frozen=True)
class LinkPolicy:
    new_member_days: int = 3
    new_member_contributions: int = 3
    max_links: int = 2
    blocked_domains: tuple[str, ...] = ()
    hold_new_member_links: bool = False


@dataclass(frozen=True)
class GroupPolicy:
    mode: str
    first_n: int


def word_filters() -> QuerySet[WordFilter]:
    """The word list, for the moderators' page."""
    return WordFilter.objects.select_related("created_by").order_by("normalised")


def get_word_filter(filter_id: int) -> WordFilter | None:
    return WordFilter.objects.filter(pk=filter_id).first()


def word_entries() -> tuple[Entry, ...]:
    """The word list as the screens match it."""
    entries: tuple[Entry, ...] | None = cache.get(WORDS_KEY)
    if entries is None:
        entries = tuple(
            Entry(
                normalised=row.normalised,
                whole_word=row.whole_word,
                action=row.action,
                replacement=row.replacement,
            )
            for row in WordFilter.objects.order_by("normalised")
        )
        cache.set(WORDS_KEY, entries, TIMEOUT)
    return entries


def link_rules() -> LinkRules:
    """The editable row (unsaved, with the defaults, until a moderator first saves it)."""
    return LinkRules.objects.filter(pk=1).first() or LinkRules(pk=1)


def link_policy() -> LinkPolicy:
    """The link rules as the screens read them."""
    policy: LinkPolicy | None = cache.get(LINK_RULES_KEY)
    if policy is None:
        row = LinkRules.objects.filter(pk=1).first()
        policy = LinkPolicy()
        if row is not None:
            policy = LinkPolicy(
                new_member_days=row.new_member_days,
                new_member_contributions=row.new_member_contributions,
                max_links=row.max_links,
                blocked_domains=row.domains(),
                hold_new_member_links=row.hold_new_member_links,
            )
        cache.set(LINK_RULES_KEY, policy, TIMEOUT)
    return policy


def group_policies() -> dict[int, GroupPolicy]:
    """Every group with pre-moderation on, by space id."""
    policies: dict[int, GroupPolicy] | None = cache.get(GROUP_RULES_KEY)
    if policies is None:
        policies = {
            space_id: GroupPolicy(mode=mode, first_n=first_n)
            for space_id, mode, first_n in GroupRule.objects.exclude(
                mode=PremoderationMode.OFF
            ).values_list("space_id", "mode", "first_n")
        }
        cache.set(GROUP_RULES_KEY, policies, TIMEOUT)
    return policies


def group_policy(space: Any) -> GroupPolicy | None:
    """The pre-moderation of `space` (None: off)."""
    if space is None:
        return None
    return group_policies().get(space.pk)


def group_rule_for(space: Space) -> GroupRule:
    """The editable rule of `space` (unsaved, mode off, when it has none)."""
    return GroupRule.objects.filter(space=space).first() or GroupRule(space=space)
