from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kring.news.videos import parse_video_url


@pytest.mark.parametrize(
    ("url", "provider", "video_id"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "youtube", "dQw4w9WgXcQ"),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ?si=abc", "youtube", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "vimeo", "76979871"),
        ("https://vimeo.com/channels/staffpicks/76979871", "vimeo", "76979871"),
        ("https://player.vimeo.com/video/76979871?h=abc", "vimeo", "76979871"),
    ],
)
def test_parse_video_url_finds_provider_and_id(url: str, provider: str, video_id: str) -> None:
    video = parse_video_url(url)
    assert (video.provider, video.id) == (provider, video_id)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "niet een adres",
        "javascript:alert(1)",
        "https://example.org/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=kort",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ%22%3E",
        "https://www.youtube.com/channel/abc",
        "https://vimeo.com/about",
        "ftp://vimeo.com/76979871",
        "https://evil.example/youtube.com/watch?v=dQw4w9WgXcQ",
    ],
)
def test_parse_video_url_refuses_other_addresses(url: str) -> None:
    with pytest.raises(ValidationError):
        parse_video_url(url)


def test_video_addresses_are_privacy_friendly() -> None:
    youtube = parse_video_url("https://youtu.be/dQw4w9WgXcQ")
    assert youtube.embed_url.startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    assert youtube.watch_url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    vimeo = parse_video_url("https://vimeo.com/76979871")
    assert vimeo.embed_url.startswith("https://player.vimeo.com/video/76979871?dnt=1")
    assert vimeo.watch_url == "https://vimeo.com/76979871"
