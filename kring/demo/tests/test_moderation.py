"""The demo's moderation queue: open cases with Dutch reasons, a hidden post with its reason,
a post waiting for approval; a second run adds nothing."""

from __future__ import annotations

import pytest

from kring.content.models import ModerationState, Post
from kring.demo.context import DemoContext
from kring.demo.members import build_demo_logins
from kring.demo.moderation import KEY_PREFIX, build_moderation
from kring.moderation.models import Flag, FlagCase

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_moderation_queue() -> None:
    context = DemoContext()
    build_demo_logins(context, context.random_for("demo logins"))
    summary = build_moderation(context, context.random_for("moderation"))
    assert "open moderation cases" in summary
    posts = {
        p.idempotency_key: p for p in Post.objects.filter(idempotency_key__startswith=KEY_PREFIX)
    }
    hidden = posts[KEY_PREFIX + "telefoon"]
    assert hidden.moderation == ModerationState.HIDDEN
    assert "telefoonnummer" in hidden.moderation_reason
    assert posts[KEY_PREFIX + "wachtend"].moderation == ModerationState.PENDING
    assert FlagCase.objects.filter(status="open", comment__isnull=False).exists()
    counts = (Post.objects.count(), Flag.objects.count(), FlagCase.objects.count())
    build_moderation(context, context.random_for("moderation"))
    assert (Post.objects.count(), Flag.objects.count(), FlagCase.objects.count()) == counts
