"""Feeds: a poll fetches the feed (a conditional GET), notes every entry, and queues the pages
of the entries never seen before; a feed that cannot be read keeps the reason for an editor."""

import datetime as dt
import logging
from dataclasses import dataclass
from urllib.parse import urljoin

import feedparser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ingest.fetching import FetchError, fetch
from ingest.models import BatchOrigin, Feed, FeedEntry, SourceDocument
from ingest.pages import filename_for
from ingest.queue import queue_documents, run_now

log = logging.getLogger(__name__)


@dataclass
class FeedPoll:
    """What one poll found."""

    feed: Feed
    status: int | None = None
    entries: int = 0
    new: int = 0
    error: str = ""
    batch_id: int | None = None

    def __str__(self):
        if self.error:
            return f"{self.feed.url}: {self.error}"
        if self.status == 304:
            return f"{self.feed.url}: not modified since the last poll"
        return f"{self.feed.url}: {self.entries} entries, {self.new} new"


@dataclass(frozen=True)
class Entry:
    key: str
    url: str
    title: str
    published: dt.date | None


def poll_feed(*, feed: Feed, background: bool = True) -> FeedPoll:
    """Poll a feed once and queue its new entries (ingest them here with `background=False`)."""
    poll = FeedPoll(feed)
    try:
        fetched = fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
    except FetchError as exc:
        return _failed(poll, str(exc))
    poll.status = fetched.status
    if fetched.not_modified:
        _polled(feed, status=304)
        return poll
    parsed = feedparser.parse(
        fetched.content,
        response_headers={"content-type": fetched.content_type, "content-location": fetched.url},
    )
    entries = [e for e in (_entry(item, fetched.url) for item in parsed.entries) if e]
    if not entries and (parsed.bozo or not parsed.version):
        reason = getattr(parsed, "bozo_exception", None)
        return _failed(
            poll,
            f"{fetched.url} is not an RSS or Atom feed" + (f" ({reason})." if reason else "."),
            status=fetched.status,
        )
    poll.entries = len(entries)
    documents = _note_entries(feed, entries)
    poll.new = len(documents)
    _polled(
        feed,
        status=fetched.status,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        title=feed.title or str(parsed.feed.get("title", ""))[:300],
    )
    if documents:
        queue = queue_documents if background else run_now
        queued = queue(
            documents=documents,
            origin=BatchOrigin.FEED,
            description=f"{feed}: {len(documents)} new entries",
        )
        poll.batch_id = queued.batch.pk if queued.batch else None
    return poll


def _entry(item, base) -> Entry | None:
    link = str(item.get("link") or "").strip()
    if not link:
        return None
    # A relative link is the feed's own; anything but http(s) is dropped by the fetch's check.
    url = urljoin(base, link)
    key = str(item.get("id") or url).strip()[:500]
    published = item.get("published_parsed") or item.get("updated_parsed")
    return Entry(
        key=key,
        url=url[:1000],
        title=str(item.get("title") or "")[:500],
        published=dt.date(*published[:3]) if published else None,
    )


def _note_entries(feed, entries) -> list[SourceDocument]:
    """Note the entries never seen in this feed; the documents to fetch for them.

    An entry whose page is already a source document (from another feed, or pasted) is noted
    with that document and not fetched again.
    """
    with transaction.atomic():
        # One poll of a feed at a time notes its entries: two workers never both take one.
        Feed.objects.select_for_update().filter(pk=feed.pk).first()
        seen = set(
            FeedEntry.objects.filter(feed=feed, key__in=[e.key for e in entries]).values_list(
                "key", flat=True
            )
        )
        new = list({e.key: e for e in entries if e.key not in seen}.values())
        known = {}
        for document in SourceDocument.objects.filter(
            Q(requested_url__in=[e.url for e in new]) | Q(url__in=[e.url for e in new])
        ):
            for url in (document.requested_url, document.url):
                known.setdefault(url, document)
        to_fetch, rows = [], []
        for entry in new:
            document = known.get(entry.url)
            if document is None:
                document = SourceDocument.objects.create(
                    filename=filename_for(entry.url),
                    raw=b"",
                    sha256=None,
                    requested_url=entry.url,
                    url=entry.url,
                    title=entry.title,
                    published=entry.published,
                    outlet_name=feed.outlet_name,
                )
                known[entry.url] = document
                to_fetch.append(document)
            rows.append(
                FeedEntry(
                    feed=feed, key=entry.key, url=entry.url, title=entry.title, document=document
                )
            )
        FeedEntry.objects.bulk_create(rows)
    return to_fetch


def _polled(feed, *, status, etag=None, last_modified=None, title=None):
    now = timezone.now()
    values = {
        "last_polled_at": now,
        "next_poll_at": now + dt.timedelta(minutes=feed.interval_minutes),
        "last_status": status,
        "error": "",
        "failures": 0,
    }
    if etag is not None:
        values.update(etag=etag[:300], last_modified=last_modified[:100])
    if title:
        values["title"] = title
    Feed.objects.filter(pk=feed.pk).update(**values)
    for key, value in values.items():
        setattr(feed, key, value)


def _failed(poll, error, status=None) -> FeedPoll:
    feed = poll.feed
    now = timezone.now()
    Feed.objects.filter(pk=feed.pk).update(
        last_polled_at=now,
        next_poll_at=now + dt.timedelta(minutes=feed.interval_minutes),
        last_status=status,
        error=error,
        failures=feed.failures + 1,
    )
    feed.error, feed.failures = error, feed.failures + 1
    poll.error, poll.status = error, status
    log.warning("Feed %s: %s", feed.url, error)
    return poll


def due_feeds(now=None):
    """Active feeds whose interval has passed since their last poll (or never polled)."""
    now = now or timezone.now()
    return Feed.objects.filter(active=True).filter(
        Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    )


def enqueue_due_feeds() -> int:
    """Enqueue a poll of every feed that is due; each is pushed to its next time first, so
    that several workers doing this enqueue each poll once."""
    from ingest.queue import queue_in_database
    from ingest.tasks import poll_feed_task

    polls = []
    with transaction.atomic():
        for feed in due_feeds().select_for_update(skip_locked=True):
            Feed.objects.filter(pk=feed.pk).update(
                next_poll_at=timezone.now() + dt.timedelta(minutes=feed.interval_minutes)
            )
            polls.append(feed.pk)
            if queue_in_database():
                poll_feed_task.enqueue(feed.pk)
    if not queue_in_database():
        for pk in polls:
            poll_feed_task.enqueue(pk)
    return len(polls)
