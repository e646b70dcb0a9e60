"""XSS through the forum's inputs (issue #4), layer (a) as in test_xss.py; replies, internal
notes and quotes are in test_xss_forum_replies.py.

Inputs: a category's name and description (category management), a topic's title and body
(started, then edited) and the reason a topic is locked. Each vector goes in through the
input's own form class and the service its view calls; the pages that show them (forum index,
category pages, topic pages and their history, the "assigned to me" list) are fetched through
the full stack and audited by xss_audit.py, against the same page holding harmless text. One
real POST per form carries every vector raw, and the page that shows the refused form again is
audited too.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

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
from kring.core.tests.security.vectors import Vector
from kring.core.tests.security.xss_audit import MARKDOWN_SIGNATURES, fit
from kring.forum.forms import CategoryForm, LockForm, TopicEditForm, TopicForm
from kring.forum.models import Category, Topic
from kring.forum.services import (
    LOCK_REASON_MAX,
    assign_question,
    create_category,
    create_topic,
    edit_topic,
    lock_topic,
)
from kring.spaces.queries import community_space

pytestmark = pytest.mark.django_db

PROBE = "XSS: server-side audit of every input"
EDITED = Vector(number=-2, group="harmless", text="Andere gewone tekst")


@pytest.fixture(autouse=True)
def _no_posting_limits(settings: Any) -> None:
    settings.RATE_LIMITS = {}


@pytest.fixture
def clients() -> Clients:
    return Clients()


def start_category(manager: Member, name: Vector, description: Vector) -> Category:
    """What forum:category-manage does with a valid form."""
    form = CategoryForm({"name": fit(name.text, 80), "description": fit(description.text, 1000)})
    data = valid(form, "category form")
    return create_category(
        manager, space=community_space(), name=data["name"], description=data["description"]
    )


def start_topic(author: Member, category: Category, title: Vector, body: Vector) -> Topic:
    """What forum:topic-create does with a valid form."""
    form = TopicForm(
        {
            "kind": "question",
            "title": fit(title.text, TITLE_MAX),
            "body": fit(body.text, POST_BODY_MAX),
            "category": str(category.pk),
        },
        categories=[(category.pk, category.name)],
        products=[],
    )
    data = valid(form, "topic form")
    return create_topic(
        author, category=category, kind=data["kind"], title=data["title"], body=data["body"]
    )


def change_topic(author: Member, topic: Topic, title: Vector, body: Vector) -> None:
    """What forum:topic-edit does with a valid form."""
    form = TopicEditForm(
        {"title": fit(title.text, TITLE_MAX), "body": fit(body.text, POST_BODY_MAX)}
    )
    data = valid(form, "topic edit form")
    edit_topic(author, topic=topic, title=data["title"], body=data["body"])


def lock(moderator: Member, topic: Topic, reason: Vector) -> None:
    """What forum:topic-lock does with a valid form."""
    data = valid(LockForm({"lock-reason": fit(reason.text, LOCK_REASON_MAX)}), "lock form")
    lock_topic(moderator, topic=topic, reason=data["reason"])


def test_categories_topics_and_lock_reasons(
    admin: Member, member: Member, employee: Member, clients: Clients, probe: Probe
) -> None:
    """Category i holds vectors in its name and description, and one question whose title and
    body hold two more, then two others after an edit, and a lock reason another. Audited: the
    forum index, every category page, every topic page and its history, the assigned list."""
    findings = Findings()
    admin_client = clients.logged_in(admin, role="admin")
    plain = start_category(admin, HARMLESS, HARMLESS)
    harmless = start_topic(member, plain, HARMLESS, HARMLESS)
    change_topic(member, harmless, EDITED, EDITED)
    lock(admin, harmless, HARMLESS)
    assign_question(admin, topic=harmless, assignee=employee)
    topic_baseline = findings.harmless(
        admin_client, reverse("forum:topic-detail", args=[harmless.pk])
    )
    category_baseline = findings.harmless(
        admin_client, reverse("forum:category-detail", args=["community", plain.slug])
    )
    history_baseline = findings.harmless(
        admin_client, reverse("content:post-history", args=[harmless.pk])
    )
    topics: list[tuple[int, Category, Topic]] = []
    for i in range(N):
        category = start_category(admin, rotated(i, 0), rotated(i, 1))
        topic = start_topic(member, category, rotated(i, 2), rotated(i, 3))
        topics.append((i, category, topic))
    # The category pages list the topics with the titles they started with.
    for i, category, _topic in topics:
        path = reverse("forum:category-detail", args=[category.space.slug, category.slug])
        vectors = tuple(rotated(i, k) for k in range(3))
        findings.page(
            admin_client,
            path,
            f"category {i}",
            vectors=vectors,
            baseline=category_baseline,
            allowed=MARKDOWN_SIGNATURES,
        )
    for i, _category, topic in topics:
        change_topic(member, topic, rotated(i, 4), rotated(i, 5))
        lock(admin, topic, rotated(i, 6))
        assign_question(admin, topic=topic, assignee=employee)
    for i, _category, topic in topics:
        vectors = tuple(rotated(i, k) for k in range(7))
        for name, baseline in (
            ("forum:topic-detail", topic_baseline),
            ("content:post-history", history_baseline),
        ):
            findings.page(
                admin_client,
                reverse(name, args=[topic.pk]),
                f"{name} {i}",
                vectors=vectors,
                baseline=baseline,
                allowed=MARKDOWN_SIGNATURES,
            )
    visitor = clients.visitor
    for viewer in (admin_client, visitor):
        findings.page(viewer, reverse("forum:forum-index"), "forum index")
        findings.page(viewer, reverse("forum:space-forum", args=["community"]), "space forum")
    findings.page(admin_client, reverse("forum:category-manage", args=["community"]), "manage")
    findings.page(
        clients.logged_in(employee, role="employee"), reverse("forum:assigned-list"), "assigned"
    )
    # The real forms, every vector raw: refused (NUL), and the page shown again is audited.
    echoes = [
        (
            reverse("forum:category-manage", args=["community"]),
            {"name": ALL_RAW, "description": ALL_RAW},
        ),
        (reverse("forum:topic-lock", args=[harmless.pk]), {"lock-reason": ALL_RAW}),
        (reverse("forum:topic-edit", args=[harmless.pk]), {"title": ALL_RAW, "body": ALL_RAW}),
    ]
    for path, data in echoes:
        response = admin_client.post(path, data)
        assert response.status_code in (200, 400), path
        findings.check(response.content.decode(), f"form echo {path} ({response.status_code})")
    author_client = clients.logged_in(member)
    response = author_client.post(
        reverse("forum:topic-create"),
        {"kind": "question", "title": ALL_RAW, "body": ALL_RAW, "category": str(plain.pk)},
    )
    assert response.status_code == 200
    findings.check(response.content.decode(), "topic form echo")
    probe(PROBE, cases=N * 7 + 4 * N)
    findings.assert_none()
