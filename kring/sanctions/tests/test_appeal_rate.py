"""Appeals are rate-limited (settings.RATE_LIMITS["appeal"]): 429 with Retry-After, the text
kept in the form."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Member
from kring.audit.models import Reason
from kring.sanctions import banners, services
from kring.sanctions.models import Appeal

pytestmark = pytest.mark.django_db


def test_too_many_appeals_answer_429_and_keep_the_text(
    client: Client, moderator: Member, member: Member, settings: Any
) -> None:
    settings.RATE_LIMITS = {"appeal": "1/h"}
    warning = services.warn_member(
        moderator, member=member, reason_code=Reason.SPAM, text="Geen reclame, graag."
    )
    silence = services.silence_member(
        moderator, member=member, reason_code=Reason.OFFENSIVE, reason="Schelden", days=3
    )
    client.force_login(member)
    first = client.post(
        reverse("sanctions:sanction-appeal", args=[warning.pk]), {"text": "Het was geen reclame."}
    )
    assert first.status_code == 302
    second = client.post(
        reverse("sanctions:sanction-appeal", args=[silence.pk]), {"text": "Ik werd uitgedaagd."}
    )
    assert second.status_code == 429
    assert int(second["Retry-After"]) > 0
    html = second.content.decode()
    assert "Ik werd uitgedaagd." in html
    assert "faster than this community allows" in html
    assert Appeal.objects.count() == 1


def test_the_suspension_notice_counts_appeals_per_member(
    client: Client, moderator: Member, member: Member, settings: Any
) -> None:
    settings.RATE_LIMITS = {"appeal": "1/h"}
    warning = services.warn_member(
        moderator, member=member, reason_code=Reason.SPAM, text="Let op."
    )
    client.force_login(member)
    sent = client.post(reverse("sanctions:sanction-appeal", args=[warning.pk]), {"text": "Sorry."})
    assert sent.status_code == 302
    client.logout()
    suspension = services.suspend_member(
        moderator, member=member, reason_code=Reason.SPAM, reason="Reclame", days=3
    )
    # Logged out, the notice counts the member's appeals, not those of every visitor.
    response = client.post(banners.notice_url(suspension), {"text": "Het was een vergissing."})
    assert response.status_code == 429
    assert "Het was een vergissing." in response.content.decode()
    assert not Appeal.objects.filter(sanction=suspension).exists()
