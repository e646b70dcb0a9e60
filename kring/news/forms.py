"""Forms of the news pages: an article, an announcement."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.content.forms import BODY_HELP
from kring.content.services import POST_BODY_MAX, TITLE_MAX
from kring.news.models import AnnouncementLevel, ArticleKind
from kring.news.services import AnnouncementText, ArticleDraft
from kring.spaces.models import Space
from kring.uploads.forms import FilesField

MOMENT_FORMAT = "%Y-%m-%dT%H:%M"
PUBLISH_NOW = "publish"
SAVE_DRAFT = "draft"


class MomentInput(forms.DateTimeInput):
    """The browser's own date and time picker; the value in the site's time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=MOMENT_FORMAT)


def moment_field(label: Any, help_text: Any = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        widget=MomentInput(),
        input_formats=[MOMENT_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        help_text=help_text,
    )


class ArticleForm(forms.Form):
    """An article. `scheduling` adds when to publish (drafts and scheduled articles only:
    a published article keeps its date)."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    kind = forms.ChoiceField(label=_("Kind"), choices=ArticleKind.choices)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences for the news list."),
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=POST_BODY_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=BODY_HELP,
    )
    video_url = forms.URLField(
        label=_("Video address"),
        max_length=300,
        required=False,
        assume_scheme="https",
        help_text=_("For a video: its address on YouTube or Vimeo."),
    )
    # Named as attach_to_post keys its errors (see kring.uploads.forms).
    files = FilesField(  # type: ignore[assignment]
        label=_("Files"),
        help_text=_("For a whitepaper: its PDF (or another document), at most 25 MB."),
    )
    is_featured = forms.BooleanField(label=_("Feature on the home page"), required=False)
    is_sponsored = forms.BooleanField(
        label=_('Sponsored content (labelled "Sponsored" everywhere)'), required=False
    )
    state = forms.ChoiceField(
        label=_("Publish"),
        choices=[
            (PUBLISH_NOW, _("Publish (now, or at the moment below)")),
            (SAVE_DRAFT, _("Save as a draft")),
        ],
        initial=PUBLISH_NOW,
        widget=forms.RadioSelect,
    )
    publish_at = moment_field(
        _("Publish at"), _("Leave empty to publish at once. A later moment schedules it.")
    )

    def __init__(self, *args: Any, scheduling: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not scheduling:
            del self.fields["state"]
            del self.fields["publish_at"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ArticleKind.VIDEO and not data.get("video_url"):
            self.add_error("video_url", _("A video article needs the address of its video."))
        return data

    def draft(self) -> ArticleDraft:
        """The cleaned form as the services take it."""
        data = self.cleaned_data
        publish_at: datetime | None = data.get("publish_at")
        return ArticleDraft(
            title=data["title"],
            body=data["body"],
            kind=data["kind"],
            summary=data.get("summary") or "",
            video_url=data.get("video_url") or "",
            is_featured=bool(data.get("is_featured")),
            is_sponsored=bool(data.get("is_sponsored")),
            publish_at=publish_at,
            draft=data.get("state") == SAVE_DRAFT,
        )


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    level = forms.ChoiceField(
        label=_("Kind"),
        choices=AnnouncementLevel.choices,
        initial=AnnouncementLevel.INFO,
        widget=forms.RadioSelect,
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. You can use Markdown: **bold**, *italic* and [a link](https://…)."),
    )
    starts_at = moment_field(_("Shown from"), _("Leave empty to show it at once."))
    ends_at = moment_field(_("Shown until"), _("Leave empty to show it until you end it."))
    group = forms.ModelChoiceField(
        label=_("Only for group"),
        queryset=Space.objects.none(),
        required=False,
        empty_label=_("Everyone (the whole site)"),
        help_text=_("A group's announcement shows on its pages and to its members."),
    )

    def __init__(self, *args: Any, groups: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (narrows the type)
        if groups is not None:
            field.queryset = groups

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if ends_at is not None and ends_at <= (starts_at or timezone.now()):
            self.add_error("ends_at", _("The end must come after the start."))
        return data

    def text(self) -> AnnouncementText:
        data = self.cleaned_data
        return AnnouncementText(
            title=data["title"],
            level=data["level"],
            body=data.get("body") or "",
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            group=data.get("group"),
        )
