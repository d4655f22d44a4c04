"""Who talks to whom: calls counted by pair of participants (U.S. official × counterpart, or
country × country) for a filtered set of calls, and one official's counterparts by year."""

import math
from dataclasses import dataclass, field

from django.db.models import Count, F
from django.db.models.functions import ExtractYear

from contacts.countries import Country
from contacts.models import CallParticipant

# A screen's worth of rows and columns (a 1280 px screen fits about twelve names across);
# the CSV has every pair.
SHOWN_ROWS = 15
SHOWN_COLUMNS = 12
HOME = Country.US
BY_CHOICES = [("people", "U.S. officials × counterparts"), ("countries", "Country × country")]


@dataclass
class Entry:
    """A row or column: the URL value it adds (a slug or a country code) and its name."""

    key: str
    name: str
    total: int = 0


@dataclass
class Cell:
    count: int
    row: Entry
    column: Entry
    query: object = None  # the timeline's query string for this pair; None when no call
    heat: int = 0  # 0 (none) to 4 (the busiest pair), for shading

    @property
    def label(self):
        calls = f"{self.count} call{'s' if self.count != 1 else ''}"
        return f"{calls} between {self.row.name} and {self.column.name}"


@dataclass
class Matrix:
    by: str
    rows: list
    columns: list
    grid: list = field(default_factory=list)  # [(row Entry, [Cell, ...]), ...]
    hidden_rows: int = 0
    hidden_columns: int = 0
    peak: int = 0


def _participants(calls):
    return CallParticipant.objects.filter(call__in=calls.values("pk"))


def people_pairs(calls):
    """(U.S. official slug, name, counterpart slug, name, country, calls) for every pair, most first.

    The counterpart is any participant of another country on the same call.
    """
    others = [code for code, _ in Country.choices if code != HOME]
    rows = (
        _participants(calls)
        .filter(official__country=HOME, call__participants__official__country__in=others)
        .values(
            row=F("official__slug"),
            row_name=F("official__name"),
            column=F("call__participants__official__slug"),
            column_name=F("call__participants__official__name"),
            column_country=F("call__participants__official__country"),
        )
        .annotate(n=Count("call_id"))
        .order_by("-n", "row_name", "column_name")
    )
    return list(rows)


def country_pairs(calls):
    """(country, country, calls) for every pair of participants' countries, most first."""
    labels = dict(Country.choices)
    rows = (
        _participants(calls)
        .filter(call__participants__official__country__gt=F("official__country"))
        .values(row=F("official__country"), column=F("call__participants__official__country"))
        .annotate(n=Count("call_id", distinct=True))
        .order_by("-n", "row", "column")
    )
    return [
        {**row, "row_name": labels.get(row["row"]), "column_name": labels.get(row["column"])}
        for row in rows
    ]


def _ranked(pairs, side):
    totals, names = {}, {}
    for pair in pairs:
        totals[pair[side]] = totals.get(pair[side], 0) + pair["n"]
        names[pair[side]] = pair[f"{side}_name"]
    order = sorted(totals, key=lambda key: (-totals[key], names[key] or key))
    return [Entry(key, names[key] or key, totals[key]) for key in order]


def _heat(n, peak):
    """Shade 1-4 on a log scale, so one busy pair does not wash out all the others."""
    if not n:
        return 0
    return max(1, math.ceil(4 * math.log1p(n) / math.log1p(peak)))


def _with_pair(params, param, row, column):
    query = params.copy()
    chosen = query.getlist(param)
    query.setlist(param, [*chosen, *(key for key in (row, column) if key not in chosen)])
    for key in ("page", "by", "expand"):
        query.pop(key, None)
    return query


def build(*, calls, by, params):
    """The matrix of `calls` by "people" or "countries", with each cell's timeline query."""
    if by == "countries":
        pairs = country_pairs(calls)
        # Symmetric: each pair counts on both sides, and every country is a row and a column.
        mirrored = pairs + [
            {
                **p,
                "row": p["column"],
                "column": p["row"],
                "row_name": p["column_name"],
                "column_name": p["row_name"],
            }
            for p in pairs
        ]
        rows = columns = _ranked(mirrored, "row")
        counts = {(p["row"], p["column"]): p["n"] for p in mirrored}
        param = "country"
    else:
        pairs = people_pairs(calls)
        rows, columns = _ranked(pairs, "row"), _ranked(pairs, "column")
        counts = {(p["row"], p["column"]): p["n"] for p in pairs}
        param = "person"
    matrix = Matrix(by, rows[:SHOWN_ROWS], columns[:SHOWN_COLUMNS])
    matrix.hidden_rows = max(len(rows) - SHOWN_ROWS, 0)
    matrix.hidden_columns = max(len(columns) - SHOWN_COLUMNS, 0)
    matrix.peak = max(counts.values(), default=0)
    for row in matrix.rows:
        cells = []
        for column in matrix.columns:
            n = counts.get((row.key, column.key), 0)
            query = _with_pair(params, param, row.key, column.key) if n else None
            heat = _heat(n, matrix.peak)
            cells.append(Cell(n, row, column, query, heat))
        matrix.grid.append((row, cells))
    return matrix


def csv_rows(*, calls, by):
    """The CSV twin: a header, then one line per pair with calls (every pair, not a screen's)."""
    if by == "countries":
        yield [
            "country",
            "country_name",
            "counterpart_country",
            "counterpart_country_name",
            "calls",
        ]
        for p in country_pairs(calls):
            yield [p["row"], p["row_name"], p["column"], p["column_name"], p["n"]]
        return
    yield [
        "us_official",
        "us_official_slug",
        "counterpart",
        "counterpart_slug",
        "counterpart_country",
        "calls",
    ]
    for p in people_pairs(calls):
        yield [p["row_name"], p["row"], p["column_name"], p["column"], p["column_country"], p["n"]]


@dataclass
class Counterpart:
    slug: str
    name: str
    country: str
    total: int
    by_year: list  # [(year, n)] aligned with the table's years; n may be 0

    @property
    def country_name(self):
        return Country(self.country).label if self.country in Country.values else self.country


def counterparts_by_year(*, calls, official, limit=10):
    """(years, [Counterpart]) for the officials who shared most of `calls` with `official`."""
    rows = (
        _participants(calls)
        .exclude(official=official)
        .values(
            "official__slug",
            "official__name",
            "official__country",
            year=ExtractYear("call__date"),
        )
        .annotate(n=Count("call_id"))
    )
    people = {}
    for row in rows:
        slug = row["official__slug"]
        person = people.setdefault(
            slug,
            Counterpart(slug, row["official__name"], row["official__country"], 0, []),
        )
        person.total += row["n"]
        person.by_year.append((row["year"], row["n"]))
    top = sorted(people.values(), key=lambda p: (-p.total, p.name))[:limit]
    years = sorted({year for person in top for year, _ in person.by_year if year})
    for person in top:
        counts = dict(person.by_year)
        person.by_year = [(year, counts.get(year, 0)) for year in years]
    return years, top
