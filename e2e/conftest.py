"""Browser journeys: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Mail goes through a real SMTP conversation with a local aiosmtpd sink (e2e/mailsink.py), and
every page a journey visits is checked with axe-core (e2e/accessibility.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page, sync_playwright

from e2e.accessibility import AXE
from e2e.mailsink import MailSink, free_port
from kring.accounts.models import Member

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Without Chromium or axe-core the journeys cannot run: skip them on a developer's
    machine, saying what to install, but never in CI, where a skip would hide a failure."""
    missing = [str(path) for path in (CHROMIUM, AXE) if not path.exists()]
    if not missing or os.environ.get("CI"):
        return
    reason = (
        f"browser journeys need {', '.join(missing)}: "
        "`apt-get install chromium`, and `make e2e-deps` for axe-core"
    )
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def mail_sink(settings: Any) -> Iterator[MailSink]:
    """A real SMTP server on 127.0.0.1, and Django sending its mail there."""
    sink = MailSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    yield sink
    controller.stop()


@pytest.fixture(autouse=True)
def _unhashed_static_files(settings: Any) -> None:
    """The live server serves /static/ from the apps' folders (Django's StaticFilesHandler),
    which knows no hashed manifest names: pages must link the plain names to get their CSS."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    # bypass_csp: axe-core is injected as a script that the page's strict CSP would refuse.
    context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


Login = Callable[[Member], Page]


@pytest.fixture
def login_as(browser: Browser, live_server: Any) -> Iterator[Login]:
    """A fresh browser context per person, already logged in as them."""
    contexts = []

    def open_page(member: Member) -> Page:
        client = Client()
        client.force_login(member)
        context = browser.new_context(
            base_url=live_server.url, bypass_csp=True, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
