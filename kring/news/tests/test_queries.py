from __future__ import annotations

from typing import Any

import pytest

from kring.accounts.models import Member
from kring.content.services import delete_post
from kring.core.permissions import NotFound
from kring.news.models import ArticleKind
from kring.news.queries import (
    article_page,
    clean_kind,
    featured_articles,
    get_article_for,
    unpublished_articles,
    visible_articles,
)
from kring.news.tests.samples import later, write_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["anonymous", "member", "employee", "manager"])
def test_visible_articles_leave_out_drafts_scheduled_and_deleted(
    request: Any, manager: Member, persona: str
) -> None:
    published = write_article(manager, "Nu")
    write_article(manager, "Later", publish_at=later())
    write_article(manager, "Concept", draft=True)
    deleted = write_article(manager, "Weg")
    delete_post(manager, post=deleted.post)
    viewer = request.getfixturevalue(persona)
    assert list(visible_articles(viewer).values_list("post_id", flat=True)) == [published.post_id]


def test_article_page_pages_newest_first_and_filters_by_kind(
    manager: Member, anonymous: Any
) -> None:
    news = [write_article(manager, f"Nieuws {n}") for n in range(5)]
    vacancy = write_article(manager, "Vacature", kind=ArticleKind.VACANCY)
    first = article_page(anonymous, per_page=4)
    assert [a.post_id for a in first.articles] == [vacancy.post_id] + [
        a.post_id for a in news[::-1][:3]
    ]
    second = article_page(anonymous, per_page=4, cursor=first.next_cursor)
    assert [a.post_id for a in second.articles] == [a.post_id for a in news[1::-1]]
    assert second.next_cursor == ""
    only = article_page(anonymous, kind=ArticleKind.VACANCY)
    assert [a.post_id for a in only.articles] == [vacancy.post_id]


def test_article_page_ignores_a_broken_cursor(manager: Member, anonymous: Any) -> None:
    write_article(manager, "Een")
    assert len(article_page(anonymous, cursor="!!kapot!!").articles) == 1


def test_clean_kind_accepts_known_kinds_only() -> None:
    assert clean_kind("video") == "video"
    assert clean_kind("<script>") == ""
    assert clean_kind(None) == ""


def test_featured_articles_are_the_newest_three_visible(manager: Member, member: Member) -> None:
    featured = [write_article(manager, f"Uitgelicht {n}", is_featured=True) for n in range(4)]
    write_article(manager, "Niet uitgelicht")
    write_article(manager, "Later uitgelicht", is_featured=True, publish_at=later())
    assert [a.post_id for a in featured_articles(member)] == [a.post_id for a in featured[::-1][:3]]


def test_get_article_for_shows_unpublished_ones_to_their_editors_only(
    manager: Member, editor: Member, member: Member, anonymous: Any
) -> None:
    draft = write_article(editor, "Concept", draft=True)
    planned = write_article(editor, "Gepland", publish_at=later())
    for article in (draft, planned):
        assert get_article_for(editor, article.post_id) == article
        assert get_article_for(manager, article.post_id) == article
        for viewer in (member, anonymous):
            with pytest.raises(NotFound):
                get_article_for(viewer, article.post_id)


def test_get_article_for_answers_not_found_for_missing_and_deleted(manager: Member) -> None:
    article = write_article(manager, "Weg")
    delete_post(manager, post=article.post)
    for post_id in (article.post_id, 999_999):
        with pytest.raises(NotFound):
            get_article_for(manager, post_id)


def test_unpublished_articles_lists_drafts_then_the_soonest(
    manager: Member, member: Member
) -> None:
    write_article(manager, "Gepubliceerd")
    far = write_article(manager, "Ver weg", publish_at=later(30))
    soon = write_article(manager, "Binnenkort", publish_at=later(1))
    draft = write_article(manager, "Concept", draft=True)
    assert [a.post_id for a in unpublished_articles(manager)] == [
        draft.post_id,
        soon.post_id,
        far.post_id,
    ]
    assert unpublished_articles(member) == []
