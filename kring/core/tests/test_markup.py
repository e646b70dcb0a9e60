from html.parser import HTMLParser

import pytest

from kring.core.markup import ALLOWED_TAGS, render_markdown


def test_markdown_renders_emphasis_and_lists() -> None:
    html = render_markdown("**vet** en *schuin*\n\n- een\n- twee")
    assert "<strong>vet</strong>" in html
    assert "<em>schuin</em>" in html
    assert "<li>een</li>" in html


def test_links_get_nofollow_ugc_noopener() -> None:
    html = render_markdown("[Kring](https://example.nl)")
    assert 'rel="nofollow ugc noopener"' in html


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def _elements(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        "[klik](javascript:alert(1))",
        "[klik](JaVaScRiPt:alert(1))",
        "[klik](data:text/html;base64,PHNjcmlwdD4=)",
        "[klik](vbscript:msgbox(1))",
        "![x](x onerror=alert(1))",
        "![x](https://example.nl/x.png)",
        '<img src=x onerror="alert(1)">',
        "<a href='javascript:alert(1)'>x</a>",
        '<svg onload="alert(1)">',
        '<iframe src="https://evil.example"></iframe>',
        '[x](https://example.nl "title\\" onmouseover=alert(1) x=")',
    ],
)
def test_hostile_markup_yields_only_allowed_elements_and_safe_links(attack: str) -> None:
    for tag, attrs in _elements(render_markdown(attack)):
        assert tag in ALLOWED_TAGS
        for name, value in attrs:
            assert not name.startswith("on")
            if name == "href":
                assert (value or "").split(":")[0].lower() in {"http", "https", "mailto"}
