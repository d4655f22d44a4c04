"""Counts of the current result by person, topic, mode and year, each with the value that toggles it.

Past FACET_SAMPLE calls the counts are those of the newest FACET_SAMPLE calls of the result (the
page says so): grouping a whole million-call result on every request costs seconds.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, F

from contacts.choices import Mode
from contacts.models import Call, CallParticipant
from contacts.querysets import where_in

FACET_SAMPLE = 2_000
NEWEST = [F("date").desc(nulls_last=True), "-id"]


def newest_sample(calls):
    """(id, mode, date) of the newest FACET_SAMPLE calls of `calls`, read from the index
    call_newest. Fetched, not nested: given the ids themselves, the link tables are read by
    index; given a subquery, PostgreSQL hashes all of them."""
    return list(calls.order_by(*NEWEST).values_list("pk", "mode", "date")[:FACET_SAMPLE])


@dataclass
class FacetItem:
    """One value of a facet: `toggle` is the parameter value that adds it, or removes it if active."""

    label: str
    count: int
    active: bool
    toggle: object


def _person_items(call_ids, chosen, limit):
    rows = (
        where_in(CallParticipant.objects.all(), "call_id", call_ids)
        .values("official__slug", "official__name")
        .annotate(n=Count("call_id"))
        .order_by("-n", "official__name", "official__slug")[:limit]
    )
    items = []
    for row in rows:
        slug = row["official__slug"]
        active = slug in chosen
        toggle = [s for s in chosen if s != slug] if active else [*chosen, slug]
        items.append(FacetItem(row["official__name"], row["n"], active, toggle))
    return items


def _topic_items(call_ids, chosen, limit):
    rows = (
        where_in(Call.topics.through.objects.all(), "call_id", call_ids)
        .values("topic__slug", "topic__name")
        .annotate(n=Count("call_id"))
        .order_by("-n", "topic__name", "topic__slug")[:limit]
    )
    return [
        FacetItem(
            row["topic__name"],
            row["n"],
            row["topic__slug"] == chosen,
            None if row["topic__slug"] == chosen else row["topic__slug"],
        )
        for row in rows
    ]


def _mode_year_counts(sample):
    """({mode: n}, {year: n}) of the sample; undated calls count for their mode only."""
    modes = Counter(mode for _, mode, _ in sample)
    years = Counter(str(date.year) for _, _, date in sample if date is not None)
    return modes, years


def _toggle_items(counts, chosen, labels):
    return [
        FacetItem(labels.get(value, value), n, value == chosen, None if value == chosen else value)
        for value, n in counts
    ]


def _mode_items(modes, chosen):
    ordered = sorted(modes.items(), key=lambda item: (-item[1], item[0]))
    return _toggle_items(ordered, chosen, dict(Mode.choices))


def _year_items(years, chosen):
    return _toggle_items(sorted(years.items(), reverse=True), chosen, {})


def _chosen_year(data):
    start, end = data.get("date_from"), data.get("date_to")
    if start and end and start.label == end.label and len(start.label) == 4:
        return start.label
    return None


def call_facets(*, calls, filterset, hide=(), limit=12, total=None):
    """Facet items for a valid filter, keyed persons/topics/modes/years; empty when invalid.

    `total` is the result's (bounded) count; past FACET_SAMPLE, `sample` gives the sample size.
    """
    if not filterset.is_valid():
        return {}
    data = filterset.form.cleaned_data
    facets = {"sample": FACET_SAMPLE if total is not None and total > FACET_SAMPLE else None}
    sample = newest_sample(calls)
    ids = [pk for pk, _, _ in sample]
    if "person" not in hide:
        chosen = [official.slug for official in data.get("person") or []]
        facets["persons"] = _person_items(ids, chosen, limit)
    if "topic" not in hide:
        topic = data.get("topic")
        facets["topics"] = _topic_items(ids, topic.slug if topic else None, limit)
    modes, years = _mode_year_counts(sample)
    if "mode" not in hide:
        facets["modes"] = _mode_items(modes, data.get("mode") or None)
    facets["years"] = _year_items(years, _chosen_year(data))
    return facets
