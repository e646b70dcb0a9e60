"""The moderation pages: reporting, the queue and its scope, actions, the author's notice."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from conftest import MemberFactory, session_queries
from kring.accounts.models import Member
from kring.audit.models import AuditEntry
from kring.content.models import ModerationState, Post
from kring.content.services import comment_on_post
from kring.content.tests.samples import join, post_in
from kring.moderation import services
from kring.moderation.models import CaseStatus, FlagCase
from kring.moderation.tests.samples import case_of, message_between
from kring.moderation.views import member_history_url
from kring.spaces.models import GroupRole, Space

pytestmark = pytest.mark.django_db

QUEUE = reverse("moderation:queue")


def test_flag_page_reports_a_post_and_returns(
    client: Client, community: Space, member: Member, friend: Member
) -> None:
    post = post_in(community, member)
    url = reverse("moderation:flag-post", args=[post.pk])
    client.force_login(friend)
    page = client.get(url)
    assert page.status_code == 200
    assert "Report this post" in page.content.decode()
    response = client.post(url, {"reason": "spam", "text": "", "next": "/"})
    assert response.status_code == 302
    assert case_of(post=post).flag_count == 1
    again = client.post(url, {"reason": "spam"})
    assert "You already reported this" in again.content.decode()


def test_flag_page_keeps_what_was_typed_on_an_error(
    client: Client, community: Space, member: Member, friend: Member
) -> None:
    post = post_in(community, member)
    client.force_login(friend)
    page = client.post(
        reverse("moderation:flag-post", args=[post.pk]), {"reason": "other", "text": ""}
    )
    assert page.status_code == 200
    assert "Tell the moderators what is wrong" in page.content.decode()
    assert not FlagCase.objects.exists()


def test_flag_pages_need_a_login_and_a_visible_item(
    client: Client, community: Space, member: Member, friend: Member, stranger: Member
) -> None:
    post = post_in(community, member)
    url = reverse("moderation:flag-post", args=[post.pk])
    assert client.get(url).status_code == 302
    client.force_login(friend)
    assert client.get(reverse("moderation:flag-post", args=[999999])).status_code == 404
    message = message_between(member, stranger)
    assert client.get(reverse("moderation:flag-message", args=[message.pk])).status_code == 404


def test_flags_are_rate_limited(
    client: Client, settings: Any, community: Space, member: Member, friend: Member
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "flag": "1/m"}
    first, second = post_in(community, member), post_in(community, member, body="Nog een")
    client.force_login(friend)
    client.post(reverse("moderation:flag-post", args=[first.pk]), {"reason": "spam"})
    response = client.post(
        reverse("moderation:flag-post", args=[second.pk]), {"reason": "other", "text": "Reclame"}
    )
    assert response.status_code == 429
    assert response["Retry-After"]
    body = response.content.decode()
    assert "faster than this community allows" in body
    assert "Reclame" in body


def test_queue_is_for_moderators(client: Client, member: Member, moderator: Member) -> None:
    client.force_login(member)
    assert client.get(QUEUE).status_code == 403
    client.force_login(moderator)
    assert client.get(QUEUE).status_code == 200


def test_group_moderators_see_and_act_on_their_own_groups_only(
    client: Client, community: Space, group: Space, member: Member, friend: Member
) -> None:
    helper = MemberFactory(display_name="Hanna Groep")
    join(group, helper, role=GroupRole.MODERATOR)
    join(group, member)
    in_group = post_in(group, member, body="Groepsbericht met spam")
    elsewhere = post_in(community, member, body="Communitybericht met spam")
    services.flag_post(friend, post_id=in_group.pk, reason="spam")
    services.flag_post(friend, post_id=elsewhere.pk, reason="spam")
    client.force_login(helper)
    page = client.get(QUEUE).content.decode()
    assert "Groepsbericht" in page
    assert "Communitybericht" not in page
    other = case_of(post=elsewhere)
    assert client.get(reverse("moderation:case-detail", args=[other.pk])).status_code == 404
    response = client.post(
        reverse("moderation:case-hide", args=[case_of(post=in_group).pk]), {"reason": "Spam"}
    )
    assert response.status_code == 302
    assert Post.objects.get(pk=in_group.pk).moderation == ModerationState.HIDDEN


def test_hide_from_the_queue_and_the_author_reads_why(
    client: Client, community: Space, member: Member, friend: Member, moderator: Member
) -> None:
    post = post_in(community, member, body="Iets lelijks")
    services.flag_post(friend, post_id=post.pk, reason="offensive")
    case = case_of(post=post)
    client.force_login(moderator)
    queue_page = client.get(QUEUE).content.decode()
    assert "Iets lelijks" in queue_page
    assert member_history_url(member.pk) in queue_page
    bad = client.post(reverse("moderation:case-hide", args=[case.pk]), {"reason": ""})
    assert bad.status_code == 400
    response = client.post(
        reverse("moderation:case-hide", args=[case.pk]), {"reason": "Schelden", "next": QUEUE}
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="post.hide", actor=moderator).exists()
    client.force_login(member)
    page = client.get(reverse("content:post-detail", args=[post.pk])).content.decode()
    assert "Hidden by a moderator" in page
    assert "Schelden" in page
    client.force_login(friend)
    assert client.get(reverse("content:post-detail", args=[post.pk])).status_code == 404


def test_moderators_see_a_label_on_held_items(
    client: Client, community: Space, member: Member, moderator: Member
) -> None:
    post = post_in(community, member)
    services.flag_post(moderator, post_id=post.pk, reason="spam")
    page = client.get(reverse("content:post-detail", args=[post.pk]))
    client.force_login(moderator)
    page = client.get(reverse("content:post-detail", args=[post.pk])).content.decode()
    assert "moderation-label" in page
    assert "Hidden pending review" in page


def test_bulk_approve(client: Client, community: Space, member: Member, moderator: Member) -> None:
    posts = [post_in(community, member, body=f"Bericht {n}") for n in range(3)]
    for post in posts:
        services.flag_post(moderator, post_id=post.pk, reason="spam")
    ids = list(FlagCase.objects.values_list("pk", flat=True))
    client.force_login(moderator)
    response = client.post(
        reverse("moderation:case-bulk"), {"action": "approve", "cases": ids, "reason": ""}
    )
    assert response.status_code == 302
    assert set(FlagCase.objects.values_list("status", flat=True)) == {CaseStatus.RESOLVED}
    assert set(Post.objects.values_list("moderation", flat=True)) == {ModerationState.PUBLISHED}


def test_bulk_without_a_selection_says_so(client: Client, moderator: Member) -> None:
    client.force_login(moderator)
    response = client.post(reverse("moderation:case-bulk"), {"action": "hide"}, follow=True)
    assert "Select at least one item" in response.content.decode()


def test_a_flagged_message_is_shown_alone(
    client: Client, member: Member, friend: Member, moderator: Member
) -> None:
    message = message_between(friend, member, body="Ik weet waar je woont")
    other = message.conversation.messages.create(sender=member, body="Laat me met rust")
    services.flag_message(member, message_id=message.pk, reason="offensive")
    client.force_login(moderator)
    page = client.get(QUEUE + "?kind=messages").content.decode()
    assert "Ik weet waar je woont" in page
    assert other.body not in page
    try:
        conversation_url = reverse("messaging:conversation-detail", args=[message.conversation_id])
    except NoReverseMatch:
        return  # the conversation pages are not there yet
    assert client.get(conversation_url).status_code == 404


def test_settings_page_is_for_managers(client: Client, moderator: Member, manager: Member) -> None:
    url = reverse("moderation:settings")
    client.force_login(moderator)
    assert client.get(url).status_code == 403
    client.force_login(manager)
    assert client.get(url).status_code == 200
    bad = client.post(url, {"flag_threshold": "0"})
    assert bad.status_code == 200
    assert client.post(url, {"flag_threshold": "4"}).status_code == 302


def test_registrations_are_listed_for_managers(client: Client, manager: Member) -> None:
    client.force_login(manager)
    assert client.get(QUEUE + "?kind=registrations").status_code == 200


def test_report_links_on_posts_comments_and_profiles(
    client: Client, community: Space, member: Member, friend: Member
) -> None:
    post = post_in(community, member)
    comment = comment_on_post(member, post=post, body="Ook van mij")
    client.force_login(friend)
    page = client.get(reverse("content:post-detail", args=[post.pk])).content.decode()
    assert reverse("moderation:flag-post", args=[post.pk]) in page
    assert reverse("moderation:flag-comment", args=[comment.pk]) in page
    profile = client.get(reverse("members:profile-detail", args=[member.pk])).content.decode()
    assert reverse("moderation:flag-member", args=[member.pk]) in profile
    client.force_login(member)
    own = client.get(reverse("content:post-detail", args=[post.pk])).content.decode()
    assert reverse("moderation:flag-post", args=[post.pk]) not in own


def test_a_hidden_profile_shows_others_only_the_name(
    client: Client, member: Member, friend: Member, moderator: Member
) -> None:
    services.flag_member(moderator, member_id=member.pk, reason="offensive")
    services.hide_case(moderator, case=case_of(member=member), reason="Ongepaste foto")
    client.force_login(friend)
    page = client.get(reverse("members:profile-detail", args=[member.pk])).content.decode()
    assert "This profile is hidden by the moderators" in page
    client.force_login(member)
    own = client.get(reverse("members:profile-detail", args=[member.pk])).content.decode()
    assert "Ongepaste foto" in own


def _fill_queue(community: Space, flagger: Member, n: int) -> None:
    for _ in range(n):
        author = MemberFactory()
        post = post_in(community, author)
        services.flag_post(flagger, post_id=post.pk, reason="spam")
        comment = comment_on_post(author, post=post, body="Reactie")
        services.flag_comment(flagger, comment_id=comment.pk, reason="offensive")
    services.flag_member(flagger, member_id=MemberFactory().pk, reason="spam")


def test_queue_query_count_does_not_grow_with_cases(
    client: Client,
    community: Space,
    moderator: Member,
    friend: Member,
    django_assert_num_queries: Any,
) -> None:
    _fill_queue(community, friend, 2)
    client.force_login(moderator)
    client.get(QUEUE)  # warm the layout's caches
    with django_assert_num_queries(5 + session_queries()) as small:
        assert client.get(QUEUE).status_code == 200
    _fill_queue(community, friend, 6)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(QUEUE).status_code == 200


def test_every_moderation_url_refuses_a_post_without_csrf_token(
    community: Space, member: Member, friend: Member, moderator: Member
) -> None:
    post = post_in(community, member)
    services.flag_post(friend, post_id=post.pk, reason="spam")
    case = case_of(post=post)
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(moderator)
    urls = [reverse("moderation:queue"), reverse("moderation:settings")]
    urls += [reverse("moderation:case-bulk")]
    urls += [
        reverse(f"moderation:case-{name}", args=[case.pk])
        for name in ("approve", "hide", "delete", "edit", "lock", "pin", "move", "merge", "split")
    ]
    urls += [
        reverse("moderation:flag-post", args=[post.pk]),
        reverse("moderation:flag-member", args=[member.pk]),
    ]
    for url in urls:
        assert guarded.post(url, {"reason": "spam"}).status_code == 403, url
    assert case_of(post=post).is_open
