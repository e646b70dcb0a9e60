"""Every write of the filters: the word list, the link rules, a group's pre-moderation.

Each checks its permission, writes in one transaction with its audit-log entry, and clears the
cached rules after commit (the screens read only the cache).
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kring.audit.services import record_action
from kring.core.permissions import require
from kring.filters import queries
from kring.filters.matching import normalise_phrase
from kring.filters.models import GroupRule, LinkRules, PremoderationMode, WordAction, WordFilter
from kring.filters.permissions import can_manage_filters, can_set_premoderation
from kring.spaces.models import Space

FIRST_N_MAX = 50


def _forget(key: str) -> None:
    # Now, for this transaction's own reads, and again after commit: another process may have
    # cached the old rules in between.
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def _word_snapshot(row: WordFilter) -> dict[str, Any]:
    return {
        "phrase": row.phrase,
        "whole_word": row.whole_word,
        "action": row.action,
        "replacement": row.replacement,
    }


def _clean_word(phrase: str, action: str, replacement: str, *, exclude: int | None) -> str:
    normalised = normalise_phrase(phrase)
    if not normalised:
        raise ValidationError(_("Enter a word or phrase."), code="required")
    if len(normalised) > 100:
        raise ValidationError(_("Keep the phrase under 100 characters."), code="max_length")
    if action not in WordAction.values:
        raise ValidationError(_("Choose what happens to a text with this word."), code="invalid")
    if len(replacement) > 60:
        raise ValidationError(_("Keep the replacement under 60 characters."), code="max_length")
    taken = WordFilter.objects.filter(normalised=normalised)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationError(_("This word is already on the list."), code="unique")
    return normalised


def add_word_filter(
    actor: Any,
    *,
    phrase: str,
    action: str = WordAction.BLOCK,
    whole_word: bool = True,
    replacement: str = "***",
) -> WordFilter:
    """Put a word or phrase on the list."""
    require(can_manage_filters(actor), _("Only moderators manage the word list."))
    phrase = " ".join(phrase.split())
    normalised = _clean_word(phrase, action, replacement, exclude=None)
    with transaction.atomic():
        row = WordFilter.objects.create(
            phrase=phrase,
            normalised=normalised,
            whole_word=whole_word,
            action=action,
            replacement=replacement if action == WordAction.REPLACE else "***",
            created_by=actor,
        )
        record_action(actor, action="filter.word_add", target=row, after=_word_snapshot(row))
        _forget(queries.WORDS_KEY)
    return row


def update_word_filter(
    actor: Any,
    *,
    word_filter: WordFilter,
    phrase: str,
    action: str,
    whole_word: bool,
    replacement: str,
) -> WordFilter:
    """Change an entry of the list."""
    require(can_manage_filters(actor), _("Only moderators manage the word list."))
    phrase = " ".join(phrase.split())
    normalised = _clean_word(phrase, action, replacement, exclude=word_filter.pk)
    with transaction.atomic():
        before = _word_snapshot(word_filter)
        word_filter.phrase, word_filter.normalised = phrase, normalised
        word_filter.action, word_filter.whole_word = action, whole_word
        word_filter.replacement = replacement if action == WordAction.REPLACE else "***"
        word_filter.save(
            update_fields=[
                "phrase",
                "normalised",
                "action",
                "whole_word",
                "replacement",
                "updated_at",
            ]
        )
        record_action(
            actor,
            action="filter.word_edit",
            target=word_filter,
            before=before,
            after=_word_snapshot(word_filter),
        )
        _forget(queries.WORDS_KEY)
    return word_filter


def delete_word_filter(actor: Any, *, word_filter: WordFilter) -> None:
    """Take an entry off the list."""
    require(can_manage_filters(actor), _("Only moderators manage the word list."))
    with transaction.atomic():
        record_action(
            actor,
            action="filter.word_delete",
            target=word_filter,
            before=_word_snapshot(word_filter),
        )
        word_filter.delete()
        _forget(queries.WORDS_KEY)


def _links_snapshot(rules: LinkRules) -> dict[str, Any]:
    return {
        "new_member_days": rules.new_member_days,
        "new_member_contributions": rules.new_member_contributions,
        "max_links": rules.max_links,
        "blocked_domains": list(rules.domains()),
        "hold_new_member_links": rules.hold_new_member_links,
    }


def update_link_rules(
    actor: Any,
    *,
    new_member_days: int,
    new_member_contributions: int,
    max_links: int,
    blocked_domains: str,
    hold_new_member_links: bool,
) -> LinkRules:
    """Change the link rules for new members."""
    require(can_manage_filters(actor), _("Only moderators change the link rules."))
    for value in (new_member_days, new_member_contributions, max_links):
        if not 0 <= value <= 365:
            raise ValidationError(_("Choose a number from 0 to 365."), code="invalid")
    with transaction.atomic():
        rules, _created = LinkRules.objects.select_for_update().get_or_create(pk=1)
        before = _links_snapshot(rules)
        rules.new_member_days = new_member_days
        rules.new_member_contributions = new_member_contributions
        rules.max_links = max_links
        rules.blocked_domains = "\n".join(LinkRules(blocked_domains=blocked_domains).domains())
        rules.hold_new_member_links = hold_new_member_links
        rules.save()
        record_action(
            actor,
            action="filter.link_rules",
            target=rules,
            before=before,
            after=_links_snapshot(rules),
        )
        _forget(queries.LINK_RULES_KEY)
    return rules


def set_group_premoderation(actor: Any, *, space: Space, mode: str, first_n: int = 3) -> GroupRule:
    """Turn pre-moderation of `space` off, on for all posts, or on for new members' first posts."""
    require(
        can_set_premoderation(actor, space),
        _("Only the group's owner and moderators set its pre-moderation."),
    )
    if mode not in PremoderationMode.values:
        raise ValidationError(_("Choose a pre-moderation setting."), code="invalid")
    if not 1 <= first_n <= FIRST_N_MAX:
        raise ValidationError(
            _("Choose a number from 1 to %(max)d.") % {"max": FIRST_N_MAX}, code="invalid"
        )
    with transaction.atomic():
        rule, _created = GroupRule.objects.select_for_update().get_or_create(space=space)
        before = {"mode": rule.mode, "first_n": rule.first_n}
        rule.mode, rule.first_n = mode, first_n
        rule.save(update_fields=["mode", "first_n", "updated_at"])
        record_action(
            actor,
            action="filter.premoderation",
            target=rule,
            space=space,
            before=before,
            after={"mode": mode, "first_n": first_n},
        )
        _forget(queries.GROUP_RULES_KEY)
    return rule
