"""The search form: what a person typed, checked, with clear messages for what cannot be
searched (too much). Filters are lenient: an unknown value is ignored, never an error."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kring.search.models import EntryKind
from kring.search.queries import MAX_QUERY_LENGTH, PERIODS, SearchFilters
from kring.search.text import clean_query

KIND_CHOICES = [("", pgettext_lazy("search kind", "Everything")), *EntryKind.choices]
PERIOD_CHOICES = [
    ("", pgettext_lazy("search period", "Any time")),
    ("week", _("Past week")),
    ("month", _("Past month")),
    ("year", _("Past year")),
]
MAX_PAGE = 10_000


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, strip=True)
    kind = forms.CharField(label=_("What"), required=False)
    space = forms.CharField(label=_("Where"), required=False)
    author = forms.CharField(label=_("By (name)"), required=False)
    period = forms.CharField(label=_("When"), required=False)
    page = forms.CharField(required=False)

    def clean_q(self) -> str:
        query = clean_query(self.cleaned_data.get("q") or "")
        if len(query) > MAX_QUERY_LENGTH:
            raise forms.ValidationError(
                _("Your search is too long: use at most %(max)d characters.")
                % {"max": MAX_QUERY_LENGTH},
                code="max_length",
            )
        return query

    def clean_kind(self) -> str:
        kind = self.cleaned_data.get("kind") or ""
        return kind if kind in EntryKind.values else ""

    def clean_space(self) -> str:
        return clean_query(self.cleaned_data.get("space") or "")[:90]

    def clean_author(self) -> str:
        return clean_query(self.cleaned_data.get("author") or "")[:80]

    def clean_period(self) -> str:
        period = self.cleaned_data.get("period") or ""
        return period if period in PERIODS else ""

    def clean_page(self) -> int:
        page = self.cleaned_data.get("page") or ""
        if not (page.isdecimal() and len(page) <= 6):
            return 1
        return max(1, min(int(page), MAX_PAGE))

    def query(self) -> str:
        """The query to search for: "" when there is none or it was refused."""
        return self.cleaned_data.get("q", "") if self.is_valid() else ""

    def filters(self) -> SearchFilters:
        self.is_valid()
        data = self.cleaned_data
        return SearchFilters(
            kind=data.get("kind", ""),
            space=data.get("space", ""),
            author=data.get("author", ""),
            period=data.get("period", ""),
        )

    def page_number(self) -> int:
        self.is_valid()
        return int(self.cleaned_data.get("page", 1))
