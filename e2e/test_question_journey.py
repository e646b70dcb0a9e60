"""A question in a real browser: a member types a question's title and sees a similar, solved
question suggested (htmx, debounced), posts anyway; an employee answers; the asker accepts the
answer; the category lists the topic as solved and the topic page shows the answer right under
the question.

Each person has their own browser context, logged in through a session made with
`Client.force_login`. Every page visited is checked with axe-core, the new-topic form also with
its suggestions open. Selectors follow the forms' addresses, names and classes, not their words,
so the journey holds in Dutch and in English.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import MemberFactory
from e2e.accessibility import assert_accessible
from e2e.conftest import Login
from kring.accounts.models import Member
from kring.accounts.roles import Role
from kring.forum import services
from kring.forum.models import Category, Topic
from kring.spaces.queries import community_space

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SOLVED_TITLE = "Omvormer geeft foutcode E21 na regen"
NEW_TITLE = "Foutcode E21 op mijn omvormer"
ANSWER = "Zet de omvormer tien minuten uit en daarna weer aan; dan verdwijnt E21."


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


def solved_question(category: Category, employee: Member) -> Topic:
    """A question another member asked before, answered by an employee and accepted."""
    asker = MemberFactory(display_name="Bram de Wit")
    topic = services.create_topic(
        asker,
        category=category,
        kind="question",
        title=SOLVED_TITLE,
        body="Na elke regenbui knippert mijn omvormer rood.",
    )
    reply = services.reply_to_topic(employee, topic=topic, body="Dat is een isolatiefout.")
    services.accept_answer(asker, topic=topic, reply=reply)
    return topic


def ask_after_seeing_a_suggestion(page: Page, category: Category, solved: Topic) -> None:
    visit(page, "/forum/")
    visit(page, f"/forum/c/{category.space.slug}/{category.slug}/")
    visit(page, f"/forum/nieuw/?categorie={category.pk}")
    title = page.locator("form.topic-form input[name=title]")
    title.press_sequentially(NEW_TITLE, delay=30)  # input events, as typing gives them
    suggestions = page.locator("#similar-questions")
    suggestion = suggestions.locator(f"a[href='/forum/onderwerp/{solved.pk}/']")
    expect(suggestion).to_be_visible()
    expect(suggestion).to_have_text(SOLVED_TITLE)
    expect(suggestions.locator(".label--solved")).to_be_visible()
    assert_accessible(page)
    page.locator("form.topic-form input[name=kind][value=question]").check()
    page.locator("form.topic-form textarea[name=body]").fill(
        "Sinds gisteren staat E21 op het scherm."
    )
    submit(page, "form.topic-form")  # posts anyway
    expect(page.locator("h1#topic-title")).to_have_text(NEW_TITLE)


def answer_as_employee(page: Page, topic: Topic) -> None:
    visit(page, f"/forum/onderwerp/{topic.pk}/")
    page.locator("#reply-form textarea[name=body]").fill(ANSWER)
    submit(page, "#reply-form")
    reply = page.locator("article.reply", has_text=ANSWER)
    expect(reply).to_be_visible()
    expect(reply.locator(".topic-label--official")).to_be_visible()


def accept_the_answer(page: Page, topic: Topic) -> None:
    visit(page, f"/forum/onderwerp/{topic.pk}/")
    reply = page.locator("article.reply", has_text=ANSWER)
    with page.expect_navigation():
        reply.locator(f"form[action='/forum/onderwerp/{topic.pk}/accepteren/'] button").click()
    assert_accessible(page)
    accepted = page.locator("section.accepted-answer")
    expect(accepted).to_contain_text(ANSWER)
    # Right under the question: before the thread of replies.
    order = page.evaluate(
        """() => {
            const answer = document.querySelector("section.accepted-answer");
            const replies = document.querySelector("#replies");
            const question = document.querySelector("article.topic");
            return [
                question.compareDocumentPosition(answer),
                answer.compareDocumentPosition(replies),
            ];
        }"""
    )
    following = 4  # Node.DOCUMENT_POSITION_FOLLOWING
    assert order == [following, following]
    expect(page.locator("article.topic .topic-label--solved")).to_be_visible()


def listed_as_solved(page: Page, category: Category, topic: Topic) -> None:
    visit(page, f"/forum/c/{category.space.slug}/{category.slug}/")
    row = page.locator(f"li#topic-{topic.pk}")
    expect(row).to_contain_text(NEW_TITLE)
    expect(row.locator(".topic-label--solved")).to_be_visible()
    visit(page, f"/forum/c/{category.space.slug}/{category.slug}/?vragen=solved")
    expect(page.locator(f"li#topic-{topic.pk}")).to_be_visible()


def test_a_member_asks_an_employee_answers_and_the_question_is_solved(login_as: Login) -> None:
    employee = MemberFactory(display_name="Dewi Visser", role=Role.EMPLOYEE)
    asker = MemberFactory(display_name="Noor Jansen")
    category = Category.objects.create(
        space=community_space(), name="Klantenservice", slug="klantenservice",
        is_customer_service=True,
    )  # fmt: skip
    solved = solved_question(category, employee)

    noor = login_as(asker)
    ask_after_seeing_a_suggestion(noor, category, solved)
    topic = Topic.objects.get(post__author=asker)

    answer_as_employee(login_as(employee), topic)
    accept_the_answer(noor, topic)
    topic.refresh_from_db()
    assert topic.accepted_answer is not None
    assert topic.accepted_answer.author == employee
    listed_as_solved(noor, category, topic)


def test_the_staff_pages_of_the_forum_are_accessible(login_as: Login) -> None:
    """What a community manager sees: the topic page with every control (pin, close, lock,
    assign, internal note), category management, the edit form and the assigned list."""
    manager = MemberFactory(display_name="Femke Mulder", role=Role.MANAGER)
    employee = MemberFactory(display_name="Dewi Visser", role=Role.EMPLOYEE)
    category = Category.objects.create(space=community_space(), name="Producten", slug="producten")
    topic = solved_question(category, employee)
    services.assign_question(manager, topic=topic, assignee=manager)
    services.add_internal_note(employee, topic=topic, body="Klant belde ook al.")
    page = login_as(manager)
    visit(page, f"/forum/onderwerp/{topic.pk}/")
    expect(page.locator("article.reply--internal")).to_be_visible()
    lock = page.locator("details.topic-tool").filter(has=page.locator("input[name='lock-reason']"))
    lock.locator("summary").click()
    lock.locator("input[name='lock-reason']").fill("Even afkoelen")
    submit(page, "details.topic-tool:has(input[name='lock-reason']) form")
    expect(page.locator(".notice")).to_contain_text("Even afkoelen")
    visit(page, f"/forum/onderwerp/{topic.pk}/bewerken/")
    visit(page, f"/forum/beheer/{category.space.slug}/")
    visit(page, "/forum/aan-mij-toegewezen/")
    expect(page.locator(f"li#topic-{topic.pk}")).to_be_visible()
