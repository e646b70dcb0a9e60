"""Every write of the forum: one function per member action.

Each checks its permission with `require(can_…)`, writes in one transaction, keeps the
category counters exact with F() expressions and publishes its event after commit. Posts and
comments themselves are written by `kring.content.services` (text, history, counts, events).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kring.audit.services import record_action
from kring.content import services as content_services
from kring.content.models import Comment, Post, PostKind
from kring.content.permissions import can_write_internal_notes
from kring.content.queries import visible_posts
from kring.core.events import publish_on_commit
from kring.core.permissions import require
from kring.forum import events
from kring.forum.models import Category, Topic, TopicWatch
from kring.forum.permissions import (
    can_accept_answer,
    can_assign_question,
    can_be_assigned,
    can_close_topic,
    can_create_topic,
    can_edit_topic,
    can_lock_topic,
    can_manage_categories,
    can_pin_topic,
    can_reply_to_topic,
    can_watch_topic,
    moderates_topic,
)
from kring.knowledge.queries import get_product_page_for
from kring.knowledge.services import link_post_to_product
from kring.spaces.models import Space

TOPIC_KINDS = (PostKind.DISCUSSION.value, PostKind.QUESTION.value)
LOCK_REASON_MAX = 300


# Topics ---------------------------------------------------------------------------------------


def create_topic(
    actor: Any,
    *,
    category: Category,
    kind: str,
    title: str,
    body: str,
    product_page_id: int | None = None,
    idempotency_key: str = "",
) -> Topic:
    """Start a discussion or ask a question in `category`; the author watches it."""
    require(can_create_topic(actor, category), _("You cannot start a topic here."))
    if kind not in TOPIC_KINDS:
        raise ValidationError(_("Choose a question or a discussion."), code="invalid")
    if not title.strip():
        raise ValidationError(_("Give your topic a title."), code="required")
    if not body.strip():
        raise ValidationError(_("Write a message first."), code="required")
    product = None
    if product_page_id is not None:
        product = get_product_page_for(actor, product_page_id)
        if product is None:
            raise ValidationError(_("That product does not exist."), code="invalid")
    with transaction.atomic():
        post, created = content_services.get_or_create_post(
            actor,
            space=category.space,
            kind=kind,
            title=title.strip(),
            body=body,
            idempotency_key=idempotency_key,
        )
        if not created:
            existing = Topic.objects.filter(pk=post.pk).select_related("post").first()
            if existing is not None:
                return existing
        topic = Topic.objects.create(post=post, category=category)
        Category.objects.filter(pk=category.pk).update(topic_count=F("topic_count") + 1)
        TopicWatch.objects.get_or_create(member_id=actor.pk, topic=topic)
        if product is not None:
            link_post_to_product(actor, post=post, page=product)
    return topic


def edit_topic(actor: Any, *, topic: Topic, title: str, body: str) -> Topic:
    """Change a topic's title and text (the content kernel keeps the edit history)."""
    require(can_edit_topic(actor, topic), _("You cannot edit this topic."))
    if not title.strip():
        raise ValidationError(_("Give your topic a title."), code="required")
    if not body.strip():
        raise ValidationError(_("Write a message first."), code="required")
    topic.post = content_services.edit_post(actor, post=topic.post, title=title.strip(), body=body)
    return topic


def reply_to_topic(actor: Any, *, topic: Topic, body: str) -> Comment:
    """A public reply; the replier watches the topic from now on."""
    require(can_reply_to_topic(actor, topic), _("This topic takes no more replies."))
    with transaction.atomic():
        reply = content_services.comment_on_post(actor, post=topic.post, body=body)
        Category.objects.filter(pk=topic.category_id).update(reply_count=F("reply_count") + 1)
        if actor.pk != topic.post.author_id and topic.first_reply_at is None:
            Topic.objects.filter(pk=topic.pk, first_reply_at__isnull=True).update(
                first_reply_at=reply.created_at
            )
            topic.first_reply_at = reply.created_at
        TopicWatch.objects.get_or_create(member_id=actor.pk, topic_id=topic.pk)
    return reply


def add_internal_note(actor: Any, *, topic: Topic, body: str) -> Comment:
    """A note inside the thread that only employees see (never counted, never shown to
    customers)."""
    require(can_write_internal_notes(actor), _("Only employees write internal notes."))
    return content_services.comment_on_post(actor, post=topic.post, body=body, is_internal=True)


def quote_of(reply: Comment, *, link: str) -> str:
    """The Markdown a quoting reply starts with: the quoted text as a blockquote, with a link."""
    quoted = "\n".join(f"> {line}" if line else ">" for line in reply.body.strip().splitlines())
    name = reply.author.display_name
    return f"> [{name}]({link}):\n>\n{quoted}\n\n"


def accept_answer(actor: Any, *, topic: Topic, reply: Comment) -> Topic:
    """Mark `reply` as the accepted answer of question `topic` (replacing an earlier one)."""
    require(can_accept_answer(actor, topic), _("Only the asker or staff can accept an answer."))
    if reply.post_id != topic.pk or reply.is_internal or reply.deleted_at is not None:
        raise ValidationError(_("That reply cannot be the answer."), code="invalid")
    now = timezone.now()
    with transaction.atomic():
        Topic.objects.select_for_update().filter(pk=topic.pk).first()
        Topic.objects.filter(pk=topic.pk).update(accepted_answer=reply, solved_by=actor)
        Post.objects.filter(pk=topic.pk).update(solved_at=now)
        publish_on_commit(events.AnswerAccepted(topic_id=topic.pk, reply_id=reply.pk, by=actor.pk))
    topic.accepted_answer, topic.solved_by, topic.post.solved_at = reply, actor, now
    return topic


def unaccept_answer(actor: Any, *, topic: Topic) -> Topic:
    """The question is open again."""
    require(can_accept_answer(actor, topic), _("Only the asker or staff can accept an answer."))
    reply_id = topic.accepted_answer_id
    if reply_id is None:
        return topic
    with transaction.atomic():
        Topic.objects.filter(pk=topic.pk).update(accepted_answer=None, solved_by=None)
        Post.objects.filter(pk=topic.pk).update(solved_at=None)
        publish_on_commit(
            events.AnswerUnaccepted(topic_id=topic.pk, reply_id=reply_id, by=actor.pk)
        )
    topic.accepted_answer, topic.solved_by, topic.post.solved_at = None, None, None
    return topic


def pin_topic(actor: Any, *, topic: Topic) -> Topic:
    require(can_pin_topic(actor, topic), _("You cannot pin this topic."))
    topic.post = content_services.pin_post(actor, post=topic.post)
    return topic


def unpin_topic(actor: Any, *, topic: Topic) -> Topic:
    require(can_pin_topic(actor, topic), _("You cannot unpin this topic."))
    topic.post = content_services.unpin_post(actor, post=topic.post)
    return topic


def _audit_topic(
    actor: Any,
    action: str,
    topic: Topic,
    *,
    reason: str = "",
    before: Any = None,
    after: Any = None,
) -> None:
    """Log a staff action on a topic (the asker closing their own question is not one)."""
    if actor.pk == topic.post.author_id:
        return
    record_action(
        actor,
        action=action,
        target=topic.post,
        subject=topic.post.author,
        space=topic.post.space,
        reason=reason,
        before=before,
        after=after,
    )


def close_topic(actor: Any, *, topic: Topic) -> Topic:
    """No more replies (except from staff)."""
    require(can_close_topic(actor, topic), _("You cannot close this topic."))
    with transaction.atomic():
        topic.closed_at, topic.closed_by = timezone.now(), actor
        topic.save(update_fields=["closed_at", "closed_by"])
        _audit_topic(actor, "topic.close", topic)
        publish_on_commit(events.TopicClosed(topic_id=topic.pk, by=actor.pk))
    return topic


def reopen_topic(actor: Any, *, topic: Topic) -> Topic:
    require(can_close_topic(actor, topic), _("You cannot reopen this topic."))
    with transaction.atomic():
        topic.closed_at, topic.closed_by = None, None
        topic.save(update_fields=["closed_at", "closed_by"])
        _audit_topic(actor, "topic.reopen", topic)
        publish_on_commit(events.TopicReopened(topic_id=topic.pk, by=actor.pk))
    return topic


def lock_topic(actor: Any, *, topic: Topic, reason: str, audit: bool = True) -> Topic:
    """Stop a heated topic, with a reason everyone reads."""
    require(can_lock_topic(actor, topic), _("You cannot lock this topic."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the topic is locked."), code="required")
    if len(reason) > LOCK_REASON_MAX:
        raise ValidationError(
            _("Keep the reason under %(limit)d characters.") % {"limit": LOCK_REASON_MAX},
            code="max_length",
        )
    with transaction.atomic():
        topic.locked_at, topic.locked_by, topic.lock_reason = timezone.now(), actor, reason
        topic.save(update_fields=["locked_at", "locked_by", "lock_reason"])
        if audit:
            _audit_topic(actor, "topic.lock", topic, reason=reason)
        publish_on_commit(events.TopicLocked(topic_id=topic.pk, by=actor.pk, reason=reason))
    return topic


def unlock_topic(actor: Any, *, topic: Topic, audit: bool = True) -> Topic:
    require(can_lock_topic(actor, topic), _("You cannot unlock this topic."))
    with transaction.atomic():
        before = {"lock_reason": topic.lock_reason}
        topic.locked_at, topic.locked_by, topic.lock_reason = None, None, ""
        topic.save(update_fields=["locked_at", "locked_by", "lock_reason"])
        if audit:
            _audit_topic(actor, "topic.unlock", topic, before=before)
        publish_on_commit(events.TopicUnlocked(topic_id=topic.pk, by=actor.pk))
    return topic


def watch_topic(actor: Any, *, topic: Topic) -> None:
    require(can_watch_topic(actor, topic), _("You cannot follow this topic."))
    with transaction.atomic():
        _watch, created = TopicWatch.objects.get_or_create(member_id=actor.pk, topic_id=topic.pk)
        if created:
            publish_on_commit(events.TopicWatched(topic_id=topic.pk, member_id=actor.pk))


def unwatch_topic(actor: Any, *, topic: Topic) -> None:
    TopicWatch.objects.filter(member_id=actor.pk, topic_id=topic.pk).delete()


def assign_question(actor: Any, *, topic: Topic, assignee: Any | None) -> Topic:
    """Bring in the right colleague: `assignee` (an employee who can read the topic) sees the
    question in their "assigned to me" list. None takes the assignment away."""
    require(can_assign_question(actor, topic), _("You cannot assign this question."))
    if assignee is not None and not (
        can_be_assigned(assignee) and visible_posts(assignee).filter(pk=topic.pk).exists()
    ):
        raise ValidationError(_("Questions are assigned to employees only."), code="invalid")
    with transaction.atomic():
        topic.assigned_to = assignee
        topic.assigned_by = actor if assignee is not None else None
        topic.assigned_at = timezone.now() if assignee is not None else None
        topic.save(update_fields=["assigned_to", "assigned_by", "assigned_at"])
        if moderates_topic(actor, topic):
            _audit_topic(
                actor,
                "topic.assign",
                topic,
                after={"assigned_to": assignee.pk if assignee is not None else None},
            )
        publish_on_commit(
            events.QuestionAssigned(
                topic_id=topic.pk,
                assignee_id=assignee.pk if assignee is not None else None,
                by=actor.pk,
            )
        )
    return topic


def record_view(viewer: Any, *, topic: Topic) -> None:
    """One more view (the author's own visits do not count).

    Views are counted in the cache and written to the topic once per
    `settings.FORUM_VIEWS_PER_WRITE` (a write on every page view would serialise the readers of
    a popular topic behind one row lock, and SQLite behind its one writer). The count a page
    shows includes the views not yet written; a cache flush or restart loses at most that many.
    """
    if getattr(viewer, "pk", None) == topic.post.author_id:
        return
    every = max(1, int(getattr(settings, "FORUM_VIEWS_PER_WRITE", 1)))
    if every == 1:
        Topic.objects.filter(pk=topic.pk).update(view_count=F("view_count") + 1)
        topic.view_count += 1
        return
    key = f"kring:forum:views:{topic.pk}"
    cache.add(key, 0, timeout=None)
    try:
        pending = cache.incr(key)
    except ValueError:  # evicted between add() and incr()
        cache.add(key, 1, timeout=None)
        pending = 1
    # Only the request that brings the count to exactly `every` writes, so two requests never
    # write the same views twice.
    if pending == every:
        cache.decr(key, every)
        Topic.objects.filter(pk=topic.pk).update(view_count=F("view_count") + every)
        topic.view_count += every
        pending = 0
    topic.view_count += pending


# Categories -----------------------------------------------------------------------------------


def _unique_slug(space: Space, name: str) -> str:
    base = slugify(name, allow_unicode=True)[:80] or "categorie"
    taken = set(
        Category.objects.filter(space=space, slug__startswith=base).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the category a name."), code="required")
    return name[:80]


def create_category(
    actor: Any, *, space: Space, name: str, description: str = "", is_customer_service: bool = False
) -> Category:
    """A new category at the end of the space's list."""
    require(can_manage_categories(actor, space), _("You cannot manage categories here."))
    name = _check_name(name)
    with transaction.atomic():
        last = Category.objects.filter(space=space).order_by("-position").first()
        return Category.objects.create(
            space=space,
            name=name,
            slug=_unique_slug(space, name),
            description=description.strip()[:1000],
            is_customer_service=is_customer_service,
            position=last.position + 1 if last is not None else 0,
        )


def edit_category(
    actor: Any, *, category: Category, name: str, description: str, is_customer_service: bool
) -> Category:
    require(can_manage_categories(actor, category.space), _("You cannot manage categories here."))
    category.name = _check_name(name)
    category.description = description.strip()[:1000]
    category.is_customer_service = is_customer_service
    category.save(update_fields=["name", "description", "is_customer_service"])
    return category


def move_category(actor: Any, *, category: Category, up: bool) -> None:
    """Swap places with the neighbour above (or below)."""
    require(can_manage_categories(actor, category.space), _("You cannot manage categories here."))
    with transaction.atomic():
        siblings = list(
            Category.objects.select_for_update().filter(space_id=category.space_id)
        )  # ordered by position, id
        index = next(i for i, c in enumerate(siblings) if c.pk == category.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(siblings):
            return
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, item in enumerate(siblings):
            item.position = position
        Category.objects.bulk_update(siblings, ["position"])


def delete_category(actor: Any, *, category: Category) -> None:
    """Only an empty category goes (deleted topics count: moderators may restore them)."""
    require(can_manage_categories(actor, category.space), _("You cannot manage categories here."))
    with transaction.atomic():
        if Topic.objects.filter(category_id=category.pk).exists():
            raise ValidationError(
                _("Only an empty category can be deleted: move or delete its topics first."),
                code="not_empty",
            )
        category.delete()


def recount_categories(categories: Any = None) -> None:
    """Set every category's counters again from the rows (the demo and repairs)."""
    rows = Category.objects.all() if categories is None else categories
    for category in rows:
        live = Topic.objects.filter(category_id=category.pk, post__deleted_at__isnull=True)
        replies = Comment.objects.filter(
            post_id__in=live.values("pk"), deleted_at__isnull=True, is_internal=False
        ).count()
        Category.objects.filter(pk=category.pk).update(
            topic_count=live.count(), reply_count=replies
        )


# Moderators reorganise topics (kring.moderation calls these from the queue) ------------------


def _moderates_category(actor: Any, category: Category) -> bool:
    from kring.content.permissions import is_site_moderator
    from kring.spaces.permissions import can_manage_group

    return is_site_moderator(actor) or can_manage_group(actor, category.space)


def _public_replies(post_id: int) -> int:
    return Comment.objects.filter(
        post_id=post_id, deleted_at__isnull=True, is_internal=False
    ).count()


def move_topic(actor: Any, *, topic: Topic, category: Category) -> Topic:
    """Move a topic to another category, also one in another group (its post moves along)."""
    from kring.forum.permissions import moderates_topic

    require(
        moderates_topic(actor, topic) and _moderates_category(actor, category),
        _("You cannot move this topic there."),
    )
    if topic.post.is_deleted:
        raise ValidationError(_("A deleted topic cannot be moved."), code="invalid")
    if category.pk == topic.category_id:
        return topic
    old_category_id, old_space_id = topic.category_id, topic.post.space_id
    with transaction.atomic():
        Topic.objects.filter(pk=topic.pk).update(category=category)
        if category.space_id != old_space_id:
            Post.objects.filter(pk=topic.pk).update(space_id=category.space_id)
            Space.objects.filter(pk=old_space_id, post_count__gt=0).update(
                post_count=F("post_count") - 1
            )
            Space.objects.filter(pk=category.space_id).update(post_count=F("post_count") + 1)
        recount_categories(Category.objects.filter(pk__in=[old_category_id, category.pk]))
    topic.category = category
    topic.post.space_id = category.space_id
    return topic


def merge_topics(actor: Any, *, source: Topic, target: Topic) -> Topic:
    """Move the replies of `source` (and its opening post, as a reply) under `target`, then
    delete `source`. Counters are recounted."""
    from kring.forum.permissions import moderates_topic

    require(
        moderates_topic(actor, source) and moderates_topic(actor, target),
        _("You cannot merge these topics."),
    )
    if source.pk == target.pk:
        raise ValidationError(_("Choose another topic to merge with."), code="invalid")
    if source.post.is_deleted or target.post.is_deleted:
        raise ValidationError(_("A deleted topic cannot be merged."), code="invalid")
    with transaction.atomic():
        moved = _public_replies(source.pk)
        opening = Comment.objects.create(
            post_id=target.pk,
            author_id=source.post.author_id,
            body=source.post.body,
            body_html=source.post.body_html,
        )
        Comment.objects.filter(pk=opening.pk).update(created_at=source.post.created_at)
        Comment.objects.filter(post_id=source.pk).update(post_id=target.pk)
        Topic.objects.filter(pk=source.pk).update(accepted_answer=None, solved_by=None)
        Post.objects.filter(pk=source.pk).update(comment_count=0, solved_at=None)
        Post.objects.filter(pk=target.pk).update(comment_count=_public_replies(target.pk))
        Category.objects.filter(pk=source.category_id, reply_count__gte=moved).update(
            reply_count=F("reply_count") - moved
        )
        Category.objects.filter(pk=target.category_id).update(
            reply_count=F("reply_count") + moved + 1
        )
        # Its category's topic count drops in the forum's PostDeleted listener.
        content_services.delete_post(actor, post=source.post)
    return target


def split_topic(actor: Any, *, topic: Topic, replies: list[Comment], title: str) -> Topic:
    """Make a new topic of the selected replies: the first becomes its opening post, the others
    (and their own replies) its replies."""
    from kring.content import events as content_events
    from kring.forum.permissions import moderates_topic

    require(moderates_topic(actor, topic), _("You cannot split this topic."))
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the new topic a title."), code="required")
    replies = sorted(
        (
            r
            for r in replies
            if r.post_id == topic.pk and r.deleted_at is None and not r.is_internal
        ),
        key=lambda r: (r.created_at, r.pk),
    )
    if not replies:
        raise ValidationError(_("Choose the replies for the new topic."), code="required")
    first, others = replies[0], replies[1:]
    with transaction.atomic():
        post = Post.objects.create(
            space_id=topic.post.space_id,
            author_id=first.author_id,
            kind=topic.post.kind,
            title=title[:200],
            body=first.body,
            body_html=first.body_html,
        )
        Post.objects.filter(pk=post.pk).update(created_at=first.created_at)
        new_topic = Topic.objects.create(post=post, category=topic.category)
        moved_ids = [r.pk for r in others]
        # Replies to the first one lose their parent: it becomes the opening post.
        Comment.objects.filter(parent_id=first.pk).update(post_id=post.pk, parent=None)
        Comment.objects.filter(parent_id__in=moved_ids).update(post_id=post.pk)
        Comment.objects.filter(pk__in=moved_ids).update(post_id=post.pk, parent=None)
        Comment.objects.filter(pk=first.pk).delete()
        if (
            topic.accepted_answer_id is not None
            and not Comment.objects.filter(pk=topic.accepted_answer_id, post_id=topic.pk).exists()
        ):
            Topic.objects.filter(pk=topic.pk).update(accepted_answer=None, solved_by=None)
            Post.objects.filter(pk=topic.pk).update(solved_at=None)
        Post.objects.filter(pk=topic.pk).update(comment_count=_public_replies(topic.pk))
        Post.objects.filter(pk=post.pk).update(comment_count=_public_replies(post.pk))
        Space.objects.filter(pk=post.space_id).update(post_count=F("post_count") + 1)
        recount_categories(Category.objects.filter(pk=topic.category_id))
        publish_on_commit(
            content_events.PostCreated(
                post_id=post.pk, space_id=post.space_id, author_id=post.author_id, kind=post.kind
            )
        )
    return new_topic
