"""Forms of the mediation pages. Choices (parties, staff, intervals) come from the views."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kring.content.services import SLOW_MODE_CHOICES
from kring.mediation.models import Outcome
from kring.mediation.services import TEXT_MAX, TITLE_MAX


class CaseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    summary = forms.CharField(
        label=_("What is the conflict about?"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    parties = forms.MultipleChoiceField(
        label=_("Parties"), required=False, widget=forms.CheckboxSelectMultiple
    )
    other_parties = forms.CharField(
        label=_("Other parties (member numbers)"),
        required=False,
        max_length=200,
        help_text=_("The numbers in their profile addresses, separated by commas."),
    )
    post = forms.IntegerField(required=False, widget=forms.HiddenInput)
    comment = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, suggestions: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["parties"])
        field.choices = [(str(pk), name) for pk, name in suggestions]
        if not suggestions:
            field.widget = forms.MultipleHiddenInput()

    def clean_other_parties(self) -> list[int]:
        raw = self.cleaned_data.get("other_parties") or ""
        numbers: list[int] = []
        for chunk in raw.replace(";", ",").split(","):
            part = chunk.strip().lstrip("#")
            if not part:
                continue
            if not part.isdigit():
                raise forms.ValidationError(
                    _("“%(value)s” is not a member number.") % {"value": part}, code="invalid"
                )
            numbers.append(int(part))
        return numbers

    def party_ids(self) -> list[int]:
        chosen = [int(value) for value in self.cleaned_data.get("parties") or []]
        return chosen + list(self.cleaned_data.get("other_parties") or [])


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConversationForm(forms.Form):
    body = forms.CharField(
        label=_("First message to the parties"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AssignForm(forms.Form):
    owner = forms.ChoiceField(label=_("Led by"))

    def __init__(self, *args: Any, staff: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["owner"])
        field.choices = [(str(pk), name) for pk, name in staff]


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    text = forms.CharField(
        label=_("How it ended"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def slow_mode_label(minutes: int) -> str:
    if minutes == 0:
        return str(_("Off"))
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("One comment per hour", "One comment per %(num)d hours", hours) % {
            "num": hours
        }
    return ngettext("One comment per minute", "One comment per %(num)d minutes", minutes) % {
        "num": minutes
    }


class SlowModeForm(forms.Form):
    minutes = forms.TypedChoiceField(label=_("Slow mode"), coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["minutes"])
        field.choices = [(minutes, slow_mode_label(minutes)) for minutes in SLOW_MODE_CHOICES]
