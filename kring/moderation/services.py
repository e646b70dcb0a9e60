"""Every write of the moderation app: reporting an item, and each moderator's action on a case.

Each action checks `can_moderate_case`, writes in one transaction together with its audit-log
entry, and publishes its event after commit. Posts and comments change only through
`kring.content.services` (and topics through `kring.forum.services`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.audit.models import Reason
from kring.audit.services import record_action
from kring.content import services as content_services
from kring.content.models import Comment, ModerationState, Post
from kring.core.events import publish_on_commit
from kring.core.permissions import require
from kring.forum import services as forum_services
from kring.forum.models import Category, Topic
from kring.members.models import Profile
from kring.messaging import services as messaging_services
from kring.moderation import events, queries
from kring.moderation.models import (
    FLAG_REASONS,
    CaseKind,
    CaseStatus,
    Flag,
    FlagCase,
    ModerationSettings,
    Resolution,
)
from kring.moderation.permissions import (
    can_change_moderation_settings,
    can_flag,
    can_moderate_case,
    flag_counts_as_threshold,
)
from kring.spaces.models import Space

FLAG_TEXT_MAX = 500
HIDE_REASON_MAX = 500
MAX_THRESHOLD = 100

NOT_A_MODERATOR = gettext_lazy("You cannot moderate this item.")


# Reporting ----------------------------------------------------------------------------------


def _check_flag_reason(reason: str, text: str) -> str:
    if reason not in {value for value, _label in FLAG_REASONS}:
        raise ValidationError(_("Choose a reason."), code="invalid")
    text = text.strip()
    if reason == Reason.OTHER and not text:
        raise ValidationError(_("Tell the moderators what is wrong."), code="required")
    if len(text) > FLAG_TEXT_MAX:
        raise ValidationError(
            _("Keep it under %(limit)d characters.") % {"limit": FLAG_TEXT_MAX},
            code="max_length",
        )
    return text


def flag_post(actor: Any, *, post_id: int, reason: str, text: str = "") -> Flag:
    """Report a post `actor` can see (NotFound otherwise)."""
    require(can_flag(actor), _("Log in to report something."))
    post = queries.get_flaggable_post(actor, post_id)
    if post.author_id == actor.pk:
        raise ValidationError(_("You cannot report your own post."), code="own")
    return _flag(actor, target={"post": post}, space_id=post.space_id, reason=reason, text=text)


def flag_comment(actor: Any, *, comment_id: int, reason: str, text: str = "") -> Flag:
    """Report a comment or reply `actor` can see."""
    require(can_flag(actor), _("Log in to report something."))
    comment = queries.get_flaggable_comment(actor, comment_id)
    if comment.author_id == actor.pk:
        raise ValidationError(_("You cannot report your own comment."), code="own")
    return _flag(
        actor,
        target={"comment": comment},
        space_id=comment.post.space_id,
        reason=reason,
        text=text,
    )


def flag_member(actor: Any, *, member_id: int, reason: str, text: str = "") -> Flag:
    """Report a profile `actor` can see."""
    require(can_flag(actor), _("Log in to report something."))
    member = queries.get_flaggable_member(actor, member_id)
    if member.pk == actor.pk:
        raise ValidationError(_("You cannot report your own profile."), code="own")
    return _flag(actor, target={"member": member}, space_id=None, reason=reason, text=text)


def flag_message(actor: Any, *, message_id: int, reason: str, text: str = "") -> Flag:
    """Report a private message of a conversation `actor` takes part in."""
    require(can_flag(actor), _("Log in to report something."))
    message = queries.get_flaggable_message(actor, message_id)
    if message.sender_id == actor.pk:
        raise ValidationError(_("You cannot report your own message."), code="own")
    return _flag(actor, target={"message": message}, space_id=None, reason=reason, text=text)


def _flag(
    actor: Any, *, target: dict[str, Any], space_id: int | None, reason: str, text: str
) -> Flag:
    text = _check_flag_reason(reason, text)
    now = timezone.now()
    with transaction.atomic():
        case = _lock_case(target, space_id=space_id, now=now)
        if not case.is_open:
            case.status, case.opened_at = CaseStatus.OPEN, now
            case.resolution, case.resolved_by, case.resolved_at = "", None, None
            case.hidden_by_threshold = False
        try:
            with transaction.atomic():  # a savepoint: the unique constraint answers a repeat
                flag = Flag.objects.create(case=case, flagger=actor, reason=reason, text=text)
        except IntegrityError:
            raise ValidationError(_("You already reported this."), code="duplicate") from None
        case.flag_count += 1
        case.first_flagged_at = case.first_flagged_at or now
        case.last_flagged_at = now
        case.save()
        recent = Flag.objects.filter(case_id=case.pk, created_at__gte=case.opened_at).count()
        if not case.hidden_by_threshold and (
            flag_counts_as_threshold(actor) or recent >= queries.flag_threshold()
        ):
            _hold(case, reason_code=reason)
        publish_on_commit(
            events.ItemFlagged(
                case_id=case.pk,
                flag_id=flag.pk,
                flagger_id=actor.pk,
                kind=case.kind,
                target_id=case.target_id or 0,
                reason=reason,
            )
        )
    return flag


def _lock_case(target: dict[str, Any], *, space_id: int | None, now: Any) -> FlagCase:
    """The item's case, locked for this transaction (created on the first flag)."""
    case = FlagCase.objects.select_for_update().filter(**target).first()
    if case is not None:
        return case
    try:
        with transaction.atomic():
            FlagCase.objects.create(space_id=space_id, opened_at=now, **target)
    except IntegrityError:
        pass  # a concurrent first flag made it
    return FlagCase.objects.select_for_update().get(**target)


def _hold(case: FlagCase, *, reason_code: str) -> None:
    """Hide the item pending review (flags passed the threshold); the system acts."""
    reason = _("Several members reported this: it is hidden until a moderator has looked at it.")
    item = _item_of(case)
    state = getattr(item, "moderation", ModerationState.PUBLISHED)
    case.hidden_by_threshold = True
    case.save(update_fields=["hidden_by_threshold"])
    if state != ModerationState.PUBLISHED:
        return  # already pending or hidden: nothing to hold
    _set_state(None, case, ModerationState.HELD, reason)
    record_action(
        None,
        action=f"{_action_noun(case)}.hold",
        target=_audit_target(case),
        subject=_subject_of(case),
        space=case.space,
        before={"moderation": state},
        after={"moderation": ModerationState.HELD},
        reason=reason,
        reason_code=reason_code,
    )
    publish_on_commit(
        events.ItemHeldByFlags(case_id=case.pk, kind=case.kind, target_id=case.target_id or 0)
    )


# Cases without flags: content held for approval (pre-moderation, filters) --------------------


def open_case_for_pending(*, post_id: int | None = None, comment_id: int | None = None) -> None:
    """Put a post or comment waiting for approval in the queue (listeners call this)."""
    now = timezone.now()
    if post_id is not None:
        post = Post.objects.filter(pk=post_id).only("pk", "space_id", "moderation").first()
        if post is None or post.moderation != ModerationState.PENDING:
            return
        target: dict[str, Any] = {"post_id": post.pk}
        space_id: int | None = post.space_id
    else:
        comment = Comment.objects.filter(pk=comment_id or 0).select_related("post").first()
        if comment is None or comment.moderation != ModerationState.PENDING:
            return
        target, space_id = {"comment_id": comment.pk}, comment.post.space_id
    with transaction.atomic():
        reopened = FlagCase.objects.filter(status=CaseStatus.RESOLVED, **target).update(
            status=CaseStatus.OPEN,
            opened_at=now,
            resolution="",
            resolved_by=None,
            resolved_at=None,
            hidden_by_threshold=False,
        )
        if not reopened and not FlagCase.objects.filter(**target).exists():
            try:
                with transaction.atomic():
                    FlagCase.objects.create(space_id=space_id, opened_at=now, **target)
            except IntegrityError:
                pass  # made concurrently


def close_case_of_deleted(
    *, post_id: int | None = None, comment_id: int | None = None, by: int | None = None
) -> None:
    """An item deleted elsewhere (by its author, on its page) leaves the queue (listeners)."""
    target: dict[str, int | None] = (
        {"post_id": post_id} if post_id is not None else {"comment_id": comment_id}
    )
    FlagCase.objects.filter(status=CaseStatus.OPEN, **target).update(
        status=CaseStatus.RESOLVED,
        resolution=Resolution.DELETED,
        resolved_by_id=by,
        resolved_at=timezone.now(),
    )


# Moderators' actions -------------------------------------------------------------------------


def _item_of(case: FlagCase) -> Any:
    if case.post_id is not None:
        return case.post
    if case.comment_id is not None:
        return case.comment
    if case.member_id is not None:
        return Profile.objects.get_or_create(member_id=case.member_id)[0]
    return case.message


def _action_noun(case: FlagCase) -> str:
    return {
        CaseKind.POST: "post",
        CaseKind.COMMENT: "comment",
        CaseKind.MEMBER: "profile",
        CaseKind.MESSAGE: "message",
    }[CaseKind(case.kind)]


def _audit_target(case: FlagCase) -> Any:
    # A private message's text stays out of the audit log: the entry names the case instead.
    if case.message_id is not None:
        return case
    if case.member_id is not None:
        return case.member
    return _item_of(case)


def _subject_of(case: FlagCase) -> Any:
    if (post := case.post) is not None:
        return post.author
    if (comment := case.comment) is not None:
        return comment.author
    if case.member_id is not None:
        return case.member
    return case.message.sender if case.message is not None else None


def _set_state(actor: Any, case: FlagCase, state: str, reason: str) -> None:
    if (post := case.post) is not None:
        content_services.set_post_moderation(actor, post=post, state=state, reason=reason)
    elif (comment := case.comment) is not None:
        content_services.set_comment_moderation(actor, comment=comment, state=state, reason=reason)
    elif case.member_id is not None:
        # The members app has no moderation service: its profile row holds only the state.
        Profile.objects.get_or_create(member_id=case.member_id)
        Profile.objects.filter(member_id=case.member_id).update(
            moderation=state, moderation_reason=reason[:500]
        )
    elif (message := case.message) is not None:
        messaging_services.set_message_moderation(
            actor, message=message, state=state, reason=reason
        )


def _resolve(actor: Any, case: FlagCase, resolution: str) -> None:
    now = timezone.now()
    FlagCase.objects.filter(pk=case.pk).update(
        status=CaseStatus.RESOLVED, resolution=resolution, resolved_by=actor, resolved_at=now
    )
    case.status, case.resolution, case.resolved_by, case.resolved_at = (
        CaseStatus.RESOLVED,
        resolution,
        actor,
        now,
    )
    publish_on_commit(
        events.CaseResolved(
            case_id=case.pk,
            kind=case.kind,
            target_id=case.target_id or 0,
            resolution=resolution,
            by=actor.pk,
        )
    )


def _top_reason(case: FlagCase) -> str:
    """The reason most flags gave (the audit category of an action on the case)."""
    reasons = [flag.reason for flag in case.flags.all()]
    return max(set(reasons), key=reasons.count) if reasons else ""


def _check_reason_code(reason_code: str) -> str:
    if reason_code and reason_code not in Reason.values:
        raise ValidationError(_("Choose a reason."), code="invalid")
    return reason_code


def approve_case(actor: Any, *, case: FlagCase) -> FlagCase:
    """Publish the item (pending, held or hidden) and dismiss its flags."""
    require(can_moderate_case(actor, case), NOT_A_MODERATOR)
    item = _item_of(case)
    before = getattr(item, "moderation", ModerationState.PUBLISHED)
    with transaction.atomic():
        _set_state(actor, case, ModerationState.PUBLISHED, "")
        record_action(
            actor,
            action=f"{_action_noun(case)}.approve",
            target=_audit_target(case),
            subject=_subject_of(case),
            space=case.space,
            before={"moderation": before},
            after={"moderation": ModerationState.PUBLISHED},
        )
        _resolve(actor, case, Resolution.APPROVED)
    return case


def hide_case(actor: Any, *, case: FlagCase, reason: str, reason_code: str = "") -> FlagCase:
    """Hide the item with a reason its author reads."""
    require(can_moderate_case(actor, case), NOT_A_MODERATOR)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why it is hidden: its author reads it."), code="required")
    if len(reason) > HIDE_REASON_MAX:
        raise ValidationError(
            _("Keep the reason under %(limit)d characters.") % {"limit": HIDE_REASON_MAX},
            code="max_length",
        )
    reason_code = _check_reason_code(reason_code) or _top_reason(case)
    before = getattr(_item_of(case), "moderation", ModerationState.PUBLISHED)
    with transaction.atomic():
        _set_state(actor, case, ModerationState.HIDDEN, reason)
        record_action(
            actor,
            action=f"{_action_noun(case)}.hide",
            target=_audit_target(case),
            subject=_subject_of(case),
            space=case.space,
            before={"moderation": before},
            after={"moderation": ModerationState.HIDDEN},
            reason=reason,
            reason_code=reason_code,
        )
        _resolve(actor, case, Resolution.HIDDEN)
    return case


def delete_case(actor: Any, *, case: FlagCase, reason: str = "", reason_code: str = "") -> FlagCase:
    """Delete the post, comment or message (soft: the content services keep it restorable)."""
    require(can_moderate_case(actor, case), NOT_A_MODERATOR)
    if case.member_id is not None:
        raise ValidationError(_("A profile cannot be deleted here: hide it."), code="invalid")
    reason_code = _check_reason_code(reason_code) or _top_reason(case)
    with transaction.atomic():
        if (post := case.post) is not None:
            content_services.delete_post(actor, post=post, audit=False)
        elif (comment := case.comment) is not None:
            content_services.delete_comment(actor, comment=comment, audit=False)
        elif (message := case.message) is not None:
            messaging_services.delete_message(actor, message=message)
        record_action(
            actor,
            action=f"{_action_noun(case)}.delete",
            target=_audit_target(case),
            subject=_subject_of(case),
            space=case.space,
            reason=reason.strip(),
            reason_code=reason_code,
        )
        _resolve(actor, case, Resolution.DELETED)
    return case


def edit_case(
    actor: Any, *, case: FlagCase, body: str, title: str | None = None, note: str
) -> FlagCase:
    """Edit the post or comment (the note says why and stays in its history), then publish it."""
    require(can_moderate_case(actor, case), NOT_A_MODERATOR)
    note = note.strip()
    if not note:
        raise ValidationError(_("Say what you changed and why."), code="required")
    if case.post_id is None and case.comment_id is None:
        raise ValidationError(_("Only posts and comments can be edited."), code="invalid")
    item = _item_of(case)
    before = {"body": item.body, "moderation": item.moderation}
    with transaction.atomic():
        if (post := case.post) is not None:
            content_services.edit_post(actor, post=post, body=body, title=title, note=note)
        elif (comment := case.comment) is not None:
            content_services.edit_comment(actor, comment=comment, body=body)
        _set_state(actor, case, ModerationState.PUBLISHED, "")
        record_action(
            actor,
            action=f"{_action_noun(case)}.edit",
            target=_audit_target(case),
            subject=_subject_of(case),
            space=case.space,
            before=before,
            after={"body": body, "moderation": ModerationState.PUBLISHED},
            reason=note,
            reason_code=_top_reason(case),
        )
        _resolve(actor, case, Resolution.EDITED)
    return case


# Topics: lock, pin, move, merge, split (the forum's services do the work) -------------------


def _topic_of_case(case: FlagCase) -> Topic:
    topic = (
        Topic.objects.select_related("post", "post__space", "category")
        .filter(pk=case.post_id)
        .first()
    )
    if topic is None:
        raise ValidationError(_("This is not a forum topic."), code="invalid")
    return topic


def lock_case_topic(actor: Any, *, case: FlagCase, reason: str) -> Topic:
    """Lock the reported topic with a reason everyone reads."""
    require(can_moderate_case(actor, case), NOT_A_MODERATOR)
    topic = _topic_of_case(case)
    with transaction.atomic():
        forum_services.lock_topic(actor, topic=topic, reason=reason, audit=False)
        record_action(
            actor,
            action="topic.lock",
            target=topic.post,
            subject=topic.post.author,
            space=case.space,
            reason=reason.strip(),
            reason_code=_top_reason(case),
        )
    return topic


def pin_case_post(actor: Any, *, case: FlagCase) -> Post:
    """Pin the post (a topic through the forum)."""
    require(can_moderate_case(actor, case), NOT_A_MODERATOR)
    post = case.post
    if post is None:
        raise ValidationError(_("Only posts can be pinned."), code="invalid")
    with transaction.atomic():
        topic = Topic.objects.filter(pk=post.pk).select_related("post", "post__space").first()
        if topic is not None:
            # The kernel's pin_post, under the forum's rule, writes the audit entry.
            forum_services.pin_topic(actor, topic=topic)
        else:
            content_services.pin_post(actor, post=post, audit=False)
            record_action(
                actor, action="post.pin", target=post, subject=post.author, space=case.space
            )
    return post


def move_case_topic(actor: Any, *, case: FlagCase, category: Category) -> Topic:
    """Move the reported topic to another category (also in another group)."""
    require(can_moderate_case(actor, case), NOT_A_MODERATOR)
    topic = _topic_of_case(case)
    before = {"category": topic.category_id, "space": topic.post.space_id}
    with transaction.atomic():
        forum_services.move_topic(actor, topic=topic, category=category)
        FlagCase.objects.filter(pk=case.pk).update(space_id=category.space_id)
        record_action(
            actor,
            action="topic.move",
            target=topic.post,
            subject=topic.post.author,
            space=category.space,
            before=before,
            after={"category": category.pk, "space": category.space_id},
        )
        publish_on_commit(
            events.TopicMoved(topic_id=topic.pk, category_id=category.pk, by=actor.pk)
        )
    return topic


def move_case_post(actor: Any, *, case: FlagCase, space: Space) -> Post:
    """Move the reported wall post, with its comments, to another group or the community."""
    require(can_moderate_case(actor, case), NOT_A_MODERATOR)
    post = case.post
    if post is None or Topic.objects.filter(pk=post.pk).exists():
        raise ValidationError(
            _("Only wall posts move here: a topic moves to another category."), code="invalid"
        )
    before = {"space": post.space_id}
    with transaction.atomic():
        content_services.move_post(actor, post=post, space=space, audit=False)
        # The cases of the post and of its comments belong to the space's moderators now.
        FlagCase.objects.filter(Q(post_id=post.pk) | Q(comment__post_id=post.pk)).update(
            space_id=space.pk
        )
        case.space = space
        record_action(
            actor,
            action="post.move",
            target=post,
            subject=post.author,
            space=space,
            before=before,
            after={"space": space.pk},
            reason_code=_top_reason(case),
        )
    return post


def merge_case_topic(actor: Any, *, case: FlagCase, into: Topic) -> Topic:
    """Merge the reported topic into `into`: its replies move there, it is deleted."""
    require(can_moderate_case(actor, case), NOT_A_MODERATOR)
    source = _topic_of_case(case)
    with transaction.atomic():
        forum_services.merge_topics(actor, source=source, target=into)
        record_action(
            actor,
            action="topic.merge",
            target=source.post,
            subject=source.post.author,
            space=case.space,
            after={"merged_into": into.pk},
        )
        _resolve(actor, case, Resolution.MERGED)
        publish_on_commit(events.TopicsMerged(source_id=source.pk, target_id=into.pk, by=actor.pk))
    return into


def split_case_topic(actor: Any, *, case: FlagCase, reply_ids: list[int], title: str) -> Topic:
    """Make a new topic of the selected replies of the reported topic."""
    require(can_moderate_case(actor, case), NOT_A_MODERATOR)
    topic = _topic_of_case(case)
    replies = list(Comment.objects.filter(post_id=topic.pk, pk__in=reply_ids))
    with transaction.atomic():
        new_topic = forum_services.split_topic(actor, topic=topic, replies=replies, title=title)
        record_action(
            actor,
            action="topic.split",
            target=topic.post,
            subject=topic.post.author,
            space=case.space,
            after={"new_topic": new_topic.pk, "replies": sorted(reply_ids)},
        )
        publish_on_commit(
            events.TopicSplit(topic_id=topic.pk, new_topic_id=new_topic.pk, by=actor.pk)
        )
    return new_topic


BULK_ACTIONS = ("approve", "hide", "delete")


def bulk_moderate(
    actor: Any,
    *,
    cases: Iterable[FlagCase],
    action: str,
    reason: str = "",
    reason_code: str = "",
) -> int:
    """Approve, hide (one reason for all) or delete several cases at once; all or nothing."""
    if action not in BULK_ACTIONS:
        raise ValidationError(_("Choose an action."), code="invalid")
    if action == "hide" and not reason.strip():
        raise ValidationError(_("Say why it is hidden: its author reads it."), code="required")
    done = 0
    with transaction.atomic():
        for case in cases:
            if action == "approve":
                approve_case(actor, case=case)
            elif action == "hide":
                hide_case(actor, case=case, reason=reason, reason_code=reason_code)
            elif case.member_id is None:
                delete_case(actor, case=case, reason=reason, reason_code=reason_code)
            else:
                continue
            done += 1
    return done


# Settings -----------------------------------------------------------------------------------


def change_moderation_settings(actor: Any, *, flag_threshold: int) -> ModerationSettings:
    """Set how many reports hide an item pending review."""
    require(
        can_change_moderation_settings(actor),
        _("Only community managers change the moderation settings."),
    )
    if not 1 <= flag_threshold <= MAX_THRESHOLD:
        raise ValidationError(
            _("Choose a number from 1 to %(max)d.") % {"max": MAX_THRESHOLD}, code="invalid"
        )
    with transaction.atomic():
        row = ModerationSettings.load()
        before = row.flag_threshold
        row.flag_threshold = flag_threshold
        row.save(update_fields=["flag_threshold", "updated_at"])
        record_action(
            actor,
            action="moderation.settings",
            target=row,
            before={"flag_threshold": before},
            after={"flag_threshold": flag_threshold},
        )
        publish_on_commit(
            events.ModerationSettingsChanged(by=actor.pk, flag_threshold=flag_threshold)
        )
    return row


__all__ = [
    "approve_case",
    "bulk_moderate",
    "change_moderation_settings",
    "close_case_of_deleted",
    "delete_case",
    "edit_case",
    "flag_comment",
    "flag_member",
    "flag_message",
    "flag_post",
    "hide_case",
    "lock_case_topic",
    "merge_case_topic",
    "move_case_post",
    "move_case_topic",
    "open_case_for_pending",
    "pin_case_post",
    "split_case_topic",
]
