"""A newcomer's first visit, in a real browser: sign up, confirm by e-mail, log out and in again,
fill in the profile, read it back, and switch the interface to English."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.accessibility import assert_accessible
from e2e.mailsink import MailSink

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAME = "Noor Jansen"
EMAIL = "noor.jansen@example.nl"
PASSWORD = "Kring-e2e-wachtwoord-2026"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "e2e"
CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def submit(page: Page, form: str) -> None:
    """Press the submit button of the form matched by `form`; wait for the page it leads to."""
    with page.expect_navigation():
        page.locator(form).locator("button[type=submit]").first.click()


def follow(page: Page, link: str) -> None:
    """Click the link matched by `link`; wait for the page it leads to."""
    with page.expect_navigation():
        page.locator(link).first.click()


def open_account_menu(page: Page) -> None:
    page.locator("details.menu > summary").click()


def sign_up(page: Page) -> None:
    follow(page, ".account-menu a[href$='/accounts/signup/']")
    assert_accessible(page)
    page.fill("input[name=display_name]", NAME)
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    submit(page, "main form:has(input[name=password2])")
    expect(page.locator("details.menu")).to_have_count(0)  # not logged in before confirming
    assert_accessible(page)


def confirm_address(page: Page, mail_sink: MailSink, site_url: str) -> None:
    """The confirmation mail came through SMTP; its link opens the confirmation page."""
    body = mail_sink.wait_for(EMAIL).get_body(preferencelist=("plain",))
    assert body is not None
    link = CONFIRM_LINK.search(body.get_content())
    assert link, body.get_content()
    assert link.group(0).startswith(site_url)
    page.goto(link.group(0))
    assert_accessible(page)
    submit(page, "main form[method=post]")
    # Confirming logs the newcomer in.
    expect(page.locator("details.menu > summary")).to_contain_text(NAME)
    assert_accessible(page)


def log_out_and_in(page: Page) -> None:
    open_account_menu(page)
    submit(page, "details.menu form[action$='/accounts/logout/']")
    expect(page.locator("details.menu")).to_have_count(0)
    assert_accessible(page)
    follow(page, ".account-menu a[href$='/accounts/login/']")
    assert_accessible(page)
    page.fill("input[name=login]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    submit(page, "main form:has(input[name=password])")
    expect(page.locator("details.menu > summary")).to_contain_text(NAME)


def edit_profile(page: Page) -> None:
    """Fill in the profile; it shows on the profile page."""
    open_account_menu(page)
    follow(page, "details.menu a[href$='/profiel/bewerken/']")
    assert_accessible(page)
    page.fill("input[name=job_title]", "Energiecoach")
    page.fill(
        "textarea[name=bio]", "Ik help buren met **zonnepanelen**.\n\n- isolatie\n- subsidies"
    )
    page.fill("input[name=interests]", "Warmtepomp, Fietsen")
    submit(page, "main form:has(textarea[name=bio])")
    profile = page.locator("main")
    expect(profile.locator("h1")).to_contain_text(NAME)
    expect(profile).to_contain_text("Energiecoach")
    expect(profile.locator(".prose strong")).to_have_text("zonnepanelen")
    expect(profile.locator(".prose li")).to_have_count(2)
    expect(profile.locator(".tags")).to_contain_text("Warmtepomp")
    expect(profile.locator(".tags")).to_contain_text("Fietsen")
    assert_accessible(page)


def switch_to_english(page: Page) -> None:
    """The footer's language form brings the same page back, in English."""
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    here = page.url
    page.select_option("#language-switch", "en")
    submit(page, "form.language-switch")
    assert page.url == here
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#profile-about-heading")).to_have_text(f"About {NAME}")
    expect(page.locator("label[for=language-switch]")).to_have_text("Language")
    assert_accessible(page)


def test_newcomer_signs_up_confirms_edits_profile_and_switches_to_english(
    page: Page, mail_sink: MailSink, live_server: Any
) -> None:
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert_accessible(page)

    sign_up(page)
    confirm_address(page, mail_sink, live_server.url)
    log_out_and_in(page)
    edit_profile(page)
    switch_to_english(page)


def test_home_page_fits_a_phone_screen(browser: Browser, live_server: Any) -> None:
    """360 px wide, as on a small phone: nothing sticks out sideways. The screenshot is kept
    in var/e2e/ to look at."""
    context = browser.new_context(
        base_url=live_server.url,
        bypass_csp=True,
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
    )
    try:
        page = context.new_page()
        page.goto("/")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "home-360.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert_accessible(page)
    finally:
        context.close()
