"""Moderation in a real browser: a member reports a post; a moderator hides it from the queue
with a reason; the author reads that reason on the post; the audit log shows the action; the
public transparency page counts it.

Each person has their own browser context, logged in through a session made with
`Client.force_login`. Every page visited is checked with axe-core. Selectors follow the forms'
addresses, names and classes, not their words, so the journey holds in Dutch and in English.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import MemberFactory
from e2e.accessibility import assert_accessible
from e2e.conftest import Login
from kring.accounts.roles import Role
from kring.content.models import Post
from kring.content.services import create_post
from kring.moderation.models import FlagCase
from kring.spaces.queries import community_space

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BODY = "Iedereen die een warmtepomp neemt is gewoon dom."
REASON = "Neerbuigend over andere leden: schrijf het vriendelijker."


def visit(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == 200, f"{path} answered {response.status}"
    assert_accessible(page)


def submit(page: Page, form: str) -> None:
    """Press the submit button of the form matched by `form`; wait for the page it leads to."""
    with page.expect_navigation():
        page.locator(form).locator("button[type=submit]").first.click()
    assert_accessible(page)


def report_the_post(page: Page, post: Post) -> None:
    visit(page, reverse("content:post-detail", args=[post.pk]))
    link = page.locator(f"article#post-{post.pk} a.report-link")
    with page.expect_navigation():
        link.click()
    assert_accessible(page)
    page.locator("input[name=reason][value=offensive]").check()
    page.locator("textarea[name=text]").fill("Niet aardig.")
    submit(page, f"form[action='{reverse('moderation:flag-post', args=[post.pk])}']")
    expect(page.locator(".messages")).to_be_visible()


def hide_from_the_queue(page: Page, case: FlagCase) -> None:
    visit(page, reverse("moderation:case-detail", args=[case.pk]))  # every action, checked
    visit(page, reverse("moderation:queue"))
    row = page.locator(f"li#case-{case.pk}")
    expect(row).to_contain_text(BODY)
    row.locator("input[name=reason]").fill(REASON)
    submit(page, f"li#case-{case.pk} form.case__hide")
    expect(page.locator(f"li#case-{case.pk}")).to_have_count(0)


def the_author_reads_why(page: Page, post: Post) -> None:
    visit(page, reverse("content:post-detail", args=[post.pk]))
    notice = page.locator(f"article#post-{post.pk} .moderation-notice")
    expect(notice).to_contain_text(REASON)


def the_audit_log_and_transparency_show_it(page: Page) -> None:
    visit(page, reverse("audit:log"))
    expect(page.locator("main")).to_contain_text("post.hide")
    expect(page.locator("main")).to_contain_text(REASON)
    visit(page, reverse("audit:transparency"))
    totals = page.locator("table.transparency-table").first.locator("tbody tr").first
    expect(totals.locator("td").last).to_have_text("1")


def test_a_reported_post_is_hidden_with_a_reason_the_author_reads(login_as: Login) -> None:
    author = MemberFactory(display_name="Sanne Kok")
    flagger = MemberFactory(display_name="Ruben Bos")
    moderator = MemberFactory(display_name="Eva Smit", role=Role.MODERATOR)
    admin = MemberFactory(display_name="Gijs de Boer", role=Role.ADMIN)
    post = create_post(author, space=community_space(), body=BODY)

    report_the_post(login_as(flagger), post)
    case = FlagCase.objects.get(post=post)
    assert case.flag_count == 1

    hide_from_the_queue(login_as(moderator), case)
    the_author_reads_why(login_as(author), post)
    the_audit_log_and_transparency_show_it(login_as(admin))
