"""XSS: the team's corpus (vectors.py) through every input that is rendered today.

Inputs: a post's body, a comment (with a mention of its hostile-named author), the title,
description and site name of a link preview read from a hostile page, every profile field
(display name, job title, organisation, location, bio, interests), a group's name, description
and tags, and the site settings' community name and tagline.

Layer (a), here. Each vector goes in through the input's own form class and the service its view
calls (in process: the same validation, normalisation and Markdown sanitising as a real
submission, at a fraction of the cost of 2,000 requests), fitted to the field's length; vectors
rotate over the fields of one object, so every vector reaches every field. The pages that show
them are fetched through the full stack and audited by xss_audit.py: nothing that could run, and
no element the vectors brought beyond what Markdown may produce (compared with the same page
holding harmless text). Per form, one real POST carries all vectors at once, raw: the form
refuses it, and the page that echoes it back is audited too.
Layer (b), e2e/test_xss_browser.py: the same corpus opened in headless Chromium.
Also here: one crawl over the main pages, each with the strict Content-Security-Policy.
"""

from __future__ import annotations

import html as html_module
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from markupsafe import escape

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.accounts.roles import Role
from kring.content.forms import CommentForm
from kring.content.models import Comment, Post
from kring.content.services import comment_on_post
from kring.core.sitesettings.forms import SiteSettingsForm
from kring.core.sitesettings.models import SiteSettings
from kring.core.sitesettings.services import update_site_settings
from kring.core.tests.security.conftest import Probe, SecurityClient, World
from kring.core.tests.security.vectors import EVALUATED, VECTORS, Vector
from kring.core.tests.security.xss_audit import (
    LIST_SIGNATURES,
    MARKDOWN_SIGNATURES,
    Signature,
    audit,
    fit,
    fit_tags,
    new_elements,
)
from kring.members.forms import ProfileForm
from kring.members.models import Profile
from kring.members.services import update_profile
from kring.spaces.forms import GroupForm
from kring.spaces.models import Space
from kring.spaces.queries import community_space
from kring.spaces.services import create_group
from kring.wall import previews
from kring.wall.forms import StatusForm
from kring.wall.models import LinkPreview, PreviewStatus
from kring.wall.previews import FetchedPage, fill_link_preview
from kring.wall.services import post_status

pytestmark = pytest.mark.django_db

HARMLESS = Vector(number=-1, group="harmless", text="Gewone tekst over fietsen")
N = len(VECTORS)
# Every vector at once, raw: what the one real POST per form submits in each of its fields.
ALL_RAW = "\n".join(vector.text for vector in VECTORS)


def rotated(i: int, offset: int) -> Vector:
    """The vector for field number `offset` of object `i`: over all objects, every field gets
    every vector exactly once."""
    return VECTORS[(i + offset) % N]


@pytest.fixture(autouse=True)
def _no_posting_limits(settings: Any) -> None:
    settings.RATE_LIMITS = {}


@dataclass
class Findings:
    """What the audits found, per page and the vectors on it."""

    items: list[str] = field(default_factory=list)

    def check(
        self,
        html: str,
        where: str,
        vectors: tuple[Vector, ...] = (),
        *,
        baseline: Counter[Signature] | None = None,
        allowed: frozenset[Signature] = frozenset(),
    ) -> Counter[Signature]:
        found, signatures = audit(html)
        if baseline is not None:
            found += new_elements(signatures, baseline, allowed)
        numbers = [vector.number for vector in vectors] if len(vectors) < 10 else "many"
        self.items += [f"{where}, vectors {numbers}: {finding}" for finding in found]
        return signatures

    def page(self, client: Client, path: str, where: str, **kwargs: Any) -> Counter[Signature]:
        response = client.get(path)
        assert response.status_code == 200, f"{where}: {path} answered {response.status_code}"
        return self.check(response.content.decode(), where, **kwargs)

    def harmless(self, client: Client, path: str) -> Counter[Signature]:
        found, signatures = audit(client.get(path).content.decode())
        assert found == [], f"the harmless page {path} already fails the audit: {found}"
        return signatures

    def assert_none(self) -> None:
        assert self.items == [], f"{len(self.items)} findings:\n" + "\n".join(self.items[:60])


class Clients:
    """One client per role, reused within a test: each new client builds the middleware again,
    WhiteNoise's scan of the static files included (~0.1 s a time)."""

    def __init__(self) -> None:
        self._clients: dict[str, Client] = {}

    def get(self, role: str) -> Client:
        if role not in self._clients:
            self._clients[role] = SecurityClient()
        return self._clients[role]

    def logged_in(self, member: Member, *, role: str = "author") -> Client:
        client = self.get(role)
        if client.session.get("_auth_user_id") != str(member.pk):
            client.force_login(member)
        return client

    @property
    def visitor(self) -> Client:
        return self.get("visitor")


@pytest.fixture
def clients() -> Clients:
    return Clients()


def valid(form: Any, what: str) -> dict[str, Any]:
    """The cleaned data of a bound form that must accept the fitted vectors (else the field
    they were meant for would go untested)."""
    assert form.is_valid(), f"{what}: the form refused fitted vectors: {form.errors.as_text()}"
    return dict(form.cleaned_data)


def follow_pages(client: Client, path: str, *, limit: int) -> Iterator[tuple[str, str]]:
    """(path, html) of `path` and the pages its rel="next" links lead to, at most `limit`."""
    for _page in range(limit):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        yield path, html
        found = re.search(r'href="([^"]+)"[^>]*rel="next"', html)
        if found is None:
            return
        path = urljoin(path, html_module.unescape(found.group(1)))


# The audit itself -------------------------------------------------------------------------


def test_the_audit_finds_what_it_looks_for() -> None:
    page = "<!doctype html><html><head><title>t</title></head><body><main>{}</main></body></html>"
    holes = {
        "<script>alert(1)</script>": "inline script",
        '<script src="https://evil.example/x.js"></script>': "not from our static files",
        "<img src=x onerror=alert(1)>": "event handler attribute onerror",
        '<a href=" jav&#x09;ascript:alert(1)">x</a>': "script or data URL",
        '<img src="data:image/svg+xml,<svg onload=alert(1)>">': "script or data URL",
        '<p style="color:red">x</p>': "attribute style",
        "<svg></svg>": "forbidden element <svg",
        '<meta http-equiv="refresh" content="0">': "outside <head>",
        '<div hx-on:click="alert(1)"></div>': "event handler attribute hx-on",
        f"<p>{EVALUATED}</p>": "template expression was evaluated",
    }
    for hole, finding in holes.items():
        found, _signatures = audit(page.format(hole))
        assert any(finding in item for item in found), (hole, found)
    markdown = "<p><strong>x</strong> <a href='https://example.org' rel='nofollow ugc'>x</a></p>"
    found, harmless = audit(page.format(markdown))
    assert found == []
    _found, injected = audit(page.format(markdown + "<img src=x><b>y</b>"))
    assert new_elements(injected, harmless, MARKDOWN_SIGNATURES) == ["new element <img src> x1"]


def test_with_the_sanitiser_switched_off_the_audit_finds_the_holes(
    member: Member, clients: Clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The probe can fail: let Markdown through unsanitised, and the vectors show."""
    monkeypatch.setattr("kring.content.mentions.render_markdown", lambda text: text)
    for vector in VECTORS[:20]:
        post_status(member, space=community_space(), body=vector.text)
    findings = Findings()
    findings.page(clients.visitor, "/prikbord/", "community stream")
    assert len(findings.items) >= 15, findings.items


# Posts, comments, mentions and link previews --------------------------------------------------


def hostile_page(title: str, description: str, site_name: str) -> bytes:
    """A page whose Open Graph tags carry the vectors exactly (the parser unescapes them)."""
    attribute = html_module.escape
    # The raw <title> comes last: a vector there (an unclosed comment …) cannot hide the rest.
    return (
        "<html><head>"
        f'<meta property="og:title" content="{attribute(title)}">'
        f'<meta property="og:description" content="{attribute(description)}">'
        f'<meta property="og:site_name" content="{attribute(site_name)}">'
        '<meta property="og:image" content="javascript:alert(1)">'
        f"<title>{title}</title></head><body><script>alert(1)</script></body></html>"
    ).encode()


def give_preview(post: Post, title: str, description: str, site_name: str) -> None:
    """The post's link preview, read by the real parser from a hostile page."""
    preview, _created = LinkPreview.objects.update_or_create(
        post=post, defaults={"url": f"https://voorbeeld.nl/{post.pk}", "status": "pending"}
    )
    page = FetchedPage(
        url=preview.url, body=hostile_page(title, description, site_name), charset="utf-8"
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(previews, "fetch_page", lambda _url: page)
        fill_link_preview(preview.pk)
    preview.refresh_from_db()
    assert preview.status == PreviewStatus.READY, preview.error


def test_posts_comments_mentions_and_link_previews(
    admin: Member, clients: Clients, probe: Probe
) -> None:
    """Post i: body, preview title, description and site name, and its author's display name
    (on the card, the comment and the mention) each hold another vector. Every comment sits on
    one post, so its pages (the newest comments, then "earlier comments") show them all."""
    community = community_space()
    findings = Findings()
    host = MemberFactory(display_name="Gastheer")
    thread = post_status(host, space=community, body="Reageer hier")
    authors: list[Member] = []
    for i in range(N):
        body, title, description, site_name, comment, name = (rotated(i, k) for k in range(6))
        author = MemberFactory()
        update_profile(author, member=author, display_name=fit(name.text, 80))
        authors.append(author)
        data = valid(StatusForm({"body": fit(body.text, 20_000)}), f"composer {i}")
        post = post_status(author, space=community, body=data["body"])
        give_preview(post, title.text, description.text, site_name.text)
        text = f"{fit(comment.text, 9_000)}\n\n@{author.pk}"
        data = valid(CommentForm({"body": text}), f"comment {i}")
        comment_on_post(author, post=thread, body=data["body"])
    admin_client = clients.logged_in(admin, role="admin")
    thread_path = reverse("content:post-detail", args=[thread.pk])
    thread_pages = [path for path, _html in follow_pages(admin_client, thread_path, limit=10)]
    pages = [
        *thread_pages,
        *(path for path, _html in follow_pages(admin_client, "/prikbord/", limit=15)),
    ]
    hostile = {path: admin_client.get(path).content.decode() for path in pages}
    # The same pages with harmless text in every slot the vectors held.
    Post.objects.exclude(pk=thread.pk).update(body_html="<p>Gewone tekst</p>")
    Comment.objects.update(body_html="<p>Gewone tekst</p>")
    LinkPreview.objects.update(title="Titel", description="Omschrijving", site_name="Site")
    Member.objects.filter(pk__in=[a.pk for a in authors]).update(display_name="Gewone Naam")
    for path in pages:
        baseline = findings.harmless(admin_client, path)
        findings.check(hostile[path], path, baseline=baseline, allowed=MARKDOWN_SIGNATURES)
    # Every author's name is on the thread's page, as text: escaped, not dropped.
    names = [str(escape(" ".join(fit(rotated(i, 5).text, 80).split()))) for i in range(N)]
    thread_html = "".join(hostile[path] for path in thread_pages)
    missing = [name for name in names if name not in thread_html]
    assert missing == [], f"names not shown as text: {missing[:5]}"
    # One real POST each, all vectors raw: refused (NUL), and the form is shown again.
    author_client = clients.logged_in(host)
    composer = reverse("wall:space-status-create", args=[community.pk])
    for path in (composer, reverse("content:comment-create", args=[thread.pk])):
        response = author_client.post(path, {"body": ALL_RAW})
        assert response.status_code == 200, path
        findings.check(response.content.decode(), f"form echo {path}")
    probe("XSS: server-side audit of every input", cases=N * 6 + 2 * N)
    findings.assert_none()


# Profiles -----------------------------------------------------------------------------------


def profile_data(vectors: tuple[Vector, ...]) -> dict[str, str]:
    name, job, organisation, location, bio, interests = (v.text for v in vectors)
    return {
        "display_name": fit(name, 80),
        "job_title": fit(job, 100),
        "organisation": fit(organisation, 100),
        "location": fit(location, 100),
        "bio": fit(bio, 4000),
        "interests": fit_tags(interests),
        "visibility": "everyone",
        "language": "nl",
    }


def save_profile(member: Member, vectors: tuple[Vector, ...]) -> None:
    """What members:profile-edit does with a valid form."""
    data = valid(ProfileForm(profile_data(vectors), member=member), "profile form")
    update_profile(
        member,
        member=member,
        **{name: data[name] for name in ("display_name", "bio", "job_title", "organisation")},
        **{name: data[name] for name in ("location", "interests", "visibility", "language")},
    )


def test_profile_fields(admin: Member, clients: Clients, probe: Probe) -> None:
    """Member i's six profile fields each hold another vector; every profile page is audited
    (as a visitor: the profiles are public), and the member directory."""
    findings = Findings()
    visitor = clients.visitor
    harmless = MemberFactory()
    save_profile(harmless, (HARMLESS,) * 6)
    baseline = findings.harmless(visitor, reverse("members:profile-detail", args=[harmless.pk]))
    allowed = MARKDOWN_SIGNATURES | LIST_SIGNATURES
    for i in range(N):
        member = MemberFactory()
        vectors = tuple(rotated(i, offset) for offset in range(6))
        save_profile(member, vectors)
        html = visitor.get(reverse("members:profile-detail", args=[member.pk])).content.decode()
        findings.check(html, f"profile {i}", vectors, baseline=baseline, allowed=allowed)
        # The vectors are on the page, as text: escaped, not dropped.
        for name in ("job_title", "organisation", "location"):
            if str(escape(profile_data(vectors)[name].strip())) not in html:
                findings.items.append(f"profile {i}: the {name} is not shown as text")
    admin_client = clients.logged_in(admin, role="admin")
    for viewer in (admin_client, visitor):
        for path, html in follow_pages(viewer, reverse("members:member-list"), limit=12):
            findings.check(html, f"member directory {path}")
    # The real forms, all vectors raw in every field: refused, and shown again.
    raw_profile = {
        **profile_data((HARMLESS,) * 6),
        **dict.fromkeys(
            ("display_name", "job_title", "organisation", "location", "bio", "interests"), ALL_RAW
        ),
    }
    response = clients.logged_in(harmless).post(reverse("members:profile-edit"), raw_profile)
    assert response.status_code == 200
    findings.check(response.content.decode(), "profile form echo")
    signup = clients.get("signup").post(
        "/accounts/signup/", {"email": ALL_RAW[:200], "display_name": ALL_RAW}
    )
    assert signup.status_code == 200
    findings.check(signup.content.decode(), "sign-up form echo")
    assert Profile.objects.filter(bio_html__icontains="<script").count() == 0
    probe("XSS: server-side audit of every input", cases=N * 6 + 2 * N)
    findings.assert_none()


# Groups -------------------------------------------------------------------------------------


def test_group_fields(admin: Member, clients: Clients, probe: Probe) -> None:
    """Group i's name, description and tags each hold another vector; every group page is
    audited (as a visitor: the groups are public), and the group directory."""
    findings = Findings()
    visitor = clients.visitor
    founder = MemberFactory(role=Role.EMPLOYEE)

    def start_group(vectors: tuple[Vector, ...]) -> Space:
        """What spaces:group-create does with a valid form."""
        name, description, tags = (v.text for v in vectors)
        form = GroupForm(
            {
                "name": fit(name, 80),
                "description": fit(description, 4000),
                "tags": fit_tags(tags),
                "visibility": "public",
                "audience": "everyone",
            },
            actor=founder,
        )
        data = valid(form, "group form")
        return create_group(
            founder,
            name=data["name"],
            description=data["description"],
            visibility=data["visibility"],
            audience=form.audience_value(),
            tags=data["tags"],
        )

    harmless = start_group((HARMLESS,) * 3)
    baseline = findings.harmless(visitor, reverse("spaces:group-detail", args=[harmless.slug]))
    allowed = MARKDOWN_SIGNATURES | LIST_SIGNATURES
    for i in range(N):
        vectors = tuple(rotated(i, offset) for offset in range(3))
        try:
            group = start_group(vectors)
        except ValidationError as error:
            pytest.fail(f"group {i}: the service refused fitted vectors: {error}")
        path = reverse("spaces:group-detail", args=[group.slug])
        findings.page(
            visitor, path, f"group {i}", vectors=vectors, baseline=baseline, allowed=allowed
        )
    for viewer in (clients.logged_in(admin, role="admin"), visitor):
        for path, html in follow_pages(viewer, reverse("spaces:group-list"), limit=20):
            findings.check(html, f"group directory {path}")
    raw = {"name": ALL_RAW, "description": ALL_RAW, "tags": ALL_RAW, "visibility": "public"}
    response = clients.logged_in(founder).post(reverse("spaces:group-create"), raw)
    assert response.status_code == 200
    findings.check(response.content.decode(), "group form echo")
    probe("XSS: server-side audit of every input", cases=N * 3 + N)
    findings.assert_none()


# Site settings ------------------------------------------------------------------------------

SITE_FIXED = {
    "primary_colour": "#0b6e4f",
    "default_language": "nl",
    "registration_policy": "open",
    "friend_request_policy": "everyone",
    "employees_may_befriend_customers": "on",
}


def test_site_settings_community_name_and_tagline(
    admin: Member, clients: Clients, probe: Probe
) -> None:
    """The name and tagline show on the visitor's home page (and the name on every page)."""
    findings = Findings()
    visitor = clients.visitor

    def save(name: str, tagline: str) -> None:
        """What accounts:site-settings does with a valid form."""
        current = SiteSettings.objects.get(pk=SiteSettings.load().pk)
        form = SiteSettingsForm(
            {**SITE_FIXED, "community_name": name, "tagline": tagline}, instance=current
        )
        valid(form, "site settings form")
        update_site_settings(admin, settings=form.save(commit=False), fields=form.changed_data)

    save(HARMLESS.text, HARMLESS.text)
    baseline = findings.harmless(visitor, "/")
    for i in range(N):
        vectors = (rotated(i, 0), rotated(i, 1))
        save(fit(vectors[0].text, 80), fit(vectors[1].text, 160))
        findings.page(visitor, "/", f"home page {i}", vectors=vectors, baseline=baseline)
    admin_client = clients.logged_in(admin, role="admin")
    edit = reverse("accounts:site-settings")
    findings.page(admin_client, edit, "site settings page")
    raw = {**SITE_FIXED, "community_name": ALL_RAW, "tagline": ALL_RAW}
    response = admin_client.post(edit, raw)
    assert response.status_code == 200
    findings.check(response.content.decode(), "site settings form echo")
    probe("XSS: server-side audit of every input", cases=N * 2 + N)
    findings.assert_none()


# The Content-Security-Policy on every page -------------------------------------------------


SKIPPED_PREFIXES = ("/media/", "/bijlagen/", "/static/", "/accounts/logout/")


def crawl(client: Client, start: list[str], *, limit: int) -> list[str]:
    """Same-site pages reachable by links from `start` (GET only), breadth first."""
    seen: list[str] = []
    queue = list(start)
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.append(path)
        response = client.get(path)
        if "html" not in response.get("Content-Type", ""):
            continue
        for href in re.findall(r'href="([^"#]*)"', response.content.decode()):
            target = urlsplit(urljoin(path, html_module.unescape(href)))
            if target.netloc or target.scheme not in ("", "http", "https"):
                continue
            link = target.path + (f"?{target.query}" if target.query else "")
            if link and not link.startswith(SKIPPED_PREFIXES) and link not in seen:
                queue.append(link)
    return seen


def test_every_page_of_a_crawl_carries_the_strict_csp(
    world: World, clients: Clients, probe: Probe
) -> None:
    """SecurityClient fails on any HTML answer without the strict policy; the crawl reaches
    the main pages as the admin (who sees every page there is) and as a visitor, and the
    error pages."""
    start = ["/", "/prikbord/", "/leden/", "/groepen/", "/accounts/login/", "/bestaat-niet/"]
    admin_pages = crawl(
        clients.logged_in(world.admin, role="admin"), [*start, "/accounts/manage/"], limit=150
    )
    visitor_pages = crawl(clients.visitor, start, limit=60)
    member_pages = crawl(clients.logged_in(world.stranger), ["/accounts/manage/"], limit=1)
    assert len(admin_pages) >= 40, admin_pages
    probe("CSP header on every HTML page", cases=len(admin_pages + visitor_pages + member_pages))
