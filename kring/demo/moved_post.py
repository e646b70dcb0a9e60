"""The demo's moved post: a question about heat pumps written on the community wall, reported
as off-topic there and moved by a moderator into the heat pump group (the case closed after).

The post is keyed on its idempotency key; once it is in the group nothing more happens, so a
second run adds nothing. Member-written content, not interface text: no gettext here.
"""

from __future__ import annotations

import random
from contextlib import suppress
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from kring.content.models import Post
from kring.content.services import create_post
from kring.core.permissions import NotFound
from kring.demo.cast import cast_of
from kring.demo.context import DemoContext
from kring.demo.groups import demo_groups
from kring.demo.wall import settle_activity
from kring.moderation import services
from kring.moderation.queries import case_of
from kring.spaces.queries import community_space

KEY = "verplaatst-warmtepomp"
BODY = (
    "Weet iemand of een warmtepomp 's nachts stil genoeg is voor de buren? Ons huis staat vrij "
    "dicht op dat van hen en ik wil geen gedoe."
)
REPORT = "Hoort beter in de groep Warmtepompen, daar lezen de kenners mee."


def build_moved_post(context: DemoContext, rng: random.Random) -> str:
    """A community post reported as off-topic and moved into the heat pump group."""
    cast = cast_of(context)
    moderator = context.logins.get("moderator") or cast.login("moderator")
    group = demo_groups().get("warmtepompen")
    people = sorted(cast.customers, key=lambda m: m.pk)
    if moderator is None or group is None or len(people) < 2:
        return "no moved post: the demo groups or members are missing"
    post = Post.objects.filter(idempotency_key=KEY).first()
    if post is None:
        post = create_post(people[0], space=community_space(), body=BODY, idempotency_key=KEY)
        # Asked yesterday, like the rest of the demo's posts.
        moment = timezone.now() - timedelta(days=1)
        Post.objects.filter(pk=post.pk).update(created_at=moment, last_activity_at=moment)
        post.created_at = post.last_activity_at = moment
    if post.space_id == group.pk:
        return f"1 post moved to {group.name} (already)"
    reporter = rng.choice(people[1:])
    with suppress(ValidationError, NotFound):  # reported already (an interrupted earlier run)
        services.flag_post(reporter, post_id=post.pk, reason="off_topic", text=REPORT)
    case = case_of(post=post)
    if case is None:
        return "no moved post: the report did not open a case"
    services.move_case_post(moderator, case=case, space=group)
    services.approve_case(moderator, case=case)
    # Writing it moved the community's last activity to this moment; settle both spaces as
    # the wall does (the liveliest published post's).
    settle_activity({community_space().pk, group.pk})
    return f"1 post moved to {group.name}"
