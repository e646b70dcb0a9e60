"""Forms of the knowledge base: a page, moving it, a review, an employee's answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kring.content.services import POST_BODY_MAX, TITLE_MAX
from kring.knowledge.queries import PageNode
from kring.knowledge.services import REVIEW_MAX, SLUG_MAX
from kring.spaces.models import Space
from kring.uploads.forms import PhotosField

PAGE_BODY_HELP = _(
    "You can use Markdown: ## headings, **bold**, *italic*, [a link](https://…), lists and "
    "tables. Photos you add show below the text."
)
TOP_LEVEL = ""


def _parent_choices(nodes: list[PageNode]) -> list[tuple[str, str]]:
    return [(TOP_LEVEL, str(_("(top of the catalogue)")))] + [
        (str(node.pk), "\u2003" * node.depth + node.title) for node in nodes
    ]


class _PlaceMixin:
    """The parent chooser: `nodes` are the pages the page may go under, in tree order."""

    cleaned_data: dict[str, Any]

    def setup_parent(self, nodes: list[PageNode]) -> None:
        self._page_ids = {node.pk for node in nodes}
        self.fields["parent"].choices = _parent_choices(nodes)  # type: ignore[attr-defined]

    def clean_parent(self) -> int | None:
        """The id of the chosen parent page (None: the top of the catalogue)."""
        value = self.cleaned_data.get("parent") or TOP_LEVEL
        if value == TOP_LEVEL:
            return None
        if not value.isdigit() or int(value) not in self._page_ids:
            raise forms.ValidationError(_("Choose a page from the list."), code="invalid_choice")
        return int(value)


class PageForm(_PlaceMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    slug = forms.CharField(
        label=_("Address"),
        max_length=SLUG_MAX,
        required=False,
        help_text=_("Lower-case letters, digits and hyphens. Empty: made from the title."),
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=POST_BODY_MAX,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=PAGE_BODY_HELP,
    )
    parent = forms.ChoiceField(label=_("Place under"), required=False)
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        max_value=10000,
        initial=0,
        help_text=_("Pages with a lower number come first."),
    )
    is_product = forms.BooleanField(
        label=_("This page is about a product or service (members can review it)"),
        required=False,
    )
    group = forms.ChoiceField(label=_("Group about this product"), required=False)
    photos = PhotosField()

    def __init__(
        self,
        *args: Any,
        nodes: list[PageNode],
        groups: list[Space],
        editing: bool = False,
        with_photos: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._groups = {group.pk: group for group in groups}
        self.fields["group"].choices = [("", _("(no group)"))] + [  # type: ignore[attr-defined]
            (str(group.pk), group.name) for group in groups
        ]
        if editing:
            # Moving is its own form; the address stays, so links to the page keep working.
            for name in ("slug", "parent", "position"):
                del self.fields[name]
        else:
            self.setup_parent(nodes)
        if not with_photos:
            del self.fields["photos"]

    def clean_group(self) -> Space | None:
        value = self.cleaned_data.get("group") or ""
        if not value:
            return None
        group = self._groups.get(int(value))
        if group is None:
            raise forms.ValidationError(_("Choose a group from the list."), code="invalid_choice")
        return group


class MoveForm(_PlaceMixin, forms.Form):
    parent = forms.ChoiceField(label=_("Place under"), required=False)
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        max_value=10000,
        help_text=_("Pages with a lower number come first."),
    )

    def __init__(
        self,
        *args: Any,
        nodes: list[PageNode],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.setup_parent(nodes)


STAR_CHOICES = [
    ("5", _("5 stars: excellent")),
    ("4", _("4 stars: good")),
    ("3", _("3 stars: okay")),
    ("2", _("2 stars: poor")),
    ("1", _("1 star: bad")),
]


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=STAR_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "star-input"}),
        error_messages={"required": _("Choose from 1 to 5 stars.")},
    )
    body = forms.CharField(
        label=_("Your review"),
        max_length=REVIEW_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What did you like, what could be better? Markdown works here."),
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Answer on behalf of the organisation"),
        max_length=REVIEW_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
