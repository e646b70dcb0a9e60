"""The demo's moved post: reported in the community, moved into the heat pump group, its case
closed; a second run adds nothing."""

from __future__ import annotations

import pytest

from kring.audit.models import AuditEntry
from kring.content.models import Post
from kring.demo.context import DemoContext
from kring.demo.groups import build_groups, demo_groups
from kring.demo.members import build_demo_logins, build_members
from kring.demo.moved_post import KEY, build_moved_post
from kring.moderation.models import CaseStatus, Flag, FlagCase

pytestmark = pytest.mark.django_db


def test_the_demo_moves_a_reported_post_into_a_group() -> None:
    context = DemoContext(scale=0.1)
    build_demo_logins(context, context.random_for("demo logins"))
    build_members(context, context.random_for("members"))
    build_groups(context, context.random_for("groups"))
    summary = build_moved_post(context, context.random_for("moved post"))
    assert "moved to Warmtepompen" in summary
    post = Post.objects.get(idempotency_key=KEY)
    assert post.space_id == demo_groups()["warmtepompen"].pk
    assert FlagCase.objects.get(post=post).status == CaseStatus.RESOLVED
    counts = (Post.objects.count(), Flag.objects.count(), AuditEntry.objects.count())
    build_moved_post(context, context.random_for("moved post"))
    assert (Post.objects.count(), Flag.objects.count(), AuditEntry.objects.count()) == counts
