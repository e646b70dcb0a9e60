"""XSS, layer (b) for the inputs of issue #5 (staff pages and private messages): the corpus opened
in headless Chromium as the member who may see each page, with the traps of
e2e/test_xss_browser.py armed (the same fixture, helpers and rules: zero executions, and a CSP
header on every response). Layer (a) is kring/core/tests/security/test_xss_staff.py and
test_xss_messages.py.

Batched: many items per page (the queue, a post's comments, a topic's replies, a conversation,
the sanctions, appeals, templates and word lists, a case's notes), and where a page shows one
item's text, that text packs a dozen to fifty vectors (`packs`: the whole corpus in as few texts
as the field's limit allows); reports are many to an item, so the queue holds them all.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page

from conftest import MemberFactory
from e2e.test_xss_browser import (
    Executions,
    armed_page,  # noqa: F401  (a fixture: `armed` asks for it by name)
    assert_the_traps_catch_a_hole,
    visit,
)
from kring.accounts.models import Member
from kring.audit.models import Reason
from kring.content.services import comment_on_post, create_post
from kring.core.tests.security.vectors import VECTORS
from kring.core.tests.security.xss_audit import fit
from kring.filters import services as filter_services
from kring.filters.models import WordFilter
from kring.filters.screens import paused
from kring.forum.services import create_category, create_topic, reply_to_topic
from kring.mediation import services as mediation_services
from kring.mediation.models import Outcome
from kring.members.services import update_profile
from kring.messaging.models import Message
from kring.messaging.services import BODY_MAX, TITLE_MAX, send_message, start_conversation
from kring.moderation import services as moderation
from kring.moderation.models import Flag, FlagCase
from kring.sanctions import services as sanctions
from kring.spaces.queries import community_space

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

N = len(VECTORS)
PROBE = "XSS: Chromium, every vector on batched pages"
# Reported items of each kind, and the members who report each of them (with packed texts).
ITEMS = 2
FLAGGERS = 9
# Links that page a list without rel="next": the queue, the inbox, a conversation's history.
MORE = "a[rel=next], nav.pagination a, .conv-earlier a"

Armed = tuple[Page, Executions]


@pytest.fixture
def armed(request: pytest.FixtureRequest) -> Armed:
    """The visitor's armed page of e2e/test_xss_browser.py, which log_in() hands to a member."""
    page_and_executions: Armed = request.getfixturevalue("armed_page")
    return page_and_executions


@pytest.fixture(autouse=True)
def _no_limits(settings: Any) -> None:
    settings.RATE_LIMITS = {}


def packs(limit: int, start: int = 0) -> list[str]:
    """The whole corpus (from vector `start` on) in as few texts of at most `limit` characters
    as hold it, one vector a paragraph: for fields a page shows one of."""
    texts: list[str] = []
    current = ""
    for k in range(N):
        piece = fit(VECTORS[(start + k) % N].text, limit).strip() or "x"
        joined = f"{current}\n\n{piece}" if current else piece
        if current and len(joined) > limit:
            texts.append(current)
            joined = piece
        current = joined
    return [*texts, current]


def text(i: int, limit: int) -> str:
    """Vector `i` (modulo the corpus) as a field of at most `limit` characters, never empty."""
    return fit(VECTORS[i % N].text, limit).strip() or "x"


# The first vector of each group (of each trick), by number.
FIRSTS = frozenset({v.group: i for i, v in reversed(list(enumerate(VECTORS)))}.values())


def shown_alone(i: int, *, in_a_field: bool = False) -> bool:
    """Whether to open the page that shows vector `i` alone (a page per vector is too many):
    the first of each group (each trick), each that tries to end a <title> or <textarea>, and
    in a form's field (`in_a_field`) each that tries to break out of an attribute."""
    vector = VECTORS[i % N]
    closes = "</title" in vector.text.lower() or "</textarea" in vector.text.lower()
    breaks_out = in_a_field and vector.group == "attribute breaking"
    return i % N in FIRSTS or closes or breaks_out


def log_in(page: Page, base_url: str, member: Member | None) -> None:
    """From now on the armed page is `member`'s (a visitor's with None)."""
    page.context.clear_cookies()
    if member is None:
        return
    client = Client()
    client.force_login(member)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}]
    )


def local(href: str) -> str:
    """`href` as this site's path and query (what visit() opens)."""
    parts = urlsplit(href)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def walk(armed: Armed, *paths: str, limit: int = 40) -> int:
    """Open each of `paths` and every page after it (rel=next or the list's own "more" link);
    returns how many pages were opened."""
    page, executions = armed
    opened = 0
    for start in paths:
        seen: set[str] = set()
        path: str | None = start
        while path is not None:
            assert len(seen) < limit, f"{start}: more than {limit} pages"
            seen.add(path)
            visit(page, executions, path)
            opened += 1
            hrefs = page.eval_on_selector_all(MORE, "links => links.map(a => a.href)")
            path = next((local(h) for h in hrefs if local(h) not in seen), None)
    return opened


def urls(name: str, *pks: int) -> list[str]:
    return [reverse(name, args=[pk]) for pk in pks]


def assert_no_executions(executions: Executions, opened: int, least: int) -> None:
    assert opened >= least, opened
    assert executions.items == [], f"{len(executions.items)} executions:\n" + "\n".join(
        executions.items[:60]
    )


def named(i: int) -> Member:
    """A new member with vector `i` as their name."""
    member: Member = MemberFactory()  # type: ignore[no-untyped-call,assignment]
    update_profile(member, member=member, display_name=text(i, 80), visibility="everyone")
    return member


# Reports and hide reasons -----------------------------------------------------------------------


def test_reports_and_hide_reasons_run_nowhere_in_chromium(  # noqa: PLR0917  (personas)
    armed: Armed,
    live_server: Any,
    request: pytest.FixtureRequest,
    member: Member,
    moderator: Member,
    manager: Member,
    admin: Member,
) -> None:
    """Every flagger reports every open item ("other", a packed text each), so the queue holds
    every vector as a report on posts, comments, topics, replies, profiles and messages; the
    author's items of each kind hidden with packed reasons, read on their stream, post, topic,
    profile and conversation pages; the moderator's queue, case pages, histories and the audit
    log; the public transparency page."""
    page, executions = armed
    moderation.change_moderation_settings(manager, flag_threshold=moderation.MAX_THRESHOLD)
    community = community_space()
    flaggers = [named(i) for i in range(FLAGGERS)]
    host = create_post(admin, space=community, body="Reageer hier")
    category = create_category(admin, space=community, name="Meldingen")
    thread = create_topic(admin, category=category, kind="discussion", title="Hier", body="x")
    chat = start_conversation(member, members=flaggers, title=text(3, TITLE_MAX), body="Hoi")
    owners: list[Member] = []

    def reported(kind: str, j: int, body: str) -> dict[str, int]:
        """A new item of `kind` by `member`: what its report names."""
        if kind == "post":
            return {"post_id": create_post(member, space=community, body=body).pk}
        if kind == "topic":
            topic = create_topic(
                member, category=category, kind="question", title=text(j, 120), body=body
            )
            return {"post_id": topic.pk}
        if kind == "comment":
            return {"comment_id": comment_on_post(member, post=host, body=body).pk}
        if kind == "reply":
            return {"comment_id": reply_to_topic(member, topic=thread, body=body).pk}
        if kind == "member":
            owners.append(named(j))
            return {"member_id": owners[-1].pk}
        return {"message_id": send_message(member, conversation=chat, body=body).pk}

    report: dict[str, Callable[..., Flag]] = {
        "post": moderation.flag_post,
        "topic": moderation.flag_post,
        "comment": moderation.flag_comment,
        "reply": moderation.flag_comment,
        "member": moderation.flag_member,
        "message": moderation.flag_message,
    }
    first_open: list[int] = []
    hidden: dict[str, list[int]] = {kind: [] for kind in report}
    # The screens (duplicates, links) are not under test: the same texts go in many times.
    with paused():
        for number, (kind, flag) in enumerate(report.items()):
            reasons = packs(moderation.FLAG_TEXT_MAX, start=29 * number)
            assert len(reasons) <= ITEMS * FLAGGERS, len(reasons)
            bodies = packs(400, start=17 * number)  # the queue shows 400 characters of each
            for j in range(ITEMS):
                target = reported(kind, j, bodies[j])
                for k, flagger in enumerate(flaggers):
                    reason = reasons[(j * FLAGGERS + k) % len(reasons)]
                    flagged = flag(flagger, reason=Reason.OTHER, text=reason, **target)
                first_open += [flagged.case_id] if j == 0 else []
        # Hidden items: one report each, hidden with a packed reason that the author reads.
        owners.clear()
        for number, (kind, flag) in enumerate(report.items()):
            for j, reason in enumerate(packs(moderation.HIDE_REASON_MAX, start=31 * number)):
                target = reported(kind, j + 3, text(j + 3, 9_000))
                case = flag(flaggers[0], reason=Reason.SPAM, **target).case
                moderation.hide_case(moderator, case=case, reason=reason)
                hidden[kind].append(case.pk)
    topics = FlagCase.objects.filter(pk__in=hidden["topic"]).values_list("post_id", flat=True)

    log_in(page, live_server.url, moderator)
    assert_the_traps_catch_a_hole(page, executions)
    queue = reverse("moderation:queue")
    opened = walk(
        armed,
        f"{queue}?page=1",
        f"{queue}?kind=messages&page=1",
        *[reverse("moderation:case-detail", args=[pk]) for pk in first_open],
        *[reverse("moderation:case-detail", args=[ids[0]]) for ids in hidden.values()],
        reverse("mediation:member-history", args=[member.pk]),
        reverse("mediation:member-history", args=[flaggers[0].pk]),
        reverse("audit:log"),
    )
    log_in(page, live_server.url, member)
    opened += walk(
        armed,
        reverse("wall:community"),
        reverse("content:post-detail", args=[host.pk]),
        reverse("forum:topic-detail", args=[thread.pk]),
        *[reverse("forum:topic-detail", args=[pk]) for pk in topics],
        reverse("messaging:conversation-detail", args=[chat.pk]),
        reverse("messaging:inbox"),
    )
    for owner in owners:
        log_in(page, live_server.url, owner)
        opened += walk(armed, reverse("members:profile-detail", args=[owner.pk]))
    log_in(page, live_server.url, flaggers[1])
    opened += walk(armed, reverse("messaging:conversation-detail", args=[chat.pk]))
    log_in(page, live_server.url, None)
    opened += walk(armed, reverse("audit:transparency"))
    # Report texts and hide reasons on six kinds of item.
    request.node.user_properties += [("probe", PROBE), ("cases", N * 12)]
    assert_no_executions(executions, opened, 60)


# Sanctions, appeals and warnings -------------------------------------------------------------


def test_sanctions_appeals_and_warnings_run_nowhere_in_chromium(  # noqa: PLR0917  (personas)
    armed: Armed,
    live_server: Any,
    request: pytest.FixtureRequest,
    member: Member,
    moderator: Member,
    manager: Member,
) -> None:
    """Silence reasons and their appeals (packed short enough for the appeals list to show them
    whole), appeal answers and lift reasons, warning templates (a vector in each title and
    body) and the warnings they send: the member's sanctions page, inbox and warnings with the
    banner above them; the moderator's sanction page (its template menu), the appeals, the
    templates, the member's history and the audit log."""
    page, executions = armed
    offensive = Reason.OFFENSIVE

    def silence(reason: str) -> Any:
        return sanctions.silence_member(
            moderator, member=member, reason_code=offensive, reason=reason, days=3
        )

    short = packs(200)  # the appeals list shows 200 characters of each appeal
    appealed = [silence(reason) for reason in short]
    appeals = [
        sanctions.appeal_sanction(member, sanction=s, text=short[(i + 1) % len(short)])
        for i, s in enumerate(appealed)
    ]
    decided = []
    for answer, appeal_text in zip(packs(2000, 60), packs(4000, 90) * 3, strict=False):
        appeal = sanctions.appeal_sanction(member, sanction=silence("x"), text=appeal_text)
        decision = sanctions.decide_appeal(moderator, appeal=appeal, overturn=False, answer=answer)
        decided.append(decision)
    for reason in packs(2000, 120):
        sanctions.lift_sanction(moderator, sanction=silence("x"), reason=reason)
    templates = []
    for i in range(N):
        with suppress(ValidationError):  # a title it cannot take: nothing to show
            template = sanctions.create_warning_template(
                moderator, title=text(i, 120), body=text(i, sanctions.REASON_MAX)
            )
            templates += [template] if shown_alone(i, in_a_field=True) else []
    for k, body in enumerate(packs(sanctions.REASON_MAX, 150)):
        template = sanctions.create_warning_template(moderator, title=text(k, 120), body=body)
        sanctions.warn_member(moderator, member=member, reason_code=offensive, template=template)
    warned = Message.objects.filter(conversation__participants__member=member)

    log_in(page, live_server.url, member)
    assert_the_traps_catch_a_hole(page, executions)
    opened = walk(
        armed,
        reverse("sanctions:my-sanctions"),
        reverse("messaging:inbox"),
        *urls("messaging:conversation-detail", *{m.conversation_id for m in warned}),
    )
    log_in(page, live_server.url, moderator)
    opened += walk(
        armed,
        reverse("sanctions:member-sanction", args=[member.pk]),
        reverse("sanctions:appeal-list"),
        reverse("sanctions:appeal-decide", args=[appeals[0].pk]),
        reverse("sanctions:appeal-decide", args=[decided[0].pk]),
        reverse("sanctions:sanction-lift", args=[appealed[0].pk]),
        reverse("sanctions:template-list"),
        *[reverse("sanctions:template-edit", args=[t.pk]) for t in templates],
        reverse("mediation:member-history", args=[member.pk]),
        reverse("audit:log"),
    )
    log_in(page, live_server.url, manager)  # may ban, and export the log: other forms
    opened += walk(
        armed,
        reverse("sanctions:member-sanction", args=[member.pk]),
        reverse("audit:log"),
    )
    # Silence reasons, appeals, answers, lift reasons, template titles and bodies, warnings.
    request.node.user_properties += [("probe", PROBE), ("cases", N * 7)]
    assert_no_executions(executions, opened, 15)


# Mediation, word filters and link rules --------------------------------------------------------


def test_mediation_and_filters_run_nowhere_in_chromium(
    armed: Armed,
    live_server: Any,
    request: pytest.FixtureRequest,
    moderator: Member,
) -> None:
    """Mediation case i: vector i as its title and the next as its summary (each party's
    history lists its cases' titles); cases with packed summaries, a note for every vector and
    packed outcomes; mediation conversations (the case's title) in a party's inbox; every
    vector as a word on the word list with another as its replacement; every vector as a
    blocked domain of the link rules; the audit log of it all."""
    page, executions = armed
    parties = [named(i) for i in range(4)]
    cases = [
        mediation_services.open_case(
            moderator,
            title=text(i, mediation_services.TITLE_MAX),
            summary=text(i + 1, mediation_services.TEXT_MAX),
            parties=[parties[i % len(parties)]],
        )
        for i in range(N)
    ]
    summaries = packs(mediation_services.TEXT_MAX, 7)
    outcomes = packs(mediation_services.TEXT_MAX, 61)
    packed = [
        mediation_services.open_case(
            moderator,
            title=text(k + 5, mediation_services.TITLE_MAX),
            summary=summaries[k] if k < len(summaries) else "",
            parties=parties[:2],
        )
        for k in range(max(len(summaries), len(outcomes)))
    ]
    for i in range(N):
        mediation_services.add_note(moderator, case=packed[0], body=text(i + 3, 5000))
    for case, outcome in zip(packed, outcomes, strict=False):
        mediation_services.close_case(moderator, case=case, outcome=Outcome.PARTIALLY, text=outcome)
    for case, body in zip(cases[::4], packs(mediation_services.TEXT_MAX, 99), strict=False):
        mediation_services.start_case_conversation(moderator, case=case, body=body)
    words: list[WordFilter] = []
    edited = []
    for i in range(N):
        with suppress(ValidationError):  # not a word it can match, or listed already
            word = filter_services.add_word_filter(
                moderator, phrase=text(i, 100), action="replace", replacement=text(i + 1, 60)
            )
            words.append(word)
            edited += [word] if shown_alone(i, in_a_field=True) else []
    filter_services.update_link_rules(
        moderator,
        new_member_days=1,
        new_member_contributions=1,
        max_links=5,
        blocked_domains="\n".join(fit(vector.text, 500) for vector in VECTORS),
        hold_new_member_links=False,
    )

    log_in(page, live_server.url, moderator)
    assert_the_traps_catch_a_hole(page, executions)
    case_list = reverse("mediation:case-list")
    opened = walk(
        armed,
        *[f"{case_list}?status={status}" for status in ("open", "closed", "all")],
        *[reverse("mediation:case-detail", args=[case.pk]) for case in packed],
        *urls("mediation:case-detail", *[c.pk for i, c in enumerate(cases) if shown_alone(i)]),
        *[reverse("mediation:member-history", args=[party.pk]) for party in parties],
        reverse("filters:word-list"),
        *[reverse("filters:word-edit", args=[word.pk]) for word in edited],
        reverse("filters:link-rules-edit"),
        reverse("audit:log"),
    )
    log_in(page, live_server.url, parties[0])
    conversations = [case.conversation_id for case in cases[::4] if case.conversation_id]
    opened += walk(
        armed,
        reverse("messaging:inbox"),
        *[reverse("messaging:conversation-detail", args=[pk]) for pk in conversations],
    )
    # Case titles, summaries, notes, outcomes, conversation openers and blocked domains; words
    # and their replacements (as many as the list took).
    request.node.user_properties += [("probe", PROBE), ("cases", N * 6 + 2 * len(words))]
    assert len(words) >= N // 2, len(words)
    assert_no_executions(executions, opened, 15)


# Private messages -------------------------------------------------------------------------------


def test_private_messages_run_nowhere_in_chromium(  # noqa: PLR0917  (personas)
    armed: Armed,
    live_server: Any,
    request: pytest.FixtureRequest,
    member: Member,
    friend: Member,
    moderator: Member,
) -> None:
    """Conversation i: vector i as its title, the next as its first message (both inboxes, every
    page); a one-to-one conversation with a message for every vector, a reply packing the
    corpus, and messages hidden with packed reasons (their sender reads them): opened by both
    people over its whole history; the audit log of the hidden messages."""
    page, executions = armed
    titled = [
        start_conversation(
            member, members=[friend], title=text(i, TITLE_MAX), body=text(i + 1, BODY_MAX)
        )
        for i in range(N)
    ]
    chat = start_conversation(member, members=[friend], body="Hoi")
    for i in range(N):
        send_message(member, conversation=chat, body=text(i + 2, BODY_MAX))
    for body in packs(BODY_MAX, 40):
        send_message(friend, conversation=chat, body=body)
    for reason in packs(moderation.HIDE_REASON_MAX, 90):
        message = send_message(member, conversation=chat, body="Verborgen")
        flag = moderation.flag_message(friend, message_id=message.pk, reason=Reason.SPAM)
        moderation.hide_case(moderator, case=flag.case, reason=reason)

    opened = 0
    for who in (member, friend):
        log_in(page, live_server.url, who)
        if who == member:
            assert_the_traps_catch_a_hole(page, executions)
        opened += walk(
            armed,
            reverse("messaging:inbox"),
            reverse("messaging:conversation-detail", args=[chat.pk]),
        )
    alone = [conversation.pk for i, conversation in enumerate(titled) if shown_alone(i)]
    opened += walk(armed, *urls("messaging:conversation-detail", *alone))
    log_in(page, live_server.url, moderator)
    opened += walk(armed, reverse("audit:log"))
    # Titles, first messages, messages, replies and hide reasons.
    request.node.user_properties += [("probe", PROBE), ("cases", N * 5)]
    assert_no_executions(executions, opened, 20)
