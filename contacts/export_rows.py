"""Calls for a streaming export, a chunk at a time, with their related rows attached by hand.

Django's prefetch_related builds a queryset per call and relation; on a 100,000-row export that
bookkeeping costs more than the rows themselves. Here each chunk of calls (read from a
server-side cursor) costs four queries, and the small reference tables (officials, posts,
outlets) are read once per export and shared. The attached rows are what
prefetch_related would give, in the same order, so the serializers cannot tell the difference.
"""

from collections import defaultdict
from itertools import islice

from contacts.models import (
    Call,
    CallParticipant,
    Official,
    Outlet,
    Position,
    Report,
)
from contacts.querysets import where_in
from ingest.models import SourceDocument

CHUNK = 2000
# The first chunk is small so the first bytes leave at once; later ones large, for throughput.
FIRST_CHUNK = 200


def _attach(instance, relation, rows):
    # Where prefetch_related keeps its results: `instance.<relation>.all()` returns `rows`.
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[relation] = rows


def _set_related(instance, field, value):
    # Where select_related keeps a related object: no query when `instance.<field>` is read.
    instance._state.fields_cache[field] = value


class _Reference:
    """The small tables every chunk points into (officials, posts, outlets), read once."""

    def __init__(self):
        self.officials = Official.objects.in_bulk()
        self.positions = Position.objects.in_bulk()
        self.outlets = Outlet.objects.in_bulk()


def _participants(ids, ref):
    by_call = defaultdict(list)
    for p in where_in(CallParticipant.objects.all(), "call_id", ids).order_by("call_id", "id"):
        _set_related(p, "official", ref.officials[p.official_id])
        _set_related(p, "position", ref.positions.get(p.position_id))
        by_call[p.call_id].append(p)
    return by_call


def _reports(ids, ref):
    reports = list(
        where_in(Report.objects.all(), "call_id", ids)
        .select_related("article")
        .defer("article__body")
        .order_by("call_id", "id")
    )
    articles = {r.article_id: r.article for r in reports}
    documents = defaultdict(list)
    rows = (
        where_in(SourceDocument.objects.all(), "article_id", articles)
        .only("id", "article_id", "filename", "created_at")
        .order_by("created_at", "id")
    )
    for document in rows:
        documents[document.article_id].append(document)
    for article in articles.values():
        _set_related(article, "outlet", ref.outlets.get(article.outlet_id))
        _attach(article, "source_documents", documents[article.pk])
    by_call = defaultdict(list)
    for report in reports:
        # One article object per article in the chunk, as prefetch_related would share it.
        _set_related(report, "article", articles[report.article_id])
        by_call[report.call_id].append(report)
    return by_call


def _topics(ids):
    by_call = defaultdict(list)
    links = (
        where_in(Call.topics.through.objects.all(), "call_id", ids)
        .select_related("topic")
        .order_by("topic__name", "topic_id")
    )
    for link in links:
        by_call[link.call_id].append(link.topic)
    return by_call


def with_related_rows(calls, chunk=None):
    """The calls of `calls` (a sorted queryset) one by one, each with participants (official and
    post), reports (article, outlet, source documents) and topics attached."""
    chunk = chunk or CHUNK
    rows = calls.iterator(chunk_size=chunk)
    ref = None
    size = min(FIRST_CHUNK, chunk)
    while batch := list(islice(rows, size)):
        size = chunk
        ref = ref or _Reference()
        ids = [call.pk for call in batch]
        participants, reports, topics = (
            _participants(ids, ref),
            _reports(ids, ref),
            _topics(ids),
        )
        for call in batch:
            _attach(call, "participants", participants[call.pk])
            _attach(call, "reports", reports[call.pk])
            _attach(call, "topics", topics[call.pk])
        yield from batch
