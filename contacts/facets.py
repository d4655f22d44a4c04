"""Counts of the current result by person, topic, mode and year, each with the value that toggles it."""

from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import ExtractYear

from contacts.choices import Mode
from contacts.models import Call, CallParticipant


@dataclass
class FacetItem:
    """One value of a facet: `toggle` is the parameter value that adds it, or removes it if active."""

    label: str
    count: int
    active: bool
    toggle: object


def _person_items(calls, chosen, limit):
    rows = (
        CallParticipant.objects.filter(call__in=calls.values("pk"))
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


def _topic_items(calls, chosen, limit):
    rows = (
        Call.topics.through.objects.filter(call__in=calls.values("pk"))
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


def _mode_items(calls, chosen):
    rows = calls.order_by().values("mode").annotate(n=Count("pk")).order_by("-n", "mode")
    labels = dict(Mode.choices)
    return [
        FacetItem(
            labels.get(row["mode"], row["mode"]),
            row["n"],
            row["mode"] == chosen,
            None if row["mode"] == chosen else row["mode"],
        )
        for row in rows
    ]


def _year_items(calls, chosen):
    rows = (
        calls.exclude(date=None)
        .order_by()
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-year")
    )
    return [
        FacetItem(
            str(row["year"]),
            row["n"],
            str(row["year"]) == chosen,
            None if str(row["year"]) == chosen else str(row["year"]),
        )
        for row in rows
    ]


def _chosen_year(data):
    start, end = data.get("date_from"), data.get("date_to")
    if start and end and start.label == end.label and len(start.label) == 4:
        return start.label
    return None


def call_facets(*, calls, filterset, hide=(), limit=12):
    """Facet items for a valid filter, keyed persons/topics/modes/years; empty when invalid."""
    if not filterset.is_valid():
        return {}
    data = filterset.form.cleaned_data
    facets = {}
    if "person" not in hide:
        chosen = [official.slug for official in data.get("person") or []]
        facets["persons"] = _person_items(calls, chosen, limit)
    if "topic" not in hide:
        topic = data.get("topic")
        facets["topics"] = _topic_items(calls, topic.slug if topic else None, limit)
    if "mode" not in hide:
        facets["modes"] = _mode_items(calls, data.get("mode") or None)
    facets["years"] = _year_items(calls, _chosen_year(data))
    return facets
