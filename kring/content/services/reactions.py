"""Reacting to posts and comments, with exact counts per kind of reaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F
from django.utils.translation import gettext as _

from kring.content import events
from kring.content.models import Comment, Post, Reaction
from kring.content.permissions import can_react, can_react_to_comment
from kring.core.events import publish_on_commit
from kring.core.permissions import require
from kring.core.sitesettings.models import SiteSettings


def react(
    actor: Any, *, post: Post | None = None, comment: Comment | None = None, kind: str
) -> str:
    """React to a post or a comment: the same kind again takes the reaction back, another kind
    replaces it. Returns the actor's reaction kind afterwards ("" when none).

    The target row is locked, so concurrent reactions on one item queue up and the counts
    recomputed from the Reaction rows are exact.
    """
    if (post is None) == (comment is None):
        raise ValueError("React to exactly one post or comment.")
    if comment is not None:
        require(can_react_to_comment(actor, comment), _("You cannot react to this comment."))
    else:
        assert post is not None  # noqa: S101  (narrows the type; checked just above)
        require(can_react(actor, post), _("You cannot react to this post."))
    model: type[Post] | type[Comment] = Comment if comment is not None else Post
    target_id = comment.pk if comment is not None else post.pk  # type: ignore[union-attr]
    target = {"comment_id": target_id} if comment is not None else {"post_id": target_id}
    with transaction.atomic():
        model.objects.select_for_update().filter(pk=target_id).first()
        existing = Reaction.objects.filter(member_id=actor.pk, **target).first()
        previous = existing.kind if existing is not None else ""
        if kind != previous and kind not in SiteSettings.load().enabled_reaction_kinds:
            raise ValidationError(_("That reaction is not available."), code="invalid")
        if existing is not None and previous == kind:
            existing.delete()
            delta, result = -1, ""
        elif existing is not None:
            existing.kind = kind
            existing.save(update_fields=["kind"])
            delta, result = 0, kind
        else:
            Reaction.objects.create(member=actor, kind=kind, **target)
            delta, result = 1, kind
        counts = dict(
            Reaction.objects.filter(**target)
            .order_by("kind")
            .values("kind")
            .annotate(n=Count("id"))
            .values_list("kind", "n")
        )
        model.objects.filter(pk=target_id).update(
            reaction_count=F("reaction_count") + delta, reaction_counts=counts
        )
        publish_on_commit(
            events.ReactionChanged(
                member_id=actor.pk,
                post_id=post.pk if post is not None else None,
                comment_id=comment.pk if comment is not None else None,
                kind=result,
                previous_kind=previous,
            )
        )
    return result
