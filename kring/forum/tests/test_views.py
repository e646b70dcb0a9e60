"""The forum's pages: each works as a plain form POST, refuses bad input with a message, and
answers 404 for what the viewer may not see."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Member
from kring.content import services as content_services
from kring.forum import services
from kring.forum.models import Category, Topic, TopicWatch
from kring.forum.tests.samples import answer, ask, fresh
from kring.knowledge.models import KnowledgePage, ProductLink
from kring.spaces.models import Space

pytestmark = pytest.mark.django_db


def topic_page(topic: Topic, query: str = "") -> str:
    return reverse("forum:topic-detail", args=[topic.pk]) + query


def category_page(category: Category, query: str = "") -> str:
    return reverse("forum:category-detail", args=[category.space.slug, category.slug]) + query


def test_forum_index_lists_categories_with_counts(
    client: Client, member: Member, category: Category, group: Space
) -> None:
    ask(member, category)
    Category.objects.create(space=group, name="Fietstips", slug="fietstips")
    html = client.get(reverse("forum:forum-index")).content.decode()
    assert "Algemeen" in html
    assert "Fietstips" in html
    assert reverse("forum:space-forum", args=[group.slug]) in html


def test_category_page_shows_labels_stats_and_filters(
    client: Client, member: Member, friend: Member, moderator: Member, category: Category
) -> None:
    solved = ask(member, category, title="Opgeloste vraag")
    services.accept_answer(member, topic=solved, reply=answer(friend, solved))
    locked = ask(member, category, title="Verhit")
    services.lock_topic(moderator, topic=locked, reason="Rust")
    html = client.get(category_page(category)).content.decode()
    assert "Solved" in html
    assert "Locked" in html
    assert "Questions solved" in html
    assert "50%" in html
    assert "Median time to a first reply" in html
    html = client.get(category_page(category, "?vragen=solved")).content.decode()
    assert "Opgeloste vraag" in html
    assert "Verhit" not in html


def test_category_page_htmx_returns_the_list_only(
    client: Client, member: Member, category: Category
) -> None:
    ask(member, category)
    response = client.get(category_page(category, "?pagina=1"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b'id="topic-list"' in response.content


def test_category_page_tolerates_bad_parameters(client: Client, category: Category) -> None:
    response = client.get(category_page(category, "?volgorde=x&vragen=y&pagina=abc"))
    assert response.status_code == 200


def test_unknown_pages_are_404(client: Client, member: Member) -> None:
    client.force_login(member)
    for url in (
        reverse("forum:topic-detail", args=[999]),
        reverse("forum:category-detail", args=["community", "nope"]),
        reverse("forum:reply-jump", args=[999]),
        reverse("forum:space-forum", args=["nope"]),
    ):
        assert client.get(url).status_code == 404


def test_new_topic_form_carries_the_similar_questions_hooks(
    client: Client, member: Member, category: Category
) -> None:
    client.force_login(member)
    html = client.get(reverse("forum:topic-create") + f"?categorie={category.pk}").content.decode()
    assert f'hx-get="{reverse("search:similar-topics")}"' in html
    assert 'hx-trigger="input changed delay:400ms"' in html
    assert 'hx-target="#similar-questions"' in html
    assert 'id="similar-questions"' in html
    assert 'aria-live="polite"' in html
    assert f'<option value="{category.pk}" selected>' in html


def test_posting_a_new_topic_opens_it(client: Client, member: Member, category: Category) -> None:
    client.force_login(member)
    response = client.post(
        reverse("forum:topic-create"),
        {
            "kind": "question",
            "title": "Hoe werkt dat?",
            "body": "Uitleg graag",
            "category": category.pk,
        },
    )
    topic = Topic.objects.get()
    assert response.status_code == 302
    assert response["Location"] == topic_page(topic)
    assert topic.post.title == "Hoe werkt dat?"


def test_a_new_topic_with_a_product_links_it(
    client: Client, member: Member, manager: Member, category: Category
) -> None:
    post = content_services.create_post(
        manager, space=category.space, kind="page", title="Laadpaal Pro", body="Info"
    )
    page = KnowledgePage.objects.create(post=post, slug="laadpaal-pro", is_product=True)
    client.force_login(member)
    html = client.get(reverse("forum:topic-create") + f"?product={page.pk}").content.decode()
    assert f'<option value="{page.pk}" selected>' in html
    client.post(
        reverse("forum:topic-create"),
        {
            "kind": "question",
            "title": "Laadpaal laadt niet",
            "body": "Help",
            "category": category.pk,
            "product": page.pk,
        },
    )
    topic = Topic.objects.get()
    assert ProductLink.objects.filter(page=page, post=topic.post).exists()
    assert "Laadpaal Pro" in client.get(topic_page(topic)).content.decode()


def test_a_new_topic_with_bad_input_shows_the_form_again(
    client: Client, member: Member, category: Category
) -> None:
    client.force_login(member)
    response = client.post(
        reverse("forum:topic-create"),
        {"kind": "poll", "title": " ", "body": "", "category": 12345},
    )
    assert response.status_code == 200
    assert b"field__errors" in response.content
    assert not Topic.objects.exists()


def test_new_topic_needs_a_login(client: Client) -> None:
    response = client.get(reverse("forum:topic-create"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_replying_goes_to_the_new_reply(
    client: Client, member: Member, friend: Member, category: Category
) -> None:
    topic = ask(member, category)
    client.force_login(friend)
    response = client.post(reverse("forum:topic-reply", args=[topic.pk]), {"body": "Probeer dit"})
    reply = topic.post.comments.get()
    assert response["Location"] == reverse("forum:reply-jump", args=[reply.pk])
    jump = client.get(response["Location"])
    assert jump.status_code == 302
    assert jump["Location"].endswith(f"#reply-{reply.pk}")
    assert b"Probeer dit" in client.get(jump["Location"]).content


def test_an_empty_reply_is_refused_with_a_message(
    client: Client, member: Member, category: Category
) -> None:
    topic = ask(member, category)
    client.force_login(member)
    response = client.post(reverse("forum:topic-reply", args=[topic.pk]), {"body": "  "})
    assert response.status_code == 400
    assert b"Write a reply first." in response.content


def test_a_reply_to_a_closed_topic_is_refused_with_a_message(
    client: Client, member: Member, friend: Member, category: Category
) -> None:
    topic = ask(member, category)
    services.close_topic(member, topic=topic)
    client.force_login(friend)
    response = client.post(reverse("forum:topic-reply", args=[topic.pk]), {"body": "Hoi"})
    assert response.status_code == 400
    assert b"This topic takes no more replies." in response.content
    assert b"This topic is closed" in response.content


def test_quote_prefills_the_reply_form(
    client: Client, member: Member, friend: Member, category: Category
) -> None:
    topic = ask(member, category)
    reply = answer(friend, topic, "Zet hem uit en aan.")
    client.force_login(member)
    html = client.get(topic_page(topic, f"?citeer={reply.pk}")).content.decode()
    assert "&gt; Zet hem uit en aan." in html
    assert reverse("forum:reply-jump", args=[reply.pk]) in html


def test_accepting_shows_the_answer_under_the_question(
    client: Client, member: Member, employee: Member, category: Category
) -> None:
    topic = ask(member, category)
    answer(employee, topic, "Het officiële antwoord.")
    reply = answer(employee, topic, "Het juiste antwoord.")
    client.force_login(member)
    client.post(reverse("forum:topic-accept", args=[topic.pk]), {"reply": reply.pk})
    html = client.get(topic_page(topic)).content.decode()
    answer_at = html.index('id="accepted-heading"')
    assert html.index("Het juiste antwoord.") < html.index('id="replies-heading"')
    assert answer_at < html.index('id="replies-heading"')
    assert "Official" in html
    client.post(reverse("forum:topic-accept", args=[topic.pk]), {"accept": "0"})
    assert fresh(topic).accepted_answer is None


def test_accepting_is_forbidden_to_others(
    client: Client, member: Member, friend: Member, category: Category
) -> None:
    topic = ask(member, category)
    reply = answer(friend, topic)
    client.force_login(friend)
    response = client.post(reverse("forum:topic-accept", args=[topic.pk]), {"reply": reply.pk})
    assert response.status_code == 403
    response = client.post(reverse("forum:topic-accept", args=[topic.pk]), {"reply": "x"})
    assert response.status_code == 404


def test_close_lock_pin_and_watch_from_the_page(
    client: Client, member: Member, moderator: Member, category: Category
) -> None:
    topic = ask(member, category)
    client.force_login(moderator)
    client.post(reverse("forum:topic-close", args=[topic.pk]), {"close": "1"})
    client.post(reverse("forum:topic-pin", args=[topic.pk]), {"pin": "1"})
    client.post(reverse("forum:topic-watch", args=[topic.pk]), {"watch": "1"})
    response = client.post(reverse("forum:topic-lock", args=[topic.pk]), {"lock-reason": ""})
    assert response.status_code == 400
    client.post(reverse("forum:topic-lock", args=[topic.pk]), {"lock-reason": "Even rust"})
    topic = fresh(topic)
    assert topic.closed_at
    assert topic.post.pinned_at
    assert topic.locked_at
    assert TopicWatch.objects.filter(member=moderator, topic=topic).exists()
    html = client.get(topic_page(topic)).content.decode()
    assert "Even rust" in html
    client.force_login(member)
    assert client.post(reverse("forum:topic-pin", args=[topic.pk])).status_code == 403


def test_assigning_puts_the_question_in_the_employees_list(
    client: Client, member: Member, employee: Member, manager: Member, category: Category
) -> None:
    topic = ask(member, category, title="Wie helpt?")
    client.force_login(manager)
    client.post(reverse("forum:topic-assign", args=[topic.pk]), {"assignee": member.pk})
    assert fresh(topic).assigned_to is None
    client.post(reverse("forum:topic-assign", args=[topic.pk]), {"assignee": employee.pk})
    assert fresh(topic).assigned_to == employee
    client.force_login(employee)
    assert "Wie helpt?" in client.get(reverse("forum:assigned-list")).content.decode()
    client.force_login(member)
    assert client.get(reverse("forum:assigned-list")).status_code == 403


def test_internal_note_form_is_for_employees(
    client: Client, member: Member, employee: Member, category: Category
) -> None:
    topic = ask(member, category)
    client.force_login(member)
    assert b'id="note-form"' not in client.get(topic_page(topic)).content
    assert (
        client.post(reverse("forum:topic-note", args=[topic.pk]), {"note-body": "x"}).status_code
        == 403
    )
    client.force_login(employee)
    assert b'id="note-form"' in client.get(topic_page(topic)).content
    response = client.post(reverse("forum:topic-note", args=[topic.pk]), {"note-body": "Intern"})
    assert response.status_code == 302
    assert topic.post.comments.get().is_internal


def test_editing_a_topic_keeps_history(client: Client, member: Member, category: Category) -> None:
    topic = ask(member, category)
    client.force_login(member)
    assert client.get(reverse("forum:topic-edit", args=[topic.pk])).status_code == 200
    response = client.post(
        reverse("forum:topic-edit", args=[topic.pk]), {"title": "Beter", "body": "Duidelijker"}
    )
    assert response.status_code == 302
    assert fresh(topic).post.title == "Beter"
    assert fresh(topic).post.revisions.count() == 1


def test_view_count_rises_for_visitors(client: Client, member: Member, category: Category) -> None:
    topic = ask(member, category)
    client.get(topic_page(topic))
    client.get(topic_page(topic))
    assert fresh(topic).view_count == 2


@pytest.fixture
def cached_topic_views(settings: Any) -> Iterator[Any]:
    """Visitors' views of cached pages held for a minute (the process's own counter)."""
    from kring.forum.services import readers

    settings.FORUM_VIEW_FLUSH_SECONDS = 60
    readers.cached_views.flush()
    yield readers.cached_views
    readers.cached_views.flush()


def test_visitors_get_a_cached_topic_page_that_still_counts_their_views(
    member: Member,
    category: Category,
    cached_topic_views: Any,
    settings: Any,
    django_assert_num_queries: Any,
) -> None:
    from kring.core.pagecache import CACHE_STATUS_HEADER

    topic = ask(member, category)
    other = ask(member, category, title="Een ander onderwerp")
    assert Client().get(topic_page(topic))[CACHE_STATUS_HEADER] == "miss"  # counted at once
    assert fresh(topic).view_count == 1
    assert Client().get(topic_page(other))[CACHE_STATUS_HEADER] == "miss"
    with django_assert_num_queries(0):  # a hit reads and writes nothing
        assert Client().get(topic_page(topic))[CACHE_STATUS_HEADER] == "hit"
        assert Client().get(topic_page(topic))[CACHE_STATUS_HEADER] == "hit"
        assert Client().get(topic_page(other))[CACHE_STATUS_HEADER] == "hit"
    assert fresh(topic).view_count == 1
    settings.FORUM_VIEW_FLUSH_SECONDS = 0  # the next cached visit comes after the interval
    assert Client().get(topic_page(topic))[CACHE_STATUS_HEADER] == "hit"
    assert fresh(topic).view_count == 4
    assert fresh(other).view_count == 2


def test_a_stopping_process_writes_the_views_it_holds(
    member: Member, category: Category, cached_topic_views: Any
) -> None:
    topic = ask(member, category)
    Client().get(topic_page(topic))
    Client().get(topic_page(topic))
    assert fresh(topic).view_count == 1
    cached_topic_views._flush_at_exit()
    assert fresh(topic).view_count == 2


def test_a_new_reply_refreshes_the_visitors_topic_page(
    member: Member,
    friend: Member,
    category: Category,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from kring.core.pagecache import CACHE_STATUS_HEADER

    topic = ask(member, category)
    Client().get(topic_page(topic))
    assert Client().get(topic_page(topic))[CACHE_STATUS_HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):  # events go out after commit
        answer(friend, topic, body="Zet hem uit en weer aan.")
    response = Client().get(topic_page(topic))
    assert response[CACHE_STATUS_HEADER] == "miss"
    assert "Zet hem uit en weer aan." in response.content.decode()


def test_managers_manage_categories(
    client: Client, manager: Member, member: Member, community: Space
) -> None:
    client.force_login(member)
    assert client.get(reverse("forum:category-manage", args=["community"])).status_code == 403
    client.force_login(manager)
    url = reverse("forum:category-manage", args=["community"])
    assert client.get(url).status_code == 200
    client.post(url, {"name": "Klantenservice", "is_customer_service": "on"})
    client.post(url, {"name": "Producten"})
    first, second = Category.objects.all()
    assert first.is_customer_service
    client.post(reverse("forum:category-move", args=[second.pk]), {"up": "1"})
    assert list(Category.objects.all()) == [second, first]
    client.post(
        reverse("forum:category-edit", args=[first.pk]),
        {"name": "Service", "description": "Hulp"},
    )
    first.refresh_from_db()
    assert (first.name, first.is_customer_service) == ("Service", False)
    ask(manager, first)
    response = client.post(reverse("forum:category-delete", args=[first.pk]), follow=True)
    assert b"Only an empty category can be deleted" in response.content
    client.post(reverse("forum:category-delete", args=[second.pk]))
    assert list(Category.objects.all()) == [first]


def test_a_large_thread_pages_by_cursor(
    client: Client, member: Member, friend: Member, category: Category
) -> None:
    topic = ask(member, category)
    for n in range(45):
        answer(friend, topic, f"Antwoord nummer {n}.")
    html = client.get(topic_page(topic)).content.decode()
    assert "Antwoord nummer 0." in html
    assert "Antwoord nummer 44." not in html
    assert "Later replies" in html
    later = html.split('href="?na=')[1].split('"')[0]
    html = client.get(topic_page(topic, f"?na={later}")).content.decode()
    assert "Antwoord nummer 44." in html
    assert "Antwoord nummer 0." not in html
    assert "Earlier replies" in html


def test_wall_cards_link_topics_to_the_forum(
    client: Client, member: Member, category: Category
) -> None:
    topic = ask(member, category)
    response = client.get(reverse("content:post-detail", args=[topic.pk]))
    assert response.status_code == 302
    assert response["Location"] == topic_page(topic)


def test_a_customer_service_category_shows_an_active_outage_at_the_top(
    client: Client, manager: Member, category: Category, service_category: Category
) -> None:
    from kring.news.services import AnnouncementText, create_announcement

    create_announcement(manager, text=AnnouncementText(title="Storing in de app", level="outage"))
    html = client.get(category_page(service_category)).content.decode()
    assert 'class="outage-notice"' in html
    assert html.index('class="outage-notice"') < html.index("<h1")
    assert 'class="outage-notice"' not in client.get(category_page(category)).content.decode()


def test_the_generic_post_forms_refuse_topics(
    client: Client, member: Member, moderator: Member, category: Category
) -> None:
    """A crafted POST to the wall's comment form must not get round a lock, nor the generic
    edit form round the forum's own."""
    topic = ask(member, category)
    services.lock_topic(moderator, topic=topic, reason="Even afkoelen")
    client.force_login(member)
    reply = client.post(
        reverse("content:comment-create", args=[topic.pk]), {"body": "Toch nog even dit"}
    )
    assert reply.status_code == 404
    assert fresh(topic).post.comment_count == 0
    assert client.get(reverse("content:post-edit", args=[topic.pk])).status_code == 404
