"""Forms of the content pages: editing a post, writing and editing a comment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kring.content.services import COMMENT_BODY_MAX, POST_BODY_MAX, TITLE_MAX

BODY_HELP = _(
    "You can use Markdown: **bold**, *italic*, [a link](https://…) and lists. "
    "Mention someone with @ and their member number, e.g. @42 "
    "(the number is in the address of their profile page)."
)


class PostEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX, required=False)
    body = forms.CharField(
        label=_("Message"),
        max_length=POST_BODY_MAX,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=BODY_HELP,
    )

    def __init__(self, *args: Any, with_title: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]


class CommentForm(forms.Form):
    """A comment or a reply; employees may mark it as an internal note."""

    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_BODY_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=BODY_HELP,
    )
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    is_internal = forms.BooleanField(
        label=_("Internal note: only employees see it"), required=False
    )

    def __init__(self, *args: Any, allow_internal: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not allow_internal:
            del self.fields["is_internal"]

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError(_("Write a comment first."), code="required")
        return body


class CommentEditForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_BODY_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=BODY_HELP,
    )
