"""Pages of a post: the post with its comments, reactions and who gave them, editing and its
history, deleting, restoring and pinning. Thin: parse, call one query or service, render.
Every action is a plain form POST; htmx only swaps the reaction bar in place."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.accounts.models import Member
from kring.content import permissions, queries, services
from kring.content.forms import CommentEditForm, CommentForm, PostEditForm
from kring.content.links import has_own_page, post_url, takes_generic_replies
from kring.content.models import Comment, Post
from kring.core.permissions import Denied, NotFound
from kring.core.ratelimits import throttle, too_fast_message


def _next_or(request: HttpRequest, fallback: str) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return fallback


def _post_url(post: Post) -> str:
    return reverse("content:post-detail", args=[post.pk])


def _readable_post(request: HttpRequest, post_id: int) -> Post:
    try:
        return queries.get_post_for(request.user, post_id)
    except NotFound:
        raise Http404 from None


def _readable_comment(request: HttpRequest, comment_id: int) -> Comment:
    try:
        return queries.get_comment_for(request.user, comment_id)
    except NotFound:
        raise Http404 from None


def _post_or_deleted(request: HttpRequest, post_id: int) -> Post:
    """The post if readable; a deleted one only for whoever may restore it."""
    try:
        return queries.get_post_for(request.user, post_id)
    except NotFound:
        pass
    try:
        post = queries.get_deleted_post_for(request.user, post_id)
    except NotFound:
        raise Http404 from None
    if not permissions.can_restore_post(request.user, post):
        raise Http404
    return post


def _detail_context(
    request: HttpRequest, post: Post, *, comment_form: CommentForm | None = None
) -> dict[str, Any]:
    viewer = request.user
    prefetch_related_objects([post], "attachments", "link_preview")
    moderates = permissions.moderates_space_of(viewer, post)
    can_comment = not post.is_deleted and permissions.can_comment(viewer, post)
    allow_internal = can_comment and permissions.can_write_internal_notes(viewer)
    comments = [] if post.is_deleted else queries.post_comments(viewer, post)
    comment_actions: dict[int, tuple[bool, bool]] = {}
    for comment in comments:
        for item in (comment, *comment.visible_replies):  # type: ignore[attr-defined]
            comment_actions[item.pk] = (
                permissions.can_edit_comment(viewer, item),
                permissions.can_delete_comment(viewer, item, moderates=moderates),
            )
    if comment_form is None and can_comment:
        comment_form = CommentForm(allow_internal=allow_internal)
    return {
        "post": post,
        "viewer_reaction": queries.viewer_reaction_on(viewer, post=post),
        "reaction_kinds": queries.reaction_choices(),
        "can_react": can_comment,
        "can_edit": permissions.can_edit_post(viewer, post),
        "can_delete": permissions.can_delete_post(viewer, post, moderates=moderates),
        "can_restore": permissions.can_restore_post(viewer, post, moderates=moderates),
        "can_pin": permissions.can_pin_post(viewer, post, moderates=moderates),
        "comments": comments,
        "comment_reactions": queries.viewer_comment_reactions(viewer, comments),
        "comment_actions": comment_actions,
        "comment_form": comment_form,
        "allow_internal": allow_internal,
        "here": request.get_full_path(),
    }


@require_GET
def post_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post_or_deleted(request, post_id)
    if has_own_page(post.kind) and not post.is_deleted:
        return redirect(post_url(post))
    return render(request, "content/post_detail.html", _detail_context(request, post))


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _readable_post(request, post_id)
    if has_own_page(post.kind):  # edited on its own page, under its own app's rules
        raise Http404
    if not permissions.can_edit_post(request.user, post):
        raise PermissionDenied(_("You cannot edit this post."))
    with_title = bool(post.title)
    if request.method == "POST":
        form = PostEditForm(request.POST, with_title=with_title)
        if form.is_valid():
            try:
                services.edit_post(
                    request.user,
                    post=post,
                    body=form.cleaned_data["body"],
                    title=form.cleaned_data.get("title") if with_title else None,
                )
            except Denied as error:
                raise PermissionDenied(error.message) from error
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your changes have been saved."))
                return redirect(_post_url(post))
    else:
        form = PostEditForm(initial={"title": post.title, "body": post.body}, with_title=with_title)
    return render(request, "content/post_edit.html", {"post": post, "form": form})


@require_GET
def post_history(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _readable_post(request, post_id)
    if not permissions.can_view_history(request.user, post):
        raise Http404
    return render(
        request,
        "content/post_history.html",
        {"post": post, "revisions": queries.post_revisions(post)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _readable_post(request, post_id)
    if not permissions.can_delete_post(request.user, post):
        raise PermissionDenied(_("You cannot delete this post."))
    if request.method == "POST":
        try:
            services.delete_post(request.user, post=post)
        except Denied as error:
            raise PermissionDenied(error.message) from error
        messages.success(request, _("The post has been deleted."))
        if permissions.can_restore_post(request.user, post):
            return redirect(_post_url(post))
        return redirect(_next_or(request, reverse("core:home")))
    return render(request, "content/post_delete.html", {"post": post})


@login_required
@require_POST
def post_restore(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post_or_deleted(request, post_id)
    try:
        services.restore_post(request.user, post=post)
    except Denied as error:
        raise PermissionDenied(error.message) from error
    messages.success(request, _("The post is back."))
    return redirect(_post_url(post))


@login_required
@require_POST
def post_pin(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _readable_post(request, post_id)
    pin = request.POST.get("pin") != "0"
    try:
        if pin:
            services.pin_post(request.user, post=post)
        else:
            services.unpin_post(request.user, post=post)
    except Denied as error:
        raise PermissionDenied(error.message) from error
    messages.success(request, _("The post is pinned.") if pin else _("The post is unpinned."))
    return redirect(_next_or(request, _post_url(post)))


def _react(
    request: HttpRequest, *, post: Post | None = None, comment: Comment | None = None
) -> str:
    try:
        return services.react(
            request.user, post=post, comment=comment, kind=request.POST.get("kind", "")
        )
    except Denied as error:
        raise PermissionDenied(error.message) from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return queries.viewer_reaction_on(request.user, post=post, comment=comment)


@login_required
@require_POST
def post_react(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _readable_post(request, post_id)
    kind = _react(request, post=post)
    if request.htmx:  # type: ignore[attr-defined]
        post.refresh_from_db(fields=["reaction_count", "reaction_counts"])
        return render(
            request,
            "content/partials/_reaction_bar.html",
            {
                "post": post,
                "viewer_kind": kind,
                "reaction_kinds": queries.reaction_choices(),
                "next_url": _next_or(request, _post_url(post)),
            },
        )
    return redirect(_next_or(request, _post_url(post)) + f"#post-{post.pk}")


@require_GET
def post_reactions(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _readable_post(request, post_id)
    return render(
        request,
        "content/reaction_list.html",
        {
            "post": post,
            "comment": None,
            "reactions": queries.reactions_to(post=post),
            "reaction_labels": {choice.kind: choice for choice in queries.reaction_choices()},
        },
    )


# Comments --------------------------------------------------------------------------------


@login_required
@require_POST
def comment_create(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _readable_post(request, post_id)
    if not takes_generic_replies(post.kind):  # a topic's replies follow the forum's rules
        raise Http404
    if not permissions.can_comment(request.user, post):
        raise PermissionDenied(_("You cannot comment on this post."))
    allow_internal = permissions.can_write_internal_notes(request.user)
    form = CommentForm(request.POST, allow_internal=allow_internal)
    if form.is_valid() and (wait := throttle(request, action="comment")):
        # Shown again with the text kept; the middleware makes it a 429 with Retry-After.
        form.add_error(None, too_fast_message(wait))
    elif form.is_valid():
        parent = None
        if form.cleaned_data["parent"]:
            parent = Comment.objects.filter(pk=form.cleaned_data["parent"], post_id=post.pk).first()
            if parent is None:
                raise Http404
        try:
            comment = services.comment_on_post(
                cast(Member, request.user),
                post=post,
                body=form.cleaned_data["body"],
                parent=parent,
                is_internal=bool(form.cleaned_data.get("is_internal")),
            )
        except Denied as error:
            raise PermissionDenied(error.message) from error
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if notice := services.waiting_notice(comment):
                messages.info(request, notice)
            return redirect(_post_url(post) + f"#comment-{comment.pk}")
    context = _detail_context(request, post, comment_form=form)
    context["comment_form_failed"] = True
    return render(request, "content/post_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _readable_comment(request, comment_id)
    if not permissions.can_edit_comment(request.user, comment):
        raise PermissionDenied(_("You cannot edit this comment."))
    if request.method == "POST":
        form = CommentEditForm(request.POST)
        if form.is_valid():
            try:
                services.edit_comment(request.user, comment=comment, body=form.cleaned_data["body"])
            except Denied as error:
                raise PermissionDenied(error.message) from error
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your changes have been saved."))
                return redirect(_post_url(comment.post) + f"#comment-{comment.pk}")
    else:
        form = CommentEditForm(initial={"body": comment.body})
    return render(request, "content/comment_edit.html", {"comment": comment, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _readable_comment(request, comment_id)
    if not permissions.can_delete_comment(request.user, comment):
        raise PermissionDenied(_("You cannot delete this comment."))
    if request.method == "POST":
        try:
            services.delete_comment(request.user, comment=comment)
        except Denied as error:
            raise PermissionDenied(error.message) from error
        messages.success(request, _("The comment has been deleted."))
        return redirect(_post_url(comment.post) + "#comments")
    return render(request, "content/comment_delete.html", {"comment": comment})


@login_required
@require_POST
def comment_react(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _readable_comment(request, comment_id)
    kind = _react(request, comment=comment)
    fallback = _post_url(comment.post)
    if request.htmx:  # type: ignore[attr-defined]
        comment.refresh_from_db(fields=["reaction_count", "reaction_counts"])
        return render(
            request,
            "content/partials/_reaction_bar.html",
            {
                "comment": comment,
                "viewer_kind": kind,
                "reaction_kinds": queries.reaction_choices(),
                "next_url": _next_or(request, fallback),
            },
        )
    return redirect(_next_or(request, fallback) + f"#comment-{comment.pk}")


@require_GET
def comment_reactions(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _readable_comment(request, comment_id)
    return render(
        request,
        "content/reaction_list.html",
        {
            "post": comment.post,
            "comment": comment,
            "reactions": queries.reactions_to(comment=comment),
            "reaction_labels": {choice.kind: choice for choice in queries.reaction_choices()},
        },
    )
