"""Category management: community managers (and a group's owner and moderators, in their
group) create, edit, order and delete empty categories."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kring.core.permissions import Denied, NotFound
from kring.forum import permissions, queries, services
from kring.forum.forms import CategoryForm
from kring.forum.models import Category
from kring.spaces.models import Space


def _managed_space(request: HttpRequest, space_slug: str) -> Space:
    try:
        space = queries.get_space_for(request.user, space_slug)
    except NotFound:
        raise Http404 from None
    if not permissions.can_manage_categories(request.user, space):
        raise PermissionDenied(_("You cannot manage categories here."))
    return space


def _managed_category(request: HttpRequest, category_id: int) -> Category:
    try:
        category = queries.get_category_by_id(request.user, category_id)
    except NotFound:
        raise Http404 from None
    if not permissions.can_manage_categories(request.user, category.space):
        raise PermissionDenied(_("You cannot manage categories here."))
    return category


def _manage_url(space: Space) -> str:
    return reverse("forum:category-manage", args=[space.slug])


@login_required
@require_http_methods(["GET", "POST"])
def category_manage(request: HttpRequest, space_slug: str) -> HttpResponse:
    space = _managed_space(request, space_slug)
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_category(
                request.user,
                space=space,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                is_customer_service=form.cleaned_data["is_customer_service"],
            )
        except Denied as error:
            raise PermissionDenied(error.message) from error
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The category has been created."))
            return redirect(_manage_url(space))
    return render(
        request,
        "forum/category_manage.html",
        {"space": space, "categories": queries.space_categories(space), "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def category_edit(request: HttpRequest, category_id: int) -> HttpResponse:
    category = _managed_category(request, category_id)
    if request.method == "POST":
        form = CategoryForm(request.POST)
        if form.is_valid():
            try:
                services.edit_category(
                    request.user,
                    category=category,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    is_customer_service=form.cleaned_data["is_customer_service"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your changes have been saved."))
                return redirect(_manage_url(category.space))
    else:
        form = CategoryForm(
            initial={
                "name": category.name,
                "description": category.description,
                "is_customer_service": category.is_customer_service,
            }
        )
    return render(request, "forum/category_edit.html", {"category": category, "form": form})


@login_required
@require_POST
def category_move(request: HttpRequest, category_id: int) -> HttpResponse:
    category = _managed_category(request, category_id)
    services.move_category(request.user, category=category, up=request.POST.get("up") == "1")
    return redirect(_manage_url(category.space))


@login_required
@require_POST
def category_delete(request: HttpRequest, category_id: int) -> HttpResponse:
    category = _managed_category(request, category_id)
    try:
        services.delete_category(request.user, category=category)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The category has been deleted."))
    return redirect(_manage_url(category.space))
