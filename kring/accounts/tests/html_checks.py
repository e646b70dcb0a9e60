"""What every page of the accounts app must be: one h1, a title, every input labelled, no inline
styles or scripts, inside the community layout."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.title = ""
        self._in_title = False
        self.label_for: set[str] = set()
        self.controls: list[dict[str, str]] = []
        self.inline_styles = 0
        self.inline_scripts = 0
        self._in_script_without_src = False
        self.header = False
        self.main = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "style" in values:
            self.inline_styles += 1
        if tag == "h1":
            self.h1 += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "label" and values.get("for"):
            self.label_for.add(values["for"])
        elif tag in {"input", "select", "textarea"}:
            if values.get("type", "text") not in UNLABELLED_TYPES:
                self.controls.append(values)
        elif tag == "script":
            self._in_script_without_src = "src" not in values and values.get("type", "") not in {
                "application/json"
            }
        elif tag == "header" and "site-header" in values.get("class", ""):
            self.header = True
        elif tag == "main":
            self.main = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "script":
            self._in_script_without_src = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._in_script_without_src and data.strip():
            self.inline_scripts += 1


def assert_accessible_page(response: Any) -> _PageParser:
    """One h1, a non-empty title, labelled inputs, the site layout, no inline style/script."""
    html = response.content.decode()
    page = _PageParser()
    page.feed(html)
    assert page.h1 == 1, f"{page.h1} h1 elements on {response.wsgi_request.path}"
    assert page.title.strip(), "the page has no <title>"
    assert page.header, "the page has no site header: not inside the community layout"
    assert page.main, "the page has no <main>: not inside the community layout"
    unlabelled = [
        control
        for control in page.controls
        if control.get("id") not in page.label_for
        and not control.get("aria-label")
        and not control.get("aria-labelledby")
    ]
    assert unlabelled == [], f"inputs without a label: {unlabelled}"
    assert page.inline_styles == 0, "inline style attribute (blocked by the CSP)"
    assert page.inline_scripts == 0, "inline script (blocked by the CSP)"
    return page


def links_in(text: str) -> list[str]:
    """The http(s) links in an e-mail body."""
    return re.findall(r"https?://\S+", text)
