"""Video addresses: a YouTube or Vimeo link parsed to its provider and id, and the privacy-
friendly addresses built from them (nothing loads from either site until a visitor asks)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kring.news.models import VideoProvider

# The only hosts an article page lets frames come from (its Content-Security-Policy).
FRAME_HOSTS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^[0-9]{1,20}$")
_YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "music.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
}
_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}


@dataclass(frozen=True)
class Video:
    provider: str
    id: str

    @property
    def embed_url(self) -> str:
        """The player, without cookies or tracking, starting at once (the visitor clicked)."""
        if self.provider == VideoProvider.YOUTUBE:
            return f"https://www.youtube-nocookie.com/embed/{self.id}?autoplay=1"
        return f"https://player.vimeo.com/video/{self.id}?dnt=1&autoplay=1"

    @property
    def watch_url(self) -> str:
        """The video on its own site: the play button's address without JavaScript."""
        if self.provider == VideoProvider.YOUTUBE:
            return f"https://www.youtube.com/watch?v={self.id}"
        return f"https://vimeo.com/{self.id}"


def _youtube_id(host: str, path: str, query: str) -> str:
    if host == "youtu.be":
        return path.strip("/").split("/")[0]
    if host not in _YOUTUBE_HOSTS:
        return ""
    if path.rstrip("/") == "/watch":
        return (parse_qs(query).get("v") or [""])[0]
    parts = [part for part in path.split("/") if part]
    if len(parts) >= 2 and parts[0] in ("embed", "shorts", "live", "v"):
        return parts[1]
    return ""


def _vimeo_id(host: str, path: str) -> str:
    if host not in _VIMEO_HOSTS:
        return ""
    parts = [part for part in path.split("/") if part]
    numbers = [part for part in parts if _VIMEO_ID.match(part)]
    return numbers[0] if numbers else ""


def parse_video_url(url: str) -> Video:
    """The provider and id of a YouTube or Vimeo link; ValidationError for anything else."""
    error = ValidationError(
        _("Give the address of a video on YouTube or Vimeo."), code="invalid_video"
    )
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        raise error from None
    if parts.scheme not in ("http", "https"):
        raise error
    host = (parts.hostname or "").lower()
    video_id = _youtube_id(host, parts.path, parts.query)
    if video_id:
        if not _YOUTUBE_ID.match(video_id):
            raise error
        return Video(VideoProvider.YOUTUBE, video_id)
    video_id = _vimeo_id(host, parts.path)
    if video_id:
        return Video(VideoProvider.VIMEO, video_id)
    raise error
