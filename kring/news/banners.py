"""The announcements shown at the top of every page, at no cost while none is active.

The active list lives in the django cache (shared by every process), as plain snapshots. It is
dropped whenever an announcement is saved or ended, and expires by itself at the next moment
one starts or ends. A page with no active announcement therefore asks the cache only; with one
active, a logged-in member costs one query for what they dismissed (and one for their groups
when an announcement is for a group).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kring.core.pagecache import invalidate_visitor_pages
from kring.news.models import Announcement, AnnouncementDismissal, AnnouncementLevel
from kring.spaces.models import Audience, Membership, MembershipStatus, Visibility
from kring.spaces.queries import is_participant

CACHE_KEY = "news:active-announcements:v1"
# The list is rebuilt at least this often, should a change bypass the services.
LONGEST_CACHE = timedelta(hours=1)


@dataclass(frozen=True)
class Banner:
    """An active announcement as pages show it (kept in the cache: no model instances)."""

    pk: int
    level: str
    title: str
    body_html: str
    starts_at: datetime
    ends_at: datetime | None
    group_id: int | None = None
    group_slug: str = ""
    group_name: str = ""
    # Anyone may read the group: its banner shows to all visitors of its pages.
    group_is_open: bool = False

    @property
    def is_outage(self) -> bool:
        return self.level == AnnouncementLevel.OUTAGE


@dataclass(frozen=True)
class ShownAnnouncements:
    """What one page shows: `banners` at the top; `outages` (site-wide, even when dismissed)
    for places that must mention them, such as customer-service forum categories."""

    banners: list[Banner] = field(default_factory=list)
    outages: list[Banner] = field(default_factory=list)
    # Members close banners for themselves; visitors cannot (see docs/news.md).
    can_dismiss: bool = False

    def __bool__(self) -> bool:
        return bool(self.banners or self.outages)


NOTHING_SHOWN = ShownAnnouncements()


def forget_active_announcements() -> None:
    """Drop the cached list now and again after commit (a request may have cached the old
    rows while the transaction was open)."""
    cache.delete(CACHE_KEY)
    invalidate_visitor_pages()  # visitors' cached pages carry the banners too
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def _load(now: datetime) -> tuple[list[Banner], datetime]:
    """The active announcements, and the next moment the list changes (one query)."""
    rows = (
        Announcement.objects.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .select_related("group")
        .order_by("starts_at", "id")
    )
    active: list[Banner] = []
    changes = now + LONGEST_CACHE
    for row in rows:
        if row.starts_at > now:
            changes = min(changes, row.starts_at)
            continue
        if row.ends_at is not None:
            changes = min(changes, row.ends_at)
        group = row.group
        active.append(
            Banner(
                pk=row.pk,
                level=row.level,
                title=row.title,
                body_html=row.body_html,
                starts_at=row.starts_at,
                ends_at=row.ends_at,
                group_id=row.group_id,
                group_slug=group.slug if group is not None else "",
                group_name=group.name if group is not None else "",
                group_is_open=group is not None
                and group.visibility == Visibility.PUBLIC
                and group.audience == Audience.EVERYONE,
            )
        )
    return active, changes


def active_banners() -> list[Banner]:
    """Announcements active now, outages first; from the cache when possible."""
    now = timezone.now()
    cached: tuple[list[Banner], datetime] | None = cache.get(CACHE_KEY)
    if cached is None or cached[1] <= now:
        cached = _load(now)
        seconds = max(1, int((cached[1] - now).total_seconds()))
        cache.set(CACHE_KEY, cached, seconds)
    banners, _changes = cached
    # The cache keeps whole seconds: never show one a moment past its end.
    current = [b for b in banners if b.starts_at <= now and (b.ends_at is None or b.ends_at > now)]
    return sorted(current, key=lambda b: (not b.is_outage, b.level != "warning", -b.pk))


# The URL argument naming the group, per app whose pages belong to a group.
_GROUP_SLUG_ARGUMENT = {"spaces": "slug", "forum": "space_slug"}


def _current_group_slug(request: Any) -> str:
    """The slug of the group whose page this is ("" elsewhere), from the resolved URL."""
    match = getattr(request, "resolver_match", None)
    argument = _GROUP_SLUG_ARGUMENT.get(match.namespace) if match is not None else None
    slug = match.kwargs.get(argument) if match is not None and argument else None
    return slug if isinstance(slug, str) else ""


def shown_announcements(request: Any) -> ShownAnnouncements:
    """The announcements `request`'s page shows, minus those its member dismissed."""
    active = active_banners()
    if not active:
        return NOTHING_SHOWN
    viewer = getattr(request, "user", None)
    member = viewer if is_participant(viewer) else None
    outages = [b for b in active if b.is_outage and b.group_id is None]
    slug = _current_group_slug(request)
    group_ids = {b.group_id for b in active if b.group_id is not None}
    my_groups: set[int] = set()
    if member is not None and group_ids:
        my_groups = set(
            Membership.objects.filter(
                member_id=member.pk, status=MembershipStatus.ACTIVE, space_id__in=group_ids
            ).values_list("space_id", flat=True)
        )
    # A group's banner shows on its pages to whoever may read it openly, and to its members
    # everywhere: the slug alone never reveals a closed group (its 404 page has the slug too).
    banners = [
        b
        for b in active
        if b.group_id is None
        or b.group_id in my_groups
        or (b.group_is_open and b.group_slug == slug)
    ]
    if member is not None and banners:
        dismissed = set(
            AnnouncementDismissal.objects.filter(
                member_id=member.pk, announcement_id__in=[b.pk for b in banners]
            ).values_list("announcement_id", flat=True)
        )
        banners = [b for b in banners if b.pk not in dismissed]
    return ShownAnnouncements(banners=banners, outages=outages, can_dismiss=member is not None)
