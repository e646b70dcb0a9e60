"""The profile form: everything a member says about themselves, in one page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from kring.accounts.models import Member
from kring.members.avatars import ACCEPT_ATTRIBUTE, process_avatar
from kring.members.interests import (
    MAX_INTEREST_LENGTH,
    MAX_INTERESTS,
    normalise_interests,
    split_interests,
)
from kring.members.models import ProfileVisibility


def language_choices() -> list[tuple[str, str]]:
    # Each language in its own name: whoever cannot read the current one still finds theirs.
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("How other members see you, e.g. your first and last name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    job_title = forms.CharField(
        label=_("Job title"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    location = forms.CharField(
        label=_("Location"),
        max_length=100,
        required=False,
        help_text=_("A town or region is enough."),
    )
    bio = forms.CharField(
        label=_("About me"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("You can use Markdown: **bold**, *italic*, [a link](https://…) and lists."),
    )
    interests = forms.CharField(
        label=_("Interests"),
        max_length=MAX_INTERESTS * (MAX_INTEREST_LENGTH + 2),
        required=False,
        help_text=_("Separate them with commas, e.g. cycling, cooking. At most 10."),
    )
    avatar = forms.FileField(
        label=_("New profile picture"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        help_text=_("A JPEG, PNG, WebP or GIF image of at most 5 MB. We crop it to a square."),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my profile picture"), required=False)
    visibility = forms.ChoiceField(
        label=_("Who can see my profile"),
        choices=ProfileVisibility.choices,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(label=_("Language"), choices=language_choices)

    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        profile = member.profile
        kwargs.setdefault(
            "initial",
            {
                "display_name": member.display_name,
                "job_title": profile.job_title,
                "organisation": profile.organisation,
                "location": profile.location,
                "bio": profile.bio,
                "interests": ", ".join(i.name for i in profile.interests.all()),
                "visibility": profile.visibility,
                "language": member.language or get_language(),
            },
        )
        super().__init__(*args, **kwargs)
        if not profile.avatar:
            del self.fields["remove_avatar"]

    def clean_display_name(self) -> str:
        return " ".join(str(self.cleaned_data["display_name"]).split())

    def clean_interests(self) -> list[str]:
        pairs = normalise_interests(split_interests(self.cleaned_data["interests"]))
        return [name for name, _slug in pairs]

    def clean_avatar(self) -> Any:
        upload = self.cleaned_data.get("avatar")
        # The re-encoded picture replaces the upload: it is checked and converted only once.
        return process_avatar(upload) if upload else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("avatar") is not None and cleaned.get("remove_avatar"):
            self.add_error(
                "remove_avatar",
                _("Either upload a new picture or remove the current one, not both."),
            )
        return cleaned
