"""Moving a wall post, with its comments, to another group or the community."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.audit.services import record_action
from kring.content import events
from kring.content.links import has_own_page
from kring.content.models import Post, PostAudience
from kring.content.permissions import is_site_moderator, moderates_space_of
from kring.content.services.counters import bump_space
from kring.core.events import publish_on_commit
from kring.core.permissions import require
from kring.spaces.models import Space, SpaceKind
from kring.spaces.permissions import can_manage_group

# Moving a wall post to another group or the community (a forum topic moves with its category:
# kring.forum.services.move_topic).

MOVABLE_TO = (SpaceKind.COMMUNITY, SpaceKind.GROUP)


def _moderates_both(actor: Any, post: Post, space: Space) -> bool:
    """Site moderators move anywhere; a group's moderator between groups they both moderate."""
    if is_site_moderator(actor):
        return True
    return (
        moderates_space_of(actor, post)
        and post.space.is_group
        and space.is_group
        and can_manage_group(actor, space)
    )


def movable_post_refusal(post: Post) -> str:
    """Why `post` cannot be moved at all, "" when it can (pages offer "Move" only then)."""
    if post.deleted_at is not None:
        return _("A deleted post cannot be moved.")
    if post.space.kind not in MOVABLE_TO:
        return _("Posts on a profile wall stay on that wall.")
    if post.audience == PostAudience.FRIENDS:
        return _("Posts for friends only cannot be moved.")
    if has_own_page(post.kind):
        return _("This kind of post is moved on its own page (a topic: to another category).")
    return ""


def move_post(actor: Any, *, post: Post, space: Space, audit: bool = True) -> Post:
    """Move a wall post, with its comments, to another group or the community. Callers that log
    the act themselves, with its reason, pass audit=False."""
    require(_moderates_both(actor, post, space), _("You cannot move this post there."))
    refusal = movable_post_refusal(post)
    if refusal:
        raise ValidationError(refusal, code="invalid")
    if space.kind not in MOVABLE_TO:
        raise ValidationError(_("A post moves to a group or the community."), code="invalid")
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if locked.deleted_at is not None:
            raise ValidationError(_("A deleted post cannot be moved."), code="invalid")
        old_space_id = locked.space_id
        if old_space_id == space.pk:
            return post
        # A pin means "above the others in this space": the new space's moderators decide.
        Post.objects.filter(pk=locked.pk).update(space_id=space.pk, pinned_at=None)
        bump_space(old_space_id, posts=-1, activity=False)
        bump_space(space.pk, posts=1, activity=False)
        moved_at = locked.last_activity_at
        Space.objects.filter(
            Q(last_activity_at__isnull=True) | Q(last_activity_at__lt=moved_at), pk=space.pk
        ).update(last_activity_at=moved_at)
        # The old space was last active through this post: its newest remaining post says now.
        newest = (
            # A scheduled post (dated in the future) is no activity yet.
            Post.objects.filter(
                space_id=OuterRef("pk"), deleted_at__isnull=True, created_at__lte=timezone.now()
            )
            .order_by("-last_activity_at")
            .values("last_activity_at")[:1]
        )
        Space.objects.filter(pk=old_space_id, last_activity_at__lte=moved_at).update(
            last_activity_at=Coalesce(Subquery(newest), F("created_at"))
        )
        if audit:
            record_action(
                actor,
                action="post.move",
                target=locked,
                subject=locked.author,
                space=space,
                before={"space": old_space_id},
                after={"space": space.pk},
            )
        publish_on_commit(
            events.PostMoved(
                post_id=locked.pk, from_space_id=old_space_id, space_id=space.pk, by=actor.pk
            )
        )
    post.space, post.pinned_at = space, None
    return post
