"""The content kernel: every top-level piece of content is a Post in a Space, every response a
Comment. Reactions and attachments work on these two tables, whatever the kind of post."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PostKind(models.TextChoices):
    STATUS = "status", _("Status update")
    DISCUSSION = "discussion", _("Discussion")
    QUESTION = "question", _("Question")
    IDEA = "idea", _("Idea")
    POLL = "poll", _("Poll")
    ARTICLE = "article", _("Article")
    PAGE = "page", _("Page")
    EVENT = "event", _("Event")


class ModerationState(models.TextChoices):
    """Where a post or comment stands with the moderators. Anything but PUBLISHED is shown to
    its author (with the reason) and to those who moderate its space, to nobody else."""

    PUBLISHED = "published", _("Published")
    # Pre-moderation or a filter held it: it appears once a moderator approves it.
    PENDING = "pending", _("Waiting for approval")
    # Flags passed the threshold: hidden until a moderator reviews it.
    HELD = "held", _("Hidden pending review")
    HIDDEN = "hidden", _("Hidden by a moderator")


class PostAudience(models.TextChoices):
    SPACE = "space", _("Everyone who can see this space")
    FRIENDS = "friends", _("Only my friends")


class ReactionKind(models.TextChoices):
    LIKE = "like", _("Like")
    HEART = "heart", _("Love")
    THUMBS_UP = "thumbs_up", _("Thumbs up")
    THUMBS_DOWN = "thumbs_down", _("Thumbs down")
    INSIGHTFUL = "insightful", _("Insightful")


class Post(models.Model):
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts"
    )
    kind = models.CharField(max_length=12, choices=PostKind.choices, default=PostKind.STATUS)
    audience = models.CharField(
        _("who can see this"),
        max_length=10,
        choices=PostAudience.choices,
        default=PostAudience.SPACE,
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("message"), max_length=20000, blank=True)
    body_html = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pinned_at = models.DateTimeField(null=True, blank=True)
    # Paid content is labelled "Gesponsord" / "Sponsored" wherever it appears (list, page,
    # feed, RSS, search): the flag lives here so every surface can show it without knowing
    # the kind of post.
    is_sponsored = models.BooleanField(_("sponsored"), default=False)
    # When a question got its accepted answer (the forum keeps which reply): every list that
    # shows posts marks solved questions from this one column.
    solved_at = models.DateTimeField(null=True, blank=True)
    moderation = models.CharField(
        max_length=10, choices=ModerationState.choices, default=ModerationState.PUBLISHED
    )
    # Why it is not published, in words its author reads ("Hidden: personal details").
    moderation_reason = models.CharField(max_length=500, blank=True)
    # Slow mode on a heated thread: one comment per member per this many minutes (0: off).
    slow_mode_minutes = models.PositiveSmallIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    reaction_count = models.PositiveIntegerField(default=0)
    # Per reaction kind, e.g. {"like": 3, "heart": 1}; kept in step with Reaction rows.
    reaction_counts = models.JSONField(default=dict, blank=True)
    # A form submitted twice with the same key makes one post (see services.create_post).
    idempotency_key = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            models.Index(fields=["space", "-created_at", "-id"], name="post_space_new"),
            models.Index(fields=["space", "-last_activity_at", "-id"], name="post_space_active"),
            models.Index(fields=["-created_at", "-id"], name="post_new"),
            models.Index(fields=["-last_activity_at", "-id"], name="post_active"),
            models.Index(fields=["author", "-created_at"], name="post_author_new"),
            # The few posts of a rare kind (knowledge pages, articles) among many status
            # updates: without it PostgreSQL scanned every post to list the 200 pages.
            models.Index(fields=["kind", "-created_at", "-id"], name="post_kind_new"),
            # A stream's pinned posts: a few rows, found without reading the space's posts
            # (a group of 20,000 posts: 16 ms on PostgreSQL without it).
            models.Index(
                fields=["space", "-pinned_at"],
                name="post_space_pinned",
                condition=Q(pinned_at__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="post_idempotent",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.body[:60]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class PostRevision(models.Model):
    """The text a post had before an edit: the visible edit history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # A moderator's edit says why ("removed a phone number"); shown in the history.
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.post_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class Comment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    # One level of replies: a reply's parent is always a top-level comment.
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    body = models.TextField(_("comment"), max_length=10000)
    body_html = models.TextField(blank=True, editable=False)
    # Employees' internal notes inside customer threads: only employees see them.
    is_internal = models.BooleanField(_("internal note"), default=False)
    moderation = models.CharField(
        max_length=10, choices=ModerationState.choices, default=ModerationState.PUBLISHED
    )
    moderation_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reaction_count = models.PositiveIntegerField(default=0)
    reaction_counts = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["post", "created_at", "id"], name="comment_post_order")]

    def __str__(self) -> str:
        return self.body[:60]


class Reaction(models.Model):
    """One reaction per member per post or comment."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="reactions"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="reactions"
    )
    kind = models.CharField(max_length=12, choices=ReactionKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(post__isnull=False) & Q(comment__isnull=True))
                | (Q(post__isnull=True) & Q(comment__isnull=False)),
                name="reaction_one_target",
            ),
            models.UniqueConstraint(
                fields=["member", "post"],
                condition=Q(post__isnull=False),
                name="reaction_post_once",
            ),
            models.UniqueConstraint(
                fields=["member", "comment"],
                condition=Q(comment__isnull=False),
                name="reaction_comment_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.kind}"


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    FILE = "file", _("File")


class Attachment(models.Model):
    """A photo or file on a post. Served only to those who may see the post (uploads app)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=8, choices=AttachmentKind.choices)
    file = models.FileField(upload_to="attachments/%Y/%m/")
    thumbnail = models.ImageField(upload_to="attachments/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.original_name
