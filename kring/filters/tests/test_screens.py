"""The screens on the content services: words, links of new members, pre-moderation,
duplicates. Every rule through create_post / comment_on_post / edit_post."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from kring.accounts.models import Member
from kring.content.models import Comment, ModerationState, Post
from kring.content.screening import Submission, screen
from kring.content.services import comment_on_post, create_post, edit_comment, edit_post
from kring.filters import screens
from kring.filters.models import PremoderationMode, WordAction
from kring.filters.services import add_word_filter, set_group_premoderation, update_link_rules
from kring.filters.tests.conftest import age, join
from kring.spaces.models import GroupRole, Space

pytestmark = pytest.mark.django_db

THREE_LINKS = "Kijk op https://a.example, https://b.example en [hier](https://c.example)."


def words(moderator: Member, *entries: tuple[str, str]) -> None:
    for phrase, action in entries:
        add_word_filter(moderator, phrase=phrase, action=action, replacement="***")


def link_rules(moderator: Member, **changes: Any) -> None:
    values: dict[str, Any] = {
        "new_member_days": 3,
        "new_member_contributions": 3,
        "max_links": 2,
        "blocked_domains": "",
        "hold_new_member_links": False,
    }
    update_link_rules(moderator, **{**values, **changes})


# Words ------------------------------------------------------------------------------------------


def test_a_blocked_word_refuses_the_post_and_names_the_word(
    member: Member, moderator: Member, community: Space
) -> None:
    words(moderator, ("oplichter", WordAction.BLOCK))
    with pytest.raises(ValidationError) as refused:
        create_post(member, space=community, body="Die winkel is een 0PLICHTER, echt.")
    assert refused.value.messages == [
        "Your text contains a word that is not allowed in this community: 0PLICHTER"
    ]
    assert not Post.objects.filter(author=member).exists()


def test_a_blocked_word_in_the_title_refuses_too(
    member: Member, moderator: Member, community: Space
) -> None:
    words(moderator, ("oplichter", WordAction.BLOCK))
    with pytest.raises(ValidationError):
        create_post(member, space=community, kind="discussion", title="Oplichter!", body="Lees")


def test_a_hold_word_writes_the_post_pending_with_a_reason(
    member: Member, moderator: Member, community: Space
) -> None:
    words(moderator, ("casino", WordAction.HOLD))
    post = create_post(member, space=community, body="Beste casino van Nederland")
    assert post.moderation == ModerationState.PENDING
    assert post.moderation_reason == str(screens.WAITS_FOR_WORD)


def test_a_hold_word_does_not_hold_a_moderators_own_post(
    moderator: Member, community: Space
) -> None:
    words(moderator, ("casino", WordAction.HOLD))
    post = create_post(moderator, space=community, body="Geen casino-reclame hier, graag.")
    assert post.moderation == ModerationState.PUBLISHED


def test_a_replace_word_is_replaced_in_posts_and_comments(
    member: Member, moderator: Member, community: Space
) -> None:
    words(moderator, ("sukkel", WordAction.REPLACE))
    post = create_post(member, space=community, body="Wat een SÚKKEL ben ik")
    assert post.body == "Wat een *** ben ik"
    assert post.moderation == ModerationState.PUBLISHED
    comment = comment_on_post(member, post=post, body="sukkel")
    assert comment.body == "***"


def test_words_are_checked_on_comments(member: Member, moderator: Member, community: Space) -> None:
    words(moderator, ("oplichter", WordAction.BLOCK), ("casino", WordAction.HOLD))
    post = create_post(moderator, space=community, body="Praat mee")
    with pytest.raises(ValidationError):
        comment_on_post(member, post=post, body="oplichter")
    held = comment_on_post(member, post=post, body="casino")
    assert held.moderation == ModerationState.PENDING


def test_edits_are_refused_and_rewritten_but_never_held(
    member: Member, moderator: Member, community: Space
) -> None:
    post = create_post(member, space=community, body="Eerste versie")
    comment = comment_on_post(member, post=post, body="Eerste reactie")
    words(
        moderator,
        ("oplichter", WordAction.BLOCK),
        ("casino", WordAction.HOLD),
        ("sukkel", WordAction.REPLACE),
    )
    with pytest.raises(ValidationError):
        edit_post(member, post=post, body="oplichter")
    post = edit_post(member, post=post, body="casino en sukkel")
    assert (post.body, post.moderation) == ("casino en ***", ModerationState.PUBLISHED)
    with pytest.raises(ValidationError):
        edit_comment(member, comment=comment, body="Oplichter")
    assert edit_comment(member, comment=comment, body="sukkel").body == "***"


def test_words_are_checked_in_private_messages(member: Member, moderator: Member) -> None:
    words(moderator, ("oplichter", WordAction.BLOCK), ("sukkel", WordAction.REPLACE))
    with pytest.raises(ValidationError):
        screen(Submission(actor=member, target="message", body="Oplichter!"))
    assert screen(Submission(actor=member, target="message", body="sukkel")).body == "***"


def test_screens_cost_no_query_once_the_rules_are_cached(
    member: Member,
    moderator: Member,
    community: Space,
    group: Space,
    django_assert_num_queries: Any,
) -> None:
    words(moderator, ("oplichter", WordAction.BLOCK), ("sukkel", WordAction.REPLACE))
    set_group_premoderation(moderator, space=group, mode=PremoderationMode.ALL)
    many = Submission(actor=member, target="post", body="Een sukkel " * 200, space=community)
    screen(Submission(actor=member, target="post", body="warm", space=community))
    with django_assert_num_queries(0):
        screened = screen(many)
        screen(Submission(actor=member, target="comment", body="nog een sukkel", space=community))
        screen(Submission(actor=member, target="message", body="sukkel"))
    assert "sukkel" not in screened.body


def test_a_changed_list_applies_at_once(
    member: Member,
    moderator: Member,
    community: Space,
    django_capture_on_commit_callbacks: Any,
) -> None:
    create_post(member, space=community, body="oplichter")  # the (empty) list is now cached
    with django_capture_on_commit_callbacks(execute=True):
        words(moderator, ("oplichter", WordAction.BLOCK))
    with pytest.raises(ValidationError):
        create_post(member, space=community, body="nog een oplichter")


# Links of new members ---------------------------------------------------------------------------


def test_a_new_members_post_with_many_links_is_held(member: Member, community: Space) -> None:
    post = create_post(member, space=community, body=THREE_LINKS)
    assert post.moderation == ModerationState.PENDING
    assert post.moderation_reason == str(screens.WAITS_FOR_LINKS)


def test_a_few_links_are_fine(member: Member, community: Space) -> None:
    post = create_post(member, space=community, body="Zie https://a.example en www.b.example")
    assert post.moderation == ModerationState.PUBLISHED


def test_an_established_member_may_post_many_links(veteran: Member, community: Space) -> None:
    for number in range(3):
        create_post(veteran, space=community, body=f"Bijdrage nummer {number}")
    post = create_post(veteran, space=community, body=THREE_LINKS)
    assert post.moderation == ModerationState.PUBLISHED


def test_an_old_account_with_few_contributions_counts_as_new(
    veteran: Member, community: Space
) -> None:
    create_post(veteran, space=community, body="Mijn eerste bericht hier")
    assert create_post(veteran, space=community, body=THREE_LINKS).moderation == "pending"


def test_a_link_to_a_blocked_domain_is_held(
    member: Member, moderator: Member, community: Space
) -> None:
    link_rules(moderator, blocked_domains="www.spam.example\n\nbad.example")
    post = create_post(member, space=community, body="Koop nu: https://shop.spam.example/x")
    assert post.moderation == ModerationState.PENDING
    ok = create_post(member, space=community, body="Lees https://notspam.example")
    assert ok.moderation == ModerationState.PUBLISHED


def test_the_site_rule_holds_any_link_of_a_new_member(
    member: Member, moderator: Member, community: Space
) -> None:
    link_rules(moderator, hold_new_member_links=True)
    post = create_post(moderator, space=community, body="Vragen?")
    held = comment_on_post(member, post=post, body="Zie https://a.example")
    assert held.moderation == ModerationState.PENDING
    plain = comment_on_post(member, post=post, body="Zonder link is het goed")
    assert plain.moderation == ModerationState.PUBLISHED


def test_employees_and_staff_are_never_held_for_links(
    employee: Member, moderator: Member, community: Space
) -> None:
    link_rules(moderator, hold_new_member_links=True)
    assert create_post(employee, space=community, body=THREE_LINKS).moderation == "published"
    assert create_post(moderator, space=community, body=THREE_LINKS).moderation == "published"


def test_the_new_member_thresholds_are_settings(
    member: Member, moderator: Member, community: Space
) -> None:
    link_rules(moderator, new_member_days=0, new_member_contributions=0)
    assert create_post(member, space=community, body=THREE_LINKS).moderation == "published"


# Pre-moderation ---------------------------------------------------------------------------------


def test_a_group_holding_all_posts(
    member: Member, employee: Member, moderator: Member, group: Space
) -> None:
    join(member, group)
    set_group_premoderation(employee, space=group, mode=PremoderationMode.ALL)
    post = create_post(member, space=group, body="Hallo groep")
    assert post.moderation == ModerationState.PENDING
    assert post.moderation_reason == "Your post is waiting for a moderator's approval."
    assert create_post(employee, space=group, body="Van de eigenaar").moderation == "published"
    assert create_post(moderator, space=group, body="Van de moderator").moderation == "published"
    # Comments and other spaces are not pre-moderated.
    assert comment_on_post(member, post=post, body="Nog iets").moderation == "published"


def test_a_group_moderator_is_not_held(stranger: Member, employee: Member, group: Space) -> None:
    join(stranger, group, GroupRole.MODERATOR)
    set_group_premoderation(employee, space=group, mode=PremoderationMode.ALL)
    assert create_post(stranger, space=group, body="Ik modereer").moderation == "published"


def test_a_group_holding_the_first_posts_of_new_members(
    member: Member, employee: Member, moderator: Member, group: Space
) -> None:
    join(member, group)
    set_group_premoderation(employee, space=group, mode=PremoderationMode.NEW_MEMBERS, first_n=2)
    first = create_post(member, space=group, body="Eerste")
    assert first.moderation == ModerationState.PENDING
    Post.objects.filter(pk=first.pk).update(moderation=ModerationState.PUBLISHED)
    assert create_post(member, space=group, body="Tweede").moderation == "pending"
    Post.objects.filter(author=member).update(moderation=ModerationState.PUBLISHED)
    assert create_post(member, space=group, body="Derde").moderation == "published"


def test_pre_moderation_off_holds_nothing(member: Member, employee: Member, group: Space) -> None:
    join(member, group)
    set_group_premoderation(employee, space=group, mode=PremoderationMode.ALL)
    set_group_premoderation(employee, space=group, mode=PremoderationMode.OFF)
    assert create_post(member, space=group, body="Gewoon").moderation == "published"


# Duplicates and cross-posting -------------------------------------------------------------------

TEXT = "Wie heeft er nog een laadpaal over? Ik kom hem graag ophalen."


def test_the_same_text_again_is_refused(member: Member, community: Space) -> None:
    post = create_post(member, space=community, body=TEXT)
    with pytest.raises(ValidationError) as refused:
        create_post(member, space=community, body=f"  {TEXT.upper()}\n")
    assert refused.value.messages == ["You have just posted this."]
    with pytest.raises(ValidationError):
        comment_on_post(member, post=post, body=TEXT)
    assert Post.objects.filter(author=member).count() == 1
    assert not Comment.objects.exists()


def test_short_texts_and_other_members_may_repeat(
    member: Member, stranger: Member, community: Space
) -> None:
    post = create_post(member, space=community, body=TEXT)
    assert create_post(stranger, space=community, body=TEXT).pk != post.pk
    comment_on_post(member, post=post, body="Bedankt, dat ga ik proberen!")
    comment_on_post(member, post=post, body="Bedankt, dat ga ik proberen!")
    assert Comment.objects.count() == 2


def test_employees_may_repeat_a_standard_answer(employee: Member, community: Space) -> None:
    first = create_post(employee, space=community, body=TEXT)
    assert create_post(employee, space=community, body=TEXT).pk != first.pk


def test_the_same_idempotency_key_is_no_duplicate(member: Member, community: Space) -> None:
    first = create_post(member, space=community, body=TEXT, idempotency_key="een")
    assert create_post(member, space=community, body=TEXT, idempotency_key="een") == first


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    now = SimpleNamespace(value=1_800_000_000.0)
    monkeypatch.setattr(screens, "time", SimpleNamespace(time=lambda: now.value))
    return now


def test_the_same_text_is_fine_after_ten_minutes_but_not_in_four_places(
    member: Member, employee: Member, clock: SimpleNamespace
) -> None:
    groups = []
    for number in range(4):
        space = Space.objects.create(kind="group", name=f"Groep {number}", slug=f"groep-{number}")
        join(member, space)
        groups.append(space)
    placed = []
    for space in groups:
        placed.append(create_post(member, space=space, body=TEXT))
        clock.value += 11 * 60
    assert [post.moderation for post in placed] == ["published"] * 3 + ["pending"]
    assert placed[-1].moderation_reason == str(screens.WAITS_FOR_CROSS_POSTING)


def test_paused_screens_let_bulk_writers_through(
    member: Member, moderator: Member, community: Space
) -> None:
    words(moderator, ("oplichter", WordAction.BLOCK))
    with screens.paused():
        create_post(member, space=community, body=f"{TEXT} oplichter")
        create_post(member, space=community, body=f"{TEXT} oplichter")
    assert Post.objects.filter(author=member).count() == 2


def test_an_old_account_joined_long_ago(member: Member) -> None:
    assert not screens.is_new_member(age(member, days=10), days=3, contributions=0)
