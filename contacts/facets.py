"""Counts of the current result by person, topic, mode and year, each with the value that toggles it.

Past FACET_SAMPLE calls the counts are those of the newest FACET_SAMPLE calls of the result (the
page says so): grouping a whole million-call result on every request costs seconds.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, F
from django.db.models.functions import ExtractYear

from contacts.choices import Mode
from contacts.models import Call, CallParticipant

FACET_SAMPLE = 2_000
NEWEST = [F("date").desc(nulls_last=True), "-id"]


def newest_sample(calls):
    """The ids of the newest FACET_SAMPLE calls of `calls`, as a subquery (the index call_newest)."""
    return calls.order_by(*NEWEST).values("pk")[:FACET_SAMPLE]


@dataclass
class FacetItem:
    """One value of a facet: `toggle` is the parameter value that adds it, or removes it if active."""

    label: str
    count: int
    active: bool
    toggle: object


def _person_items(call_ids, chosen, limit):
    rows = (
        CallParticipant.objects.filter(call__in=call_ids)
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
        Call.topics.through.objects.filter(call__in=call_ids)
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


def _mode_year_counts(calls):
    """({mode: n}, {year: n}) of `calls` in one query; undated calls count for their mode only."""
    rows = (
        calls.order_by()
        .annotate(year=ExtractYear("date"))
        .values_list("mode", "year")
        .annotate(n=Count("pk"))
    )
    modes, years = Counter(), Counter()
    for mode, year, n in rows:
        modes[mode] += n
        if year is not None:
            years[str(year)] += n
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
    calls = Call.objects.filter(pk__in=sample)
    # Persons and topics join their link tables to the sample's ids directly.
    if "person" not in hide:
        chosen = [official.slug for official in data.get("person") or []]
        facets["persons"] = _person_items(sample, chosen, limit)
    if "topic" not in hide:
        topic = data.get("topic")
        facets["topics"] = _topic_items(sample, topic.slug if topic else None, limit)
    modes, years = _mode_year_counts(calls)
    if "mode" not in hide:
        facets["modes"] = _mode_items(modes, data.get("mode") or None)
    facets["years"] = _year_items(years, _chosen_year(data))
    return facets
