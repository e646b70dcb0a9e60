"""Serving uploads: attachments only to those who may see their post, public pictures as is."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_safe
from django.views.static import serve

from kring.content.models import Attachment, AttachmentKind
from kring.core.permissions import NotFound
from kring.uploads.filetypes import ALLOWED_FILE_TYPES
from kring.uploads.queries import get_attachment_for
from kring.uploads.services import PHOTO_CONTENT_TYPE, PHOTO_EXTENSION
from kring.uploads.storage import is_public_media_path

# Even if a browser ignored the Content-Type, the response can run nothing and load nothing.
ATTACHMENT_CSP = "default-src 'none'; sandbox"
# Private: a shared cache must never keep what only some members may see.
ATTACHMENT_CACHE_CONTROL = "private, max-age=3600"
_FILE_CONTENT_TYPES = {file_type.content_type for file_type in ALLOWED_FILE_TYPES.values()}


def _response(attachment: Attachment, *, thumbnail: bool) -> FileResponse:
    stored = attachment.thumbnail if thumbnail else attachment.file
    if not stored:
        raise Http404
    is_photo = attachment.kind == AttachmentKind.PHOTO
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    if is_photo:
        # Re-encoded by us: safe to show inline, under the name it was uploaded with.
        content_type = PHOTO_CONTENT_TYPE
        filename = f"{PurePosixPath(attachment.original_name).stem or 'photo'}.{PHOTO_EXTENSION}"
    else:
        content_type = (
            attachment.content_type
            if attachment.content_type in _FILE_CONTENT_TYPES
            else "application/octet-stream"
        )
        filename = attachment.original_name
    response = FileResponse(
        handle, as_attachment=not is_photo, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = ATTACHMENT_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = ATTACHMENT_CACHE_CONTROL
    return response


@require_safe
def attachment_download(request: HttpRequest, attachment_id: int, name: str) -> FileResponse:
    """The photo or file itself; `name` only makes the address readable."""
    try:
        attachment = get_attachment_for(request.user, attachment_id)
    except NotFound:
        raise Http404 from None
    return _response(attachment, thumbnail=False)


@require_safe
def attachment_thumbnail(request: HttpRequest, attachment_id: int, name: str) -> FileResponse:
    """The small version of a photo, for post cards."""
    try:
        attachment = get_attachment_for(request.user, attachment_id)
    except NotFound:
        raise Http404 from None
    return _response(attachment, thumbnail=True)


@require_safe
def public_media(request: HttpRequest, path: str) -> HttpResponseBase:
    """/media/: avatars, the logo and group covers only (re-encoded pictures), never the
    attachments under private/, whatever `..` or encoding the path tries."""
    if not is_public_media_path(path):
        raise Http404
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))
