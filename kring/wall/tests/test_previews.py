"""Link previews: the first link of a post, fetched safely against SSRF, stored as plain text.

Refused addresses are checked without any connection being opened. The pages that are fetched
come from a real HTTP server on 127.0.0.1, reachable only through the test-only setting
LINK_PREVIEW_ALLOWED_TEST_HOSTS; nothing leaves this machine.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.template import engines
from django.utils import timezone

from kring.accounts.models import Member
from kring.content.models import Post
from kring.spaces.queries import community_space
from kring.wall import previews
from kring.wall.models import LinkPreview, PreviewStatus
from kring.wall.previews import (
    MAX_BODY_BYTES,
    PreviewRefused,
    fetch_page,
    first_link,
    request_link_preview,
)
from kring.wall.tasks import fetch_link_preview

pytestmark = pytest.mark.django_db

OG_PAGE = """<!doctype html>
<html lang="nl"><head>
<meta charset="utf-8">
<title>Titel uit de title-tag</title>
<meta property="og:title" content="De Fietsenmaker &amp; zonen">
<meta property="og:description" content="Reparaties   binnen
 een dag, ook &lt;op&gt; zaterdag.">
<meta property="og:image" content="/plaatjes/winkel.jpg">
<meta property="og:site_name" content="Fietsenmaker Utrecht">
<meta name="description" content="Niet deze, og:description gaat voor.">
</head><body><h1>Welkom</h1></body></html>
"""

PLAIN_PAGE = """<html><head><title>  Alleen een
 titel  </title><meta name="description" content="Een gewone beschrijving."></head>
<body><svg><title>Niet deze</title></svg></body></html>"""

# Each route: (status, headers, body) or a callable writing the response itself.
Route = tuple[int, dict[str, str], bytes] | Callable[[BaseHTTPRequestHandler], None]


def html(body: str | bytes, status: int = 200, **headers: str) -> Route:
    data = body.encode() if isinstance(body, str) else body
    return (status, {"Content-Type": "text/html; charset=utf-8", **headers}, data)


def redirect(location: str, status: int = 302) -> Route:
    return (status, {"Location": location}, b"")


@dataclass
class LocalSite:
    """A real HTTP server on 127.0.0.1 that serves `routes` and records what it was asked."""

    port: int
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


@pytest.fixture
def site(settings: Any) -> Iterator[LocalSite]:
    state: dict[str, LocalSite] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            local = state["site"]
            local.requests.append((self.path, self.headers.get("Host", "")))
            route = local.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if callable(route):
                route(self)
                return
            status, headers, body = route
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    class QuietServer(ThreadingHTTPServer):
        def handle_error(self, request: Any, client_address: Any) -> None:
            pass  # the fetcher hangs up after 1 MB or at the timeout, as it should

    server = QuietServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    local = LocalSite(port=server.server_address[1])
    state["site"] = local
    settings.LINK_PREVIEW_ALLOWED_TEST_HOSTS = [f"127.0.0.1:{local.port}"]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield local
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The addresses connections were opened to (connections still work)."""
    addresses: list[str] = []
    original = previews._open_connection

    def recording(target: Any, address: Any, *, timeout: float) -> Any:
        addresses.append(str(address))
        return original(target, address, timeout=timeout)

    monkeypatch.setattr(previews, "_open_connection", recording)
    return addresses


@pytest.fixture
def no_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening any connection fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"a connection was opened: {args}")

    monkeypatch.setattr(previews, "_open_connection", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Host names resolve to what the test says (a fake DNS); the lookups are recorded."""
    answers: dict[str, list[str]] = {}
    lookups: list[str] = []
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        try:
            ipaddress.ip_address(host)
        except ValueError:
            lookups.append(host)
        else:  # an address needs no DNS (socket.create_connection asks anyway)
            return real_getaddrinfo(host, port, *args, **kwargs)
        if host not in answers:
            raise socket.gaierror("not found")
        return [
            (
                socket.AF_INET6 if ":" in ip else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (ip, port),
            )
            for ip in answers[host]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    answers["__lookups__"] = lookups
    return answers


def make_post(author: Member, body: str) -> Post:
    return Post.objects.create(space=community_space(), author=author, body=body)


def preview_of(author: Member, url: str, capture: Any) -> LinkPreview:
    post = make_post(author, f"Kijk: {url}")
    with capture(execute=True):
        preview = request_link_preview(post)
    assert preview is not None
    preview.refresh_from_db()
    return preview


def refusal(url: str) -> str:
    with pytest.raises(PreviewRefused) as raised:
        fetch_page(url)
    return str(raised.value)


# The first link


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("Zie https://example.nl/pagina?a=1&b=2.", "https://example.nl/pagina?a=1&b=2"),
        ("Lees [dit stuk](http://example.nl/stuk) eens", "http://example.nl/stuk"),
        ("<https://example.nl/x>, en https://tweede.nl", "https://example.nl/x"),
        ("Wat vind je van HTTPS://EXAMPLE.NL/Hoofd!", "HTTPS://EXAMPLE.NL/Hoofd"),
        ("ftp://example.nl/bestand en daarna http://example.nl/", "http://example.nl/"),
        ("Geen link, alleen www.example.nl", None),
        ("http://:80/ is geen host", None),
        ("", None),
    ],
)
def test_first_link_finds_the_first_http_link(text: str, link: str | None) -> None:
    assert first_link(text) == link


# Asking for a preview


def test_request_link_preview_makes_a_pending_preview_fetched_after_commit(
    member: Member, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    fetched: list[int] = []
    monkeypatch.setattr(previews, "fill_link_preview", fetched.append)
    monkeypatch.setattr("kring.wall.tasks.fill_link_preview", fetched.append)
    post = make_post(member, "Mooi: https://example.nl/fietsen")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        preview = request_link_preview(post)
    assert preview is not None
    assert (preview.url, preview.status) == ("https://example.nl/fietsen", PreviewStatus.PENDING)
    assert fetched == []  # nothing is fetched before the post is committed
    for callback in callbacks:
        callback()
    assert fetched == [preview.pk]


def test_request_link_preview_follows_edits_of_the_post(
    member: Member, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr("kring.wall.tasks.fill_link_preview", lambda _preview_id: None)
    post = make_post(member, "Zonder link")
    assert request_link_preview(post) is None
    assert not LinkPreview.objects.exists()

    post.body = "Met https://example.nl/een"
    first = request_link_preview(post)
    assert first is not None
    LinkPreview.objects.filter(pk=first.pk).update(status=PreviewStatus.READY, title="Een")
    post.body = "Nog steeds https://example.nl/een, andere tekst"
    assert request_link_preview(post) == first
    assert LinkPreview.objects.get().title == "Een"

    post.body = "Nu https://example.nl/twee"
    second = request_link_preview(post)
    assert second is not None
    assert second.pk == first.pk
    stored = LinkPreview.objects.get()
    assert (stored.url, stored.status, stored.title) == (
        "https://example.nl/twee",
        PreviewStatus.PENDING,
        "",
    )

    post.body = "Link weer weg"
    assert request_link_preview(post) is None
    assert not LinkPreview.objects.exists()


# SSRF: refused without a connection


@pytest.mark.usefixtures("no_connection")
@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/", "not public"),
        ("http://127.0.0.1:80/admin", "not public"),
        ("http://10.0.0.1/", "not public"),
        ("https://192.168.1.1/", "not public"),
        ("http://172.16.0.1/", "not public"),
        ("http://169.254.169.254/latest/meta-data/", "not public"),
        ("http://100.64.0.1/", "not public"),
        ("http://0.0.0.0/", "not public"),
        ("http://224.0.0.1/", "not public"),
        ("http://240.0.0.1/", "not public"),
        ("http://[::1]/", "not public"),
        ("http://[::]/", "not public"),
        ("http://[::ffff:127.0.0.1]/", "not public"),
        ("http://[::ffff:169.254.169.254]/", "not public"),
        ("http://[fe80::1]/", "not public"),
        ("http://[fc00::1]/", "not public"),
        ("http://[fec0::1]/", "not public"),
        ("http://[ff02::1]/", "not public"),
        ("http://[2002:7f00:1::1]/", "not public"),
        ("http://[64:ff9b::a00:1]/", "not public"),
        ("http://2130706433/", "not public"),
        ("http://0x7f000001/", "not public"),
        ("http://93.184.215.14:8080/", "port 8080"),
        ("https://93.184.215.14:8443/", "port 8443"),
        ("http://93.184.215.14:22/", "port 22"),
        ("ftp://93.184.215.14/", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("gopher://93.184.215.14:70/", "only http and https"),
        ("http://gebruiker:wachtwoord@93.184.215.14/", "credentials"),
        ("http://93.184.215.14:99999/", "invalid URL"),
    ],
)
def test_fetch_page_refuses_what_is_not_public_http_on_80_or_443(url: str, reason: str) -> None:
    assert reason in refusal(url)


@pytest.mark.usefixtures("no_connection")
def test_a_name_resolving_to_a_private_address_is_refused(resolver: dict[str, Any]) -> None:
    resolver["intranet.example.nl"] = ["10.1.2.3"]
    resolver["half.example.nl"] = ["93.184.215.14", "192.168.0.10"]
    resolver["metadata.example.nl"] = ["fd00:ec2::254"]
    for host in ("intranet.example.nl", "half.example.nl", "metadata.example.nl"):
        assert "not public" in refusal(f"https://{host}/")
    assert "not found" in refusal("https://bestaat-niet.example.nl/")


def test_a_redirect_to_a_private_address_is_refused_without_connecting_there(
    member: Member,
    site: LocalSite,
    opened: list[str],
    resolver: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    resolver["intern.example.nl"] = ["10.0.0.7"]
    site.routes["/naar-metadata"] = redirect("http://169.254.169.254/latest/meta-data/")
    site.routes["/naar-intern"] = redirect("http://intern.example.nl/")
    site.routes["/naar-localhost"] = redirect("http://localhost/", status=307)
    site.routes["/naar-ftp"] = redirect("ftp://example.nl/bestand", status=301)
    resolver["localhost"] = ["127.0.0.1"]
    for path in ("/naar-metadata", "/naar-intern", "/naar-localhost", "/naar-ftp"):
        preview = preview_of(member, site.url(path), django_capture_on_commit_callbacks)
        assert preview.status == PreviewStatus.FAILED
        assert preview.error in {
            "the address is not public",
            "only http and https links are fetched",
        }
    assert set(opened) == {"127.0.0.1"}
    assert len(opened) == 4  # one connection per post, to the test server only


def test_the_test_hosts_setting_is_exact_and_honoured_only_in_tests(
    site: LocalSite, settings: Any
) -> None:
    site.routes["/"] = html(OG_PAGE)
    assert fetch_page(site.url("/")).body.startswith(b"<!doctype html>")
    settings.LINK_PREVIEW_ALLOWED_TEST_HOSTS = [f"127.0.0.1:{site.port + 1}"]
    assert "port" in refusal(site.url("/"))
    settings.LINK_PREVIEW_ALLOWED_TEST_HOSTS = [f"127.0.0.1:{site.port}"]
    settings.TESTING = False
    assert "port" in refusal(site.url("/"))
    assert site.requests == [("/", f"127.0.0.1:{site.port}")]


# Fetching and reading a page


def test_a_page_with_open_graph_tags_gives_a_ready_preview(
    member: Member, site: LocalSite, django_capture_on_commit_callbacks: Any
) -> None:
    site.routes["/winkel"] = html(OG_PAGE)
    preview = preview_of(member, site.url("/winkel"), django_capture_on_commit_callbacks)
    assert preview.status == PreviewStatus.READY
    assert preview.title == "De Fietsenmaker & zonen"
    assert preview.description == "Reparaties binnen een dag, ook <op> zaterdag."
    assert preview.image_url == site.url("/plaatjes/winkel.jpg")
    assert preview.site_name == "Fietsenmaker Utrecht"
    assert preview.error == ""
    assert preview.fetched_at is not None
    assert site.requests == [("/winkel", f"127.0.0.1:{site.port}")]


def test_without_open_graph_the_title_and_description_tags_serve(
    member: Member, site: LocalSite, django_capture_on_commit_callbacks: Any
) -> None:
    site.routes["/gewoon"] = html(PLAIN_PAGE)
    preview = preview_of(member, site.url("/gewoon"), django_capture_on_commit_callbacks)
    assert preview.status == PreviewStatus.READY
    assert preview.title == "Alleen een titel"
    assert preview.description == "Een gewone beschrijving."
    assert preview.image_url == ""
    assert preview.site_name == "127.0.0.1"  # without a site name, the host


def test_the_connection_goes_to_the_checked_address_with_the_name_as_host(
    site: LocalSite, settings: Any, resolver: dict[str, Any], opened: list[str]
) -> None:
    # DNS rebinding: the first answer is checked, a later one would point elsewhere.
    answers = iter([["127.0.0.1"], ["10.0.0.1"]])
    resolver["winkel.test"] = ["127.0.0.1"]
    original = socket.getaddrinfo

    def rebinding(host: str, *args: Any, **kwargs: Any) -> Any:
        resolver["winkel.test"] = next(answers)
        return original(host, *args, **kwargs)

    settings.LINK_PREVIEW_ALLOWED_TEST_HOSTS = [f"winkel.test:{site.port}"]
    site.routes["/"] = html(OG_PAGE)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket, "getaddrinfo", rebinding)
        page = fetch_page(f"http://winkel.test:{site.port}/")
    assert page.body.startswith(b"<!doctype html>")
    assert opened == ["127.0.0.1"]
    assert site.requests == [("/", f"winkel.test:{site.port}")]
    assert resolver["__lookups__"] == ["winkel.test"]  # resolved once, by us


def test_text_is_plain_capped_and_only_http_images_are_kept(
    member: Member, site: LocalSite, django_capture_on_commit_callbacks: Any
) -> None:
    long_title = "Lang " * 200
    site.routes["/"] = html(
        f"""<head><meta property="og:title" content="{long_title}">
        <meta property="og:description" content="Regel&#10;met\x07controle\x1btekens <b>vet</b>">
        <meta property="og:image" content="javascript:alert(1)"></head>"""
    )
    preview = preview_of(member, site.url("/"), django_capture_on_commit_callbacks)
    assert preview.status == PreviewStatus.READY
    assert len(preview.title) == previews.TITLE_LENGTH
    assert preview.title.endswith("…")
    assert preview.description == "Regel met controle tekens <b>vet</b>"
    assert preview.image_url == ""

    site.routes["/cdn"] = html(
        '<title>x</title><meta property="og:image" content="//cdn.example.nl/a.png">'
    )
    preview = preview_of(member, site.url("/cdn"), django_capture_on_commit_callbacks)
    assert preview.image_url == "http://cdn.example.nl/a.png"


def test_the_page_charset_is_respected(site: LocalSite) -> None:
    site.routes["/latin"] = (
        200,
        {"Content-Type": "text/html"},
        '<meta charset="iso-8859-1"><title>Caf\u00e9 ge\u00efnteresseerd</title>'.encode("latin-1"),
    )
    card = previews.read_preview(fetch_page(site.url("/latin")))
    assert card.title == "Caf\u00e9 ge\u00efnteresseerd"


def test_redirects_are_followed_three_times_at_most(site: LocalSite) -> None:
    site.routes["/1"] = redirect("/2")
    site.routes["/2"] = redirect(site.url("/3"), status=301)
    site.routes["/3"] = redirect("/pagina", status=308)
    site.routes["/pagina"] = html(OG_PAGE)
    page = fetch_page(site.url("/1"))
    assert page.url == site.url("/pagina")
    site.routes["/0"] = redirect("/1")
    assert refusal(site.url("/0")) == "too many redirects"


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        ((200, {"Content-Type": "application/pdf"}, b"%PDF-1.4"), "not an HTML page"),
        ((200, {"Content-Type": "image/svg+xml"}, b"<svg/>"), "not an HTML page"),
        ((200, {}, b"<title>zonder type</title>"), "not an HTML page"),
        (html("<title>weg</title>", status=404), "HTTP 404"),
        (html("<title>fout</title>", status=500), "HTTP 500"),
        ((302, {}, b""), "redirect without a location"),
        (html("<p>Geen titel, geen beschrijving</p>"), "the page has no title or description"),
    ],
)
def test_pages_that_give_no_preview_fail_with_a_short_reason(
    member: Member,
    site: LocalSite,
    django_capture_on_commit_callbacks: Any,
    route: Route,
    reason: str,
) -> None:
    site.routes["/"] = route
    preview = preview_of(member, site.url("/"), django_capture_on_commit_callbacks)
    assert (preview.status, preview.error) == (PreviewStatus.FAILED, reason)
    assert preview.title == ""


def test_at_most_one_megabyte_is_read(
    member: Member, site: LocalSite, django_capture_on_commit_callbacks: Any
) -> None:
    filler = "<p>" + "x" * 1000 + "</p>\n"
    site.routes["/groot"] = html(OG_PAGE.replace("<h1>", filler * 3000 + "<h1>"))
    page = fetch_page(site.url("/groot"))
    assert len(page.body) == MAX_BODY_BYTES
    preview = preview_of(member, site.url("/groot"), django_capture_on_commit_callbacks)
    assert preview.status == PreviewStatus.READY  # the head came within the first megabyte

    site.routes["/laat"] = html(filler * 1500 + "<title>Te laat</title>")
    preview = preview_of(member, site.url("/laat"), django_capture_on_commit_callbacks)
    assert (preview.status, preview.error) == (
        PreviewStatus.FAILED,
        "the page has no title or description",
    )


def slow_answer(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(2)
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    handler.wfile.write(b"<title>te laat</title>")


def dripping_answer(handler: BaseHTTPRequestHandler) -> None:
    """Headers at once, then one byte every 50 ms: no single read ever times out."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    handler.wfile.write(b"<title>")
    deadline = time.monotonic() + 3
    try:
        while time.monotonic() < deadline:
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.05)
    except OSError:
        pass  # the fetcher hung up, as it should


@pytest.mark.parametrize("answer", [slow_answer, dripping_answer])
def test_the_whole_fetch_stops_at_the_timeout(
    member: Member,
    site: LocalSite,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
    answer: Callable[[BaseHTTPRequestHandler], None],
) -> None:
    monkeypatch.setattr(previews, "TIMEOUT_SECONDS", 0.5)
    site.routes["/traag"] = answer
    started = time.monotonic()
    preview = preview_of(member, site.url("/traag"), django_capture_on_commit_callbacks)
    assert time.monotonic() - started < 1.5
    assert (preview.status, preview.error) == (PreviewStatus.FAILED, "timed out")


def test_the_task_leaves_deleted_posts_and_settled_previews_alone(
    member: Member, site: LocalSite
) -> None:
    site.routes["/"] = html(OG_PAGE)
    post = make_post(member, "x")
    preview = LinkPreview.objects.create(post=post, url=site.url("/"))
    post.deleted_at = timezone.now()
    post.save(update_fields=["deleted_at"])
    fetch_link_preview.call(preview.pk)
    preview.refresh_from_db()
    assert preview.status == PreviewStatus.PENDING
    assert site.requests == []
    fetch_link_preview.call(999_999)  # gone meanwhile: nothing to do


def test_a_preview_for_a_link_edited_away_meanwhile_is_not_overwritten(
    member: Member, site: LocalSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = make_post(member, "x")
    preview = LinkPreview.objects.create(post=post, url=site.url("/oud"))

    def edited_meanwhile(url: str) -> Any:
        LinkPreview.objects.filter(pk=preview.pk).update(url=site.url("/nieuw"))
        raise PreviewRefused("HTTP 404")

    monkeypatch.setattr(previews, "fetch_page", edited_meanwhile)
    fetch_link_preview.call(preview.pk)
    preview.refresh_from_db()
    assert (preview.url, preview.status) == (site.url("/nieuw"), PreviewStatus.PENDING)


# The partial

TEMPLATE = '{% from "wall/partials/_link_preview.html" import link_preview %}{{ link_preview(x) }}'


def render(item: Any) -> str:
    return str(engines["jinja2"].from_string(TEMPLATE).render({"x": item}))


def test_the_partial_shows_a_ready_preview_as_text_without_the_remote_image(
    member: Member, django_assert_num_queries: Any
) -> None:
    post = make_post(member, "https://example.nl/")
    LinkPreview.objects.create(
        post=post,
        url="https://example.nl/",
        status=PreviewStatus.READY,
        title="<script>Titel</script>",
        description="Beschrijving",
        site_name="Voorbeeld",
        image_url="https://example.nl/beeld.jpg",
    )
    fresh = Post.objects.select_related("link_preview").get(pk=post.pk)
    with django_assert_num_queries(0):
        page = render(fresh)
    assert page == render(fresh.link_preview)
    assert (
        '<a href="https://example.nl/" rel="nofollow ugc noopener">'
        "&lt;script&gt;Titel&lt;/script&gt;</a>"
    ) in page
    assert "Beschrijving" in page
    assert "Voorbeeld" in page
    assert "<img" not in page
    assert "beeld.jpg" not in page


def test_the_partial_shows_nothing_for_pending_failed_or_missing_previews(
    member: Member, django_assert_num_queries: Any
) -> None:
    pending = make_post(member, "https://example.nl/a")
    LinkPreview.objects.create(post=pending, url="https://example.nl/a", title="Nog niet")
    failed = make_post(member, "https://example.nl/b")
    LinkPreview.objects.create(
        post=failed, url="https://example.nl/b", status=PreviewStatus.FAILED, title="Mis"
    )
    without = make_post(member, "geen link")
    posts = Post.objects.select_related("link_preview").filter(
        pk__in=[pending.pk, failed.pk, without.pk]
    )
    loaded = list(posts)
    with django_assert_num_queries(0):
        assert all(render(post).strip() == "" for post in loaded)
    assert render(None).strip() == ""


def test_https_connects_to_the_checked_address_and_verifies_the_certificate_for_the_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wrapped: list[tuple[Any, str]] = []

    def tcp_connect(self: Any) -> None:
        self.sock = f"tcp to {self.host}:{self.port}"

    monkeypatch.setattr(http.client.HTTPConnection, "connect", tcp_connect)
    target = previews.parse_target("https://winkel.example.nl/pad?q=1")
    connection = previews._open_connection(target, ipaddress.ip_address("93.184.215.14"), timeout=1)
    context = connection._context
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    monkeypatch.setattr(
        context,
        "wrap_socket",
        lambda sock, server_hostname: wrapped.append((sock, server_hostname)) or sock,
    )
    connection.connect()
    assert wrapped == [("tcp to 93.184.215.14:443", "winkel.example.nl")]
    assert (target.host_header, target.path) == ("winkel.example.nl", "/pad?q=1")
