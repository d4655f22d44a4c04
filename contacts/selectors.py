"""Page-level reads: the FilterSet applied, and querysets with everything their pages show prefetched."""

import datetime as dt

from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, prefetch_related_objects
from django.http import QueryDict
from django.shortcuts import get_object_or_404

from contacts import charts, corrections
from contacts.choices import DatePrecision, Status
from contacts.export_rows import with_related_rows
from contacts.filters import CallFilter
from contacts.models import (
    Article,
    Call,
    CallParticipant,
    Official,
    Outlet,
    Position,
    Report,
    Topic,
)
from contacts.querysets import where_in
from ingest.models import SourceDocument

ORDERINGS = {
    # Undated calls go last whichever way dates run; the id breaks ties so pages are stable.
    "newest": [F("date").desc(nulls_last=True), "-id"],
    "oldest": [F("date").asc(nulls_last=True), "id"],
    "added": ["-created_at", "-id"],
    "sources": ["-n_sources", F("date").desc(nulls_last=True), "-id"],
    "reported": [F("last_reported").desc(nulls_last=True), F("date").desc(nulls_last=True), "-id"],
}

_MONTHLY = [DatePrecision.DAY, DatePrecision.MONTH]


def visible_calls():
    """Calls analysts see: all but those an editor rejected as not a contact."""
    return Call.objects.visible()


# What an empty feed says as its last update when there are no calls at all.
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def last_change():
    """When any call last changed (created, edited, rejected), for an empty feed's <updated>."""
    return Call.objects.aggregate(last=Max("updated_at"))["last"] or EPOCH


def clean_params(params, *, fixed=None):
    """GET parameters without empty values, with a page's fixed ones (a topic page's topic) set."""
    clean = QueryDict(mutable=True)
    for key, values in params.lists():
        # Order kept, repeats dropped: "person=a&person=a" is the same filter as "person=a".
        kept = list(dict.fromkeys(value for value in values if value.strip()))
        if kept:
            clean.setlist(key, kept)
    for key, value in (fixed or {}).items():
        clean.setlist(key, [value])
    return clean


def call_filter(*, params, fixed=None, known=()):
    """A bound CallFilter for these GET parameters; `fixed` ones override what the URL says.
    `known` maps a fixed parameter to the instance the page has read already."""
    return CallFilter(clean_params(params, fixed=fixed), queryset=visible_calls(), known=known)


def filtered_calls(*, filterset):
    """The calls the filter selects, unsorted (for counts and facets); none when it is invalid."""
    if not filterset.is_valid():
        return filterset.queryset.none()
    return filterset.qs


def _sorted(calls, sort):
    if sort == "sources":
        calls = calls.annotate(n_sources=Count("reports"))
    if sort == "reported":
        # The newest publication date among the call's articles.
        calls = calls.annotate(last_reported=Max("reports__article__published"))
    return calls.order_by(*ORDERINGS[sort])


def _light_reports():
    # A row needs the outlet and the reported date, not the article body or the raw bytes.
    return Report.objects.select_related("article__outlet").defer(
        "evidence", "evidence_text", "article__body"
    )


def _participants():
    return CallParticipant.objects.select_related("official", "position")


def call_rows(*, filterset):
    """The filtered calls in the chosen order, with what a timeline row shows prefetched."""
    return _sorted(filtered_calls(filterset=filterset), filterset.chosen_sort).prefetch_related(
        Prefetch("participants", queryset=_participants()),
        Prefetch("reports", queryset=_light_reports()),
        "topics",
    )


def _source_documents():
    # Only what names the file: `raw` may hold megabytes per document.
    return SourceDocument.objects.only("id", "article_id", "filename", "created_at")


def _full_reports():
    return Report.objects.select_related("article__outlet").prefetch_related(
        Prefetch("article__source_documents", queryset=_source_documents())
    )


def export_calls(*, filterset):
    """The filtered calls in the chosen order, prefetched for the shared serializer."""
    return _sorted(filtered_calls(filterset=filterset), filterset.chosen_sort).prefetch_related(
        Prefetch("participants", queryset=_participants()),
        Prefetch("reports", queryset=_full_reports().defer("article__body")),
        "topics",
    )


def export_stream(*, filterset):
    """The filtered calls in the chosen order, read in chunks from a server-side cursor, each
    chunk with its participants, reports and topics attached (see contacts.export_rows)."""
    return with_related_rows(_sorted(filtered_calls(filterset=filterset), filterset.chosen_sort))


def call_detail(*, pk):
    """One call with its participants, topics and every report with its article and outlet."""
    calls = Call.objects.prefetch_related(
        Prefetch("participants", queryset=_participants()),
        Prefetch("reports", queryset=_full_reports().defer("article__body")),
        Prefetch("topics", queryset=Topic.objects.select_related("parent")),
    )
    return get_object_or_404(calls, pk=pk)


def call_corrections(*, call):
    """Editors' corrections of one call, newest first (three queries; see contacts.corrections)."""
    return corrections.call_corrections(call=call)


# Past this many calls the officials pages count in the newest ones, and say so: grouping a
# million calls' participants per official on every request costs seconds.
OFFICIAL_SAMPLE = 5_000
OFFICIAL_SORT_KEYS = {
    "calls": lambda official: (-official.n_calls, official.name, official.id),
    "name": lambda official: (official.name, official.id),
}


def newest_call_ids(calls, limit=None):
    """(ids of the newest `limit` (OFFICIAL_SAMPLE) of `calls`, True when there are more)."""
    limit = limit or OFFICIAL_SAMPLE
    ids = list(calls.order_by(*ORDERINGS["newest"]).values_list("pk", flat=True)[: limit + 1])
    return ids[:limit], len(ids) > limit


def calls_by_ids(ids):
    """The calls whose ids are `ids`, unsorted, sent as one parameter."""
    return where_in(Call.objects.order_by(), "id", ids)


def officials_index(*, q="", country="", post="", sort="calls", silent=False):
    """(officials, sampled): officials with their number of calls and last call's month, most
    calls first by default, as a list; `sampled` when those were counted in the newest
    OFFICIAL_SAMPLE calls only.

    Filtered by a name or alias, a country and a post ever held (a role key); officials
    without calls are left out unless `silent`.
    """
    officials = Official.objects.all()
    if q:
        # A subquery: the alias join inside search() would multiply the rows.
        officials = officials.filter(pk__in=Official.objects.search(q).values("pk"))
    if country:
        officials = officials.filter(country=country)
    if post:
        officials = officials.filter(pk__in=Position.objects.filter(role=post).values("official"))
    if not silent:
        # Exact whatever the sample: one probe of the (official, call) index per official.
        visible = CallParticipant.objects.filter(official=OuterRef("pk")).exclude(
            call__status=Status.REJECTED
        )
        officials = officials.filter(Exists(visible))
    officials = list(officials)
    ids, sampled = newest_call_ids(visible_calls())
    # Only a call dated to the day or month has a month to show as the last one.
    stats = {
        row["official_id"]: row
        for row in where_in(CallParticipant.objects.order_by(), "call_id", ids)
        .values("official_id")
        .annotate(
            n=Count("call_id"),
            last=Max("call__date", filter=Q(call__date_precision__in=_MONTHLY)),
        )
    }
    for official in officials:
        row = stats.get(official.pk, {})
        official.n_calls, official.last_call = row.get("n", 0), row.get("last")
    return sorted(officials, key=OFFICIAL_SORT_KEYS[sort]), sampled


def with_positions(officials):
    """`officials` (a page of them) with their posts prefetched, newest first."""
    prefetch_related_objects(
        officials, Prefetch("positions", queryset=Position.objects.order_by("-start", "-id"))
    )
    return officials


def official_detail(*, slug):
    """One official with their aliases and posts in order of office."""
    officials = Official.objects.prefetch_related(
        "aliases", Prefetch("positions", queryset=Position.objects.order_by("start", "id"))
    )
    return get_object_or_404(officials, slug=slug)


def calls_per_day(*, calls):
    """{(date_precision, date): number of calls} of `calls`, in one grouped query. Grouping by
    the stored date, not a month computed per row, lets SQLite read it from an index."""
    rows = calls.order_by().values_list("date_precision", "date").annotate(n=Count("pk"))
    return {(precision, date): n for precision, date, n in rows}


def _per_month(days):
    counts, unplaced = {}, 0
    for (precision, date), n in days.items():
        if precision in _MONTHLY:
            month = date.replace(day=1)
            counts[month] = counts.get(month, 0) + n
        else:
            unplaced += n
    return counts, unplaced


def _per_day(days):
    counts, unplaced = {}, 0
    for (precision, date), n in days.items():
        if precision == DatePrecision.DAY:
            counts[date] = counts.get(date, 0) + n
        else:
            unplaced += n
    return counts, unplaced


def call_chart(*, calls, link):
    """The chart of `calls` per month, or per week when they span a few months; None if none
    is dated. One grouped query."""
    days = calls_per_day(calls=calls)
    monthly, unplaced = _per_month(days)
    if charts.is_short(monthly):
        daily, unplaced = _per_day(days)
        return charts.weekly_chart(daily, link, unplaced)
    return charts.monthly_chart(monthly, link, unplaced)


def official_calls(*, official):
    """The visible calls `official` took part in, unsorted (for charts and counts)."""
    return visible_calls().with_person(official)


def topic_detail(*, slug):
    """A topic with its parent (its sub-topics are in the page's menus)."""
    return get_object_or_404(Topic.objects.select_related("parent"), slug=slug)


def outlet_detail(*, slug):
    """An outlet with its web domains and its number of articles."""
    outlets = Outlet.objects.prefetch_related("domains").annotate(n_articles=Count("articles"))
    return get_object_or_404(outlets, slug=slug)


def article_detail(*, pk):
    """An article with its outlet, its raw documents (names only) and its reports' calls."""
    reports = (
        Report.objects.exclude(call__status=Status.REJECTED)
        .select_related("call")
        .prefetch_related(Prefetch("call__participants", queryset=_participants()))
        .order_by("id")
    )
    articles = Article.objects.select_related("outlet").prefetch_related(
        Prefetch("reports", queryset=reports),
        Prefetch("source_documents", queryset=_source_documents()),
    )
    return get_object_or_404(articles, pk=pk)


def source_document(*, article_pk, pk):
    """One raw input of an article, bytes included."""
    return get_object_or_404(SourceDocument, article_id=article_pk, pk=pk)
