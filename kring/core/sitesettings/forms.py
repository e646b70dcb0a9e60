"""The admins' form for the site settings, with a logo that is safe to serve as uploaded."""

from __future__ import annotations

import secrets
from io import BytesIO
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from kring.core.sitesettings.models import SiteSettings, hex_colour

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 40_000_000  # well below Pillow's decompression-bomb limit
LOGO_BOX = (512, 512)
LOGO_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


class ColourInput(forms.TextInput):
    input_type = "color"


class LogoField(forms.ImageField):
    """An image of at most 2 MB (checked before Pillow reads it)."""

    def to_python(self, data: Any) -> Any:
        if isinstance(data, UploadedFile) and data.size and data.size > LOGO_MAX_BYTES:
            raise ValidationError(
                _("The logo is too large: at most 2 MB, please."), code="file_too_large"
            )
        return super().to_python(data)


def reencode_logo(upload: UploadedFile) -> ContentFile[bytes]:
    """The uploaded image drawn again as a PNG of at most 512x512: no EXIF, no other payload."""
    try:
        upload.seek(0)
        with Image.open(upload) as original:
            if original.format not in LOGO_FORMATS:
                raise ValidationError(
                    _("Upload the logo as PNG, JPEG, GIF or WebP."), code="file_format"
                )
            if original.width * original.height > LOGO_MAX_PIXELS:
                raise ValidationError(
                    _("The logo has too many pixels; make it smaller first."), code="too_big"
                )
            original.load()
            image = ImageOps.exif_transpose(original)
            image = image.convert("RGBA")
            image.thumbnail(LOGO_BOX)
            output = BytesIO()
            image.save(output, format="PNG", optimize=True)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("The logo could not be read as an image. Try another PNG or JPEG file."),
            code="invalid_image",
        ) from error
    return ContentFile(output.getvalue(), name=f"logo-{secrets.token_hex(6)}.png")


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
        ]
        widgets = {
            "primary_colour": ColourInput(),
            "registration_policy": forms.RadioSelect(),
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
