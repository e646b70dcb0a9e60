"""The catalogue and its pages: reading, writing, moving, deleting, history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kring.core.pagecache import cached_for_visitors
from kring.core.permissions import Denied, NotFound
from kring.knowledge import permissions, queries, services
from kring.knowledge.forms import MoveForm, PageForm
from kring.knowledge.markup import render_page_markdown
from kring.knowledge.models import KnowledgePage
from kring.knowledge.views.common import detail_context, page_address, readable_page
from kring.uploads.permissions import can_attach_to_post


def _require_editor(request: HttpRequest) -> None:
    if not permissions.can_edit_knowledge(request.user):
        raise PermissionDenied(_("Only editors can change the knowledge base."))


def _parent(request: HttpRequest, parent_id: int | None) -> KnowledgePage | None:
    if parent_id is None:
        return None
    try:
        return queries.get_page_by_id_for(request.user, parent_id)
    except NotFound:
        raise Http404 from None


@require_GET
@cached_for_visitors
def catalogue(request: HttpRequest) -> HttpResponse:
    tree = queries.catalogue(request.user)
    return render(
        request,
        "knowledge/catalogue.html",
        {"roots": tree.roots, "can_edit": permissions.can_edit_knowledge(request.user)},
    )


@require_GET
@cached_for_visitors
def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = readable_page(request, slug)
    return render(request, "knowledge/page_detail.html", detail_context(request, page))


@require_GET
def page_by_id(request: HttpRequest, page_id: int) -> HttpResponse:
    """A page by its number (how other surfaces link to a post), on to its address."""
    try:
        page = queries.get_page_by_id_for(request.user, page_id)
    except NotFound:
        raise Http404 from None
    return redirect(page_address(page))


@login_required
@require_http_methods(["GET", "POST"])
def page_create(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    viewer = request.user
    options: dict[str, Any] = {
        "nodes": queries.catalogue(viewer).flat(),
        "groups": queries.group_choices(viewer),
    }
    if request.method == "POST":
        form = PageForm(request.POST, request.FILES, **options)
        if form.is_valid():
            data = form.cleaned_data
            try:
                page = services.create_page(
                    viewer,
                    title=data["title"],
                    body=data["body"],
                    slug=data["slug"],
                    parent=_parent(request, data["parent"]),
                    position=data["position"],
                    is_product=data["is_product"],
                    group=data["group"],
                    photos=data["photos"],
                )
            except Denied as error:
                raise PermissionDenied(error.message) from error
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The page has been published."))
                return redirect(page_address(page))
    else:
        parent = request.GET.get("parent", "")
        form = PageForm(initial={"parent": parent, "position": 0}, **options)
    return render(request, "knowledge/page_form.html", {"form": form, "page": None})


@login_required
@require_http_methods(["GET", "POST"])
def page_edit(request: HttpRequest, slug: str) -> HttpResponse:
    _require_editor(request)
    page = readable_page(request, slug)
    viewer = request.user
    options: dict[str, Any] = {
        "nodes": [],
        "groups": queries.group_choices(viewer),
        "editing": True,
        "with_photos": can_attach_to_post(viewer, page.post),
    }
    if request.method == "POST":
        form = PageForm(request.POST, request.FILES, **options)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.edit_page(
                    viewer,
                    page=page,
                    title=data["title"],
                    body=data["body"],
                    is_product=data["is_product"],
                    group=data["group"],
                    photos=data.get("photos") or (),
                )
            except Denied as error:
                raise PermissionDenied(error.message) from error
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your changes have been saved."))
                return redirect(page_address(page))
    else:
        initial = {
            "title": page.post.title,
            "body": page.post.body,
            "is_product": page.is_product,
            "group": str(page.group_id or ""),
        }
        form = PageForm(initial=initial, **options)
    return render(request, "knowledge/page_form.html", {"form": form, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def page_move(request: HttpRequest, slug: str) -> HttpResponse:
    _require_editor(request)
    page = readable_page(request, slug)
    nodes = queries.catalogue(request.user).flat(leave_out=page.pk)
    if request.method == "POST":
        form = MoveForm(request.POST, nodes=nodes)
        if form.is_valid():
            try:
                services.move_page(
                    request.user,
                    page=page,
                    parent=_parent(request, form.cleaned_data["parent"]),
                    position=form.cleaned_data["position"],
                )
            except Denied as error:
                raise PermissionDenied(error.message) from error
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The page has been moved."))
                return redirect(page_address(page))
    else:
        initial = {"parent": str(page.parent_id or ""), "position": page.position}
        form = MoveForm(initial=initial, nodes=nodes)
    return render(request, "knowledge/page_move.html", {"form": form, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def page_delete(request: HttpRequest, slug: str) -> HttpResponse:
    page = readable_page(request, slug)
    if not permissions.can_delete_page(request.user, page):
        raise PermissionDenied(_("You cannot delete this page."))
    problem = ""
    if request.method == "POST":
        try:
            services.delete_page(request.user, page=page)
        except Denied as error:
            raise PermissionDenied(error.message) from error
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(request, _("The page has been deleted."))
            return redirect("knowledge:catalogue")
    return render(request, "knowledge/page_delete.html", {"page": page, "problem": problem})


@require_GET
def page_history(request: HttpRequest, slug: str) -> HttpResponse:
    page = readable_page(request, slug)
    return render(
        request,
        "knowledge/page_history.html",
        {"page": page, "revisions": queries.page_revisions(page)},
    )


@require_http_methods(["GET", "POST"])
def page_revision(request: HttpRequest, slug: str, revision_id: int) -> HttpResponse:
    """An earlier version of the page; editors can bring it back (a new edit, so the history
    keeps every step)."""
    page = readable_page(request, slug)
    revision = next((r for r in queries.page_revisions(page) if r.pk == revision_id), None)
    if revision is None:
        raise Http404
    if request.method == "POST":
        _require_editor(request)
        try:
            services.edit_page(
                request.user,
                page=page,
                title=revision.title,
                body=revision.body,
                is_product=page.is_product,
                group=page.group,
            )
        except Denied as error:
            raise PermissionDenied(error.message) from error
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The earlier version is back."))
        return redirect(page_address(page))
    return render(
        request,
        "knowledge/page_revision.html",
        {
            "page": page,
            "revision": revision,
            "revision_html": render_page_markdown(revision.body),
            "can_restore": permissions.can_edit_knowledge(request.user),
            "history_url": reverse("knowledge:page-history", args=[page.slug]),
        },
    )
