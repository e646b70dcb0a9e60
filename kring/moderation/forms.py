"""Forms of the moderation pages: a report, the moderators' actions, the queue's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kring.audit.models import Reason
from kring.moderation.models import FLAG_REASONS
from kring.moderation.queries import QueueAge, QueueKind
from kring.moderation.services import FLAG_TEXT_MAX, HIDE_REASON_MAX, MAX_THRESHOLD


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with it?"), choices=FLAG_REASONS, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Explanation for the moderators"),
        required=False,
        max_length=FLAG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you choose “Other”. Only moderators read it."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == Reason.OTHER and not (data.get("text") or "").strip():
            self.add_error("text", _("Tell the moderators what is wrong."))
        return data


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the author reads it)"), max_length=HIDE_REASON_MAX, required=True
    )
    reason_code = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("As reported")), *Reason.choices],
        required=False,
    )


class DeleteForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=HIDE_REASON_MAX, required=False)
    reason_code = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("As reported")), *Reason.choices],
        required=False,
    )


class EditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Text"), max_length=20000, strip=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    note = forms.CharField(
        label=_("What you changed and why"),
        max_length=300,
        help_text=_("Kept in the edit history."),
    )

    def __init__(self, *args: Any, with_title: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]


class LockForm(forms.Form):
    reason = forms.CharField(label=_("Why is the topic locked?"), max_length=300)


class MoveForm(forms.Form):
    category = forms.TypedChoiceField(label=_("Move to category"), coerce=int, choices=[])

    def __init__(self, *args: Any, categories: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories  # type: ignore[attr-defined]


class MovePostForm(forms.Form):
    space = forms.TypedChoiceField(label=_("Move to"), coerce=int, choices=[])

    def __init__(self, *args: Any, spaces: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["space"].choices = spaces  # type: ignore[attr-defined]


class MergeForm(forms.Form):
    into = forms.IntegerField(
        label=_("Merge into topic number"),
        min_value=1,
        help_text=_("The number in the address of the other topic."),
    )


class SplitForm(forms.Form):
    title = forms.CharField(label=_("Title of the new topic"), max_length=200)
    replies = forms.TypedMultipleChoiceField(
        label=_("Replies for the new topic"),
        coerce=int,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, replies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["replies"].choices = replies  # type: ignore[attr-defined]


BULK_CHOICES = [
    ("approve", _("Approve")),
    ("hide", _("Hide")),
    ("delete", _("Delete")),
]


class BulkForm(forms.Form):
    action = forms.ChoiceField(label=_("With the selected items"), choices=BULK_CHOICES)
    reason = forms.CharField(
        label=_("Reason (for hiding: the authors read it)"),
        max_length=HIDE_REASON_MAX,
        required=False,
    )
    cases = forms.TypedMultipleChoiceField(coerce=int, choices=[], required=True)

    def __init__(self, *args: Any, case_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cases"].choices = [(pk, str(pk)) for pk in case_ids]  # type: ignore[attr-defined]
        self.fields["cases"].error_messages["required"] = _("Select at least one item.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "hide" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why it is hidden: its author reads it."))
        return data


KIND_CHOICES = [
    (QueueKind.ALL, _("Everything")),
    (QueueKind.FLAGS, _("Reported content")),
    (QueueKind.PENDING, _("Waiting for approval")),
    (QueueKind.PROFILES, _("Reported profiles")),
    (QueueKind.MESSAGES, _("Reported private messages")),
    (QueueKind.REGISTRATIONS, _("Registrations")),
]
AGE_CHOICES = [
    (QueueAge.ALL, _("Any time")),
    (QueueAge.TODAY, _("Today")),
    (QueueAge.WEEK, _("This week")),
    (QueueAge.OLDER, _("Older than a week")),
]


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Show"), choices=KIND_CHOICES, required=False)
    space = forms.TypedChoiceField(
        label=_("Group"), coerce=int, empty_value=None, choices=[], required=False
    )
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", _("Any reason")), *FLAG_REASONS], required=False
    )
    age = forms.ChoiceField(label=_("Age"), choices=AGE_CHOICES, required=False)

    def __init__(
        self, *args: Any, spaces: list[tuple[int, str]], registrations: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["space"].choices = [("", _("All groups")), *spaces]  # type: ignore[attr-defined]
        if not registrations:
            self.fields["kind"].choices = [  # type: ignore[attr-defined]
                choice for choice in KIND_CHOICES if choice[0] != QueueKind.REGISTRATIONS
            ]


class ModerationSettingsForm(forms.Form):
    flag_threshold = forms.IntegerField(
        label=_("Reports before an item is hidden pending review"),
        min_value=1,
        max_value=MAX_THRESHOLD,
        help_text=_("A report by a moderator or an employee hides an item at once."),
    )
