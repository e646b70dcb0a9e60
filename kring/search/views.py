"""The search page and the similar-topic suggestions under the forum's new-topic form."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kring.search.forms import KIND_CHOICES, PERIOD_CHOICES, SearchForm
from kring.search.queries import SearchPage, search, similar_topics, space_choices


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """/search/?q=…&kind=&space=&author=&period=&page="""
    form = SearchForm(request.GET)
    query, filters = form.query(), form.filters()
    page = (
        search(request.user, query, filters=filters, page=form.page_number())
        if query
        else SearchPage()
    )
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "query": query,
        "typed": (request.GET.get("q") or "")[:1000],
        "filters": filters,
        "page": page,
        "kinds": KIND_CHOICES,
        "periods": PERIOD_CHOICES,
        "spaces": space_choices(request.user, filters.space),
        "base_query": params.urlencode(),
    }
    return render(request, "search/search.html", context)


@require_GET
def similar_topics_fragment(request: HttpRequest) -> HttpResponse:
    """Up to five visible topics like the title being typed (a fragment, no layout)."""
    title = (request.GET.get("title") or "")[:1000]
    topics = similar_topics(request.user, title)
    return render(request, "search/partials/_similar_topics.html", {"topics": topics})
