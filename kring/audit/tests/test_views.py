"""The audit log pages: who reads what, filters, keyset pages, the CSV export and the public
transparency page (counts only, no personal data)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from conftest import MemberFactory, session_queries
from kring.accounts.models import Member
from kring.audit import queries
from kring.audit.models import AuditEntry, Reason
from kring.audit.services import record_action
from kring.content.tests.samples import join, make_group
from kring.core.pagecache import invalidate_visitor_pages
from kring.spaces.models import GroupRole, Space

pytestmark = pytest.mark.django_db

LOG = reverse("audit:log")
EXPORT = reverse("audit:log-export")
TRANSPARENCY = reverse("audit:transparency")


def logged_in(client: Client, member: Member) -> Client:
    client.force_login(member)
    return client


@pytest.mark.parametrize("persona", ["member", "employee"])
def test_the_log_is_refused_to_members(
    client: Client, request: pytest.FixtureRequest, persona: str
) -> None:
    logged_in(client, request.getfixturevalue(persona))
    assert client.get(LOG).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_visitors_are_sent_to_log_in_or_refused(client: Client) -> None:
    assert client.get(LOG).status_code in (302, 403)
    assert client.get(EXPORT).status_code in (302, 403)


def test_group_moderators_read_their_groups_entries_only(
    client: Client, moderator: Member, member: Member, group: Space
) -> None:
    other = make_group(name="Zonnepanelen", slug="zonnepanelen")
    join(group, member, role=GroupRole.MODERATOR)
    record_action(moderator, action="post.hide", space=group, reason="In onze groep")
    record_action(moderator, action="post.hide", space=other, reason="In een andere groep")
    record_action(moderator, action="member.silence", reason="Buiten elke groep")
    page = logged_in(client, member).get(LOG).content.decode()
    assert "In onze groep" in page
    assert "In een andere groep" not in page
    assert "Buiten elke groep" not in page
    assert client.get(EXPORT).status_code == 403


def test_site_moderators_read_everything_and_filter(
    client: Client, moderator: Member, manager: Member, member: Member, group: Space
) -> None:
    record_action(
        moderator, action="post.hide", subject=member, space=group, reason_code=Reason.SPAM
    )
    record_action(manager, action="role.assign", target=member, subject=member)
    record_action(moderator, action="comment.hide", reason_code=Reason.OFFENSIVE)
    logged_in(client, moderator)

    def actions(query: str) -> set[str]:
        response = client.get(LOG + query)
        assert response.status_code == 200
        return set(re.findall(r"<td><code>([a-z_.]+)</code></td>", response.content.decode()))

    assert actions("") == {"post.hide", "role.assign", "comment.hide"}
    assert actions("?actor=femke") == {"role.assign"}
    assert actions("?action=post.hide") == {"post.hide"}
    assert actions("?action=post.") == {"post.hide"}
    assert actions("?target_type=accounts.member") == {"role.assign"}
    assert actions(f"?member={member.pk}") == {"post.hide", "role.assign"}
    assert actions(f"?space={group.pk}") == {"post.hide"}
    assert actions("?reason=offensive") == {"comment.hide"}
    assert actions("?date_from=2000-01-01&date_to=2000-01-02") == set()


def test_bad_filters_show_the_form_again(client: Client, moderator: Member) -> None:
    response = logged_in(client, moderator).get(LOG + "?date_from=2026-05-02&date_to=2026-05-01")
    assert response.status_code == 200
    assert "The end date comes before the start date." in response.content.decode()
    assert 'value="2026-05-02"' in response.content.decode()


def test_the_log_pages_by_keyset(client: Client, moderator: Member) -> None:
    for number in range(queries.PER_PAGE + 3):
        record_action(moderator, action="post.hide", reason=f"reden-{number}")
    logged_in(client, moderator)
    first = client.get(LOG + "?action=post.hide").content.decode()
    assert first.count("<td><code>post.hide</code></td>") == queries.PER_PAGE
    cursor = re.search(r"na=([A-Za-z0-9_-]+)", first)
    assert cursor is not None
    second = client.get(LOG + f"?action=post.hide&na={cursor.group(1)}").content.decode()
    assert re.findall(r"reden-\d+", second) == ["reden-2", "reden-1", "reden-0"]
    assert 'rel="next"' not in second
    assert client.get(LOG + "?na=rommel").status_code == 200


def test_the_log_page_costs_the_same_whatever_the_number_of_entries(
    client: Client,
    moderator: Member,
    group: Space,
    django_assert_num_queries: Callable[..., Any],
) -> None:
    logged_in(client, moderator)
    record_action(moderator, action="post.hide", space=group)
    client.get(LOG)  # warm the layout's caches
    # member (with the profile the header's avatar needs), entries, the test client's e-mail
    # check (the filter's target types come from the cache)
    expected = 3 + session_queries()
    with django_assert_num_queries(expected):
        client.get(LOG)
    for _ in range(30):
        record_action(moderator, action="post.hide", space=group, subject=moderator)
    with django_assert_num_queries(expected):
        client.get(LOG)


def read_csv(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_export_streams_the_filtered_entries_with_a_header(
    client: Client, manager: Member, member: Member
) -> None:
    record_action(manager, action="post.hide", subject=member, reason="Reclame, zeker weten")
    record_action(manager, action="role.assign", target=member, subject=member)
    response = logged_in(client, manager).get(EXPORT + "?action=post.hide")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = read_csv(response)
    assert rows[0][:4] == ["time", "actor", "actor_role", "action"]
    assert len(rows) == 2
    assert rows[1][1:4] == ["Femke Mulder", "manager", "post.hide"]
    assert rows[1][10] == "Reclame, zeker weten"


@pytest.mark.parametrize("dangerous", ["=HYPERLINK(1)", "+1", "-1+2", "@SUM(A1)"])
def test_the_export_defuses_formulas(client: Client, manager: Member, dangerous: str) -> None:
    record_action(manager, action="post.hide", reason=dangerous)
    rows = read_csv(logged_in(client, manager).get(EXPORT))
    assert rows[1][10] == "'" + dangerous


def test_a_formula_in_a_name_is_defused_too(client: Client, manager: Member) -> None:
    sneaky = MemberFactory(display_name="=cmd|' /C calc'!A0", role="moderator")
    record_action(sneaky, action="post.hide")
    rows = read_csv(logged_in(client, manager).get(EXPORT))
    assert rows[1][1].startswith("'=")


def test_entries_cannot_be_added_changed_or_deleted_in_the_admin(admin: Member) -> None:
    model_admin = admin_site_entry()
    request = RequestFactory().get("/")
    request.user = admin
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def admin_site_entry() -> Any:
    return admin.site._registry[AuditEntry]


def test_transparency_counts_moderation_actions_by_reason_and_kind(
    client: Client, moderator: Member, manager: Member
) -> None:
    record_action(moderator, action="post.hide", reason_code=Reason.SPAM)
    record_action(moderator, action="comment.hide", reason_code=Reason.SPAM)
    record_action(moderator, action="member.silence", reason_code=Reason.OFFENSIVE)
    record_action(manager, action="member.ban", reason_code=Reason.OFFENSIVE)
    record_action(moderator, action="post.delete")
    record_action(manager, action="role.assign")  # not a moderation action
    this_month = queries.transparency_report()[0]
    assert this_month.total == 5
    assert this_month.by_reason == {
        "spam": 2,
        "offensive": 2,
        "off_topic": 0,
        "personal_data": 0,
        "other": 1,
    }
    assert this_month.by_kind == {
        "hidden": 2,
        "deleted": 1,
        "warning": 0,
        "silence": 1,
        "suspension": 0,
        "ban": 1,
    }
    assert len(queries.transparency_report()) == queries.TRANSPARENCY_MONTHS


def test_transparency_is_public_and_holds_no_personal_data(
    client: Client, moderator: Member, member: Member, group: Space
) -> None:
    record_action(
        moderator,
        action="post.hide",
        target=member,
        subject=member,
        space=group,
        reason="Geheime reden over Anne",
        reason_code=Reason.PERSONAL_DATA,
    )
    invalidate_visitor_pages()
    response = client.get(TRANSPARENCY)
    assert response.status_code == 200
    page = response.content.decode()
    for secret in (
        member.display_name,
        moderator.display_name,
        "Geheime reden",
        group.name,
        "post.hide",
        f"/leden/{member.pk}/",
        f"#{member.pk}",
    ):
        assert secret not in page
    assert "Personal details" in page
    assert client.get(TRANSPARENCY).headers.get("X-Kring-Page-Cache") == "hit"
