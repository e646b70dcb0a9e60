"""The article pages: the news list, an article, writing and editing, the editors' list, and
the home page's featured block."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import MemberFactory, session_queries
from kring.accounts.models import Member
from kring.accounts.roles import Role
from kring.content.services import comment_on_post
from kring.core.sitesettings.models import SiteSettings
from kring.news.models import Article, ArticleKind
from kring.news.tests.samples import PDF_BYTES, later, write_article

pytestmark = pytest.mark.django_db

LIST_URL = reverse("news:article-list")
CREATE_URL = reverse("news:article-create")
DRAFTS_URL = reverse("news:article-drafts")


def detail_url(article: Article) -> str:
    return reverse("news:article-detail", args=[article.post_id])


def form_data() -> dict[str, Any]:
    return {"title": "Nieuwe app", "kind": "news", "body": "De app is er.", "state": "publish"}


def test_article_list_shows_published_articles_with_their_labels(
    client: Client, manager: Member
) -> None:
    write_article(manager, "Betaald stuk", is_sponsored=True, summary="Van een partner")
    write_article(manager, "Geplande tekst", publish_at=later())
    write_article(manager, "Conceptversie", draft=True)
    page = client.get(LIST_URL).content.decode()
    assert "Betaald stuk" in page
    assert "Van een partner" in page
    assert '<span class="label label--sponsored">Sponsored</span>' in page
    assert "Geplande tekst" not in page
    assert "Conceptversie" not in page


def test_article_list_filters_by_kind_and_pages(client: Client, manager: Member) -> None:
    for n in range(13):
        write_article(manager, f"Bericht nummer {n}")
    write_article(manager, "Wij zoeken jou", kind=ArticleKind.VACANCY)
    page = client.get(LIST_URL + "?kind=vacancy").content.decode()
    assert "Wij zoeken jou" in page
    assert "Bericht nummer" not in page
    assert 'aria-current="page">Vacancy' in page
    first = client.get(LIST_URL).content.decode()
    assert first.count('class="article-card"') == 12
    link = re.search(r'rel="next" href="([^"]+)"', first)
    assert link is not None
    second = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert second.count('class="article-card"') == 2
    assert client.get(LIST_URL + "?kind=<b>&cursor=zzz").status_code == 200


def test_article_list_offers_writing_to_editors_only(
    client: Client, editor: Member, member: Member
) -> None:
    client.force_login(member)
    assert CREATE_URL not in client.get(LIST_URL).content.decode()
    client.force_login(editor)
    assert CREATE_URL in client.get(LIST_URL).content.decode()


@pytest.mark.parametrize("logged_in", [False, True])
def test_article_list_takes_a_fixed_number_of_queries(
    client: Client,
    manager: Member,
    member: Member,
    logged_in: bool,
    django_assert_num_queries: Any,
) -> None:
    if logged_in:
        client.force_login(member)
    client.get(LIST_URL)  # the site settings and announcements are cached from here on
    # The page of articles (author and profile joined) and the test client's e-mail leak
    # check; a member adds session and account (with the header's avatar).
    expected = 2 + (1 + session_queries() if logged_in else 0)
    for size in (5, 45):
        for n in range(size):
            write_article(manager, f"Artikel {n}", is_sponsored=n % 2 == 0, summary="Kort")
        with django_assert_num_queries(expected):
            response = client.get(LIST_URL)
        shown = response.content.decode().count('class="article-card"')
        assert shown == (5 if size == 5 else 12)  # 5 articles, then 50


def test_article_detail_shows_a_video_only_when_asked(client: Client, manager: Member) -> None:
    article = write_article(
        manager, "Zo werkt de app", kind=ArticleKind.VIDEO, video_url="https://youtu.be/dQw4w9WgXcQ"
    )
    response = client.get(detail_url(article))
    page = response.content.decode()
    assert "<iframe" not in page
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in page  # works without JS
    assert 'data-video-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ' in page
    assert re.search(r'<script src="/static/news/video\.[0-9a-f]+\.js" defer>', page)
    policy = response["Content-Security-Policy"]
    frames = re.search(r"frame-src ([^;]+)", policy)
    assert frames is not None
    assert frames.group(1).split() == [
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    ]
    assert "script-src 'self';" in policy + ";"


def test_other_pages_allow_no_frames(client: Client) -> None:
    assert "frame-src" not in client.get(LIST_URL)["Content-Security-Policy"]


def test_article_detail_shows_the_sponsored_label_and_files(
    client: Client, manager: Member, media: Path
) -> None:
    pdf = SimpleUploadedFile("rapport.pdf", PDF_BYTES, content_type="application/pdf")
    article = write_article(
        manager, "Rapport", kind=ArticleKind.WHITEPAPER, is_sponsored=True, files=[pdf]
    )
    page = client.get(detail_url(article)).content.decode()
    assert "Sponsored" in page
    assert "Whitepaper" in page
    assert "rapport.pdf" in page
    assert '<script src="/static/news/video' not in page


def test_article_detail_hides_unpublished_articles_but_from_editors(
    client: Client, editor: Member, member: Member
) -> None:
    planned = write_article(editor, "Gepland stuk", publish_at=later())
    draft = write_article(editor, "Concept stuk", draft=True)
    client.force_login(member)
    assert client.get(detail_url(planned)).status_code == 404
    assert client.get(detail_url(draft)).status_code == 404
    client.force_login(editor)
    assert "Scheduled: everyone sees" in client.get(detail_url(planned)).content.decode()
    assert "This is a draft" in client.get(detail_url(draft)).content.decode()


def test_every_surface_opens_articles_on_their_own_page(client: Client, manager: Member) -> None:
    article = write_article(manager, "Eigen pagina")
    response = client.get(reverse("content:post-detail", args=[article.post_id]))
    assert response.status_code == 302
    assert response["Location"] == detail_url(article)


def test_members_comment_on_an_article(client: Client, manager: Member, member: Member) -> None:
    article = write_article(manager, "Reageer maar")
    comment_on_post(member, post=article.post, body="Mooi nieuws!")
    client.force_login(member)
    response = client.post(
        reverse("content:comment-create", args=[article.post_id]), {"body": "Nog een reactie"}
    )
    assert response.status_code == 302
    page = client.get(detail_url(article)).content.decode()
    assert "Mooi nieuws!" in page
    assert "Nog een reactie" in page
    assert 'id="comment-form"' in page


def test_article_create_is_for_editors(client: Client, member: Member, moderator: Member) -> None:
    assert client.get(CREATE_URL).status_code == 302  # to the login page
    for actor in (member, moderator):
        client.force_login(actor)
        assert client.get(CREATE_URL).status_code == 403
        assert client.post(CREATE_URL, form_data()).status_code == 403
    assert not Article.objects.exists()


def test_article_create_publishes_schedules_or_saves_a_draft(
    client: Client, editor: Member
) -> None:
    client.force_login(editor)
    assert client.get(CREATE_URL).status_code == 200
    response = client.post(CREATE_URL, {**form_data(), "is_sponsored": "on"})
    article = Article.objects.get()
    assert response["Location"] == detail_url(article)
    assert article.post.is_sponsored
    assert article.publish_at is not None
    moment = timezone.localtime(later(7)).strftime("%Y-%m-%dT%H:%M")
    client.post(CREATE_URL, {**form_data(), "title": "Gepland", "publish_at": moment})
    planned = Article.objects.get(post__title="Gepland")
    assert planned.publish_at is not None
    assert planned.publish_at > timezone.now()
    client.post(CREATE_URL, {**form_data(), "title": "Concept", "state": "draft"})
    assert Article.objects.get(post__title="Concept").is_draft


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "video", "video_url": ""}, "A video article needs the address of its video."),
        (
            {"kind": "video", "video_url": "https://example.org/film"},
            "Give the address of a video on YouTube or Vimeo.",
        ),
        ({"kind": "whitepaper"}, "Add the whitepaper&#39;s file."),
        ({"kind": "poster"}, "Select a valid choice."),
        ({"publish_at": "morgen"}, "Enter a valid date/time."),
    ],
)
def test_article_create_explains_bad_input(
    client: Client, editor: Member, changes: dict[str, str], message: str
) -> None:
    client.force_login(editor)
    response = client.post(CREATE_URL, {**form_data(), **changes})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_article_create_uploads_a_whitepaper(client: Client, editor: Member, media: Path) -> None:
    client.force_login(editor)
    pdf = SimpleUploadedFile("wp.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(CREATE_URL, {**form_data(), "kind": "whitepaper", "files": [pdf]})
    assert response.status_code == 302
    assert Article.objects.get().post.attachments.get().original_name == "wp.pdf"


def test_article_edit_changes_the_article_and_keeps_history(
    client: Client, editor: Member, manager: Member
) -> None:
    article = write_article(editor, "Oude titel", body="Oude tekst")
    client.force_login(editor)
    page = client.get(reverse("news:article-edit", args=[article.post_id])).content.decode()
    assert "Oude titel" in page
    assert 'name="publish_at"' not in page  # published: its date stays
    response = client.post(
        reverse("news:article-edit", args=[article.post_id]),
        {**form_data(), "title": "Nieuwe titel", "is_featured": "on"},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.post.title == "Nieuwe titel"
    assert article.is_featured
    assert article.post.revisions.get().title == "Oude titel"
    others = write_article(manager, "Van Femke")  # an article belongs to all editors
    assert client.get(reverse("news:article-edit", args=[others.post_id])).status_code == 200
    client.force_login(MemberFactory(role=Role.EMPLOYEE))
    assert client.get(reverse("news:article-edit", args=[others.post_id])).status_code == 403


def test_article_drafts_lists_unpublished_articles_for_editors(
    client: Client, editor: Member, member: Member
) -> None:
    write_article(editor, "Nog even wachten", publish_at=later())
    write_article(editor, "Half af", draft=True)
    write_article(editor, "Al online")
    client.force_login(member)
    assert client.get(DRAFTS_URL).status_code == 403
    client.force_login(editor)
    page = client.get(DRAFTS_URL).content.decode()
    assert "Nog even wachten" in page
    assert "Half af" in page
    assert "Al online" not in page
    assert "label--scheduled" in page
    assert "label--draft" in page


def test_home_page_features_the_newest_three_featured_articles(
    client: Client, manager: Member
) -> None:
    for n in range(4):
        write_article(manager, f"Uitgelicht {n}", is_featured=True, is_sponsored=n == 3)
    write_article(manager, "Gewoon nieuws")
    SiteSettings.load()
    page = client.get(reverse("core:home")).content.decode()
    assert 'id="featured-heading"' in page
    featured = page[page.index('class="featured"') : page.index('class="stream"')]
    assert "Uitgelicht 3" in featured
    assert "Uitgelicht 1" in featured
    assert "Uitgelicht 0" not in featured
    assert "Gewoon nieuws" not in featured
    assert "Sponsored" in featured


def test_home_page_without_featured_articles_has_no_block(client: Client) -> None:
    assert 'class="featured"' not in client.get(reverse("core:home")).content.decode()


@pytest.mark.parametrize("comments", [3, 30])
def test_article_detail_takes_a_fixed_number_of_queries(
    client: Client, manager: Member, member: Member, comments: int, django_assert_num_queries: Any
) -> None:
    article = write_article(manager, "Veel reacties", is_sponsored=True)
    people = [MemberFactory() for _ in range(3)]
    for n in range(comments):
        top = comment_on_post(people[n % 3], post=article.post, body=f"Reactie {n}")
        comment_on_post(member, post=article.post, body=f"Antwoord {n}", parent=top)
    client.force_login(member)
    client.get(detail_url(article))  # the site settings and announcements are cached
    # Session, account, the article (post, author, space joined), may read it, attachments,
    # may comment, comments (authors joined), own reactions on them, own reaction on the
    # article, and the test client's e-mail leak check.
    with django_assert_num_queries(9 + session_queries()):
        response = client.get(detail_url(article))
    assert response.content.decode().count('<article class="comment') == 2 * comments
