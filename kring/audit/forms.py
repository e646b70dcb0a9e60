"""The audit log's filter form (GET): every field optional; bad input is shown with the form."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kring.audit.models import Reason
from kring.audit.queries import AuditFilters


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Done by"), max_length=80, required=False)
    action = forms.CharField(
        label=_("Action"),
        max_length=40,
        required=False,
        help_text=_('For example "post.hide", or "post." for every action on posts.'),
    )
    target_type = forms.ChoiceField(label=_("Kind of item"), required=False)
    member = forms.IntegerField(label=_("Member number"), min_value=1, required=False)
    space = forms.IntegerField(label=_("Space number"), min_value=1, required=False)
    reason = forms.ChoiceField(
        label=_("Reason"), required=False, choices=[("", _("Any reason")), *Reason.choices]
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, target_types: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["target_type"])
        field.choices = [("", _("Any kind")), *((value, value) for value in target_types)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date comes before the start date."))
        return data

    def filters(self) -> AuditFilters:
        """The filters of a valid form (empty ones for an invalid form)."""
        if not self.is_valid():
            return AuditFilters()
        data = self.cleaned_data
        return AuditFilters(
            actor=data.get("actor") or "",
            action=(data.get("action") or "").strip(),
            target_type=data.get("target_type") or "",
            member_id=data.get("member"),
            space_id=data.get("space"),
            reason_code=data.get("reason") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
