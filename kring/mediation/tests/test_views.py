"""The mediation pages: staff only (403 for members), plain form POSTs, slow mode control."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Member
from kring.audit.models import AuditEntry
from kring.audit.services import record_action
from kring.content.models import Comment, Post
from kring.mediation import services
from kring.mediation.models import CaseStatus, MediationCase, MediationNote

pytestmark = pytest.mark.django_db


def logged_in(client: Client, member: Member) -> Client:
    client.force_login(member)
    return client


@pytest.fixture
def case(moderator: Member, member: Member, friend: Member, thread: Post) -> MediationCase:
    return services.open_case(
        moderator, title="Ruzie over batterijen", parties=[member, friend], post=thread
    )


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("mediation:case-list", []),
        ("mediation:case-create", []),
        ("mediation:member-history", ["member"]),
    ],
)
def test_staff_pages_refuse_members(
    client: Client, member: Member, name: str, args: list[str]
) -> None:
    url = reverse(name, args=[member.pk for _ in args])
    assert logged_in(client, member).get(url).status_code == 403


def test_a_case_is_not_found_for_members(
    client: Client, case: MediationCase, member: Member
) -> None:
    response = logged_in(client, member).get(reverse("mediation:case-detail", args=[case.pk]))
    assert response.status_code == 404
    response = client.post(reverse("mediation:case-note", args=[case.pk]), {"body": "hoi"})
    assert response.status_code == 404
    assert not MediationNote.objects.exists()


def test_case_list_filters_open_closed_and_mine(
    client: Client, case: MediationCase, moderator: Member, manager: Member, member: Member
) -> None:
    other = services.open_case(manager, title="Tweede zaak", parties=[member])
    services.close_case(manager, case=other, outcome="resolved")
    logged_in(client, moderator)
    page = client.get(reverse("mediation:case-list")).content.decode()
    assert "Ruzie over batterijen" in page
    assert "Tweede zaak" not in page
    page = client.get(reverse("mediation:case-list") + "?status=closed").content.decode()
    assert "Tweede zaak" in page
    assert "Ruzie over batterijen" not in page
    page = client.get(reverse("mediation:case-list") + "?status=all&mijn=1").content.decode()
    assert "Ruzie over batterijen" in page
    assert "Tweede zaak" not in page


def test_open_a_case_from_a_comment(
    client: Client, moderator: Member, member: Member, friend: Member, thread: Post
) -> None:
    comment = Comment.objects.get(post=thread)
    logged_in(client, moderator)
    form = client.get(reverse("mediation:case-create") + f"?comment={comment.pk}")
    assert form.status_code == 200
    assert friend.display_name in form.content.decode()
    response = client.post(
        reverse("mediation:case-create"),
        {"title": "Toon in de reacties", "parties": [friend.pk, member.pk], "comment": comment.pk},
    )
    case = MediationCase.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{case.pk}/")
    assert case.comment == comment
    assert case.post == thread
    assert set(case.parties.all()) == {member, friend}


def test_open_a_case_with_member_numbers_and_bad_input_keeps_the_form(
    client: Client, moderator: Member, member: Member
) -> None:
    logged_in(client, moderator)
    url = reverse("mediation:case-create")
    response = client.post(url, {"title": "Ruzie", "other_parties": "12x"})
    assert response.status_code == 200
    assert "is not a member number" in response.content.decode()
    response = client.post(url, {"title": "Ruzie", "other_parties": "999999"})
    assert "No member has number 999999" in response.content.decode()
    assert 'value="Ruzie"' in response.content.decode()
    response = client.post(url, {"title": "Ruzie", "other_parties": f"#{member.pk}"})
    assert response.status_code == 302
    assert list(MediationCase.objects.get().parties.all()) == [member]


def test_case_detail_shows_notes_to_staff_and_takes_actions(
    client: Client, case: MediationCase, moderator: Member, manager: Member
) -> None:
    logged_in(client, moderator)
    url = reverse("mediation:case-detail", args=[case.pk])
    client.post(reverse("mediation:case-note", args=[case.pk]), {"body": "Eerste gesprek gepland"})
    page = client.get(url).content.decode()
    assert "Eerste gesprek gepland" in page
    assert "Only moderators see these notes" in page
    response = client.post(reverse("mediation:case-note", args=[case.pk]), {"body": "  "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    client.post(reverse("mediation:case-assign", args=[case.pk]), {"owner": manager.pk})
    assert MediationCase.objects.get(pk=case.pk).owner == manager
    response = client.post(
        reverse("mediation:case-close", args=[case.pk]), {"outcome": "escalated", "text": "Sanctie"}
    )
    assert response.status_code == 302
    assert MediationCase.objects.get(pk=case.pk).status == CaseStatus.CLOSED
    assert "Escalated to a sanction" in client.get(url).content.decode()


def test_case_conversation_starts_and_links(
    client: Client, case: MediationCase, moderator: Member
) -> None:
    if not services.mediation_conversations_available():
        pytest.skip("messaging does not offer mediation conversations yet")
    logged_in(client, moderator)
    response = client.post(
        reverse("mediation:case-conversation", args=[case.pk]), {"body": "Welkom allebei."}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.conversation_id is not None
    page = client.get(reverse("mediation:case-detail", args=[case.pk])).content.decode()
    assert reverse("messaging:conversation-detail", args=[case.conversation_id]) in page


def test_slow_mode_control_on_the_post_page_for_moderators_only(
    client: Client, thread: Post, moderator: Member, member: Member
) -> None:
    url = reverse("content:post-detail", args=[thread.pk])
    action = reverse("mediation:slow-mode", args=[thread.pk])
    assert f'action="{action}"' not in logged_in(client, member).get(url).content.decode()
    assert client.post(action, {"minutes": 5}).status_code == 403
    logged_in(client, moderator)
    assert f'action="{action}"' in client.get(url).content.decode()
    response = client.post(action, {"minutes": 5, "next": url})
    assert response.status_code == 302
    assert response["Location"] == url
    thread.refresh_from_db()
    assert thread.slow_mode_minutes == 5
    response = client.post(action, {"minutes": 7, "next": "https://evil.example/"})
    assert response["Location"] == url  # bad interval: refused, and no open redirect


def test_members_see_the_cool_down_and_their_wait(
    client: Client, thread: Post, moderator: Member, friend: Member
) -> None:
    services.set_thread_slow_mode(moderator, post=thread, minutes=10)
    logged_in(client, friend)
    page = client.get(reverse("content:post-detail", args=[thread.pk])).content.decode()
    assert "one comment per 10 minutes" in page
    wait = client.get(reverse("mediation:slow-mode-wait", args=[thread.pk])).content.decode()
    assert "You can comment again in 10 minutes." in wait
    Comment.objects.filter(author=friend).update(created_at=timezone.now() - timedelta(hours=1))
    wait = client.get(reverse("mediation:slow-mode-wait", args=[thread.pk])).content.decode()
    assert "You can comment now." in wait


def test_member_history_gathers_cases_and_audit_entries(
    client: Client, case: MediationCase, moderator: Member, member: Member
) -> None:
    record_action(moderator, action="member.warn", target=member, subject=member, reason="Toon")
    logged_in(client, moderator)
    page = client.get(reverse("mediation:member-history", args=[member.pk])).content.decode()
    assert "Ruzie over batterijen" in page
    assert "member.warn" in page
    assert AuditEntry.objects.filter(subject=member).count() == 1
    missing = client.get(reverse("mediation:member-history", args=[999999]))
    assert missing.status_code == 404


def test_member_history_shows_flags_both_ways_and_sanctions(
    client: Client, thread: Post, moderator: Member, member: Member, friend: Member
) -> None:
    moderation = pytest.importorskip("kring.moderation.services")
    sanctions = pytest.importorskip("kring.sanctions.services")
    moderation.flag_post(friend, post_id=thread.pk, reason="offensive", text="Kwetsend bedoeld")
    sanctions.silence_member(
        moderator, member=member, reason_code="offensive", reason="Even afkoelen", days=2
    )
    logged_in(client, moderator)
    about = client.get(reverse("mediation:member-history", args=[member.pk])).content.decode()
    assert "Kwetsend bedoeld" in about
    assert "Even afkoelen" in about
    by_friend = client.get(reverse("mediation:member-history", args=[friend.pk])).content.decode()
    assert "Kwetsend bedoeld" in by_friend
    assert "Even afkoelen" not in by_friend


def test_the_profile_links_to_the_history_for_moderators_only(
    client: Client, moderator: Member, member: Member, friend: Member
) -> None:
    history = reverse("mediation:member-history", args=[member.pk])
    profile = reverse("members:profile-detail", args=[member.pk])
    assert history in logged_in(client, moderator).get(profile).content.decode()
    assert history not in logged_in(client, friend).get(profile).content.decode()


def test_topic_page_has_the_slow_mode_control_and_notice(
    client: Client, community: Any, moderator: Member, member: Member, friend: Member
) -> None:
    from kring.forum.tests.samples import ask, make_category

    topic = ask(member, make_category(community, "Storingen"))
    url = reverse("forum:topic-detail", args=[topic.pk])
    action = reverse("mediation:slow-mode", args=[topic.pk])
    logged_in(client, moderator)
    page = client.get(url).content.decode()
    assert f'action="{action}"' in page
    assert reverse("mediation:case-create") + f"?post={topic.pk}" in page
    client.post(action, {"minutes": 60, "next": url})
    logged_in(client, friend)
    page = client.get(url).content.decode()
    assert "one comment per hour" in page
    assert f'action="{action}"' not in page


def test_group_moderators_switch_slow_mode_in_their_group_only(
    client: Client, member: Member, friend: Member, employee: Member
) -> None:
    from kring.content.tests.samples import join, make_group, post_in

    own = make_group(owner=employee, name="Eigen", slug="eigen")
    other = make_group(name="Ander", slug="ander")
    join(own, friend, role="moderator")
    for group in (own, other):
        join(group, member)
    in_own, in_other = post_in(own, member, "Hier"), post_in(other, member, "Daar")
    logged_in(client, friend)
    assert (
        client.post(reverse("mediation:slow-mode", args=[in_own.pk]), {"minutes": 5}).status_code
        == 302
    )
    response = client.post(reverse("mediation:slow-mode", args=[in_other.pk]), {"minutes": 5})
    assert response.status_code == 403
    assert Post.objects.get(pk=in_own.pk).slow_mode_minutes == 5
    assert Post.objects.get(pk=in_other.pk).slow_mode_minutes == 0
