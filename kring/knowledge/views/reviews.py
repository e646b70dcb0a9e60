"""Reviews of a product: writing (or replacing) one's own, deleting, an employee's answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kring.core.permissions import Denied, NotFound
from kring.knowledge import permissions, queries, services
from kring.knowledge.forms import ReplyForm, ReviewForm
from kring.knowledge.models import Review
from kring.knowledge.views.common import detail_context, page_address, readable_page


def _readable_review(request: HttpRequest, review_id: int) -> Review:
    try:
        return queries.get_review_for(request.user, review_id)
    except NotFound:
        raise Http404 from None


@login_required
@require_POST
def review_save(request: HttpRequest, slug: str) -> HttpResponse:
    page = readable_page(request, slug)
    if not permissions.can_review(request.user, page):
        raise PermissionDenied(_("You cannot review this."))
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            review = services.write_review(
                request.user,
                page=page,
                rating=form.cleaned_data["rating"],
                body=form.cleaned_data["body"],
            )
        except Denied as error:
            raise PermissionDenied(error.message) from error
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you for your review."))
            return redirect(page_address(page) + f"#review-{review.pk}")
    context = detail_context(request, page, review_form=form)
    return render(request, "knowledge/page_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review_delete(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _readable_review(request, review_id)
    if not permissions.can_delete_review(request.user, review):
        raise PermissionDenied(_("You cannot delete this review."))
    if request.method == "POST":
        try:
            services.delete_review(request.user, review=review)
        except Denied as error:
            raise PermissionDenied(error.message) from error
        messages.success(request, _("The review has been deleted."))
        return redirect(page_address(review.page) + "#reviews")
    return render(request, "knowledge/review_delete.html", {"review": review})


@login_required
@require_http_methods(["GET", "POST"])
def review_reply(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _readable_review(request, review_id)
    if not permissions.can_reply_to_review(request.user, review):
        raise PermissionDenied(_("Only employees can answer reviews."))
    if request.method == "POST":
        form = ReplyForm(request.POST)
        if form.is_valid():
            try:
                services.reply_to_review(
                    request.user, review=review, body=form.cleaned_data["reply"]
                )
            except Denied as error:
                raise PermissionDenied(error.message) from error
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your answer has been published."))
                return redirect(page_address(review.page) + f"#review-{review.pk}")
    else:
        form = ReplyForm(initial={"reply": review.reply})
    return render(request, "knowledge/review_reply.html", {"review": review, "form": form})
