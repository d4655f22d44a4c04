"""Pages by URL and feeds, fetched from a real HTTP server on 127.0.0.1 that the test starts."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ingest.fetching import FetchError, check_address, fetch
from ingest.models import Feed, FeedEntry, IngestBatch, SourceDocument
from tests.ingest.http_server import Answer, LocalServer

pytestmark = pytest.mark.django_db

PAGE = b"""<html><head><title>Secretary Blinken's Call with Israeli Foreign Minister Ashkenazi</title>
</head><body><article><h1>Secretary Blinken's Call with Israeli Foreign Minister Ashkenazi</h1>
<p>February 22, 2021</p>
<p>Secretary of State Antony J. Blinken spoke today with Israeli Foreign Minister Gabi
Ashkenazi about Iran and regional security.</p></article></body></html>"""


@pytest.fixture
def server(settings):
    # The server is on loopback: allow exactly its address, nothing else private.
    settings.INGEST_ALLOW_PRIVATE_ADDRESSES = "127.0.0.1"
    settings.INGEST_FETCH_TIMEOUT = 5
    with LocalServer() as running:
        yield running


def rss(server, items, relative=()):
    """An RSS feed of (path, title); paths in `relative` are linked as they are."""
    entries = "".join(
        f"<item><title>{title}</title>"
        f"<link>{path if path in relative else server.url(path)}</link><guid>{path}</guid>"
        f"<pubDate>Mon, 22 Feb 2021 12:00:00 GMT</pubDate></item>"
        for path, title in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Readouts</title>'
        f"<link>{server.base}</link>{entries}</channel></rss>"
    ).encode()


def test_a_page_by_url_is_kept_with_its_final_address_and_ingested(server):
    server.routes["/old"] = Answer(301, headers={"Location": "/readout"})
    server.routes["/readout"] = Answer(200, PAGE, {"Content-Type": "text/html"})

    call_command("ingest_url", server.url("/old"))

    document = SourceDocument.objects.get()
    assert document.status == "ingested", document.error
    assert bytes(document.raw) == PAGE
    assert document.requested_url == server.url("/old")
    assert document.url == server.url("/readout")
    assert document.article.url == server.url("/readout")
    assert IngestBatch.objects.get().origin == "urls"

    # The same address again is the same document: not fetched twice.
    call_command("ingest_url", server.url("/old"))
    assert SourceDocument.objects.count() == 1 and server.hits("/readout") == 1


def test_a_feed_fetches_its_new_entries_only(server):
    server.routes["/one"] = Answer(200, PAGE.replace(b"today", b"on Monday"))
    server.routes["/two"] = Answer(200, PAGE.replace(b"Iran", b"Gaza"))
    server.routes["/three"] = Answer(200, PAGE.replace(b"Iran", b"Lebanon"))
    server.routes["/feed"] = Answer(200, rss(server, [("/one", "One"), ("/two", "Two")]))

    call_command("ingest_feed", server.url("/feed"), "--outlet", "State Dept")
    feed = Feed.objects.get()
    assert (feed.title, feed.last_status, feed.error) == ("Readouts", 200, "")
    assert feed.entries.count() == 2

    server.routes["/feed"] = Answer(
        200,
        rss(server, [("/three", "Three"), ("/one", "One"), ("/two", "Two")], relative={"/three"}),
    )
    call_command("ingest_feed", server.url("/feed"))

    assert [server.hits(p) for p in ("/one", "/two", "/three")] == [1, 1, 1]
    assert SourceDocument.objects.filter(url=server.url("/three")).exists()  # a relative link
    assert feed.entries.count() == 3
    documents = SourceDocument.objects.order_by("pk")
    assert [d.status for d in documents] == ["ingested"] * 3
    assert {d.outlet_name for d in documents} == {"State Dept"}
    assert IngestBatch.objects.filter(origin="feed").count() == 2


def test_a_feed_not_modified_is_answered_304_and_nothing_is_fetched(server):
    server.routes["/one"] = Answer(200, PAGE)
    server.routes["/feed"] = Answer(200, rss(server, [("/one", "One")]), etag='"v1"')
    call_command("ingest_feed", server.url("/feed"))

    call_command("ingest_feed", server.url("/feed"))

    feed = Feed.objects.get()
    assert feed.etag == '"v1"' and feed.last_status == 304
    feed_requests = [headers for path, headers in server.requests if path == "/feed"]
    assert feed_requests[1].get("If-None-Match") == '"v1"'
    assert server.hits("/one") == 1 and FeedEntry.objects.count() == 1


def test_a_page_that_does_not_answer_in_time_fails_with_the_reason(server, settings):
    settings.INGEST_FETCH_TIMEOUT = 0.5
    server.routes["/slow"] = Answer(200, PAGE, delay=3)

    with pytest.raises(CommandError):
        call_command("ingest_url", server.url("/slow"))

    document = SourceDocument.objects.get()
    assert document.status == "failed"
    assert "No answer from" in document.error and "within 0.5 seconds" in document.error


def test_a_page_of_garbage_is_kept_and_fails_with_the_reason(server):
    garbage = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    server.routes["/image"] = Answer(200, garbage, {"Content-Type": "image/png"})

    with pytest.raises(CommandError):
        call_command("ingest_url", server.url("/image"))

    document = SourceDocument.objects.get()
    assert bytes(document.raw) == garbage
    assert document.status == "failed" and "PNG" in document.error


def test_a_server_error_fails_the_page_and_the_others_go_on(server):
    server.routes["/broken"] = Answer(500, b"oops")
    server.routes["/fine"] = Answer(200, PAGE)

    with pytest.raises(CommandError, match="1 of 2 pages failed"):
        call_command("ingest_url", server.url("/broken"), server.url("/fine"))

    broken = SourceDocument.objects.get(requested_url=server.url("/broken"))
    assert broken.status == "failed" and "answered 500 Internal Server Error" in broken.error
    assert SourceDocument.objects.get(requested_url=server.url("/fine")).status == "ingested"


@pytest.mark.parametrize("chunked", [False, True], ids=["declared", "streamed"])
def test_an_oversized_body_is_refused(server, settings, chunked):
    settings.INGEST_FETCH_MAX_BYTES = 1000
    server.routes["/big"] = Answer(200, b"x" * 50_000, chunked=chunked)

    with pytest.raises(FetchError, match="larger than the limit of 1,000 bytes"):
        fetch(server.url("/big"))


def test_a_redirect_to_a_loopback_address_is_refused(server):
    # Only the test server's own address is allowed; 127.0.0.2 is loopback like any other.
    server.routes["/hop"] = Answer(302, headers={"Location": "http://127.0.0.2:9/admin"})

    with pytest.raises(CommandError):
        call_command("ingest_url", server.url("/hop"))

    document = SourceDocument.objects.get()
    assert document.status == "failed"
    assert "private or loopback network (127.0.0.2)" in document.error


def test_loopback_is_refused_unless_allowed(server, settings):
    settings.INGEST_ALLOW_PRIVATE_ADDRESSES = ""
    server.routes["/page"] = Answer(200, PAGE)

    with pytest.raises(FetchError, match="private or loopback"):
        fetch(server.url("/page"))
    assert server.requests == []  # refused before any connection

    settings.INGEST_ALLOW_PRIVATE_ADDRESSES = "1"
    assert fetch(server.url("/page")).content == PAGE


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1/x", "file:///etc/passwd", "http:///nohost", "gopher://x"]
)
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FetchError):
        check_address(url)


def test_too_many_redirects_stop(server, settings):
    settings.INGEST_FETCH_MAX_REDIRECTS = 2
    for n in range(5):
        server.routes[f"/r{n}"] = Answer(302, headers={"Location": f"/r{n + 1}"})

    with pytest.raises(FetchError, match="More than 2 redirects"):
        fetch(server.url("/r0"))
    assert server.hits("/r3") == 0


def test_a_feed_that_fails_or_is_garbage_keeps_the_reason(server):
    server.routes["/feed"] = Answer(500, b"down")
    with pytest.raises(CommandError):
        call_command("ingest_feed", server.url("/feed"))
    feed = Feed.objects.get()
    assert "answered 500" in feed.error and feed.failures == 1

    server.routes["/feed"] = Answer(200, b"\x89PNG\r\n\x1a\n not a feed at all")
    with pytest.raises(CommandError):
        call_command("ingest_feed", server.url("/feed"))
    feed.refresh_from_db()
    assert "is not an RSS or Atom feed" in feed.error and feed.failures == 2
    assert not SourceDocument.objects.exists()


def test_editors_paste_urls_in_admin(server, admin_client):
    server.routes["/readout"] = Answer(200, PAGE)
    form = reverse("admin:ingest_sourcedocument_fetch")

    bad = admin_client.post(form, {"urls": "javascript:alert(1)\n" + server.url("/readout")})
    assert "Not http or https addresses" in bad.content.decode()
    assert not SourceDocument.objects.exists()

    response = admin_client.post(form, {"urls": server.url("/readout"), "outlet": "State"})
    assert response.status_code == 200
    document = SourceDocument.objects.get()
    assert (document.status, document.outlet_name) == ("ingested", "State")
    assert document.filename in response.content.decode()


def test_the_workers_poll_registered_feeds_when_due(server):
    from ingest.feeds import enqueue_due_feeds

    server.routes["/one"] = Answer(200, PAGE)
    server.routes["/feed"] = Answer(200, rss(server, [("/one", "One")]))
    Feed.objects.create(url=server.url("/feed"), interval_minutes=30)
    Feed.objects.create(url=server.url("/paused"), active=False)

    assert enqueue_due_feeds() == 1  # the immediate backend polls it at once
    assert enqueue_due_feeds() == 0  # not due again for 30 minutes
    assert server.hits("/feed") == 1 and server.hits("/paused") == 0
    assert SourceDocument.objects.get().status == "ingested"


def test_a_host_name_is_kept_in_the_url_and_host_header_when_pinned_to_its_address(server):
    server.routes["/page"] = Answer(200, PAGE)
    port = server.url("").rsplit(":", 1)[1]
    if check_address(f"http://localhost:{port}/").version != 4:
        pytest.skip("localhost resolves to IPv6 first here; the server listens on 127.0.0.1")

    page = fetch(f"http://localhost:{port}/page")

    assert page.content == PAGE and page.url == f"http://localhost:{port}/page"
    [(_, headers)] = server.requests
    assert headers["Host"] == f"localhost:{port}"  # the name kept, the connection pinned


def test_editors_register_a_feed_and_see_its_entries_and_errors(server, admin_client):
    server.routes["/one"] = Answer(200, PAGE)
    server.routes["/feed"] = Answer(200, rss(server, [("/one", "One")]))
    add = admin_client.post(
        reverse("admin:ingest_feed_add"),
        {
            "url": server.url("/feed"),
            "title": "",
            "outlet_name": "State",
            "interval_minutes": 15,
            "active": "on",
        },
    )
    assert add.status_code == 302
    feed = Feed.objects.get()
    admin_client.post(
        reverse("admin:ingest_feed_changelist"),
        {"action": "poll_now", "_selected_action": [feed.pk]},
    )

    page = admin_client.get(reverse("admin:ingest_feed_change", args=[feed.pk])).content.decode()
    assert "Readouts" in page and "1 entries" in page
    entries = admin_client.get(
        reverse("admin:ingest_feedentry_changelist"), {"feed__id__exact": feed.pk}
    )
    assert "One" in entries.content.decode()
    assert feed.history.count() == 1  # the editor's registration; polls leave no history
