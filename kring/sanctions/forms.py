"""Forms of the sanctions pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from kring.audit.models import Reason
from kring.sanctions.models import SanctionKind, WarningTemplate
from kring.sanctions.services import REASON_MAX

PERMANENT = "permanent"
DURATION_DAYS = (1, 3, 7, 14, 30, 90, 365)
OVERTURN = "overturn"
UPHOLD = "uphold"


def _duration_choices() -> list[tuple[str, Any]]:
    choices: list[tuple[str, Any]] = [
        (str(days), ngettext_lazy("%(count)d day", "%(count)d days", days) % {"count": days})
        for days in DURATION_DAYS
    ]
    choices.append((PERMANENT, _("Until lifted (permanent)")))
    return choices


class SanctionForm(forms.Form):
    """Sanction a member: the kind, the reason, and how long."""

    kind = forms.ChoiceField(label=_("Sanction"), widget=forms.RadioSelect)
    template = forms.ModelChoiceField(
        label=_("Warning template"),
        queryset=WarningTemplate.objects.none(),
        required=False,
        empty_label=_("(none: write the text below)"),
        help_text=_("For a warning: its text is sent when you leave the text below empty."),
    )
    reason_code = forms.ChoiceField(label=_("Reason category"), choices=Reason.choices)
    reason = forms.CharField(
        label=_("Reason the member reads"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The member sees this text on their sanctions page and when refused."),
    )
    duration = forms.ChoiceField(
        label=_("Duration"),
        choices=_duration_choices,
        initial="7",
        required=False,
        help_text=_("For a silence or suspension. Warnings and bans have no end."),
    )

    def __init__(self, *args: Any, may_ban: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = [
            (k, label) for k, label in SanctionKind.choices if may_ban or k != SanctionKind.BAN
        ]
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
        self.fields["template"].queryset = WarningTemplate.objects.order_by(  # type: ignore[attr-defined]
            "title", "id"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == SanctionKind.WARNING:
            if not (data.get("reason") or "").strip() and data.get("template") is None:
                self.add_error("reason", _("Write the warning or choose a template."))
        elif kind and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Tell the member why: they will read this."))
        if kind in (SanctionKind.SILENCE, SanctionKind.SUSPENSION) and not data.get("duration"):
            self.add_error("duration", _("Choose how long."))
        return data

    def days(self) -> int | None:
        duration = self.cleaned_data.get("duration") or PERMANENT
        return None if duration == PERMANENT else int(duration)


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Your appeal"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Explain why the sanction should be lifted. A moderator will answer."),
    )


class LiftForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it lifted?"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (UPHOLD, _("Uphold the sanction")),
            (OVERTURN, _("Overturn: lift the sanction")),
        ],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Answer to the member"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class WarningTemplateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(
        label=_("Text of the warning"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
