"""markdown-it-py renders (raw HTML off), nh3 sanitises against an allow-list."""

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "acronym", "b", "blockquote", "cite", "code", "del", "em", "i", "q",
        "strike", "strong", "p", "br", "ul", "ol", "li", "pre",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "acronym": {"title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable(
    "strikethrough"
)


def render_markdown(text: str) -> str:
    """Sanitised HTML for Markdown `text`; links get rel="nofollow ugc noopener"."""
    return nh3.clean(
        _markdown.render(text or ""),
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="nofollow ugc noopener",
    ).strip()
