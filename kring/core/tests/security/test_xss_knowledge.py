"""XSS through the knowledge base's inputs (issue #4), layer (a) as in test_xss.py.

Inputs: a knowledge page's title and body (its own Markdown, kring/knowledge/markup.py, which
adds headings and tables, alignment included), a review's text and an employee's answer to
it. Each vector goes in through the input's own form class and the service its view calls; the
catalogue, every page, its history, and every page of the product's reviews are fetched
through the full stack and audited by xss_audit.py, against the same page holding harmless text.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.content.services import POST_BODY_MAX, TITLE_MAX
from kring.core.tests.security.conftest import Probe
from kring.core.tests.security.test_xss import (
    ALL_RAW,
    HARMLESS,
    Clients,
    Findings,
    N,
    rotated,
    valid,
)
from kring.core.tests.security.vectors import VECTORS, Vector
from kring.core.tests.security.xss_audit import MARKDOWN_SIGNATURES, audit, fit
from kring.knowledge import queries
from kring.knowledge.forms import PageForm, ReplyForm, ReviewForm
from kring.knowledge.markup import PAGE_ATTRIBUTES, PAGE_TAGS, render_page_markdown
from kring.knowledge.models import KnowledgePage
from kring.knowledge.services import REVIEW_MAX, create_page, reply_to_review, write_review

pytestmark = pytest.mark.django_db

PROBE = "XSS: server-side audit of every input"
# What a knowledge page's Markdown may add to a page: the kernel's and its own allow-list.
PAGE_SIGNATURES = MARKDOWN_SIGNATURES | frozenset(
    (tag, frozenset(names))
    for tag in PAGE_TAGS
    for names in ([], *([[name] for name in PAGE_ATTRIBUTES.get(tag, set())]))
)


@pytest.fixture(autouse=True)
def _no_posting_limits(settings: Any) -> None:
    settings.RATE_LIMITS = {}


@pytest.fixture
def clients() -> Clients:
    return Clients()


def table_of(vector: Vector) -> str:
    """A Markdown table with every alignment, the vector (on one line) in its cells."""
    line = " ".join(vector.text.replace("\x00", "").split())
    return f"| {line} | b | c |\n|:--|:-:|--:|\n| {line} | {line} | x |\n| y | {line} | {line} |\n"


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def test_page_markdown_keeps_to_its_allow_list(probe: Probe) -> None:
    """Every vector as a page's text, under a heading and in table cells of every alignment:
    only the page's allow-list comes out, alignment only as left/center/right, nothing runs."""
    problems: list[str] = []
    for vector in VECTORS:
        text = f"# {vector.text}\n\n{vector.text}\n\n{table_of(vector)}\n###### {vector.text}"
        html = render_page_markdown(text)
        found, _signatures = audit(html)
        problems += [f"{vector}: {finding}" for finding in found]
        parser = Elements()
        parser.feed(html)
        for tag, attrs in parser.found:
            if tag not in PAGE_TAGS or tag == "h1":
                problems.append(f"{vector}: <{tag}>")
            for name, value in attrs:
                if name not in PAGE_ATTRIBUTES.get(tag, set()) and not (
                    tag == "a" and name == "rel"
                ):
                    problems.append(f"{vector}: {name} on <{tag}>")
                if name == "align" and value not in ("left", "center", "right"):
                    problems.append(f"{vector}: align={value!r}")
    probe(PROBE, cases=len(VECTORS))
    assert problems == [], "\n".join(problems[:40])


def new_page(editor: Member, title: Vector, body: Vector, table: Vector) -> KnowledgePage:
    """What knowledge:page-create does with a valid form."""
    form = PageForm(
        {
            "title": fit(title.text, TITLE_MAX),
            "slug": "",
            "body": fit(f"{body.text}\n\n{table_of(table)}", POST_BODY_MAX),
            "parent": "",
            "position": "0",
            "is_product": "on",
            "group": "",
        },
        nodes=queries.catalogue(editor).flat(),
        groups=queries.group_choices(editor),
        with_photos=False,
    )
    data = valid(form, "page form")
    return create_page(
        editor,
        title=data["title"],
        body=data["body"],
        slug=data["slug"],
        position=data["position"],
        is_product=data["is_product"],
        group=data["group"],
    )


def test_knowledge_pages(admin: Member, clients: Clients, probe: Probe) -> None:
    """Page i: its title, its text and a table in it each hold another vector. Audited: the
    catalogue, every page (as a visitor) and its history (as the editor)."""
    findings = Findings()
    visitor = clients.visitor
    editor = clients.logged_in(admin, role="admin")
    plain = new_page(admin, HARMLESS, HARMLESS, HARMLESS)
    baseline = findings.harmless(visitor, reverse("knowledge:page-detail", args=[plain.slug]))
    history = findings.harmless(editor, reverse("knowledge:page-history", args=[plain.slug]))
    for i in range(N):
        vectors = tuple(rotated(i, k) for k in range(3))
        page = new_page(admin, *vectors)
        for client, name, signatures in (
            (visitor, "knowledge:page-detail", baseline),
            (editor, "knowledge:page-history", history),
        ):
            findings.page(
                client,
                reverse(name, args=[page.slug]),
                f"{name} {i}",
                vectors=vectors,
                baseline=signatures,
                allowed=PAGE_SIGNATURES,
            )
    for client in (visitor, editor):
        findings.page(client, reverse("knowledge:catalogue"), "catalogue")
    response = editor.post(
        reverse("knowledge:page-create"),
        {"title": ALL_RAW, "body": ALL_RAW, "slug": ALL_RAW[:80], "position": "0"},
    )
    assert response.status_code == 200
    findings.check(response.content.decode(), "page form echo")
    probe(PROBE, cases=N * 3 + N)
    findings.assert_none()


def test_reviews_and_answers(
    admin: Member, employee: Member, clients: Clients, probe: Probe
) -> None:
    """Member i reviews one product with a vector, and an employee answers with another (on
    the answer form's page too). Audited: every page of the product's reviews."""
    findings = Findings()
    product = new_page(admin, HARMLESS, HARMLESS, HARMLESS)
    path = reverse("knowledge:page-detail", args=[product.slug])
    employee_client = clients.logged_in(employee, role="employee")
    reviews = []
    for i in range(N):
        reviewer = MemberFactory()
        data = valid(
            ReviewForm({"rating": str(1 + i % 5), "body": fit(rotated(i, 0).text, REVIEW_MAX)}),
            "review form",
        )
        review = write_review(reviewer, page=product, rating=data["rating"], body=data["body"])
        answer = valid(ReplyForm({"reply": fit(rotated(i, 1).text, REVIEW_MAX)}), "answer form")
        reviews.append(reply_to_review(employee, review=review, body=answer["reply"]))
    pages = 0
    for viewer in (clients.visitor, employee_client):
        for number in range(1, 60):
            html = viewer.get(f"{path}?reviews={number}").content.decode()
            findings.check(html, f"reviews page {number}")
            pages += 1
            if 'rel="next"' not in html:
                break
    assert pages > 2, pages
    for i, review in enumerate(reviews[:: max(1, N // 30)]):
        findings.page(
            employee_client,
            reverse("knowledge:review-reply", args=[review.pk]),
            f"answer form {i}",
        )
    # The real forms, every vector raw: refused (NUL), and the page shown again.
    reviewer_client = clients.logged_in(MemberFactory(), role="reviewer")
    response = reviewer_client.post(
        reverse("knowledge:review-save", args=[product.slug]), {"rating": "5", "body": ALL_RAW}
    )
    assert response.status_code == 200
    findings.check(response.content.decode(), "review form echo")
    response = employee_client.post(
        reverse("knowledge:review-reply", args=[reviews[0].pk]), {"reply": ALL_RAW}
    )
    assert response.status_code == 200
    findings.check(response.content.decode(), "answer form echo")
    probe(PROBE, cases=N * 2 + 2 * N)
    findings.assert_none()
