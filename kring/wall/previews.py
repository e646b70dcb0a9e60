"""Link previews: the title, description and site name of the first link in a post.

A member chooses the URL, and our server fetches it: without care that is a server-side
request forgery (SSRF) hole into the organisation's network (the cloud's metadata service at
169.254.169.254, an admin panel on 10.x, Redis on localhost). So the fetch, in the background:
- takes http and https on ports 80 and 443 only, and no credentials in the URL;
- resolves the host name itself and refuses it when ANY of its addresses is private, loopback,
  link-local, multicast, reserved, unspecified or an IPv6 address embedding an IPv4 one;
- connects to the address it checked (Host header and TLS SNI carry the name), so a second DNS
  answer (DNS rebinding) cannot send the request elsewhere;
- follows at most 3 redirects, checking every hop the same way;
- stops after 5 seconds in all, reads at most 1 MB, and only of a text/html page;
- keeps plain, length-capped text, and an image address only if it is http(s).
Pages never show the remote image: the Content Security Policy allows images from this site
only, and loading it would tell the remote site who reads the post.
"""

from __future__ import annotations

import codecs
import contextlib
import http.client
import ipaddress
import logging
import re
import socket
import ssl
import threading
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings
from django.utils import timezone

from kring.content.models import Post
from kring.core.queueing import enqueue_with_write
from kring.wall.models import LinkPreview, PreviewStatus

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_SCHEMES = {"http": 80, "https": 443}
ALLOWED_PORTS = frozenset({80, 443})
MAX_REDIRECTS = 3
TIMEOUT_SECONDS = 5.0
MAX_BODY_BYTES = 1024 * 1024
MAX_URL_LENGTH = 2000
TITLE_LENGTH = 300
DESCRIPTION_LENGTH = 500
SITE_NAME_LENGTH = 200
ERROR_LENGTH = 200
USER_AGENT = "Kring-LinkPreview/1.0"
_READ_CHUNK = 64 * 1024
_REDIRECTS = {301, 302, 303, 307, 308}
# NAT64 translates these to IPv4 addresses, private ones included.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_LINK = re.compile(r"""https?://[^\s<>"'`()\[\]{}|\\^]+""", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,;:!?*_~"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_WANTED_META = {"og:title", "og:description", "og:image", "og:site_name", "description"}


class PreviewRefused(Exception):  # noqa: N818  (reads as `raise PreviewRefused("reason")`)
    """The link may not be fetched, or gave no usable page; the message says why, briefly."""


def first_link(text: str) -> str | None:
    """The first http(s) link in `text`, without trailing punctuation; None if there is none."""
    for match in _LINK.finditer(text or ""):
        url = match.group(0).rstrip(_TRAILING_PUNCTUATION)
        if len(url) > MAX_URL_LENGTH:
            continue
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018  (raises ValueError on a port that is not a number)
        except ValueError:
            continue
        if parts.hostname:
            return url
    return None


def request_link_preview(post: Post, *, is_new: bool = False) -> LinkPreview | None:
    """Keep `post`'s preview in step with the first link of its body: a new link gets a pending
    preview and its fetch is queued with the write (kring.core.queueing); no link, no preview.
    A post just made (`is_new`) has no preview to look for."""
    from kring.wall.tasks import fetch_link_preview  # the task module imports this one

    url = first_link(post.body)
    preview = None if is_new else LinkPreview.objects.filter(post=post).first()
    if url is None:
        if preview is not None:
            preview.delete()
        return None
    if preview is not None and preview.url == url:
        return preview
    if preview is None:
        preview = LinkPreview.objects.create(post=post, url=url)
    else:
        preview.url = url
        preview.status = PreviewStatus.PENDING
        preview.title = preview.description = preview.image_url = preview.site_name = ""
        preview.error = ""
        preview.fetched_at = None
        preview.save(
            update_fields=[
                "url",
                "status",
                "title",
                "description",
                "image_url",
                "site_name",
                "error",
                "fetched_at",
            ]
        )
    enqueue_with_write(fetch_link_preview, preview.pk)
    return preview


# Which addresses may be fetched


def is_public_address(address: IPAddress) -> bool:
    """Whether `address` is on the public internet (and embeds no other address)."""
    if isinstance(address, ipaddress.IPv6Address) and (
        address.ipv4_mapped is not None
        or address.sixtofour is not None
        or address.teredo is not None
        or address in _NAT64
        or address.is_site_local
    ):
        return False
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


@dataclass(frozen=True)
class Target:
    """Where one request goes: `host` is ASCII (IDNA) or an IP literal without brackets."""

    url: str
    scheme: str
    host: str
    port: int
    path: str
    host_header: str


def parse_target(url: str) -> Target:
    """`url` taken apart for a request; PreviewRefused if it is not an http(s) URL we fetch."""
    if len(url) > MAX_URL_LENGTH:
        raise PreviewRefused("URL too long")
    try:
        parts = urlsplit(url.strip())
        explicit_port = parts.port
    except ValueError:
        raise PreviewRefused("invalid URL") from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise PreviewRefused("only http and https links are fetched")
    if parts.username is not None or parts.password is not None:
        raise PreviewRefused("credentials in the URL")
    host = (parts.hostname or "").rstrip(".")
    if not host or "%" in host:
        raise PreviewRefused("invalid host")
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise PreviewRefused("invalid host") from None
    port = explicit_port or ALLOWED_SCHEMES[scheme]
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~-._")
    if parts.query:
        path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=~-._?")
    shown_host = f"[{ascii_host}]" if ":" in ascii_host else ascii_host
    host_header = shown_host if port == ALLOWED_SCHEMES[scheme] else f"{shown_host}:{port}"
    return Target(
        url=url, scheme=scheme, host=ascii_host, port=port, path=path, host_header=host_header
    )


def _is_test_host(target: Target) -> bool:
    """TEST-ONLY escape hatch: LINK_PREVIEW_ALLOWED_TEST_HOSTS lists exact "host:port" pairs
    (a local test server such as "127.0.0.1:8765") that skip the address and port checks.
    Honoured only when KRING_TESTING is set; never configure it in production."""
    allowed = getattr(settings, "LINK_PREVIEW_ALLOWED_TEST_HOSTS", ())
    return (
        bool(allowed)
        and bool(getattr(settings, "TESTING", False))
        and f"{target.host}:{target.port}" in allowed
    )


def resolve_host(host: str, port: int, *, timeout: float) -> list[IPAddress]:
    """Every address `host` resolves to (an IP literal is its own answer), within `timeout`."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    # getaddrinfo() has no timeout of its own: wait for it in a thread, at most `timeout`.
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="link-preview-dns")
    future = executor.submit(
        socket.getaddrinfo, host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )
    executor.shutdown(wait=False)
    try:
        answers = future.result(timeout=max(timeout, 0.01))
    except FutureTimeout:
        raise PreviewRefused("DNS lookup timed out") from None
    except (OSError, UnicodeError):
        raise PreviewRefused("host name not found") from None
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _canonname, sockaddr in answers:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise PreviewRefused("host name not found")
    return addresses


def checked_addresses(target: Target, *, timeout: float) -> list[IPAddress]:
    """The addresses `target` may be fetched from; PreviewRefused if it may not be fetched."""
    test_host = _is_test_host(target)
    if target.port not in ALLOWED_PORTS and not test_host:
        raise PreviewRefused(f"port {target.port} is not allowed")
    addresses = resolve_host(target.host, target.port, timeout=timeout)
    if not test_host and not all(is_public_address(address) for address in addresses):
        raise PreviewRefused("the address is not public")
    return addresses


# Fetching


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to an address we checked, with the certificate verified for the host name."""

    def __init__(self, address: str, port: int, *, server_hostname: str, timeout: float) -> None:
        super().__init__(address, port, timeout=timeout, context=ssl.create_default_context())
        self._server_hostname = server_hostname

    def connect(self) -> None:
        http.client.HTTPConnection.connect(self)  # TCP to the checked address
        self.sock = self._context.wrap_socket(  # type: ignore[attr-defined]
            self.sock, server_hostname=self._server_hostname
        )


def _open_connection(target: Target, address: IPAddress, *, timeout: float) -> Any:
    """A connection to `address` (not to whatever the host name resolves to next)."""
    if target.scheme == "https":
        return _PinnedHTTPSConnection(
            str(address), target.port, server_hostname=target.host, timeout=timeout
        )
    return http.client.HTTPConnection(str(address), target.port, timeout=timeout)


def _abort(connection: Any) -> None:
    """Called by the watchdog at the deadline: wakes up a read that is still waiting."""
    sock = getattr(connection, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


@dataclass(frozen=True)
class FetchedPage:
    url: str
    body: bytes
    charset: str | None


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise PreviewRefused("timed out")
    return left


def _read_capped(response: Any, deadline: float) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while total < MAX_BODY_BYTES:
        _remaining(deadline)
        chunk = response.read1(min(_READ_CHUNK, MAX_BODY_BYTES - total))
        if not chunk:
            # The watchdog ends a slow page like the server would: that is no full page.
            _remaining(deadline)
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _request(target: Target, deadline: float) -> tuple[Any, Any, threading.Timer]:
    """Send the request to the first checked address that answers: the connection, the
    response, and the watchdog that will cut the connection at the deadline."""
    addresses = checked_addresses(target, timeout=_remaining(deadline))
    last_error: Exception | None = None
    for address in addresses:
        connection = _open_connection(target, address, timeout=_remaining(deadline))
        watchdog = threading.Timer(_remaining(deadline), _abort, args=(connection,))
        watchdog.daemon = True
        watchdog.start()
        try:
            connection.request(
                "GET",
                target.path,
                headers={
                    "Host": target.host_header,
                    "User-Agent": USER_AGENT,
                    "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                    "Accept-Encoding": "identity",
                    "Connection": "close",
                },
            )
            response = connection.getresponse()
        except (OSError, http.client.HTTPException) as error:
            watchdog.cancel()
            connection.close()
            last_error = error
            continue
        return connection, response, watchdog
    if isinstance(last_error, TimeoutError) or time.monotonic() >= deadline:
        raise PreviewRefused("timed out")
    raise PreviewRefused("could not connect")


def fetch_page(url: str) -> FetchedPage:
    """The first MAX_BODY_BYTES of the HTML page at `url`, fetched safely (see module doc)."""
    deadline = time.monotonic() + TIMEOUT_SECONDS
    for _hop in range(MAX_REDIRECTS + 1):
        target = parse_target(url)
        connection, response, watchdog = _request(target, deadline)
        try:
            if response.status in _REDIRECTS:
                location = (response.getheader("Location") or "").strip()
                if not location:
                    raise PreviewRefused("redirect without a location")
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise PreviewRefused(f"HTTP {response.status}")
            content_type = response.getheader("Content-Type") or ""
            if content_type.split(";", 1)[0].strip().lower() != "text/html":
                raise PreviewRefused("not an HTML page")
            body = _read_capped(response, deadline)
            return FetchedPage(url=url, body=body, charset=response.headers.get_content_charset())
        except (OSError, http.client.HTTPException):
            if time.monotonic() >= deadline:
                raise PreviewRefused("timed out") from None
            raise PreviewRefused("the connection failed") from None
        finally:
            watchdog.cancel()
            connection.close()
    raise PreviewRefused("too many redirects")


# Reading the page


class _PreviewParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self._in_title = False
        self._title_seen = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            attributes = {name.lower(): value for name, value in attrs if value is not None}
            key = (attributes.get("property") or attributes.get("name") or "").strip().lower()
            content = attributes.get("content")
            if key in _WANTED_META and content is not None:
                self.meta.setdefault(key, content)
        elif tag == "title" and not self._title_seen:
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title = False
            self._title_seen = True

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)


def plain_text(value: str, limit: int) -> str:
    """`value` as one line of plain text, without control characters, at most `limit` long."""
    value = "".join(" " if unicodedata.category(char).startswith("C") else char for char in value)
    value = " ".join(value.split())
    if len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return value


def _charset(page: FetchedPage) -> str:
    candidates = [page.charset]
    declared = _META_CHARSET.search(page.body[:4096])
    if declared:
        candidates.append(declared.group(1).decode("ascii"))
    for candidate in candidates:
        if candidate:
            try:
                return codecs.lookup(candidate).name
            except LookupError:
                continue
    return "utf-8"


@dataclass(frozen=True)
class PreviewCard:
    title: str
    description: str
    image_url: str
    site_name: str


def read_preview(page: FetchedPage) -> PreviewCard:
    """Title, description, image address and site name of `page`; PreviewRefused if it has
    neither a title nor a description."""
    parser = _PreviewParser()
    parser.feed(page.body.decode(_charset(page), errors="replace"))
    parser.close()
    meta = parser.meta
    title = plain_text(meta.get("og:title") or "".join(parser.title_parts), TITLE_LENGTH)
    description = plain_text(
        meta.get("og:description") or meta.get("description") or "", DESCRIPTION_LENGTH
    )
    if not title and not description:
        raise PreviewRefused("the page has no title or description")
    image_url = ""
    if meta.get("og:image"):
        candidate = urljoin(page.url, meta["og:image"].strip())
        if urlsplit(candidate).scheme.lower() in ALLOWED_SCHEMES and (
            len(candidate) <= MAX_URL_LENGTH
        ):
            image_url = candidate
    return PreviewCard(
        title=title,
        description=description,
        image_url=image_url,
        site_name=plain_text(meta.get("og:site_name") or "", SITE_NAME_LENGTH),
    )


def fill_link_preview(preview_id: int) -> None:
    """Fetch the page of a pending preview and store what it says, or why it failed."""
    preview = LinkPreview.objects.select_related("post").filter(pk=preview_id).first()
    if preview is None or preview.status != PreviewStatus.PENDING or preview.post.is_deleted:
        return
    url = preview.url
    fields: dict[str, Any]
    try:
        card = read_preview(fetch_page(url))
    except PreviewRefused as refusal:
        fields = {"status": PreviewStatus.FAILED, "error": str(refusal)[:ERROR_LENGTH]}
    except Exception:  # a broken page must fail its preview, never the task queue
        logger.exception("link preview %s failed", preview_id)
        fields = {"status": PreviewStatus.FAILED, "error": "unexpected error"}
    else:
        fields = {
            "status": PreviewStatus.READY,
            "title": card.title,
            "description": card.description,
            "image_url": card.image_url,
            # Without a site name of its own, the host says where the link goes.
            "site_name": card.site_name or (urlsplit(url).hostname or "")[:SITE_NAME_LENGTH],
            "error": "",
        }
    # Only if the post still links there: an edit meanwhile asked for another preview.
    LinkPreview.objects.filter(pk=preview_id, url=url).update(**fields, fetched_at=timezone.now())
