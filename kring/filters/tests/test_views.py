"""The filters' pages: who may open them, forms that keep what was typed, the messages the
screens give on the member's own forms, and pinned query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import session_queries
from kring.accounts.models import Member
from kring.audit.models import AuditEntry
from kring.content.models import Post
from kring.filters.models import GroupRule, WordAction, WordFilter
from kring.filters.services import add_word_filter
from kring.filters.tests.conftest import join
from kring.spaces.models import GroupRole, Space

pytestmark = pytest.mark.django_db

WORDS = reverse("filters:word-list")
LINKS = reverse("filters:link-rules-edit")


def group_rule_url(space: Space) -> str:
    return reverse("filters:group-rule-edit", args=[space.slug])


def test_anonymous_visitors_are_sent_to_log_in(client: Client) -> None:
    response = client.get(WORDS)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["member", "employee"])
def test_members_and_employees_get_403(
    client: Client, persona: str, request: pytest.FixtureRequest, moderator: Member
) -> None:
    row = add_word_filter(moderator, phrase="oplichter")
    client.force_login(request.getfixturevalue(persona))
    assert client.get(WORDS).status_code == 403
    assert client.post(WORDS, {"phrase": "x", "action": "block"}).status_code == 403
    assert client.get(reverse("filters:word-edit", args=[row.pk])).status_code == 403
    assert client.post(reverse("filters:word-delete", args=[row.pk])).status_code == 403
    assert client.get(LINKS).status_code == 403
    assert WordFilter.objects.count() == 1


def test_a_moderator_adds_edits_and_deletes_a_word(client: Client, moderator: Member) -> None:
    client.force_login(moderator)
    assert client.get(WORDS).status_code == 200
    response = client.post(
        WORDS,
        {"phrase": "sukkel", "action": "replace", "whole_word": "on", "replacement": "[..]"},
        follow=True,
    )
    assert "“sukkel” is on the list." in response.content.decode()
    row = WordFilter.objects.get()
    assert (row.action, row.replacement, row.whole_word) == ("replace", "[..]", True)
    edit = reverse("filters:word-edit", args=[row.pk])
    assert 'value="sukkel"' in client.get(edit).content.decode()
    response = client.post(edit, {"phrase": "sukkels", "action": "hold"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.phrase, row.action, row.whole_word) == ("sukkels", "hold", False)
    assert client.post(reverse("filters:word-delete", args=[row.pk])).status_code == 302
    assert not WordFilter.objects.exists()
    assert AuditEntry.objects.filter(action__startswith="filter.word_").count() == 3


def test_a_refused_word_shows_the_form_again_with_what_was_typed(
    client: Client, moderator: Member
) -> None:
    add_word_filter(moderator, phrase="oplichter")
    client.force_login(moderator)
    response = client.post(WORDS, {"phrase": "0plichter", "action": "hold"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "This word is already on the list." in page
    assert 'value="0plichter"' in page
    assert WordFilter.objects.count() == 1


def test_a_missing_word_answers_404(client: Client, moderator: Member) -> None:
    client.force_login(moderator)
    assert client.get(reverse("filters:word-edit", args=[999])).status_code == 404
    assert client.post(reverse("filters:word-delete", args=[999])).status_code == 404


def test_a_moderator_sets_the_link_rules(client: Client, moderator: Member) -> None:
    client.force_login(moderator)
    page = client.get(LINKS).content.decode()
    assert 'name="max_links"' in page
    data = {
        "new_member_days": "5",
        "new_member_contributions": "2",
        "max_links": "1",
        "blocked_domains": "spam.example",
        "hold_new_member_links": "on",
    }
    assert client.post(LINKS, data).status_code == 302
    bad = client.post(LINKS, {**data, "max_links": "-3"})
    assert bad.status_code == 200
    assert 'value="spam.example"' not in bad.content.decode()  # a textarea keeps it as text
    assert "spam.example" in bad.content.decode()
    assert AuditEntry.objects.filter(action="filter.link_rules").count() == 1


def test_the_group_owner_sets_pre_moderation(
    client: Client, employee: Member, member: Member, group: Space
) -> None:
    join(member, group)
    client.force_login(employee)
    detail = client.get(reverse("spaces:group-detail", args=[group.slug])).content.decode()
    assert group_rule_url(group) in detail
    assert client.get(group_rule_url(group)).status_code == 200
    response = client.post(group_rule_url(group), {"mode": "new_members", "first_n": "2"})
    assert response.status_code == 302
    rule = GroupRule.objects.get(space=group)
    assert (rule.mode, rule.first_n) == ("new_members", 2)
    bad = client.post(group_rule_url(group), {"mode": "all", "first_n": "0"})
    assert bad.status_code == 200
    client.force_login(member)
    assert client.get(group_rule_url(group)).status_code == 403
    assert client.post(group_rule_url(group), {"mode": "off", "first_n": "1"}).status_code == 403
    assert client.get(reverse("filters:group-rule-edit", args=["bestaat-niet"])).status_code == 404


def test_a_group_moderator_opens_the_pre_moderation_page(
    client: Client, stranger: Member, group: Space
) -> None:
    join(stranger, group, GroupRole.MODERATOR)
    client.force_login(stranger)
    assert client.get(group_rule_url(group)).status_code == 200


def test_the_wall_form_shows_a_refused_word_and_keeps_the_text(
    client: Client, member: Member, moderator: Member, community: Space
) -> None:
    add_word_filter(moderator, phrase="oplichter", action=WordAction.BLOCK)
    client.force_login(member)
    path = reverse("wall:space-status-create", args=[community.pk])
    response = client.post(path, {"body": "Wat een oplichter, die winkel"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "not allowed in this community: oplichter" in page
    assert "Wat een oplichter, die winkel" in page
    assert not Post.objects.exists()


def test_the_comment_form_shows_a_duplicate(
    client: Client, member: Member, community: Space
) -> None:
    client.force_login(member)
    post = Post.objects.create(space=community, author=member, body="Vraag")
    path = reverse("content:comment-create", args=[post.pk])
    text = "Dit is precies dezelfde reactie, en die plaats ik twee keer"
    assert client.post(path, {"body": text}).status_code == 302
    response = client.post(path, {"body": text})
    page = response.content.decode()
    assert "You have just posted this." in page
    assert text in page


def test_the_word_list_page_has_a_fixed_number_of_queries(
    client: Client, moderator: Member, django_assert_num_queries: Any
) -> None:
    client.force_login(moderator)
    add_word_filter(moderator, phrase="een")
    client.get(WORDS)  # warms the layout's caches
    # The member (their profile joined, for the header's avatar), the list; and the test
    # client's own check of the page for e-mail addresses.
    expected = session_queries() + 3
    with django_assert_num_queries(expected):
        assert client.get(WORDS).status_code == 200
    for number in range(10):
        add_word_filter(moderator, phrase=f"woord{number}")
    with django_assert_num_queries(expected):
        assert client.get(WORDS).status_code == 200


def test_every_form_refuses_a_post_without_a_csrf_token(moderator: Member, group: Space) -> None:
    row = add_word_filter(moderator, phrase="oplichter")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(moderator)
    for path, data in (
        (WORDS, {"phrase": "nieuw", "action": "block"}),
        (reverse("filters:word-edit", args=[row.pk]), {"phrase": "anders", "action": "hold"}),
        (reverse("filters:word-delete", args=[row.pk]), {}),
        (LINKS, {"new_member_days": "1", "new_member_contributions": "1", "max_links": "1"}),
        (group_rule_url(group), {"mode": "all", "first_n": "1"}),
    ):
        assert strict.post(path, data).status_code == 403, path
    row.refresh_from_db()
    assert (WordFilter.objects.count(), row.phrase) == (1, "oplichter")
    assert not GroupRule.objects.exists()
