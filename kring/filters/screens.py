"""The filters' screens, registered in FiltersConfig.ready (see kring.content.screening).

In the order they run:
- words: a listed word refuses the text, holds it, or is replaced;
- links: a new member's text with many links, a blocked domain, or (site rule) any link waits;
- pre-moderation: a group's rule holds all posts, or new members' first posts;
- duplicates: the same text again within 10 minutes is refused; the same text in more than 3
  places within an hour waits (runs last: it remembers what it let through).

With the rules cached, the words screen costs no query; the others ask the database only when
their rule applies to the text (it has links; the group has pre-moderation).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.accounts import roles
from kring.content.models import Comment, ModerationState, Post
from kring.content.screening import Submission, register_screen
from kring.filters import queries
from kring.filters.matching import find
from kring.filters.matching import replace as replace_words
from kring.filters.models import PremoderationMode, WordAction
from kring.spaces.permissions import can_manage_group, is_site_staff

WAITS_FOR_MODERATOR = gettext_lazy("Your post is waiting for a moderator's approval.")
WAITS_FOR_WORD = gettext_lazy(
    "Your text contains a word a moderator checks first: it waits for approval."
)
WAITS_FOR_LINKS = gettext_lazy(
    "Your text contains links and waits for a moderator's approval: links of new members are"
    " checked first."
)
WAITS_FOR_CROSS_POSTING = gettext_lazy(
    "You posted this text in several places: a moderator checks it first."
)

DUPLICATE_SECONDS = 10 * 60
CROSS_POST_SECONDS = 60 * 60
CROSS_POST_MAX_PLACES = 3
# Short texts ("Thanks!", "+1", "Restart the inverter.") are said again legitimately, on
# other topics: only texts of a sentence or more (copy-paste) are checked for duplicates.
DUPLICATE_MIN_LENGTH = 40

URL = re.compile(r"(?i)(?<![\w@/])(?:https?://|www\.)[^\s<>()\[\]\"'`]+")

_paused: ContextVar[bool] = ContextVar("kring_filters_paused", default=False)


@contextmanager
def paused() -> Iterator[None]:
    """Skip the filters' screens inside this block (bulk writers: demo, imports, benchmark)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def _hold(submission: Submission, reason: Any) -> Submission:
    if submission.hold_reason:
        return submission
    return replace(submission, hold_reason=reason)


# Words ------------------------------------------------------------------------------------------


def screen_words(submission: Submission) -> Submission:
    """Refuse, hold or rewrite a text with a listed word (title and body)."""
    if _paused.get():
        return submission
    entries = queries.word_entries()
    if not entries:
        return submission
    title_hits = find(entries, submission.title)
    body_hits = find(entries, submission.body)
    for text, hits in ((submission.title, title_hits), (submission.body, body_hits)):
        for hit in hits:
            if hit.entry.action == WordAction.BLOCK:
                raise ValidationError(
                    _("Your text contains a word that is not allowed in this community: %(word)s")
                    % {"word": text[hit.start : hit.end]},
                    code="blocked_word",
                )
    hits = title_hits + body_hits
    if not hits:
        return submission
    title = replace_words(
        submission.title, [hit for hit in title_hits if hit.entry.action == WordAction.REPLACE]
    )
    body = replace_words(
        submission.body, [hit for hit in body_hits if hit.entry.action == WordAction.REPLACE]
    )
    submission = replace(submission, title=title, body=body)
    holds = any(hit.entry.action == WordAction.HOLD for hit in hits)
    if holds and submission.is_new and not is_site_staff(submission.actor):
        submission = _hold(submission, WAITS_FOR_WORD)
    return submission


# Links of new members ---------------------------------------------------------------------------


def links_in(text: str) -> list[str]:
    """The web addresses written in `text` (Markdown links and bare addresses)."""
    return URL.findall(text)


def _domain(link: str) -> str:
    if link.lower().startswith("www."):
        link = "http://" + link
    try:
        host = urlsplit(link).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


def _blocked(domain: str, blocked: tuple[str, ...]) -> bool:
    return any(domain == each or domain.endswith("." + each) for each in blocked)


def is_new_member(actor: Any, *, days: int, contributions: int) -> bool:
    """Whether `actor` is young (account age) or has published little (a query or two)."""
    joined = getattr(actor, "date_joined", None)
    if joined is not None and timezone.now() - joined < timedelta(days=days):
        return True
    if contributions <= 0:
        return False
    published = {"author_id": actor.pk, "moderation": ModerationState.PUBLISHED}
    posts = Post.objects.filter(**published, deleted_at__isnull=True)[:contributions].count()
    if posts >= contributions:
        return False
    comments = Comment.objects.filter(**published, deleted_at__isnull=True)[
        : contributions - posts
    ].count()
    return posts + comments < contributions


def screen_links(submission: Submission) -> Submission:
    """Hold a new member's post or comment with too many links or a blocked domain."""
    if _paused.get() or submission.target not in ("post", "comment") or not submission.is_new:
        return submission
    links = links_in(submission.title) + links_in(submission.body)
    if not links or roles.is_employee(submission.actor):
        return submission
    policy = queries.link_policy()
    suspicious = (
        policy.hold_new_member_links
        or len(links) > policy.max_links
        or any(_blocked(_domain(link), policy.blocked_domains) for link in links)
    )
    if suspicious and is_new_member(
        submission.actor,
        days=policy.new_member_days,
        contributions=policy.new_member_contributions,
    ):
        return _hold(submission, WAITS_FOR_LINKS)
    return submission


# Pre-moderation ---------------------------------------------------------------------------------


def _premoderation_applies(actor: Any, space: Any, policy: queries.GroupPolicy) -> bool:
    if is_site_staff(actor):
        return False
    if policy.mode == PremoderationMode.NEW_MEMBERS:
        if roles.is_employee(actor):
            return False
        published = Post.objects.filter(
            author_id=actor.pk,
            space_id=space.pk,
            moderation=ModerationState.PUBLISHED,
            deleted_at__isnull=True,
        )[: policy.first_n].count()
        if published >= policy.first_n:
            return False
    return not can_manage_group(actor, space)


def screen_premoderation(submission: Submission) -> Submission:
    """Hold a new post in a group that pre-moderates (all posts, or new members' first posts)."""
    if _paused.get() or submission.target != "post" or not submission.is_new:
        return submission
    policy = queries.group_policy(submission.space)
    if policy is None or submission.hold_reason:
        return submission
    if _premoderation_applies(submission.actor, submission.space, policy):
        return _hold(submission, WAITS_FOR_MODERATOR)
    return submission


# Duplicates and cross-posting -------------------------------------------------------------------


def _fingerprint(submission: Submission) -> str:
    text = " ".join(f"{submission.title}\n{submission.body}".split()).casefold()
    if len(text) < DUPLICATE_MIN_LENGTH:
        return ""
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def screen_duplicates(submission: Submission) -> Submission:
    """Refuse the same text by the same member within 10 minutes; hold it when it goes to more
    than 3 places within an hour. Remembers the text (in the cache) once let through."""
    if _paused.get() or submission.target not in ("post", "comment") or not submission.is_new:
        return submission
    if roles.is_employee(submission.actor):  # staff reuse standard answers on purpose
        return submission
    fingerprint = _fingerprint(submission)
    if not fingerprint:
        return submission
    key = f"kring:filters:sent:{submission.actor.pk}:{fingerprint}"
    now = time.time()
    sent: list[tuple[float, int | None]] = [
        (at, place) for at, place in cache.get(key, []) if now - at < CROSS_POST_SECONDS
    ]
    if any(now - at < DUPLICATE_SECONDS for at, _place in sent):
        raise ValidationError(_("You have just posted this."), code="duplicate")
    place = getattr(submission.space, "pk", None)
    sent.append((now, place))
    cache.set(key, sent, CROSS_POST_SECONDS)
    places = {each for _at, each in sent}
    if len(places) > CROSS_POST_MAX_PLACES:
        return _hold(submission, WAITS_FOR_CROSS_POSTING)
    return submission


def register() -> None:
    """Called once from FiltersConfig.ready."""
    register_screen(screen_words, order=10)
    register_screen(screen_links, order=30)
    register_screen(screen_premoderation, order=40)
    register_screen(screen_duplicates, order=900)
