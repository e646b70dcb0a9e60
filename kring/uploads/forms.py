"""Form fields for photos and files, for any form that lets a member add them to a post.

The fields check what is cheap (how many, how large, which extension) so the form can answer
at once; `kring.uploads.services.attach_to_post` checks the contents. Its ValidationError is
keyed "photos" and "files": name the fields so, and `form.add_error(None, error)` puts each
message under its field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kring.uploads.filetypes import ACCEPT_ATTRIBUTE as FILES_ACCEPT
from kring.uploads.filetypes import ALLOWED_FILE_TYPES, extension_of, file_type_not_allowed_error
from kring.uploads.images import MEGABYTE, megabytes_text
from kring.uploads.services import MAX_FILE_BYTES, MAX_FILES, MAX_PHOTO_BYTES, MAX_PHOTOS
from kring.uploads.storage import clean_file_name

PHOTOS_ACCEPT = "image/jpeg,image/png,image/webp,image/gif"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); cleans to a list."""

    def __init__(self, *args: Any, max_count: int | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        self.max_count = max_count
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single_file_clean = super().clean
        uploads = data if isinstance(data, list | tuple) else [data]
        cleaned = [single_file_clean(upload, initial) for upload in uploads if upload]
        if self.required and not cleaned:
            raise ValidationError(self.error_messages["required"], code="required")
        if self.max_count is not None and len(cleaned) > self.max_count:
            raise ValidationError(self.too_many_message(self.max_count), code="too_many")
        return [upload for upload in cleaned if isinstance(upload, UploadedFile)]

    def too_many_message(self, limit: int) -> str:
        return ngettext(
            "Choose at most %(limit)d file here.", "Choose at most %(limit)d files here.", limit
        ) % {"limit": limit}


def _too_large(upload: UploadedFile, limit: int) -> ValidationError:
    return ValidationError(
        _("%(name)s is %(size)s MB; a file may be at most %(max)d MB.")
        % {
            "name": clean_file_name(upload.name or ""),
            "size": megabytes_text(upload.size or 0),
            "max": limit // MEGABYTE,
        },
        code="file_too_large",
    )


class PhotosField(MultipleFileField):
    """Up to ten photos (JPEG, PNG, WebP, GIF) of at most 10 MB each."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Photos"))
        kwargs.setdefault(
            "help_text", _("Up to 10 photos: JPEG, PNG, WebP or GIF, at most 10 MB each.")
        )
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": PHOTOS_ACCEPT}))
        super().__init__(max_count=MAX_PHOTOS, **kwargs)

    def too_many_message(self, limit: int) -> str:
        return ngettext(
            "A post can have at most %(limit)d photo.",
            "A post can have at most %(limit)d photos.",
            limit,
        ) % {"limit": limit}

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        uploads = super().clean(data, initial)
        errors = [
            _too_large(upload, MAX_PHOTO_BYTES)
            for upload in uploads
            if (upload.size or 0) > MAX_PHOTO_BYTES
        ]
        if errors:
            raise ValidationError(errors)
        return uploads


class FilesField(MultipleFileField):
    """Up to five documents of an allow-listed type, at most 25 MB each."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Files"))
        kwargs.setdefault(
            "help_text",
            _(
                "Up to 5 files, at most 25 MB each: PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, TXT,"
                " CSV or RTF."
            ),
        )
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": FILES_ACCEPT}))
        super().__init__(max_count=MAX_FILES, **kwargs)

    def too_many_message(self, limit: int) -> str:
        return ngettext(
            "A post can have at most %(limit)d file.",
            "A post can have at most %(limit)d files.",
            limit,
        ) % {"limit": limit}

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        uploads = super().clean(data, initial)
        errors: list[ValidationError] = []
        for upload in uploads:
            name = clean_file_name(upload.name or "")
            if extension_of(name) not in ALLOWED_FILE_TYPES:
                errors.append(file_type_not_allowed_error(name))
            elif (upload.size or 0) > MAX_FILE_BYTES:
                errors.append(_too_large(upload, MAX_FILE_BYTES))
        if errors:
            raise ValidationError(errors)
        return uploads
