"""The server-side XSS audit of a rendered page (html.parser), and the vectors fitted to fields.

`audit(html)` lists what must never be on a Kring page, whoever wrote its content: a script that
is not one of our static files, an inline script, an `on*` or `hx-on` attribute, a `style`
attribute or element, a javascript:/data:/vbscript: URL, an embedding or parser-confusing
element (iframe, object, svg, math, template …), metadata outside <head>, a template
expression evaluated, the secret key. `new_elements(page, baseline, allowed)` compares the
page's elements with those of the same page holding harmless text: an element or attribute
that only the hostile text brought is reported, unless it is one Markdown may produce.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from html.parser import HTMLParser
from itertools import combinations

from django.conf import settings
from django.utils.text import slugify

from kring.core.markup.render import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from kring.core.tests.security.vectors import EVALUATED

Signature = tuple[str, frozenset[str]]

FORBIDDEN_ELEMENTS = frozenset(
    {
        "iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "svg",
        "math", "template", "portal", "xmp", "plaintext", "listing", "noembed", "noframes",
        "noscript", "isindex", "keygen", "marquee", "video", "audio", "source", "track",
        "animate", "set", "foreignobject", "use", "image", "bgsound", "layer", "ilayer",
    }
)  # fmt: skip
FORBIDDEN_ATTRIBUTES = frozenset({"style", "srcdoc", "formaction", "background", "dynsrc"})
URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "action", "formaction", "xlink:href", "poster", "data", "background",
        "cite", "longdesc", "lowsrc", "dynsrc", "ping", "srcset", "manifest", "codebase",
        "usemap", "icon", "profile", "classid", "archive",
    }
)  # fmt: skip
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
# What Markdown (markdown-it + nh3) may legitimately add to a page: its allow-list, and rel.
MARKDOWN_SIGNATURES = frozenset(
    (tag, frozenset(names))
    for tag in ALLOWED_TAGS
    for attributes in [
        sorted(ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set()))
    ]
    for size in range(len(attributes) + 1)
    for names in combinations(attributes, size)
)
# The items of a list of tags or interests: one more tag is one more of these.
LIST_SIGNATURES = frozenset(
    {
        ("li", frozenset()),
        ("li", frozenset({"class"})),
        ("a", frozenset({"class", "href"})),
    }
)


def dangerous_url(value: str) -> bool:
    """Whether a browser would take `value` (already entity-decoded) as a script or data URL:
    it ignores whitespace and control characters inside the scheme, and its case."""
    compact = "".join(
        char for char in value if char > " " and not unicodedata.category(char).startswith("C")
    ).lower()
    return compact.startswith(DANGEROUS_SCHEMES) or any(
        f",{scheme}" in compact for scheme in DANGEROUS_SCHEMES
    )


class PageAudit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self.signatures: Counter[Signature] = Counter()
        self.text: list[str] = []
        self._in_head = False
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)
        if tag == "script":
            self._in_script = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        elif tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.findings.append(f"inline script: {data.strip()[:80]!r}")
        self.text.append(data)

    def _element(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.signatures[(tag, frozenset(name for name, _value in attrs))] += 1
        if tag == "head":
            self._in_head = True
        elif tag == "body":
            self._in_head = False
        described = f"<{tag} {' '.join(name for name, _value in attrs)}>"
        if tag in FORBIDDEN_ELEMENTS:
            self.findings.append(f"forbidden element {described}")
        if tag in {"meta", "link", "title"} and not self._in_head:
            self.findings.append(f"{described} outside <head>")
        if tag == "script":
            src = dict(attrs).get("src") or ""
            if not src.startswith(settings.STATIC_URL):
                self.findings.append(f"script not from our static files: {described} {src!r}")
        for name, value in attrs:
            if name.startswith(("on", "hx-on")):
                self.findings.append(f"event handler attribute {name} on {described}")
            if name in FORBIDDEN_ATTRIBUTES:
                self.findings.append(f"attribute {name} on {described}")
            if name in URL_ATTRIBUTES and value and dangerous_url(value):
                self.findings.append(f"script or data URL in {name}={value[:60]!r} on {described}")


def audit(html: str) -> tuple[list[str], Counter[Signature]]:
    """What must never be on a page, found in `html`; and the page's element signatures."""
    parser = PageAudit()
    parser.feed(html)
    parser.close()
    findings = parser.findings
    if EVALUATED in "".join(parser.text):
        findings.append(f"a template expression was evaluated: {EVALUATED} is on the page")
    if settings.SECRET_KEY in html:
        findings.append("the SECRET_KEY is on the page")
    return findings, parser.signatures


def new_elements(
    page: Counter[Signature], baseline: Counter[Signature], allowed: frozenset[Signature]
) -> list[str]:
    """Elements (tag and attribute names) more frequent on `page` than on the harmless
    `baseline`, other than those in `allowed`: what the hostile text itself put on the page."""
    return [
        f"new element <{tag} {' '.join(sorted(names))}> x{count - baseline[(tag, names)]}"
        for (tag, names), count in page.items()
        if count > baseline[(tag, names)] and (tag, names) not in allowed
    ]


# Fitting a vector into a field, so that what is stored is the vector (or as much as fits):
# the raw, unfitted vectors are submitted too, and what the forms say about them is audited.


def fit(text: str, limit: int) -> str:
    """`text` as a field of at most `limit` characters keeps it; forms refuse NUL characters."""
    return text.replace("\x00", "")[:limit]


def fit_tags(text: str, *, length: int = 40, count: int = 8) -> str:
    """`text` as a comma-separated tag list the forms accept: each tag at most `length` long,
    with a letter in it, at most `count` tags."""
    tags = []
    for part in fit(text, 10_000).split(","):
        tag = " ".join(part.split())[:length]
        if not tag:
            continue
        if not slugify(tag, allow_unicode=True).strip("-"):
            tag = tag[: length - 2] + " x"
        tags.append(tag)
    return ", ".join(tags[:count]) or "x"
