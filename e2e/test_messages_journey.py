"""Private messages in a real browser: Anne finds Bram by typing his name (htmx suggestions),
ticks him and writes; Bram sees the unread conversation in his inbox and replies; a
moderator's mediation conversation carries its badge and notice. Every page is checked with
axe-core. Selectors follow addresses, names and classes, not words (Dutch or English)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.accessibility import assert_accessible
from e2e.conftest import Login
from kring.accounts.models import Member
from kring.messaging.models import Conversation, Message
from kring.messaging.services import start_mediation_conversation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def visit(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == 200, f"{path} answered {response.status}"
    assert_accessible(page)


def test_write_reply_and_mediate(
    login_as: Login, member: Member, friend: Member, moderator: Member
) -> None:
    anne, bram = member, friend  # Anne de Vries and Bram Jansen (the root conftest's personas)

    page = login_as(anne)
    visit(page, reverse("messaging:inbox"))
    visit(page, reverse("messaging:conversation-create"))
    page.locator("input[name=find]").fill("Bram")
    suggestion = page.locator(f"#conv-suggest-{bram.pk}")
    expect(suggestion).to_be_visible()
    suggestion.check()
    assert_accessible(page)
    page.locator("textarea[name=body]").fill("Hoi Bram, fiets je zaterdag mee?")
    with page.expect_navigation():
        page.locator("button[name=action][value=send]").click()
    conversation = Conversation.objects.get()
    assert page.url.endswith(reverse("messaging:conversation-detail", args=[conversation.pk]))
    assert_accessible(page)

    other = login_as(bram)
    visit(other, reverse("messaging:inbox"))
    expect(other.locator(".conv-row--unread")).to_have_count(1)
    visit(other, reverse("messaging:conversation-detail", args=[conversation.pk]))
    other.locator("#reply-form textarea[name=body]").fill("Leuk, ik ben erbij!")
    with other.expect_navigation():
        other.locator("#reply-form button[type=submit]").click()
    assert_accessible(other)
    assert Message.objects.filter(sender=bram).count() == 1

    mediation = start_mediation_conversation(
        moderator, members=[anne, bram], title="Over de fietsroute", body="Welkom allebei."
    )
    visit(page, reverse("messaging:conversation-detail", args=[mediation.pk]))
    expect(page.locator(".conv-mediation")).to_be_visible()
