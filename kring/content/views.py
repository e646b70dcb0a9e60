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
from django.utils.cache import patch_vary_headers
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


def _jump_url(comment: Comment) -> str:
    """The page showing `comment`, wherever it lands (an earlier page, its replies page)."""
    return reverse("content:comment-jump", args=[comment.pk])


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


def _comments_context(
    request: HttpRequest, post: Post, *, before: str, moderates: bool
) -> dict[str, Any]:
    """One page of the post's comments and what the viewer may do with each (the post page,
    the htmx "earlier comments" block)."""
    viewer = request.user
    can_comment = not post.is_deleted and permissions.can_comment(viewer, post)
    page = (
        queries.CommentPage(comments=[])
        if post.is_deleted
        else queries.post_comment_page(viewer, post, before=before)
    )
    return {
        "post": post,
        "comment_page": page,
        **_comment_list_context(request, page.comments, moderates=moderates),
        "reaction_kinds": queries.reaction_choices(),
        "can_react": can_comment,
        "can_comment": can_comment,
        "allow_internal": can_comment and permissions.can_write_internal_notes(viewer),
        "here": request.get_full_path(),
    }


def _comment_list_context(
    request: HttpRequest, comments: list[Comment], *, moderates: bool
) -> dict[str, Any]:
    viewer = request.user
    comment_actions: dict[int, tuple[bool, bool]] = {}
    for comment in comments:
        for item in (comment, *comment.visible_replies):  # type: ignore[attr-defined]
            comment_actions[item.pk] = (
                permissions.can_edit_comment(viewer, item),
                permissions.can_delete_comment(viewer, item, moderates=moderates),
            )
    return {
        "comments": comments,
        "comment_reactions": queries.viewer_comment_reactions(viewer, comments),
        "comment_actions": comment_actions,
    }


def _detail_context(
    request: HttpRequest, post: Post, *, comment_form: CommentForm | None = None
) -> dict[str, Any]:
    viewer = request.user
    prefetch_related_objects([post], "attachments", "link_preview")
    moderates = permissions.moderates_space_of(viewer, post)
    context = _comments_context(
        request, post, before=request.GET.get("eerder", ""), moderates=moderates
    )
    if comment_form is None and context["can_comment"]:
        comment_form = CommentForm(allow_internal=context["allow_internal"])
    return {
        **context,
        "viewer_reaction": queries.viewer_reaction_on(viewer, post=post),
        "can_edit": permissions.can_edit_post(viewer, post),
        "can_delete": permissions.can_delete_post(viewer, post, moderates=moderates),
        "can_restore": permissions.can_restore_post(viewer, post, moderates=moderates),
        "can_pin": permissions.can_pin_post(viewer, post, moderates=moderates),
        "comment_form": comment_form,
    }


@require_GET
def post_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post_or_deleted(request, post_id)
    if has_own_page(post.kind) and not post.is_deleted:
        return redirect(post_url(post))
    if request.htmx and "eerder" in request.GET:  # type: ignore[attr-defined]
        # "Show earlier comments" with htmx: just the older block, inserted above.
        moderates = permissions.moderates_space_of(request.user, post)
        context = _comments_context(
            request, post, before=request.GET["eerder"], moderates=moderates
        )
        response = render(request, "content/partials/_comment_page.html", context)
    else:
        response = render(request, "content/post_detail.html", _detail_context(request, post))
    patch_vary_headers(response, ("HX-Request",))
    return response


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
            if parent is not None:  # the parent may be on an earlier page
                return redirect(_jump_url(comment))
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
                return redirect(_jump_url(comment))
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
    fallback = _jump_url(comment)
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
    next_url = _next_or(request, "")
    return redirect(next_url + f"#comment-{comment.pk}" if next_url else fallback)


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


@require_GET
def comment_jump(request: HttpRequest, comment_id: int) -> HttpResponse:
    """A link to one comment: the page of its post that shows it (notifications, redirects)."""
    comment = _readable_comment(request, comment_id)
    post = comment.post
    if has_own_page(post.kind):
        return redirect(post_url(post) + f"#comment-{comment.pk}")
    place = queries.comment_place(request.user, comment)
    if place.replies_of is not None:
        url = reverse("content:comment-replies", args=[place.replies_of])
    else:
        url = _post_url(post) + (f"?eerder={place.before}" if place.before else "")
    return redirect(f"{url}#comment-{comment.pk}")


@require_GET
def comment_replies(request: HttpRequest, comment_id: int) -> HttpResponse:
    """A top-level comment with all its replies, when the post page shows only the first ones."""
    try:
        comment = queries.get_thread_for(request.user, comment_id)
    except NotFound:
        raise Http404 from None
    post = comment.post
    if has_own_page(post.kind):
        return redirect(post_url(post) + f"#comment-{comment.pk}")
    comment.visible_replies = queries.comment_replies(request.user, comment)  # type: ignore[attr-defined]
    comment.more_replies = 0  # type: ignore[attr-defined]
    can_comment = not post.is_deleted and permissions.can_comment(request.user, post)
    context = {
        "post": post,
        "comment": comment,
        **_comment_list_context(
            request, [comment], moderates=permissions.moderates_space_of(request.user, post)
        ),
        "reaction_kinds": queries.reaction_choices(),
        "can_react": can_comment,
        "can_comment": can_comment,
        "allow_internal": can_comment and permissions.can_write_internal_notes(request.user),
        "here": request.get_full_path(),
        "back_url": _jump_url(comment),
    }
    return render(request, "content/comment_replies.html", context)
