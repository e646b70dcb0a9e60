"""Who may change the filters: site moderators and up for the word list and link rules; a
group's owner and moderators (and site moderators) for the group's pre-moderation."""

from __future__ import annotations

from typing import Any

from kring.spaces.models import Space
from kring.spaces.permissions import can_manage_group, is_site_staff
from kring.spaces.queries import is_participant


def can_manage_filters(actor: Any) -> bool:
    """The word list and the link rules: site moderators and up."""
    return is_participant(actor) and is_site_staff(actor)


def can_set_premoderation(actor: Any, space: Space) -> bool:
    """A group's pre-moderation: its owner and moderators, and site moderators."""
    return is_participant(actor) and can_manage_group(actor, space)
