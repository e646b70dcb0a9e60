"""Markdown of knowledge pages: the kernel's safe Markdown plus headings and tables.

A page is a document with sections, which posts and comments are not: the kernel's allow-list
(kring.core.markup) leaves headings and tables out. The page's title is its only <h1>, so a
"# Heading" in the text becomes an <h2> like "## Heading". Raw HTML stays off; nh3 sanitises.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

from kring.core.markup import ALLOWED_TAGS
from kring.core.markup.render import ALLOWED_ATTRIBUTES, URL_SCHEMES

PAGE_TAGS = ALLOWED_TAGS | {
    "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
PAGE_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "th": {"align"}, "td": {"align"}}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": False}).enable(
    ["strikethrough", "table"]
)


def render_page_markdown(text: str) -> str:
    """Sanitised HTML of a knowledge page's Markdown `text`."""
    tokens = _markdown.parse(text or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{max(int(token.tag[1]), 2)}"
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return nh3.clean(
        html,
        tags=set(PAGE_TAGS),
        attributes={tag: set(attrs) for tag, attrs in PAGE_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="nofollow ugc noopener",
    ).strip()
