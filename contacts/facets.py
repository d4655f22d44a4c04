"""Facets of the current result on every dimension a filter has, declared as one table.

All facets are counted here from one read of the result's newest calls and one of their
links; their items carry the query string that toggles them, so the template only draws links.
Past FACET_SAMPLE calls the counts are those of the newest FACET_SAMPLE calls of the result
(the page says so): grouping a whole million-call result on every request costs seconds.
"""

import json
from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import F

from contacts.choices import DatePrecision, Mode, Status
from contacts.countries import Country

# Entries shown before "all …"; an expanded facet is still bounded so a page stays a page.
TOP = 8
EXPANDED = 500


@dataclass
class FacetItem:
    """One value of a facet: `query` is the page's query string with this value toggled."""

    label: str
    count: int
    active: bool
    query: object


@dataclass
class FacetGroup:
    """One facet: its heading, its items, and the query strings that show all or fewer."""

    key: str
    title: str
    items: list
    plural: str = ""
    more_query: object = None
    fewer_query: object = None


FACET_SAMPLE = 2_000
NEWEST = [F("date").desc(nulls_last=True), "-id"]

# The sample's links in one query: (kind, call id, id of the official, topic or outlet, role).
# The sample's ids are sent once, as {sample}: one array (PostgreSQL) or one JSON list (SQLite).
_LINKS = """
WITH sample(id) AS ({sample})
SELECT 'person', p.call_id, p.official_id, pos.role FROM contacts_callparticipant AS p
  LEFT JOIN contacts_position AS pos ON pos.id = p.position_id
 WHERE p.call_id IN (SELECT id FROM sample)
UNION ALL
SELECT 'topic', t.call_id, t.topic_id, CAST(NULL AS varchar) FROM contacts_call_topics AS t
 WHERE t.call_id IN (SELECT id FROM sample)
UNION ALL
SELECT 'outlet', r.call_id, a.outlet_id, CAST(NULL AS varchar) FROM contacts_report AS r
  JOIN contacts_article AS a ON a.id = r.article_id
 WHERE a.outlet_id IS NOT NULL AND r.call_id IN (SELECT id FROM sample)
"""
# (An IN over the sample, not a join with it: SQLite then probes each table's call_id index
# per id; joined, it read every article row and took five times as long.)


def _sample_ids(ids):
    """SQL listing `ids` as rows, and its one parameter."""
    if connection.vendor == "postgresql":
        return "SELECT unnest(%s::bigint[])", [ids]
    return "SELECT value FROM json_each(%s)", [json.dumps(ids)]


class Sample:
    """What a page's facets count: the newest FACET_SAMPLE calls of the result as
    (id, mode, status, date, date_precision), and their people, topics and outlets, read in
    two queries and counted here: one grouped query per facet cost a query each."""

    def __init__(self, calls, menus):
        self.menus = menus
        self.calls = list(
            calls.order_by(*NEWEST).values_list("pk", "mode", "status", "date", "date_precision")[
                :FACET_SAMPLE
            ]
        )
        self.people, self.tags, self.outlets = [], [], []
        if not self.calls:
            return
        sample, params = _sample_ids([row[0] for row in self.calls])
        with connection.cursor() as cursor:
            cursor.execute(_LINKS.format(sample=sample), params)
            rows = cursor.fetchall()
        found = {"person": self.people, "topic": self.tags, "outlet": self.outlets}
        for kind, call_id, pk, role in rows:
            found[kind].append((call_id, pk, role))


def facet_sample(total):
    """The sample size when the result (of `total` calls) is larger than it, else None."""
    return FACET_SAMPLE if total is not None and total > FACET_SAMPLE else None


# Each counter takes a Sample and returns a list of {"value", "label", "n"} in display order.


def _ranked(counts, label=None):
    """Rows of {key: number of calls}, most first, then by label and value."""
    rows = [
        {"value": key, "label": label(key) if label else key, "n": n} for key, n in counts.items()
    ]
    return sorted(rows, key=lambda row: (-row["n"], row["label"] or "", row["value"]))


def _calls_per(pairs):
    """{key: number of distinct calls} of (key, call id) pairs."""
    return Counter(key for key, _ in set(pairs))


def _people(sample):
    # A person takes part in a call once (a unique constraint): no pair repeats.
    officials = sample.menus.official_ids
    counts = Counter(pk for _, pk, _ in sample.people)
    return _ranked({officials[pk][0]: n for pk, n in counts.items()}, _names(officials))


def _names(officials):
    return {row[0]: row[1] for row in officials.values()}.get


def _countries(sample):
    officials = sample.menus.official_ids
    counts = _calls_per((officials[pk][2], call_id) for call_id, pk, _ in sample.people)
    return [{"value": row["value"], "n": row["n"]} for row in _ranked(counts)]


def _roles(sample):
    counts = _calls_per((role, call_id) for call_id, _, role in sample.people if role is not None)
    return [{"value": row["value"], "n": row["n"]} for row in _ranked(counts)]


def _topics(sample):
    # A topic's count includes its sub-topics, as its filter does.
    topics = {topic.id: topic for topic in sample.menus.topics}
    above = {}
    for topic in topics.values():
        chain, node = [], topic
        while node is not None and node.id not in chain:
            chain.append(node.id)
            node = topics.get(node.parent_id)
        above[topic.id] = chain
    counts = _calls_per(
        (ancestor, call_id) for call_id, pk, _ in sample.tags for ancestor in above.get(pk, ())
    )
    rows = [
        {"value": topics[pk].slug, "label": topics[pk].name, "n": n} for pk, n in counts.items()
    ]
    return sorted(rows, key=lambda row: (-row["n"], row["label"], row["value"]))


def _outlets(sample):
    outlets = sample.menus.outlet_ids
    counts = _calls_per((pk, call_id) for call_id, pk, _ in sample.outlets)
    return _ranked({outlets[pk][0]: n for pk, n in counts.items()}, _names(outlets))


def _by_column(index):
    def counter(sample):
        counts = Counter(row[index] for row in sample.calls)
        return [
            {"value": value, "n": n}
            for value, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        ]

    return counter


def _years(sample):
    counts = Counter(row[3].year for row in sample.calls if row[3] is not None)
    return [{"value": year, "n": counts[year]} for year in sorted(counts, reverse=True)]


def _months(sample):
    # Only calls dated to the month or the day can be placed in a month.
    monthly = (DatePrecision.DAY, DatePrecision.MONTH)
    counts = Counter(row[3].replace(day=1) for row in sample.calls if row[4] in monthly)
    return [{"value": month, "n": counts[month]} for month in sorted(counts)]


def chosen_year(data):
    """The year both date bounds fall in ("2024", or "2024-03" to "2024-05"), else None."""
    start, end = data.get("date_from"), data.get("date_to")
    if start and end and start.start.year == end.end.year:
        return str(start.start.year)
    return None


@dataclass(frozen=True)
class Facet:
    """A dimension: the URL parameter it sets, how it counts, and whether it repeats."""

    key: str
    title: str
    plural: str  # "All countries …"
    param: str
    counter: object
    # (row, filterset) -> (URL value, label) when the row's value is not already both.
    name: object = None
    multiple: bool = False
    ranked: bool = True  # long facets show their top entries; dates are shown whole


def _coded(choices):
    labels = dict(choices)
    return lambda row, filterset: (row["value"], labels.get(row["value"], row["value"]))


def _slug_and_label(row, filterset):
    return row["value"], row["label"]


FACETS = (
    Facet("person", "People", "people", "person", _people, _slug_and_label, multiple=True),
    Facet(
        "country",
        "Country",
        "countries",
        "country",
        _countries,
        _coded(Country.choices),
        multiple=True,
    ),
    Facet(
        "role",
        "Role held then",
        "roles",
        "role",
        _roles,
        lambda row, filterset: (row["value"], filterset.role_title(row["value"])),
    ),
    Facet("topic", "Topic", "topics", "topic", _topics, _slug_and_label),
    Facet("mode", "Mode", "modes", "mode", _by_column(1), _coded(Mode.choices)),
    Facet("status", "Status", "statuses", "status", _by_column(2), _coded(Status.choices)),
    Facet("outlet", "Outlet", "outlets", "outlet", _outlets, _slug_and_label),
    Facet(
        "year",
        "Year",
        "years",
        "date_from",
        _years,
        lambda row, filterset: (str(row["value"]), str(row["value"])),
        ranked=False,
    ),
    Facet(
        "month",
        "Month",
        "months",
        "date_from",
        _months,
        lambda row, filterset: (f"{row['value']:%Y-%m}", f"{row['value']:%B}"),
        ranked=False,
    ),
)
FACET_CHOICES = [(facet.key, facet.title) for facet in FACETS]


def _with(params, **values):
    query = params.copy()
    for key, value in values.items():
        if value is None:
            query.pop(key, None)
        else:
            query.setlist(key, value if isinstance(value, list) else [value])
    query.pop("page", None)
    return query


def _chosen_period(data):
    """ "2024" or "2024-03" when both date bounds name that same year or month, else None."""
    start, end = data.get("date_from"), data.get("date_to")
    if not (start and end) or start != end or start.start == start.end:
        return None
    return f"{start.start:%Y-%m}" if start.start.month == start.end.month else f"{start.start:%Y}"


def _toggle(facet, params, value, data):
    """(active, query string with `value` added or removed) for one facet entry."""
    if facet.key in ("year", "month"):
        active = _chosen_period(data) == value
        # Leaving a month goes back to its year; leaving a year drops the dates.
        target = (value[:4] if facet.key == "month" else None) if active else value
        return active, _with(params, date_from=target, date_to=target)
    chosen = params.getlist(facet.param)
    active = value in chosen
    if facet.multiple:
        kept = [v for v in chosen if v != value]
        return active, _with(params, **{facet.param: kept if active else [*chosen, value]})
    return active, _with(params, **{facet.param: None if active else value})


def _applies(facet, data, hide):
    if facet.param in hide:
        return False
    if facet.key == "month":
        return chosen_year(data) is not None
    return True


def call_facets(*, calls, filterset, params, hide=(), expand=None):
    """The facet groups of a valid filter in table order; empty when the filter is invalid.

    `params` is the page's query string (no page); `expand` names the one facet shown in full.
    """
    if not filterset.is_valid():
        return []
    data = filterset.form.cleaned_data
    sample = Sample(calls, filterset.menus)
    groups = []
    for facet in FACETS:
        if not _applies(facet, data, hide):
            continue
        limit = EXPANDED if facet.key == expand or not facet.ranked else TOP
        rows = facet.counter(sample)[: limit + 1]
        items = []
        for row in rows[:limit]:
            value, label = facet.name(row, filterset)
            active, query = _toggle(facet, params, value, data)
            items.append(FacetItem(label or value, row["n"], active, query))
        if not items:
            continue
        group = FacetGroup(facet.key, facet.title, items, facet.plural)
        if len(rows) > limit and facet.key != expand:
            group.more_query = _with(params, expand=facet.key)
        if facet.key == expand:
            group.fewer_query = _with(params, expand=None)
        groups.append(group)
    return groups
