"""Abuse: a flood of logins, sign-ups, password resets, posts or comments answers 429 with
Retry-After and a page that says what happened; login, password reset and sign-up answer alike
for registered and unknown addresses, so they do not tell who has an account.

Reports (flags) and private messages are limited the same way, per member.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import PASSWORD
from kring.accounts.models import Member
from kring.config.checks import check_rate_limits
from kring.content.models import Comment, Post
from kring.core import ratelimits
from kring.core.ratelimits import parse_rate, too_fast_message
from kring.core.tests.security.conftest import Probe
from kring.messaging.models import Message
from kring.messaging.services import start_conversation
from kring.moderation.models import Flag
from kring.spaces.queries import community_space

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
SIGNUP = "/accounts/signup/"
RESET = "/accounts/password/reset/"
DUTCH_TOO_MANY = "Te veel pogingen"
DUTCH_TOO_MANY_LOGINS = "Te veel inlogpogingen"


def log_in(client: Client, email: str, password: str = "fout") -> Any:  # noqa: S107
    return client.post(LOGIN, {"login": email, "password": password})


def sign_up(client: Client, email: str, name: str = "Nieuw Lid") -> Any:
    return client.post(
        SIGNUP,
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, "display_name": name},
    )


@pytest.fixture(autouse=True)
def _mid_window_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Kring's limits count in fixed windows: a window that ended in the middle of a flood
    would let it through. The clock stands 30 s into a minute (and a five-minute window)."""
    monkeypatch.setattr(ratelimits, "time", SimpleNamespace(time=lambda: 1_800_000_030.0))


def assert_throttled(response: Any, *, text: str) -> None:
    assert response.status_code == 429, response.status_code
    assert int(response["Retry-After"]) >= 1
    assert text in response.content.decode()


# Account flows (allauth's limits, answered as 429 by the adapter and RetryAfterMiddleware) ----


def test_login_brute_force_on_one_account_answers_429(
    client: Client, member: Member, probe: Probe
) -> None:
    for _attempt in range(5):
        assert log_in(client, member.email).status_code == 200
    response = log_in(client, member.email, PASSWORD)  # even the right password, for now
    assert_throttled(response, text=DUTCH_TOO_MANY_LOGINS)
    assert "_auth_user_id" not in client.session
    probe("Abuse: login brute force", cases=6)


def test_login_brute_force_from_one_address_answers_429(client: Client, probe: Probe) -> None:
    for number in range(10):
        assert log_in(client, f"gok{number}@example.nl").status_code == 200
    assert_throttled(log_in(client, "nog-een-gok@example.nl"), text=DUTCH_TOO_MANY_LOGINS)
    probe("Abuse: login brute force", cases=11)


def test_login_throttling_treats_unknown_addresses_like_registered_ones(
    client: Client, member: Member, probe: Probe
) -> None:
    for _attempt in range(5):
        log_in(client, member.email)
        log_in(client, "niemand@example.nl")
    known, unknown = log_in(client, member.email), log_in(client, "niemand@example.nl")
    assert (known.status_code, unknown.status_code) == (429, 429)
    assert known["Retry-After"] == unknown["Retry-After"]
    probe("Abuse: login brute force", cases=12)


def test_a_signup_flood_answers_429_and_creates_no_account(client: Client, probe: Probe) -> None:
    for number in range(20):
        assert sign_up(client, f"nieuw{number}@example.nl").status_code == 302
    accounts = Member.objects.count()
    response = sign_up(client, "nog-een@example.nl")
    assert_throttled(response, text=DUTCH_TOO_MANY)
    assert Member.objects.count() == accounts
    probe("Abuse: sign-up flood", cases=21)


def test_a_password_reset_flood_for_one_address_answers_429(
    client: Client, member: Member, probe: Probe
) -> None:
    """Five resets a minute per address, registered or not: the limit reveals nothing either."""
    for email in (member.email, "niemand@example.nl"):
        for _attempt in range(5):
            assert client.post(RESET, {"email": email}).status_code == 302
        assert_throttled(client.post(RESET, {"email": email}), text=DUTCH_TOO_MANY)
    probe("Abuse: password-reset flood", cases=12)


def test_a_password_reset_flood_across_addresses_answers_429(client: Client, probe: Probe) -> None:
    for number in range(20):
        assert client.post(RESET, {"email": f"iemand{number}@example.nl"}).status_code == 302
    sent = len(mail.outbox)
    assert_throttled(client.post(RESET, {"email": "nog-iemand@example.nl"}), text=DUTCH_TOO_MANY)
    assert len(mail.outbox) == sent
    probe("Abuse: password-reset flood", cases=21)


# Posting (kring.core.ratelimits, settings.RATE_LIMITS) ---------------------------------------


def post_status(client: Client, body: str, *, where: str = "") -> Any:
    path = where or reverse("wall:space-status-create", args=[community_space().pk])
    return client.post(path, {"body": body})


def test_a_posting_flood_answers_429_and_keeps_the_text(
    client: Client, member: Member, probe: Probe
) -> None:
    """Ten status updates a minute per member, wherever they are posted."""
    client.force_login(member)
    profile_wall = reverse("wall:profile-status-create", args=[member.pk])
    for number in range(10):
        where = profile_wall if number % 2 else ""
        assert post_status(client, f"Bericht {number}", where=where).status_code == 302
    response = post_status(client, "Nummer elf, te snel", where=profile_wall)
    assert_throttled(response, text="Nummer elf, te snel")  # shown again in the form
    assert response["Retry-After"] == "30"  # the rest of the minute
    with translation.override("nl"):
        message = too_fast_message(int(response["Retry-After"]))
    assert message in response.content.decode()
    assert Post.objects.filter(author=member).count() == 10
    probe("Abuse: posting flood (status updates)", cases=11)


def test_a_comment_flood_answers_429_and_keeps_the_text(
    client: Client, member: Member, probe: Probe
) -> None:
    post = Post.objects.create(space=community_space(), author=member, body="Reageer maar")
    client.force_login(member)
    path = reverse("content:comment-create", args=[post.pk])
    for number in range(30):
        assert client.post(path, {"body": f"Reactie {number}"}).status_code == 302
    response = client.post(path, {"body": "Reactie te veel"})
    assert_throttled(response, text="Reactie te veel")
    assert Comment.objects.filter(post=post).count() == 30
    probe("Abuse: posting flood (comments)", cases=31)


def test_the_posting_limit_counts_per_member(
    client: Client, member: Member, stranger: Member, probe: Probe
) -> None:
    client.force_login(member)
    for number in range(10):
        post_status(client, f"Bericht {number}")
    assert post_status(client, "Te veel").status_code == 429
    client.force_login(stranger)
    assert post_status(client, "Ik mag nog wel").status_code == 302
    probe("Abuse: posting flood (status updates)", cases=12)


def test_the_limits_are_configurable_and_say_so_in_english_too(
    client: Client, member: Member, settings: Any, probe: Probe
) -> None:
    settings.RATE_LIMITS = {"post": "2/5m", "comment": ""}
    member.language = "en"
    member.save(update_fields=["language"])
    client.force_login(member)
    assert [post_status(client, f"Post {n}").status_code for n in range(3)] == [302, 302, 429]
    response = post_status(client, "Still too fast")
    assert response["Retry-After"] == "270"  # the rest of the five minutes
    assert "You are posting faster than this community allows." in response.content.decode()
    post = Post.objects.filter(author=member).first()
    assert post is not None
    path = reverse("content:comment-create", args=[post.pk])
    assert {client.post(path, {"body": f"C {n}"}).status_code for n in range(31)} == {302}
    probe("Abuse: posting flood (status updates)", cases=35)


def test_a_flag_flood_answers_429_and_keeps_the_text(
    client: Client, member: Member, stranger: Member, probe: Probe
) -> None:
    """Ten reports a minute per member: a flood cannot hide the community's posts."""
    community = community_space()
    posts = [
        Post.objects.create(space=community, author=stranger, body=f"Bericht {n}")
        for n in range(11)
    ]
    client.force_login(member)
    for post in posts[:10]:
        response = client.post(reverse("moderation:flag-post", args=[post.pk]), {"reason": "spam"})
        assert response.status_code == 302, response.status_code
    response = client.post(
        reverse("moderation:flag-post", args=[posts[10].pk]),
        {"reason": "other", "text": "Elfde melding, te snel"},
    )
    assert_throttled(response, text="Elfde melding, te snel")
    assert Flag.objects.filter(flagger=member).count() == 10
    probe("Abuse: flag flood", cases=11)


def test_a_private_message_flood_answers_429_and_keeps_the_text(
    client: Client, member: Member, stranger: Member, probe: Probe
) -> None:
    """Twenty private messages a minute per member."""
    conversation = start_conversation(member, members=[stranger], body="Hoi")
    client.force_login(member)
    path = reverse("messaging:message-create", args=[conversation.pk])
    for number in range(19):  # the first message started the conversation outside the limit
        assert client.post(path, {"body": f"Bericht {number}"}).status_code == 302
    client.post(path, {"body": "Twintigste"})
    response = client.post(path, {"body": "Eenentwintigste, te snel"})
    assert_throttled(response, text="Eenentwintigste, te snel")
    assert Message.objects.filter(sender=member).count() == 21
    probe("Abuse: private message flood", cases=21)


def test_rates_are_read_like_allauths() -> None:
    assert parse_rate("10/m") is not None
    assert (parse_rate("10/m").amount, parse_rate("10/m").seconds) == (10, 60)  # type: ignore[union-attr]
    assert parse_rate("30/5m").seconds == 300  # type: ignore[union-attr]
    assert parse_rate("") is None
    with pytest.raises(ValueError, match="not a rate"):
        parse_rate("tien per minuut")


def test_a_rate_that_is_not_a_rate_fails_the_system_check(settings: Any) -> None:
    assert check_rate_limits(None) == []
    settings.RATE_LIMITS = {"post": "tien per minuut", "comment": ""}
    assert [error.id for error in check_rate_limits(None)] == ["kring.E002"]


# Enumeration ---------------------------------------------------------------------------------


def page_text(response: Any, *addresses: str) -> str:
    """The page as a reader sees it, with the tried address and CSRF tokens blanked out."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]*"', "", html)
    for address in addresses:
        html = html.replace(address, "ADDRESS")
    return " ".join(html.split())


def test_login_does_not_reveal_whether_an_address_is_registered(
    client: Client, member: Member, probe: Probe
) -> None:
    known = log_in(client, member.email, "verkeerd-wachtwoord")
    unknown = log_in(client, "onbekend@example.nl", "verkeerd-wachtwoord")
    assert known.status_code == unknown.status_code == 200
    assert page_text(known, member.email) == page_text(unknown, "onbekend@example.nl")
    probe("Abuse: enumeration (login, reset, sign-up)", cases=2)


def test_password_reset_does_not_reveal_whether_an_address_is_registered(
    client: Client, member: Member, probe: Probe
) -> None:
    known = client.post(RESET, {"email": member.email})
    unknown = client.post(RESET, {"email": "onbekend@example.nl"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # Both addresses get a mail (the unknown one: "there is no account"), nobody else sees it.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, "onbekend@example.nl"])
    assert page_text(client.get(known["Location"])) == page_text(client.get(unknown["Location"]))
    probe("Abuse: enumeration (login, reset, sign-up)", cases=2)


def test_signup_does_not_reveal_whether_an_address_is_registered(
    client: Client, member: Member, probe: Probe
) -> None:
    known = sign_up(client, member.email)
    unknown = sign_up(client, "onbekend@example.nl")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    shown = [
        page_text(Client().get(response["Location"]), address)
        for response, address in ((known, member.email), (unknown, "onbekend@example.nl"))
    ]
    assert shown[0] == shown[1]
    assert Member.objects.filter(email=member.email).count() == 1
    probe("Abuse: enumeration (login, reset, sign-up)", cases=2)


def test_a_second_signup_attempt_for_a_registered_address_changes_nothing(
    client: Client, member: Member
) -> None:
    password = member.password
    sign_up(client, member.email, name="Overnemer")
    member.refresh_from_db()
    assert (member.password, member.display_name) == (password, "Anne de Vries")
    assert not Member.objects.filter(display_name="Overnemer").exists()
