"""Every read of attachments: through the posts the viewer may see, nowhere else."""

from __future__ import annotations

from typing import Any

from kring.content.models import Attachment
from kring.content.queries import has_visible_post
from kring.core.permissions import NotFound


def get_attachment_for(viewer: Any, attachment_id: int) -> Attachment:
    """The attachment, if `viewer` may see its post; NotFound for missing and forbidden alike."""
    attachment = Attachment.objects.filter(has_visible_post(viewer), pk=attachment_id).first()
    if attachment is None:
        raise NotFound
    return attachment
