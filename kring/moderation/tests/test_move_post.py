"""Moving a reported wall post from its case page (topics move by category: test_topics)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.audit.models import AuditEntry
from kring.content.models import Post
from kring.content.services import comment_on_post
from kring.content.tests.samples import join, make_group, post_in, profile_space_for
from kring.core.permissions import Denied
from kring.forum.tests.samples import ask, make_category
from kring.moderation import services
from kring.moderation.tests.samples import case_of
from kring.spaces.models import GroupRole, Space

pytestmark = pytest.mark.django_db


def test_move_case_post_moves_the_cases_of_the_post_and_its_comments(
    community: Space, group: Space, member: Member, friend: Member, moderator: Member
) -> None:
    post = post_in(community, member, "Dit hoort bij de fietsers")
    comment = comment_on_post(member, post=post, body="Klopt")
    services.flag_post(friend, post_id=post.pk, reason="off_topic")
    services.flag_comment(friend, comment_id=comment.pk, reason="spam")
    services.move_case_post(moderator, case=case_of(post=post), space=group)
    assert Post.objects.get(pk=post.pk).space_id == group.pk
    assert case_of(post=post).space_id == group.pk
    assert case_of(comment=comment).space_id == group.pk
    entry = AuditEntry.objects.get(action="post.move")
    assert (entry.reason_code, entry.space_id) == ("off_topic", group.pk)
    assert (entry.before, entry.after) == ({"space": community.pk}, {"space": group.pk})


def test_move_case_post_refuses_topics_and_other_moderators(
    community: Space, group: Space, member: Member, friend: Member, moderator: Member
) -> None:
    topic = ask(member, make_category(community, "Algemeen"))
    services.flag_post(friend, post_id=topic.pk, reason="spam")
    with pytest.raises(ValidationError):
        services.move_case_post(moderator, case=case_of(post=topic.post), space=group)
    post = post_in(community, member)
    services.flag_post(friend, post_id=post.pk, reason="spam")
    helper = MemberFactory()
    join(group, helper, role=GroupRole.MODERATOR)
    with pytest.raises(Denied):
        services.move_case_post(helper, case=case_of(post=post), space=group)


def test_case_page_moves_a_wall_post(  # noqa: PLR0917  (personas)
    client: Client, community: Space, group: Space, member: Member, friend: Member,
    moderator: Member,
) -> None:  # fmt: skip
    post = post_in(community, member, "Verkeerde plek")
    services.flag_post(friend, post_id=post.pk, reason="off_topic")
    case = case_of(post=post)
    client.force_login(moderator)
    page = client.get(reverse("moderation:case-detail", args=[case.pk])).content.decode()
    assert "Move the post" in page
    assert f'<option value="{group.pk}"' in page
    assert f'<option value="{community.pk}"' not in page  # not where it already is
    url = reverse("moderation:case-move", args=[case.pk])
    bad = client.post(url, {"space": "999999"})
    assert bad.status_code == 400
    assert Post.objects.get(pk=post.pk).space_id == community.pk
    moved = client.post(url, {"space": group.pk, "next": "/"})
    assert moved.status_code == 302
    assert Post.objects.get(pk=post.pk).space_id == group.pk


def test_group_owners_are_offered_only_their_other_groups(  # noqa: PLR0917  (personas)
    client: Client, community: Space, group: Space, member: Member, friend: Member,
    employee: Member,
) -> None:  # fmt: skip
    join(group, member)
    mine = make_group(owner=employee, name="Wandelaars", slug="wandelaars")
    make_group(name="Zwemmers", slug="zwemmers")
    post = post_in(group, member)
    services.flag_post(friend, post_id=post.pk, reason="off_topic")
    case = case_of(post=post)
    client.force_login(employee)
    page = client.get(reverse("moderation:case-detail", args=[case.pk])).content.decode()
    assert "Wandelaars" in page
    assert "Zwemmers" not in page
    assert f'<option value="{community.pk}"' not in page
    response = client.post(reverse("moderation:case-move", args=[case.pk]), {"space": mine.pk})
    assert response.status_code == 302
    assert Post.objects.get(pk=post.pk).space_id == mine.pk


def test_profile_wall_posts_are_not_offered_a_move(
    client: Client, member: Member, friend: Member, moderator: Member
) -> None:
    post = post_in(profile_space_for(member), member, "Op mijn prikbord")
    services.flag_post(friend, post_id=post.pk, reason="spam")
    case = case_of(post=post)
    client.force_login(moderator)
    page = client.get(reverse("moderation:case-detail", args=[case.pk])).content.decode()
    assert "Move the post" not in page
    response = client.post(reverse("moderation:case-move", args=[case.pk]), {"space": "1"})
    assert response.status_code == 404
