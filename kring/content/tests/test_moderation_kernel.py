"""The kernel of community management: moderation states decide who reads an item, screens see
every new text, slow mode paces a heated thread."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from kring.accounts.models import Member
from kring.content import screening, services
from kring.content.models import Comment, ModerationState, Post
from kring.content.queries import visible_comments, visible_posts
from kring.content.screening import Submission
from kring.content.tests.samples import post_in
from kring.core.permissions import Denied
from kring.spaces.models import Space

pytestmark = pytest.mark.django_db


@pytest.fixture
def screens() -> Iterator[list[screening.Screen]]:
    """Screens registered by a test, removed afterwards (the apps' own stay)."""
    added: list[screening.Screen] = []
    yield added
    screening._screens[:] = [pair for pair in screening._screens if pair[1] not in added]


def _register(screens: list[screening.Screen], screen: screening.Screen, order: int = 0) -> None:
    screens.append(screen)
    screening.register_screen(screen, order=order)


@pytest.mark.parametrize("state", [ModerationState.PENDING, ModerationState.HELD, "hidden"])
def test_an_unpublished_post_is_read_by_its_author_and_moderators_only(
    community: Space, member: Member, stranger: Member, moderator: Member, state: str
) -> None:
    anonymous = AnonymousUser()
    post = post_in(community, member, "Te controleren")
    services.set_post_moderation(moderator, post=post, state=state, reason="Persoonsgegevens")
    assert visible_posts(member).filter(pk=post.pk).exists()
    assert visible_posts(moderator).filter(pk=post.pk).exists()
    assert not visible_posts(stranger).filter(pk=post.pk).exists()
    assert not visible_posts(anonymous).filter(pk=post.pk).exists()
    post.refresh_from_db()
    assert (post.moderation, post.moderation_reason) == (state, "Persoonsgegevens")


def test_publishing_again_shows_the_post_to_everyone(
    community: Space, member: Member, stranger: Member, moderator: Member
) -> None:
    post = post_in(community, member, "Terug")
    services.set_post_moderation(moderator, post=post, state=ModerationState.HIDDEN, reason="x")
    services.set_post_moderation(moderator, post=post, state=ModerationState.PUBLISHED)
    assert visible_posts(stranger).filter(pk=post.pk).exists()


def test_an_unpublished_comment_is_read_by_its_author_and_moderators_only(
    community: Space, member: Member, friend: Member, stranger: Member, moderator: Member
) -> None:
    post = post_in(community, member, "Open vraag")
    comment = services.comment_on_post(friend, post=post, body="Mijn nummer is 06-…")
    services.set_comment_moderation(moderator, comment=comment, state="held", reason="Nummer")
    assert visible_comments(friend).filter(pk=comment.pk).exists()
    assert visible_comments(moderator).filter(pk=comment.pk).exists()
    assert not visible_comments(member).filter(pk=comment.pk).exists()
    assert not visible_comments(stranger).filter(pk=comment.pk).exists()


def test_an_unknown_state_is_refused(community: Space, member: Member) -> None:
    post = post_in(community, member, "Iets")
    with pytest.raises(ValidationError):
        services.set_post_moderation(None, post=post, state="gone")


def test_a_screen_can_replace_text_hold_or_refuse(
    community: Space, member: Member, screens: list[screening.Screen]
) -> None:
    def screen(submission: Submission) -> Submission:
        if "verboden" in submission.body:
            raise ValidationError("Niet toegestaan.")
        body = submission.body.replace("stom", "***")
        hold = "Wacht op goedkeuring." if "link" in body else submission.hold_reason
        return replace(submission, body=body, hold_reason=hold)

    _register(screens, screen)
    assert services.create_post(member, space=community, body="Wat stom").body == "Wat ***"
    held = services.create_post(member, space=community, body="Een link")
    assert (held.moderation, held.moderation_reason) == ("pending", "Wacht op goedkeuring.")
    with pytest.raises(ValidationError):
        services.create_post(member, space=community, body="verboden woord")
    comment = services.comment_on_post(member, post=held, body="nog een link")
    assert comment.moderation == "pending"


def test_an_edit_is_screened_but_never_held(
    community: Space, member: Member, screens: list[screening.Screen]
) -> None:
    post = post_in(community, member, "Eerste tekst")

    def screen(submission: Submission) -> Submission:
        return replace(submission, body=submission.body.upper(), hold_reason="Wacht.")

    _register(screens, screen)
    edited = services.edit_post(member, post=post, body="tweede tekst")
    assert edited.body == "TWEEDE TEKST"
    assert Post.objects.get(pk=post.pk).moderation == "published"


def test_a_moderators_edit_is_not_screened_and_keeps_its_note(
    community: Space, member: Member, moderator: Member, screens: list[screening.Screen]
) -> None:
    post = post_in(community, member, "Bel 06-12345678")
    seen: list[Submission] = []

    def screen(submission: Submission) -> Submission:
        seen.append(submission)
        return submission

    _register(screens, screen)
    services.edit_post(moderator, post=post, body="Bel [verwijderd]", note="Telefoonnummer")
    assert seen == []
    revision = post.revisions.get()
    assert (revision.body, revision.note) == ("Bel 06-12345678", "Telefoonnummer")


def test_registering_a_screen_twice_runs_it_once(
    community: Space, member: Member, screens: list[screening.Screen]
) -> None:
    calls: list[str] = []

    def screen(submission: Submission) -> Submission:
        calls.append(submission.body)
        return submission

    _register(screens, screen)
    screening.register_screen(screen)
    services.create_post(member, space=community, body="Eén keer")
    assert calls == ["Eén keer"]


def test_slow_mode_lets_a_member_reply_once_per_interval(
    community: Space, member: Member, friend: Member, moderator: Member
) -> None:
    post = post_in(community, member, "Verhit")
    services.set_slow_mode(moderator, post=post, minutes=10)
    services.comment_on_post(friend, post=post, body="Eerste")
    with pytest.raises(ValidationError) as refused:
        services.comment_on_post(friend, post=post, body="Tweede")
    assert refused.value.code == "slow_mode"
    assert "10 minutes" in refused.value.messages[0]
    assert 590 <= services.slow_mode_wait(friend, post) <= 600
    # Moderators are not paced, and the interval passes.
    services.comment_on_post(moderator, post=post, body="Rustig aan")
    services.comment_on_post(moderator, post=post, body="Nogmaals")
    Comment.objects.filter(author=friend).update(created_at=timezone.now() - timedelta(minutes=11))
    services.comment_on_post(friend, post=post, body="Tweede")


def test_only_moderators_switch_slow_mode_to_an_offered_interval(
    community: Space, member: Member, moderator: Member
) -> None:
    post = post_in(community, member, "Verhit")
    with pytest.raises(Denied):
        services.set_slow_mode(member, post=post, minutes=5)
    with pytest.raises(ValidationError):
        services.set_slow_mode(moderator, post=post, minutes=7)
    services.set_slow_mode(moderator, post=post, minutes=0)
    assert Post.objects.get(pk=post.pk).slow_mode_minutes == 0


def test_the_author_is_told_a_held_comment_waits_for_a_moderator(
    client: Any, community: Space, member: Member, friend: Member, screens: list[screening.Screen]
) -> None:
    post = post_in(community, member, "Vraagje")

    def hold(submission: Submission) -> Submission:
        return replace(submission, hold_reason="Waits for a moderator's approval.")

    _register(screens, hold)
    client.force_login(friend)
    response = client.post(
        f"/berichten/{post.pk}/reageren/", {"body": "Mijn antwoord"}, follow=True
    )
    assert "Waits for a moderator" in response.content.decode()
    assert services.waiting_notice(Comment.objects.get(post=post)) != ""
    assert services.waiting_notice(post) == ""
