"""HTTP fetching of pages and feeds, within limits: a timeout for the whole fetch, a size limit
checked while reading, redirects followed by us and each checked, only http and https, and no
address on a private, loopback or link-local network unless settings allow it."""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings

USER_AGENT = "contacts-ingest/1.0 (diplomatic contacts research; fetches readouts and news)"
ALL_ADDRESSES = {"1", "true", "yes", "on", "all"}
REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(Exception):
    """A fetch that gave no usable answer; the message is for an editor."""


@dataclass(frozen=True)
class Fetched:
    """What the server answered: 200 with the body, or 304 (not modified) with none."""

    requested_url: str
    url: str  # after redirects
    status: int
    content: bytes
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self):
        return self.status == 304


def fetch(url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
    """GET `url`; with `etag` or `last_modified` a conditional GET that may answer 304.

    Raises FetchError, saying what went wrong in words, for anything but a usable answer.
    """
    timeout = settings.INGEST_FETCH_TIMEOUT
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": USER_AGENT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    # trust_env off: no proxy or .netrc from the environment decides where a request goes.
    with httpx.Client(
        timeout=httpx.Timeout(timeout), follow_redirects=False, trust_env=False
    ) as client:
        current = url
        for _ in range(settings.INGEST_FETCH_MAX_REDIRECTS + 1):
            target, host, extensions = _pinned(current, check_address(current))
            try:
                with client.stream(
                    "GET", target, headers={**headers, "Host": host}, extensions=extensions
                ) as response:
                    if response.status_code in REDIRECTS:
                        location = response.headers.get("location", "")
                        if not location:
                            raise FetchError(
                                f"{current} answered {response.status_code} (a redirect) "
                                "without saying where to."
                            )
                        current = urljoin(current, location)
                        continue
                    return _read(url, current, response, deadline)
            except httpx.TimeoutException as exc:
                raise FetchError(f"No answer from {current} within {timeout:g} seconds.") from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"Could not fetch {current}: {exc}.") from exc
    raise FetchError(
        f"More than {settings.INGEST_FETCH_MAX_REDIRECTS} redirects from {url}; stopped at "
        f"{current}."
    )


def _read(requested, url, response, deadline) -> Fetched:
    """The body of a final answer, read no further than the size limit and the deadline."""
    status = response.status_code
    if status == 304:
        return Fetched(requested, url, status, b"")
    if status >= 400 or status < 200:
        raise FetchError(f"{url} answered {status} {response.reason_phrase}.".replace(" .", "."))
    limit = settings.INGEST_FETCH_MAX_BYTES
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(_too_large(url, limit))
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > limit:
            raise FetchError(_too_large(url, limit))
        if time.monotonic() > deadline:
            raise FetchError(
                f"{url} was still sending after {settings.INGEST_FETCH_TIMEOUT:g} seconds."
            )
    return Fetched(
        requested,
        url,
        status,
        bytes(body),
        content_type=response.headers.get("content-type", ""),
        etag=response.headers.get("etag", ""),
        last_modified=response.headers.get("last-modified", ""),
    )


def _too_large(url, limit):
    return f"{url} is larger than the limit of {limit:,} bytes; not fetched."


def _pinned(url, address):
    """The URL with its host replaced by the address checked, the Host header, and the name
    TLS must verify: the connection goes where the check looked, even if the name's DNS
    answer changes in between (DNS rebinding)."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    literal = f"[{address}]" if address.version == 6 else str(address)
    netloc = literal + (f":{parts.port}" if parts.port else "")
    extensions = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
    return parts._replace(netloc=netloc).geturl(), host, extensions


def check_address(url: str):
    """The address to connect to for `url`; refuses a URL that is not http(s), or whose host
    resolves to any non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"Only http and https addresses are fetched, not {url!r}.")
    host = parts.hostname
    if not host:
        raise FetchError(f"{url!r} names no host.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError(f"{url!r} has an invalid port.") from exc
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"The host {host} could not be found.") from exc
    addresses = list(dict.fromkeys(ipaddress.ip_address(i[4][0].split("%")[0]) for i in infos))
    for address in addresses:
        if not _public(address) and not _allowed(address):
            raise FetchError(
                f"{url} is on a private or loopback network ({address}); such addresses are "
                "not fetched (INGEST_ALLOW_PRIVATE_ADDRESSES allows them)."
            )
    if not addresses:
        raise FetchError(f"The host {host} could not be found.")
    return addresses[0]


def _public(address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return address.is_global and not address.is_multicast


def _allowed(address) -> bool:
    setting = settings.INGEST_ALLOW_PRIVATE_ADDRESSES.strip().lower()
    if setting in ALL_ADDRESSES:
        return True
    for item in filter(None, (part.strip() for part in setting.split(","))):
        try:
            if address in ipaddress.ip_network(item, strict=False):
                return True
        except ValueError:
            continue
    return False
