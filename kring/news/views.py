"""Pages of the news app: the news list, an article, writing and editing one, the editors'
list of drafts and scheduled articles. Thin: parse, call one query or service, render.
Announcements' pages are in views_announcements.py."""

from __future__ import annotations

from typing import Any

from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kring.content import permissions as content_permissions
from kring.content import queries as content_queries
from kring.content.forms import CommentForm
from kring.core.permissions import Denied, NotFound
from kring.news import queries, services
from kring.news.forms import SAVE_DRAFT, ArticleForm
from kring.news.models import Article, ArticleKind
from kring.news.permissions import (
    can_edit_article,
    can_manage_announcements,
    can_write_articles,
)
from kring.news.videos import FRAME_HOSTS, Video


def article_url(post: Any) -> str:
    """Where every surface opens a post of kind "article" (registered in apps.py)."""
    return reverse("news:article-detail", args=[post.pk])


def _article(request: HttpRequest, post_id: int) -> Article:
    try:
        return queries.get_article_for(request.user, post_id)
    except NotFound:
        raise Http404 from None


@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    """The news: every published article, newest first, optionally of one kind."""
    kind = queries.clean_kind(request.GET.get("kind"))
    page = queries.article_page(request.user, kind=kind, cursor=request.GET.get("cursor"))
    return render(
        request,
        "news/article_list.html",
        {
            "page": page,
            "kind": kind,
            "kinds": ArticleKind.choices,
            "can_write": can_write_articles(request.user),
            "can_manage": can_manage_announcements(request.user),
        },
    )


def _comments_context(request: HttpRequest, article: Article) -> dict[str, Any]:
    viewer, post = request.user, article.post
    published = post.created_at <= timezone.now()
    can_comment = published and content_permissions.can_comment(viewer, post)
    comments = content_queries.post_comments(viewer, post) if published else []
    moderates = content_permissions.moderates_space_of(viewer, post) if comments else False
    actions = {
        item.pk: (
            content_permissions.can_edit_comment(viewer, item),
            content_permissions.can_delete_comment(viewer, item, moderates=moderates),
        )
        for comment in comments
        for item in (comment, *comment.visible_replies)  # type: ignore[attr-defined]
    }
    return {
        "comments": comments,
        "comment_reactions": content_queries.viewer_comment_reactions(viewer, comments),
        "comment_actions": actions,
        "comment_form": CommentForm() if can_comment else None,
        "can_react": can_comment,
        "viewer_reaction": content_queries.viewer_reaction_on(viewer, post=post)
        if can_comment
        else "",
        "reaction_kinds": content_queries.reaction_choices(),
    }


# Frames from the two video players only, on article pages only (django-csp types its
# decorators for views without URL arguments).
@require_GET
@csp_update({"frame-src": list(FRAME_HOSTS)})  # type: ignore[arg-type]
def article_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    """An article: its video (loaded only when asked), text, files, reactions and comments."""
    article = _article(request, post_id)
    post = article.post
    prefetch_related_objects([post], "attachments")
    video = Video(article.video_provider, article.video_id) if article.video_id else None
    return render(
        request,
        "news/article_detail.html",
        {
            "article": article,
            "post": post,
            "video": video,
            "is_scheduled": post.created_at > timezone.now(),
            "can_edit": can_edit_article(request.user, article),
            "can_delete": content_permissions.can_delete_post(request.user, post),
            "here": request.get_full_path(),
            **_comments_context(request, article),
        },
    )


def _files(request: HttpRequest, form: ArticleForm) -> list[Any]:
    return list(form.cleaned_data.get("files") or [])


def _saved(request: HttpRequest, article: Article, *, draft: bool) -> HttpResponse:
    if draft:
        messages.success(request, _("The draft has been saved."))
    elif article.publish_at is not None and article.publish_at > timezone.now():
        messages.success(request, _("The article has been scheduled."))
    else:
        messages.success(request, _("The article has been published."))
    return redirect(article_url(article.post))


@login_required
@require_http_methods(["GET", "POST"])
def article_create(request: HttpRequest) -> HttpResponse:
    """Write an article (editors and community managers)."""
    if not can_write_articles(request.user):
        raise PermissionDenied(_("Only editors and community managers write articles."))
    form = ArticleForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        try:
            article = services.create_article(
                request.user, draft=form.draft(), files=_files(request, form)
            )
        except Denied as error:
            raise PermissionDenied(error.message) from error
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _saved(request, article, draft=form.cleaned_data["state"] == SAVE_DRAFT)
    return render(request, "news/article_form.html", {"form": form, "article": None})


def _initial(article: Article) -> dict[str, Any]:
    post = article.post
    publish_at = article.publish_at
    return {
        "title": post.title,
        "kind": article.kind,
        "summary": article.summary,
        "body": post.body,
        "video_url": article.video_url,
        "is_featured": article.is_featured,
        "is_sponsored": post.is_sponsored,
        "state": SAVE_DRAFT if article.is_draft else "publish",
        "publish_at": timezone.localtime(publish_at) if publish_at else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    """Change an article; its earlier text stays in the post's history."""
    article = _article(request, post_id)
    if not can_edit_article(request.user, article):
        raise PermissionDenied(_("You cannot edit this article."))
    published = article.publish_at is not None and article.publish_at <= timezone.now()
    if request.method == "POST":
        form = ArticleForm(request.POST, request.FILES, scheduling=not published)
        if form.is_valid():
            try:
                article = services.edit_article(
                    request.user, article=article, draft=form.draft(), files=_files(request, form)
                )
            except Denied as error:
                form.add_error(None, error.message)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _saved(request, article, draft=article.is_draft)
    else:
        form = ArticleForm(initial=_initial(article), scheduling=not published)
    prefetch_related_objects([article.post], "attachments")
    return render(request, "news/article_form.html", {"form": form, "article": article})


@login_required
@require_GET
def article_drafts(request: HttpRequest) -> HttpResponse:
    """The editors' list: drafts and scheduled articles."""
    if not can_write_articles(request.user):
        raise PermissionDenied(_("Only editors and community managers write articles."))
    return render(
        request,
        "news/article_drafts.html",
        {"articles": queries.unpublished_articles(request.user), "now": timezone.now()},
    )
