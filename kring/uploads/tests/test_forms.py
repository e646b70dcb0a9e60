"""The reusable upload fields: several files in one input, cheap checks before the service."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

from kring.uploads.forms import FilesField, MultipleFileField, PhotosField
from kring.uploads.services import MAX_PHOTO_BYTES
from kring.uploads.tests.samples import image_bytes, pdf_bytes


class StatusForm(forms.Form):
    photos = PhotosField()
    files = FilesField()


def form_with(**uploads: list[SimpleUploadedFile]) -> StatusForm:
    return StatusForm(data={}, files=MultiValueDict(uploads))


def photo(name: str = "foto.png", extra: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes() + b"\0" * extra, "image/png")


def test_several_files_in_one_field_clean_to_a_list() -> None:
    form = form_with(
        photos=[photo("a.png"), photo("b.png")],
        files=[SimpleUploadedFile("plan.pdf", pdf_bytes())],
    )
    assert form.is_valid(), form.errors
    assert [upload.name for upload in form.cleaned_data["photos"]] == ["a.png", "b.png"]
    assert [upload.name for upload in form.cleaned_data["files"]] == ["plan.pdf"]


def test_the_fields_are_optional_and_clean_to_empty_lists() -> None:
    form = form_with()
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"photos": [], "files": []}


def test_a_required_field_needs_a_file() -> None:
    class Required(forms.Form):
        files = MultipleFileField(required=True)

    form = Required(data={}, files=MultiValueDict({}))
    assert not form.is_valid()
    assert "files" in form.errors


def test_the_widget_offers_multiple_files_of_the_right_kinds() -> None:
    html = str(StatusForm()["photos"]) + str(StatusForm()["files"])
    assert html.count(" multiple") == 2
    assert 'accept="image/jpeg,image/png,image/webp,image/gif"' in html
    assert ".pdf,.docx," in html


def test_too_many_too_large_and_unknown_types_are_form_errors() -> None:
    form = form_with(
        photos=[photo(f"{n}.png") for n in range(11)],
        files=[
            SimpleUploadedFile("virus.exe", b"MZ"),
            SimpleUploadedFile("groot.pdf", b"%PDF-" + b"0" * (26 * 1024 * 1024)),
        ],
    )
    assert not form.is_valid()
    assert "A post can have at most 10 photos." in form.errors["photos"][0]
    assert "virus.exe" in form.errors["files"][0]
    assert "at most 25 MB" in form.errors["files"][1]

    big = form_with(photos=[photo("groot.png", extra=MAX_PHOTO_BYTES)])
    assert not big.is_valid()
    assert "at most 10 MB" in big.errors["photos"][0]
