"""Forms of the forum pages. Choices (categories, products, employees) come from the views,
which read them through the queries, so a form never offers what the viewer may not see."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from kring.content.forms import BODY_HELP
from kring.content.services import COMMENT_BODY_MAX, POST_BODY_MAX, TITLE_MAX
from kring.forum.services import LOCK_REASON_MAX


def _required_text(value: str, message: Any) -> str:
    if not value.strip():
        raise forms.ValidationError(message, code="required")
    return value


class TopicForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you want to start?"),
        choices=[
            ("question", _("A question: you are looking for an answer")),
            ("discussion", _("A discussion: you want to talk about something")),
        ],
        initial="question",
        widget=forms.RadioSelect,
    )
    # The title asks the search for similar questions while the member types (htmx); without
    # JavaScript the form simply posts.
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        widget=forms.TextInput(
            attrs={
                "hx-get": reverse_lazy("search:similar-topics"),
                "hx-trigger": "input changed delay:400ms",
                "hx-target": "#similar-questions",
                "autocomplete": "off",
            }
        ),
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=POST_BODY_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
    )
    category = forms.TypedChoiceField(label=_("Category"), coerce=int)
    product = forms.TypedChoiceField(
        label=_("Product or service (optional)"), coerce=int, required=False, empty_value=None
    )
    idempotency_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        categories: list[tuple[int, str]],
        products: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories  # type: ignore[attr-defined]
        if products:
            self.fields["product"].choices = [("", _("None")), *products]  # type: ignore[attr-defined]
        else:
            del self.fields["product"]

    def clean_title(self) -> str:
        return _required_text(self.cleaned_data["title"], _("Give your topic a title.")).strip()

    def clean_body(self) -> str:
        return _required_text(self.cleaned_data["body"], _("Write a message first."))


class TopicEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Message"),
        max_length=POST_BODY_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
    )

    def clean_body(self) -> str:
        return _required_text(self.cleaned_data["body"], _("Write a message first."))


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=COMMENT_BODY_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=BODY_HELP,
    )

    def clean_body(self) -> str:
        return _required_text(self.cleaned_data["body"], _("Write a reply first."))


class NoteForm(forms.Form):
    prefix = "note"  # beside the reply form on one page: ids stay unique
    body = forms.CharField(
        label=_("Internal note"),
        max_length=COMMENT_BODY_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only employees see this note, never the customer."),
    )

    def clean_body(self) -> str:
        return _required_text(self.cleaned_data["body"], _("Write a note first."))


class LockForm(forms.Form):
    prefix = "lock"
    reason = forms.CharField(
        label=_("Why is this topic locked? (shown to everyone)"), max_length=LOCK_REASON_MAX
    )


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    description = forms.CharField(
        label=_("Description"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    is_customer_service = forms.BooleanField(
        label=_("Customer service (shows outages at the top)"), required=False
    )
