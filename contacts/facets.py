"""Facets of the current result on every dimension a filter has, declared as one table.

Each facet is one grouped query over the filtered calls; its items carry the query string
that toggles them, so the template only draws links. Past FACET_SAMPLE calls the counts are
those of the newest FACET_SAMPLE calls of the result (the page says so): grouping a whole
million-call result on every request costs seconds.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear, TruncMonth

from contacts.choices import DatePrecision, Mode, Status
from contacts.countries import Country
from contacts.models import Call, CallParticipant, Report, Topic
from contacts.querysets import where_in

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


class Scope:
    """The calls a page's facets count: the newest FACET_SAMPLE of the result, their ids
    fetched once. `links(qs)` narrows a table with a call_id column to them, `calls()` is them
    as a Call queryset. Given the ids themselves, the link tables are read by index; given a
    subquery, PostgreSQL hashes all of them."""

    def __init__(self, calls):
        self.ids = list(calls.order_by(*NEWEST).values_list("pk", flat=True)[:FACET_SAMPLE])

    def links(self, queryset):
        return where_in(queryset, "call_id", self.ids)

    def calls(self):
        return where_in(Call.objects.order_by(), "id", self.ids)


def facet_sample(total):
    """The sample size when the result (of `total` calls) is larger than it, else None."""
    return FACET_SAMPLE if total is not None and total > FACET_SAMPLE else None


def _participants(scope):
    return scope.links(CallParticipant.objects.all())


# Each counter takes a Scope and returns a queryset (or a short list) of {"value", "label",
# "n"} in display order; the caller slices it, so a long facet costs a LIMIT, not a fetch of
# every value.


def _people(scope):
    return (
        _participants(scope)
        .values(value=F("official__slug"), label=F("official__name"))
        .annotate(n=Count("call_id"))
        .order_by("-n", "label", "value")
    )


def _countries(scope):
    return (
        _participants(scope)
        .values(value=F("official__country"))
        .annotate(n=Count("call_id", distinct=True))
        .order_by("-n", "value")
    )


def _roles(scope):
    return (
        _participants(scope)
        .exclude(position=None)
        .values(value=F("position__role"))
        .annotate(n=Count("call_id", distinct=True))
        .order_by("-n", "value")
    )


def _topics(scope):
    # A topic's count includes its sub-topics, as its filter does: one aggregate per topic
    # over the tag rows, in one query (the taxonomy is a few dozen topics).
    topics = list(Topic.objects.values("id", "parent_id", "slug", "name"))
    children = {}
    for topic in topics:
        children.setdefault(topic["parent_id"], []).append(topic["id"])

    def below(pk):
        found, frontier = {pk}, [pk]
        while frontier:
            frontier = [c for p in frontier for c in children.get(p, []) if c not in found]
            found.update(frontier)
        return found

    if not topics:
        return []
    tags = scope.links(Call.topics.through.objects.all())
    totals = tags.aggregate(
        **{
            f"t{topic['id']}": Count(
                "call_id", filter=Q(topic_id__in=below(topic["id"])), distinct=True
            )
            for topic in topics
        }
    )
    rows = [
        {"value": topic["slug"], "label": topic["name"], "n": totals[f"t{topic['id']}"]}
        for topic in topics
        if totals[f"t{topic['id']}"]
    ]
    return sorted(rows, key=lambda row: (-row["n"], row["label"], row["value"]))


def _outlets(scope):
    return (
        scope.links(Report.objects.all())
        .exclude(article__outlet=None)
        .values(value=F("article__outlet__slug"), label=F("article__outlet__name"))
        .annotate(n=Count("call_id", distinct=True))
        .order_by("-n", "label")
    )


def _by_field(field):
    def counter(scope):
        return scope.calls().values(value=F(field)).annotate(n=Count("pk")).order_by("-n", "value")

    return counter


def _years(scope):
    return (
        scope.calls()
        .exclude(date=None)
        .values(value=ExtractYear("date"))
        .annotate(n=Count("pk"))
        .order_by("-value")
    )


def _months(scope):
    # Only calls dated to the month or the day can be placed in a month.
    return (
        scope.calls()
        .filter(date_precision__in=[DatePrecision.DAY, DatePrecision.MONTH])
        .values(value=TruncMonth("date"))
        .annotate(n=Count("pk"))
        .order_by("value")
    )


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
    Facet("mode", "Mode", "modes", "mode", _by_field("mode"), _coded(Mode.choices)),
    Facet("status", "Status", "statuses", "status", _by_field("status"), _coded(Status.choices)),
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
    scope = Scope(calls)
    groups = []
    for facet in FACETS:
        if not _applies(facet, data, hide):
            continue
        limit = EXPANDED if facet.key == expand or not facet.ranked else TOP
        rows = list(facet.counter(scope)[: limit + 1])
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
