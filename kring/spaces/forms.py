"""Forms of the group pages: starting or changing a group, and the small forms of its members
page. They check the shape of the input; the services check the rest and name the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kring.spaces.covers import ACCEPT_ATTRIBUTE
from kring.spaces.models import Audience, GroupRole, Space, Visibility
from kring.spaces.permissions import can_choose_audience
from kring.spaces.tags import MAX_TAG_LENGTH, MAX_TAGS

VISIBILITY_CHOICES = [
    (Visibility.PUBLIC, _("Public: anyone can read it, members join freely")),
    (
        Visibility.PRIVATE,
        _("Private: everyone sees it exists, members read it, joining needs approval"),
    ),
    (Visibility.SECRET, _("Secret: only members find and read it, joining by invitation only")),
]
AUDIENCE_CHOICES = [
    (Audience.EVERYONE, _("Everyone in the community")),
    (Audience.EMPLOYEES, _("Employees only: customers can neither see nor join it")),
]


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the group is about. You can use Markdown: **bold**, *italic*, lists."),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see and read the group"),
        choices=VISIBILITY_CHOICES,
        widget=forms.RadioSelect,
        initial=Visibility.PUBLIC,
    )
    audience = forms.ChoiceField(
        label=_("Who the group is for"),
        choices=AUDIENCE_CHOICES,
        widget=forms.RadioSelect,
        initial=Audience.EVERYONE,
    )
    tags = forms.CharField(
        label=_("Tags"),
        max_length=MAX_TAGS * (MAX_TAG_LENGTH + 2),
        required=False,
        help_text=_("Separate them with commas, e.g. cycling, cooking. At most 8."),
    )
    cover = forms.FileField(
        label=_("Cover image"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        help_text=_("A JPEG, PNG, WebP or GIF image of at most 5 MB, shown wide at the top."),
    )
    remove_cover = forms.BooleanField(label=_("Remove the cover image"), required=False)

    def __init__(self, *args: Any, actor: Any, space: Space | None = None, **kwargs: Any) -> None:
        if space is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": space.name,
                    "description": space.description,
                    "visibility": space.visibility,
                    "audience": space.audience,
                    "tags": ", ".join(tag.name for tag in space.tags.all()),
                },
            )
        super().__init__(*args, **kwargs)
        self.space = space
        if not can_choose_audience(actor):
            # Customers make groups for everyone, and leave the audience of others' as it is.
            del self.fields["audience"]
        if space is None or not space.cover:
            del self.fields["remove_cover"]

    def audience_value(self) -> str:
        if "audience" in self.fields:
            return str(self.cleaned_data["audience"])
        return self.space.audience if self.space is not None else Audience.EVERYONE

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("cover") and cleaned.get("remove_cover"):
            self.add_error(
                "remove_cover", _("Either upload a new cover image or remove the current one.")
            )
        return cleaned


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the fields it names (the form's own when absent)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Group role"),
        choices=[
            (GroupRole.MEMBER, _("Member")),
            (GroupRole.MODERATOR, _("Group moderator")),
        ],
    )


class MemberChoiceForm(forms.Form):
    """A member picked from a list on the page (by id: never typed, never an address)."""

    member = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
