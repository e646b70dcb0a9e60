"""CSRF: every URL pattern of the URLconf (Kring's, allauth's, the admin's) refuses a POST that
lacks a valid token, and the refused request changes nothing in the database.

The patterns are enumerated from the URLconf, not listed by hand: a new URL is probed the day
it is added, and a URL the probe cannot fill with real objects fails the suite (routes.py).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
from django.test import Client

from kring.content.models import Post
from kring.core.tests.security.conftest import Probe, World
from kring.core.tests.security.routes import Unfillable, all_routes, fill

pytestmark = pytest.mark.django_db

REFUSED_HEADER = "X-Test-Csrf-Refused"
# Form fields that would make most views act if they ever ran: a refused POST must not.
HOSTILE_FORM = {
    "body": "Geplaatst zonder CSRF-token",
    "kind": "like",
    "pin": "1",
    "role": "admin",
    "member": "1",
    "email": "aanvaller@example.nl",
    "login": "gijs@example.nl",
    "password": "Kring-test-wachtwoord-2026",
    "password1": "Nieuw-wachtwoord-2026!",
    "password2": "Nieuw-wachtwoord-2026!",
    "oldpassword": "Kring-test-wachtwoord-2026",
    "display_name": "Aanvaller",
    "name": "Overgenomen",
    "description": "Overgenomen",
    "visibility": "public",
    "audience": "everyone",
    "language": "en",
    "community_name": "Overgenomen",
    "primary_colour": "#000000",
    "default_language": "en",
    "registration_policy": "open",
    "friend_request_policy": "everyone",
    "reason": "CSRF",
    "message": "CSRF",
    "tags": "csrf",
    "action_remove": "1",
    "_save": "1",
}


def csrf_refused(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Stands in for Django's CSRF failure view, so a 403 is known to come from the CSRF check."""
    response = HttpResponseForbidden("CSRF refused")
    response[REFUSED_HEADER] = reason or "refused"
    return response


def snapshot() -> dict[str, str]:
    """Every row of every table (many-to-many tables too): any insert, update or delete shows.
    Plain SQL: the probes take some 600 snapshots."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
    )
    rows = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608
            rows[table] = repr(cursor.fetchall())
    return rows


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return [label for label, rows in after.items() if before.get(label) != rows]


def cookie_secret(client: Client) -> str:
    """Give `client` a CSRF cookie, as a browser that visited the site has; return its secret."""
    secret = _get_new_csrf_string()
    client.cookies[django_settings.CSRF_COOKIE_NAME] = secret
    return secret


def test_every_url_pattern_can_be_made_concrete(world: World) -> None:
    """A new URL the probes cannot fill with real objects fails here, saying what to add."""
    unfillable = []
    for route in all_routes():
        try:
            fill(route, world)
        except Unfillable as error:
            unfillable.append(str(error))
    assert unfillable == [], "teach kring/core/tests/security/routes.py:\n" + "\n".join(unfillable)


@pytest.mark.parametrize(
    "variant",
    [
        "anonymous, no CSRF cookie",
        "admin, CSRF cookie but no token",
        "admin, CSRF cookie and a forged token",
    ],
)
def test_every_url_refuses_a_post_without_a_valid_token_and_changes_nothing(
    csrf_client: Client, world: World, settings: Any, probe: Probe, variant: str
) -> None:
    settings.CSRF_FAILURE_VIEW = f"{__name__}.csrf_refused"
    form = dict(HOSTILE_FORM)
    if variant.startswith("admin"):
        csrf_client.force_login(world.admin)
        cookie_secret(csrf_client)
    if "forged" in variant:
        # A well-formed token for another secret: what an attacker could make up.
        form["csrfmiddlewaretoken"] = _mask_cipher_secret(_get_new_csrf_string())
    routes = all_routes()
    failures = []
    before = snapshot()
    for route in routes:
        path = fill(route, world)
        response = csrf_client.post(path, form)
        after = snapshot()
        refused = response.status_code == 403 and REFUSED_HEADER in response
        if not (refused or response.status_code == 405):
            failures.append(f"{route} -> {path}: answered {response.status_code}")
        if changed := changed_tables(before, after):
            failures.append(f"{route} -> {path}: changed {changed}")
        before = after
    probe("CSRF: POST without a valid token", cases=len(routes))
    assert failures == [], "\n".join(failures)


def test_the_same_post_with_a_valid_token_is_accepted(
    csrf_client: Client, world: World, probe: Probe
) -> None:
    """The probe is meaningful: the admin's POST goes through once it carries the page's token."""
    csrf_client.force_login(world.admin)
    page = csrf_client.get(f"/berichten/{world.post.pk}/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None
    without = csrf_client.post(f"/berichten/{world.post.pk}/vastzetten/", {"pin": "1"})
    assert without.status_code == 403
    assert Post.objects.get(pk=world.post.pk).pinned_at is None
    response = csrf_client.post(
        f"/berichten/{world.post.pk}/vastzetten/",
        {"pin": "1", "csrfmiddlewaretoken": token.group(1)},
    )
    assert response.status_code == 302
    assert Post.objects.get(pk=world.post.pk).pinned_at is not None
    probe("CSRF: POST without a valid token", cases=2)


def test_the_csrf_failure_page_is_a_403_with_the_strict_csp(csrf_client: Client) -> None:
    """A real browser refused by the check gets Django's failure page, under the same CSP."""
    response = csrf_client.post("/accounts/login/", {"login": "a@example.nl", "password": "x"})
    assert response.status_code == 403
    assert response["Content-Security-Policy"]
