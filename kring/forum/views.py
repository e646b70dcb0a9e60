"""Pages of the forum: the index, a space's forum, a category's topics, a topic with its
replies, starting and editing a topic, and the "assigned to me" list. Thin: parse, call one
query or service, render. The actions on a topic (reply, accept, close …) are in
views_actions.py, category management in views_categories.py."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kring.accounts.models import Member
from kring.content.permissions import can_delete_comment, can_delete_post, can_edit_comment
from kring.content.queries import reaction_choices
from kring.content.services import waiting_notice
from kring.core.pagecache import cached_for_visitors
from kring.core.permissions import Denied, NotFound
from kring.core.ratelimits import throttle, too_fast_message
from kring.forum import permissions, queries, services
from kring.forum.durations import duration_text
from kring.forum.forms import LockForm, NoteForm, ReplyForm, TopicEditForm, TopicForm
from kring.forum.models import Category, Topic
from kring.knowledge.queries import get_product_page_for, product_pages, products_of_post
from kring.spaces.queries import community_space


def topic_url(topic: Topic) -> str:
    return reverse("forum:topic-detail", args=[topic.pk])


def category_url(category: Category) -> str:
    return reverse("forum:category-detail", args=[category.space.slug, category.slug])


def readable_topic(request: HttpRequest, topic_id: int) -> Topic:
    """The topic (a topic's id is its post's id) if the viewer may read it; 404 otherwise."""
    try:
        return queries.get_topic_for(request.user, topic_id)
    except NotFound:
        raise Http404 from None


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value else default
    except ValueError:
        return default


@require_GET
def forum_index(request: HttpRequest) -> HttpResponse:
    categories, groups = queries.forum_index(request.user)
    community = community_space()
    return render(
        request,
        "forum/forum_index.html",
        {
            "community": community,
            "can_manage": permissions.can_manage_categories(request.user, community),
            "categories": categories,
            "group_forums": groups,
            "can_see_assigned": permissions.can_see_assigned_topics(request.user),
        },
    )


@require_GET
def space_forum(request: HttpRequest, space_slug: str) -> HttpResponse:
    """A group's (or the community's) categories."""
    try:
        space = queries.get_space_for(request.user, space_slug)
    except NotFound:
        raise Http404 from None
    return render(
        request,
        "forum/space_forum.html",
        {
            "space": space,
            "categories": queries.space_categories(space),
            "can_manage": permissions.can_manage_categories(request.user, space),
        },
    )


@require_GET
def category_detail(request: HttpRequest, space_slug: str, slug: str) -> HttpResponse:
    try:
        category = queries.get_category_for(request.user, space_slug, slug)
    except NotFound:
        raise Http404 from None
    order = request.GET.get("volgorde", "recent")
    order = order if order in queries.ORDERS else "recent"
    solved = request.GET.get("vragen", "")
    solved = solved if solved in queries.FILTERS else ""
    page = queries.category_topics(
        request.user,
        category,
        order=order,
        solved=solved,
        page=_int(request.GET.get("pagina"), 1) or 1,
    )
    stats = queries.cached_category_stats(category)
    context = {
        "category": category,
        "space": category.space,
        "page": page,
        "order": order,
        "solved": solved,
        "stats": stats,
        "median_first_reply": duration_text(stats.median_first_reply),
        "can_create": permissions.can_create_topic(request.user, category),
    }
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:  # the next page of the list, in place
        return render(request, "forum/partials/_topic_list.html", context)
    return render(request, "forum/category_detail.html", context)


def _topic_context(
    request: HttpRequest,
    topic: Topic,
    *,
    reply_form: ReplyForm | None = None,
    note_form: NoteForm | None = None,
    lock_form: LockForm | None = None,
) -> dict[str, Any]:
    viewer = request.user
    moderates = permissions.moderates_topic(viewer, topic)
    page = queries.topic_replies(
        viewer,
        topic,
        after=request.GET.get("na", ""),
        before=request.GET.get("voor", ""),
        start=request.GET.get("vanaf", ""),
    )
    post_kind, reply_kinds = queries.viewer_reactions(viewer, topic, page.replies)
    can_reply = permissions.can_reply_to_topic(viewer, topic, moderates=moderates)
    can_note = permissions.can_write_internal_notes(viewer)
    if reply_form is None and can_reply:
        initial = {}
        quoted_id = _int(request.GET.get("citeer"))
        if quoted_id is not None:
            try:
                quoted = queries.get_reply_for(viewer, topic, quoted_id)
            except NotFound:
                quoted = None
            if quoted is not None and not quoted.is_internal:
                link = reverse("forum:reply-jump", args=[quoted.pk])
                initial["body"] = services.quote_of(quoted, link=link)
        reply_form = ReplyForm(initial=initial)
    can_assign = permissions.can_assign_question(viewer, topic)
    reply_actions = {
        reply.pk: (
            can_edit_comment(viewer, reply),
            can_delete_comment(viewer, reply, moderates=moderates),
        )
        for reply in page.replies
    }
    here = request.get_full_path()
    return {
        "topic": topic,
        "post": topic.post,
        "category": topic.category,
        "page": page,
        "viewer_reaction": post_kind,
        "reply_reactions": reply_kinds,
        "reply_actions": reply_actions,
        "reaction_kinds": reaction_choices(),
        "watching": getattr(topic, "viewer_watches", False),
        "can_react": permissions.can_watch_topic(viewer, topic),
        "can_reply": can_reply,
        "reply_form": reply_form,
        "note_form": note_form or (NoteForm() if can_note else None),
        "lock_form": lock_form or LockForm(),
        "can_accept": permissions.can_accept_answer(viewer, topic, moderates=moderates),
        "can_close": permissions.can_close_topic(viewer, topic, moderates=moderates),
        "can_lock": permissions.can_lock_topic(viewer, topic, moderates=moderates),
        "can_pin": permissions.can_pin_topic(viewer, topic, moderates=moderates),
        "can_edit": permissions.can_edit_topic(viewer, topic),
        "can_delete": can_delete_post(viewer, topic.post, moderates=moderates),
        "can_assign": can_assign,
        "employees": queries.assignable_employees() if can_assign else [],
        "moderates": moderates,
        "viewer_id": getattr(viewer, "pk", None),
        "products": products_of_post(viewer, topic.pk),
        "here": here,
    }


def _count_cached_visit(request: HttpRequest, post_id: int) -> None:
    """A visitor served the topic page from the visitors' page cache: one more view."""
    services.count_cached_view(post_id)


@require_GET
@cached_for_visitors(on_hit=_count_cached_visit)
def topic_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    topic = readable_topic(request, post_id)
    services.record_view(request.user, topic=topic)
    return render(request, "forum/topic_detail.html", _topic_context(request, topic))


@require_GET
def reply_jump(request: HttpRequest, comment_id: int) -> HttpResponse:
    """A link to one reply: the page of the thread that starts with it."""
    try:
        reply = queries.get_reply_anywhere_for(request.user, comment_id)
    except NotFound:
        raise Http404 from None
    cursor = queries.encode_cursor(reply)
    return redirect(
        reverse("forum:topic-detail", args=[reply.post_id]) + f"?vanaf={cursor}#reply-{reply.pk}"
    )


def _creatable_categories(request: HttpRequest) -> list[Category]:
    return [
        category
        for category in queries.visible_categories(request.user)
        .select_related("space")
        .order_by("space__kind", "space__name", "position", "id")
        if permissions.can_create_topic(request.user, category)
    ]


def _category_label(category: Category) -> str:
    if category.space.kind == "community":
        return category.name
    return f"{category.space.name} · {category.name}"


@login_required
@require_http_methods(["GET", "POST"])
def topic_create(request: HttpRequest) -> HttpResponse:
    categories = _creatable_categories(request)
    if not categories:
        raise PermissionDenied(_("There is no category you can start a topic in."))
    by_id = {category.pk: category for category in categories}
    products = [(page.pk, page.post.title) for page in product_pages(request.user)]
    choices = [(category.pk, _category_label(category)) for category in categories]
    if request.method == "POST":
        form = TopicForm(request.POST, categories=choices, products=products)
        if form.is_valid() and (wait := throttle(request, action="post")):
            form.add_error(None, too_fast_message(wait))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                topic = services.create_topic(
                    cast(Member, request.user),
                    category=by_id[data["category"]],
                    kind=data["kind"],
                    title=data["title"],
                    body=data["body"],
                    product_page_id=data.get("product"),
                    idempotency_key=data.get("idempotency_key") or "",
                )
            except Denied as error:
                form.add_error("category", error.message)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if notice := waiting_notice(topic.post):
                    messages.info(request, notice)
                return redirect(topic_url(topic))
    else:
        initial: dict[str, Any] = {"idempotency_key": uuid.uuid4().hex}
        category_id = _int(request.GET.get("categorie"))
        if category_id in by_id:
            initial["category"] = category_id
        if request.GET.get("soort") in ("question", "discussion"):
            initial["kind"] = request.GET["soort"]
        product_id = _int(request.GET.get("product"))
        if product_id is not None and get_product_page_for(request.user, product_id) is not None:
            initial["product"] = product_id
            initial["kind"] = initial.get("kind", "question")
        form = TopicForm(initial=initial, categories=choices, products=products)
    return render(request, "forum/topic_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def topic_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    topic = readable_topic(request, post_id)
    if not permissions.can_edit_topic(request.user, topic):
        raise PermissionDenied(_("You cannot edit this topic."))
    if request.method == "POST":
        form = TopicEditForm(request.POST)
        if form.is_valid():
            try:
                services.edit_topic(
                    request.user,
                    topic=topic,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                )
            except Denied as error:
                raise PermissionDenied(error.message) from error
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your changes have been saved."))
                return redirect(topic_url(topic))
    else:
        form = TopicEditForm(initial={"title": topic.post.title, "body": topic.post.body})
    return render(request, "forum/topic_edit.html", {"topic": topic, "form": form})


@login_required
@require_GET
def assigned_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_see_assigned_topics(request.user):
        raise PermissionDenied(_("Only employees have questions assigned to them."))
    return render(
        request,
        "forum/assigned_list.html",
        {"topics": queries.assigned_topics(request.user)},
    )
