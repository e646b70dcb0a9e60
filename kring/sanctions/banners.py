"""What the layout shows a silenced or recently warned member, kept in the cache per member so
that a page costs no query for it once warm (the services forget a member's entry whenever one
of their sanctions or appeals changes); and the signed links of the suspension notice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kring.sanctions.models import Sanction, SanctionKind
from kring.sanctions.queries import current_sanction

# A warning shows as a banner this long after it was given; it stays on the member's page.
WARNING_BANNER_DAYS = 7
CACHE_SECONDS = 6 * 3600
NOTHING = "-"
NOTICE_SALT = "kring.sanctions.notice"
# A suspended member's notice link (in the refusal of their login) works this long.
NOTICE_MAX_AGE = 60 * 24 * 3600


@dataclass(frozen=True)
class SanctionBanner:
    """A banner as the layout shows it (cached: no model instances)."""

    kind: str
    reason: str
    ends_at: datetime | None
    created_at: datetime
    sanction_id: int

    @property
    def is_silence(self) -> bool:
        return self.kind == SanctionKind.SILENCE

    def is_current(self, now: datetime) -> bool:
        if self.kind == SanctionKind.SILENCE:
            return self.ends_at is None or self.ends_at > now
        return self.created_at > now - timedelta(days=WARNING_BANNER_DAYS)


def _key(member_id: int) -> str:
    return f"sanctions:banner:{member_id}"


def forget(member_id: int) -> None:
    """Drop the cached banner of a member, now and once the transaction commits."""
    cache.delete(_key(member_id))
    transaction.on_commit(lambda: cache.delete(_key(member_id)))


def _banner_from(sanction: Sanction | None) -> SanctionBanner | None:
    if sanction is None:
        return None
    return SanctionBanner(
        kind=sanction.kind,
        reason=sanction.reason,
        ends_at=sanction.ends_at,
        created_at=sanction.created_at,
        sanction_id=sanction.pk,
    )


def banner_for(member: Any) -> SanctionBanner | None:
    """The banner a member sees on every page: their silence, or a warning of the last days."""
    if member is None or not getattr(member, "is_authenticated", False):
        return None
    now = timezone.now()
    cached = cache.get(_key(member.pk))
    if cached is None:
        banner = None
        if member.is_silenced:
            banner = _banner_from(current_sanction(member, SanctionKind.SILENCE))
        if banner is None:
            banner = _banner_from(
                Sanction.objects.filter(
                    member_id=member.pk,
                    kind=SanctionKind.WARNING,
                    lifted_at=None,
                    created_at__gt=now - timedelta(days=WARNING_BANNER_DAYS),
                )
                .order_by("-created_at")
                .first()
            )
        cache.set(_key(member.pk), banner or NOTHING, CACHE_SECONDS)
        cached = banner or NOTHING
    if cached == NOTHING or not isinstance(cached, SanctionBanner):
        return None
    if cached.is_silence and not member.is_silenced:
        return None  # lifted or ended; the services forgot it, or it simply ran out
    return cached if cached.is_current(now) else None


def notice_token(sanction: Sanction) -> str:
    return signing.dumps({"s": sanction.pk, "m": sanction.member_id}, salt=NOTICE_SALT)


def notice_url(sanction: Sanction) -> str:
    """The page a suspended member is sent to: reason, end, and their appeal form."""
    return f"{reverse('sanctions:suspension-notice')}?t={notice_token(sanction)}"


def sanction_from_token(token: str) -> Sanction | None:
    """The suspension a notice link names (None: forged, expired or no longer there)."""
    try:
        data = signing.loads(token, salt=NOTICE_SALT, max_age=NOTICE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    sanction_id, member_id = data.get("s"), data.get("m")
    if not isinstance(sanction_id, int) or not isinstance(member_id, int):
        return None
    return (
        Sanction.objects.select_related("member")
        .filter(pk=sanction_id, member_id=member_id)
        .first()
    )
