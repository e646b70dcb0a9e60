"""Forms of private messaging. The people a message goes to are chosen with checkboxes named
"member" (from suggestions) and typed names (field "find"); views read them beside the form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kring.messaging.attachments import MAX_ATTACHMENTS
from kring.messaging.services import BODY_MAX, TITLE_MAX
from kring.uploads.filetypes import ACCEPT_ATTRIBUTE
from kring.uploads.forms import PHOTOS_ACCEPT, MultipleFileField, MultipleFileInput

FIND_MAX = 200


def _attachments_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("Photos or files"),
        help_text=_(
            "Up to 5: photos (JPEG, PNG, WebP, GIF, at most 10 MB) or documents (PDF, DOCX,"
            " XLSX, PPTX, ODT, ODS, ODP, TXT, CSV or RTF, at most 25 MB)."
        ),
        max_count=MAX_ATTACHMENTS,
        widget=MultipleFileInput(attrs={"accept": f"{PHOTOS_ACCEPT},{ACCEPT_ATTRIBUTE}"}),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown works: **bold**, _italic_, lists and links."),
    )
    attachments = _attachments_field()


class ConversationForm(forms.Form):
    find = forms.CharField(
        label=_("Add people by name"),
        max_length=FIND_MAX,
        required=False,
        help_text=_(
            "Type a name and choose from the suggestions, or type full names separated by commas."
        ),
    )
    title = forms.CharField(
        label=_("Title (optional, for a group conversation)"),
        max_length=TITLE_MAX,
        required=False,
    )
    body = forms.CharField(
        label=_("Your message"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown works: **bold**, _italic_, lists and links."),
    )
    attachments = _attachments_field()

    def typed_names(self) -> list[str]:
        """The full names typed in `find` (comma-separated)."""
        text = self.cleaned_data.get("find", "") if hasattr(self, "cleaned_data") else ""
        return [name.strip() for name in text.split(",") if name.strip()]


class AddPeopleForm(forms.Form):
    find = forms.CharField(
        label=_("Full names, separated by commas"), max_length=FIND_MAX, required=False
    )

    def typed_names(self) -> list[str]:
        text = self.cleaned_data.get("find", "") if hasattr(self, "cleaned_data") else ""
        return [name.strip() for name in text.split(",") if name.strip()]
