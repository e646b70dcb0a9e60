"""The composer: a status update with text, photos and files, on a wall or in a group."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kring.content.forms import BODY_HELP
from kring.content.models import PostAudience
from kring.content.services import POST_BODY_MAX
from kring.uploads.forms import FilesField, PhotosField


class StatusForm(forms.Form):
    """A status update. `space_choices` adds "Post in" (the home page's composer);
    `allow_friends_audience` adds "Who can see this" (one's own profile wall)."""

    space = forms.TypedChoiceField(label=_("Post in"), coerce=int, required=False)
    body = forms.CharField(
        label=_("Message"),
        max_length=POST_BODY_MAX,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=BODY_HELP,
    )
    audience = forms.ChoiceField(
        label=_("Who can see this"),
        choices=PostAudience.choices,
        initial=PostAudience.SPACE,
        required=False,
        widget=forms.RadioSelect,
    )
    photos = PhotosField()
    # Named as attach_to_post keys its errors; the metaclass moves it off the class, so it
    # does not shadow Form.files (the uploaded files) at run time.
    files = FilesField()  # type: ignore[assignment]
    # A form submitted twice (a double click, a retried request) makes one post.
    idempotency_key = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        space_choices: list[tuple[int, str]] | None = None,
        allow_friends_audience: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["idempotency_key"].initial = uuid.uuid4().hex
        space_field = self.fields["space"]
        assert isinstance(space_field, forms.TypedChoiceField)  # noqa: S101  (narrows the type)
        if space_choices:
            space_field.choices = space_choices
            space_field.required = True
        else:
            del self.fields["space"]
        if not allow_friends_audience:
            del self.fields["audience"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_files = any(data.get(name) for name in ("photos", "files"))
        if not (data.get("body") or "").strip() and not has_files and not self.errors:
            self.add_error("body", _("Write a message or add a photo or file."))
        data["audience"] = data.get("audience") or PostAudience.SPACE
        return data
