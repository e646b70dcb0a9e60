"""XSS through the forum's replies (issue #4), layer (a) as in test_xss.py; topics, categories
and lock reasons are in test_xss_forum.py.

Inputs: a reply, an internal note, and a reply that quotes a hostile reply by an author with a
hostile name. Each vector goes in through the input's own form class and the service its view
calls; every page of the thread (as an employee, who sees the notes, and as the asker, who does
not) and the reply form pre-filled with each quote are audited by xss_audit.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.content.services import COMMENT_BODY_MAX
from kring.core.tests.security.conftest import Probe
from kring.core.tests.security.test_xss import (
    ALL_RAW,
    HARMLESS,
    Clients,
    Findings,
    N,
    follow_pages,
    rotated,
    valid,
)
from kring.core.tests.security.test_xss_forum import PROBE, start_category, start_topic
from kring.core.tests.security.xss_audit import audit, fit
from kring.forum.forms import NoteForm, ReplyForm
from kring.forum.services import add_internal_note, quote_of, reply_to_topic
from kring.members.services import update_profile

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_posting_limits(settings: Any) -> None:
    settings.RATE_LIMITS = {}


@pytest.fixture
def clients() -> Clients:
    return Clients()


def test_replies_internal_notes_and_quotes(
    admin: Member, member: Member, employee: Member, clients: Clients, probe: Probe
) -> None:
    """On one thread: reply i (by an author whose name holds a vector), internal note i, and a
    reply quoting reply i with a vector of its own. Audited: every page of the thread as an
    employee (notes shown) and as the asker (notes hidden), and the reply form pre-filled with
    the quote of every hostile reply."""
    findings = Findings()
    category = start_category(admin, HARMLESS, HARMLESS)
    thread = start_topic(member, category, HARMLESS, HARMLESS)
    thread_path = reverse("forum:topic-detail", args=[thread.pk])
    plain_author = MemberFactory(display_name="Gewone Naam")
    plain_reply = reply_to_topic(plain_author, topic=thread, body=HARMLESS.text)
    employee_client = clients.logged_in(employee, role="employee")
    asker_client = clients.logged_in(member)
    quote_path = f"{thread_path}?citeer={{}}"
    replies = []
    for i in range(N):
        author = MemberFactory()
        update_profile(author, member=author, display_name=fit(rotated(i, 3).text, 80))
        data = valid(ReplyForm({"body": fit(rotated(i, 0).text, COMMENT_BODY_MAX)}), "reply form")
        reply = reply_to_topic(author, topic=thread, body=data["body"])
        replies.append(reply)
        note = valid(
            NoteForm({"note-body": fit(rotated(i, 1).text, COMMENT_BODY_MAX)}), "note form"
        )
        add_internal_note(employee, topic=thread, body=note["body"])
    # The same page without a quote in its form (the replies on it are the same: the quoting
    # replies come after them); its own findings are those of the thread, audited below.
    _found, quote_baseline = audit(asker_client.get(thread_path).content.decode())
    findings.page(asker_client, quote_path.format(plain_reply.pk), "quote form of a plain reply")
    for i, reply in enumerate(replies):
        # The quote goes into the reply form as text; then posted, it becomes Markdown.
        findings.page(
            asker_client,
            quote_path.format(reply.pk),
            f"quote form {i}",
            vectors=(rotated(i, 0), rotated(i, 3)),
            baseline=quote_baseline,
        )
        quoted = quote_of(reply, link=reverse("forum:reply-jump", args=[reply.pk]))
        text = fit(quoted + rotated(i, 2).text, COMMENT_BODY_MAX)
        data = valid(ReplyForm({"body": text}), "quoting reply form")
        reply_to_topic(member, topic=thread, body=data["body"])
    pages = 0
    for viewer in (employee_client, asker_client):
        for path, html in follow_pages(viewer, thread_path, limit=20):
            findings.check(html, f"thread {path}")
            pages += 1
    # 3N items (40 a page) for the employee, 2N for the asker: the notes are not theirs.
    assert pages >= N * 3 // 40 + N * 2 // 40, pages
    # The real forms, every vector raw: refused (NUL), and the topic page shown again.
    for path, data in (
        (reverse("forum:topic-reply", args=[thread.pk]), {"body": ALL_RAW}),
        (reverse("forum:topic-note", args=[thread.pk]), {"note-body": ALL_RAW}),
    ):
        response = employee_client.post(path, data)
        assert response.status_code == 400, path
        findings.check(response.content.decode(), f"form echo {path}")
    probe(PROBE, cases=N * 4 + 2 * N)
    findings.assert_none()


def test_internal_notes_stay_off_the_customers_pages(
    admin: Member, member: Member, employee: Member, clients: Clients
) -> None:
    """A hostile note is not even escaped text on the asker's page: it is not there at all."""
    category = start_category(admin, HARMLESS, HARMLESS)
    thread = start_topic(member, category, HARMLESS, HARMLESS)
    add_internal_note(employee, topic=thread, body="Geheime notitie <script>alert(1)</script>")
    asker: Client = clients.logged_in(member)
    html = asker.get(reverse("forum:topic-detail", args=[thread.pk])).content.decode()
    assert "Geheime notitie" not in html
    assert (
        "Geheime notitie"
        in clients.logged_in(employee, role="employee")
        .get(reverse("forum:topic-detail", args=[thread.pk]))
        .content.decode()
    )
