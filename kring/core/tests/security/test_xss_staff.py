"""XSS through the staff's and the sanctioned member's inputs (issue #5), layer (a) as in
test_xss.py: report texts, hide reasons, sanction reasons, appeals, warning templates, mediation
case titles, summaries and notes, and word-filter entries.

Each vector goes in through the service the input's view calls; the pages that show them (the
queue and each case page for the moderator, the post page for its author, the member's own
sanctions page, the appeals list, the templates list, the mediation case page, the word list)
are fetched through the full stack and audited by xss_audit.py against the same page holding
harmless text. These texts are plain text: no element may appear that the harmless page lacks
(on a list, more rows of the harmless page's kinds of element are the list being longer).
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kring.accounts.models import Member
from kring.audit.models import Reason
from kring.content.services import create_post
from kring.core.tests.security.conftest import Probe
from kring.core.tests.security.test_xss import HARMLESS, Clients, Findings, N, rotated
from kring.core.tests.security.vectors import Vector
from kring.core.tests.security.xss_audit import fit
from kring.filters import services as filter_services
from kring.mediation import services as mediation_services
from kring.moderation import services as moderation_services
from kring.moderation.queries import case_of
from kring.sanctions import services as sanction_services
from kring.spaces.queries import community_space

pytestmark = pytest.mark.django_db

PROBE = "XSS: server-side audit of every input"
SHORT = 120  # titles
TEXT = 2000  # report texts, reasons, notes


@pytest.fixture(autouse=True)
def _no_limits(settings: Any) -> None:
    settings.RATE_LIMITS = {}


@pytest.fixture
def clients() -> Clients:
    return Clients()


def report_and_hide(
    author: Member, flagger: Member, moderator: Member, text: Vector, why: Vector
) -> Any:
    post = create_post(author, space=community_space(), body=HARMLESS.text)
    moderation_services.flag_post(
        flagger, post_id=post.pk, reason=Reason.OTHER, text=fit(text.text, TEXT) or "x"
    )
    case = case_of(post=post)
    assert case is not None
    moderation_services.hide_case(moderator, case=case, reason=fit(why.text, TEXT) or "x")
    return post, case


def test_reports_and_hide_reasons(
    member: Member, stranger: Member, moderator: Member, clients: Clients, probe: Probe
) -> None:
    """Report i carries vector i as its text and as the moderator's hide reason. Audited: the
    queue, every case page (moderator) and every hidden post's page (its author)."""
    findings = Findings()
    staff = clients.logged_in(moderator, role="moderator")
    author = clients.logged_in(member)
    harmless_post, harmless_case = report_and_hide(member, stranger, moderator, HARMLESS, HARMLESS)
    case_path = reverse("moderation:case-detail", args=[harmless_case.pk])
    post_path = reverse("content:post-detail", args=[harmless_post.pk])
    baseline_case = findings.harmless(staff, case_path)
    baseline_post = findings.harmless(author, post_path)
    made = [
        (i, *report_and_hide(member, stranger, moderator, rotated(i, 0), rotated(i, 1)))
        for i in range(N)
    ]
    for i, post, case in made:
        vectors = (rotated(i, 0), rotated(i, 1))
        findings.page(
            staff,
            reverse("moderation:case-detail", args=[case.pk]),
            f"case {i}",
            vectors=vectors,
            baseline=baseline_case,
        )
        findings.page(
            author,
            reverse("content:post-detail", args=[post.pk]),
            f"hidden post {i} (author)",
            vectors=vectors,
            baseline=baseline_post,
        )
    findings.check(staff.get(reverse("moderation:queue")).content.decode(), "queue")
    probe(PROBE, cases=N * 2)
    findings.assert_none()


def test_sanction_reasons_appeals_and_warning_templates(
    member: Member, moderator: Member, clients: Clients, probe: Probe
) -> None:
    """Silence i carries vector i as its reason and the member's appeal of it as the appeal's
    text; template i holds vectors in its title and body. Audited: the member's sanctions page,
    the appeals list and the templates list, each against the page holding harmless text."""
    findings = Findings()
    sanctioned = clients.logged_in(member)
    staff = clients.logged_in(moderator, role="moderator")
    sanctions_path = reverse("sanctions:my-sanctions")
    appeals_path = reverse("sanctions:appeal-list")
    templates_path = reverse("sanctions:template-list")

    def silence(reason: Vector, appeal: Vector) -> None:
        sanction = sanction_services.silence_member(
            moderator,
            member=member,
            reason_code=Reason.OFFENSIVE,
            reason=fit(reason.text, TEXT) or "x",
            days=3,
        )
        sanction_services.appeal_sanction(
            member, sanction=sanction, text=fit(appeal.text, TEXT) or "x"
        )

    silence(HARMLESS, HARMLESS)
    sanction_services.create_warning_template(moderator, title=HARMLESS.text, body=HARMLESS.text)
    baselines = {
        path: findings.harmless(client, path)
        for client, path in (
            (sanctioned, sanctions_path),
            (staff, appeals_path),
            (staff, templates_path),
        )
    }
    for i in range(N):
        silence(rotated(i, 0), rotated(i, 1))
        with suppress(ValidationError):  # refused (a title it cannot take): nothing to show
            sanction_services.create_warning_template(
                moderator,
                title=fit(rotated(i, 2).text, SHORT) or "x",
                body=fit(rotated(i, 3).text, TEXT) or "x",
            )
    every = tuple(rotated(i, 0) for i in range(N))
    findings.page(
        sanctioned,
        sanctions_path,
        "my sanctions",
        vectors=every,
        baseline=baselines[sanctions_path],
        allowed=frozenset(baselines[sanctions_path]),
    )
    findings.page(
        staff,
        appeals_path,
        "appeals",
        vectors=every,
        baseline=baselines[appeals_path],
        allowed=frozenset(baselines[appeals_path]),
    )
    findings.page(
        staff,
        templates_path,
        "templates",
        vectors=every,
        baseline=baselines[templates_path],
        allowed=frozenset(baselines[templates_path]),
    )
    probe(PROBE, cases=N * 4)
    findings.assert_none()


def test_mediation_cases_notes_and_word_filters(
    member: Member, stranger: Member, moderator: Member, clients: Clients, probe: Probe
) -> None:
    """Mediation case i has vectors in its title, summary and a note; word filter i is vector i.
    Audited: each case page, the case list and the word list."""
    findings = Findings()
    staff = clients.logged_in(moderator, role="moderator")

    def mediate(title: Vector, summary: Vector, note: Vector) -> Any:
        case = mediation_services.open_case(
            moderator,
            title=fit(title.text, SHORT) or "x",
            summary=fit(summary.text, TEXT),
            parties=[member, stranger],
        )
        mediation_services.add_note(moderator, case=case, body=fit(note.text, TEXT) or "x")
        return case

    harmless = mediate(HARMLESS, HARMLESS, HARMLESS)
    baseline = findings.harmless(staff, reverse("mediation:case-detail", args=[harmless.pk]))
    filter_services.add_word_filter(moderator, phrase=HARMLESS.text)
    words_path = reverse("filters:word-list")
    baseline_words = findings.harmless(staff, words_path)
    for i in range(N):
        vectors = (rotated(i, 0), rotated(i, 1), rotated(i, 2))
        case = mediate(*vectors)
        findings.page(
            staff,
            reverse("mediation:case-detail", args=[case.pk]),
            f"mediation case {i}",
            vectors=vectors,
            baseline=baseline,
        )
        with suppress(ValidationError):  # refused (not a word it can match, or listed already)
            filter_services.add_word_filter(moderator, phrase=fit(rotated(i, 3).text, SHORT))
    findings.check(staff.get(reverse("mediation:case-list")).content.decode(), "mediation cases")
    every = tuple(rotated(i, 3) for i in range(N))
    findings.page(
        staff,
        words_path,
        "word list",
        vectors=every,
        baseline=baseline_words,
        allowed=frozenset(baseline_words),
    )
    probe(PROBE, cases=N * 4)
    findings.assert_none()
