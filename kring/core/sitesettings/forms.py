"""The admins' form for the site settings, with a logo that is safe to serve as uploaded."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from kring.core.sitesettings.models import SiteSettings, hex_colour
from kring.uploads.images import encode_image, open_image

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 40_000_000  # well below Pillow's decompression-bomb limit
LOGO_SIDE = 512
LOGO_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")


class ColourInput(forms.TextInput):
    input_type = "color"


class LogoField(forms.FileField):
    """An image of at most 2 MB (checked before Pillow reads it); `reencode_logo` decides
    whether it is an image (Django's ImageField would let every Pillow plugin parse it first)."""

    def to_python(self, data: Any) -> Any:
        if isinstance(data, UploadedFile) and data.size and data.size > LOGO_MAX_BYTES:
            raise ValidationError(
                _("The logo is too large: at most 2 MB, please."), code="file_too_large"
            )
        return super().to_python(data)


def reencode_logo(upload: UploadedFile) -> ContentFile[bytes]:
    """The uploaded image drawn again as a PNG of at most 512x512: no EXIF, no other payload."""
    image = open_image(
        upload,
        max_bytes=LOGO_MAX_BYTES,
        max_pixels=LOGO_MAX_PIXELS,
        formats=LOGO_FORMATS,
        draft_side=LOGO_SIDE * 2,
    )
    png = encode_image(image, max_side=LOGO_SIDE, fmt="PNG")
    return ContentFile(png, name=f"logo-{secrets.token_hex(6)}.png")


class SiteSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    logo = LogoField(
        label=_("Logo"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}
        ),
        help_text=_(
            "PNG, JPEG, GIF or WebP, at most 2 MB. It is shown at the top left of every page."
        ),
    )

    class Meta:
        model = SiteSettings
        fields = [
            "community_name",
            "tagline",
            "logo",
            "primary_colour",
            "default_language",
            "registration_policy",
            "friend_request_policy",
            "employees_may_befriend_customers",
        ]
        widgets = {
            "primary_colour": ColourInput(),
            "registration_policy": forms.RadioSelect(),
            "friend_request_policy": forms.RadioSelect(),
        }
        help_texts = {
            "community_name": _("Shown in the header, in page titles and in e-mails."),
            "tagline": _("One line under the welcome on the home page."),
            "primary_colour": _(
                "The colour of the header and buttons. Too light a colour is darkened just"
                " enough for white text to stay readable."
            ),
            "default_language": _(
                "For visitors and for members who have not chosen a language themselves."
            ),
            "friend_request_policy": _(
                "Switching friendships off keeps existing friendships; open requests can then"
                " only be declined or taken back."
            ),
            "employees_may_befriend_customers": _(
                "When off, employees and customers cannot send each other friend requests or"
                " accept them. Existing friendships stay."
            ),
        }

    def clean_primary_colour(self) -> str:
        colour = str(self.cleaned_data.get("primary_colour", "")).strip().lower()
        hex_colour(colour)
        return colour

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            return reencode_logo(logo)
        return logo
