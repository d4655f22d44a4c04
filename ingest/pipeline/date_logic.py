"""Reasoning over partial dates: weekdays, year-less days, terms of office, several reports.

Pure functions on plain values, shared by the dates stage (one article) and the persistence
service (several reports of one call). No ORM and no text parsing here.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# How much a basis is trusted when reports disagree: a date stated in words beats a date
# worked out from "Monday", which beats one worked out from when somebody took office.
BASIS_RANK = {
    "editor": 6,
    "explicit": 5,
    "publication": 4,
    "relative": 3,
    "cross_source": 2,
    "term_of_office": 1,
    "unknown": 0,
}

# A span of office: start and end (None while still in office).
Term = tuple[dt.date, dt.date | None]


@dataclass(frozen=True)
class ReportedDate:
    """What one report says about the day of a contact; any part may be missing."""

    date: dt.date | None = None
    precision: str = "unknown"  # day | month | year | unknown
    basis: str = "unknown"
    weekday: int | None = None  # named in the text
    month_day: tuple[int, int] | None = None  # day and month given without a year
    specific: bool = True  # the date words name this contact alone
    text: str = ""  # the words, for notes

    @property
    def is_day(self) -> bool:
        return self.date is not None and self.precision == "day"

    @property
    def is_empty(self) -> bool:
        return self.date is None and self.weekday is None and self.month_day is None


class CombinedDate(NamedTuple):
    date: dt.date | None
    precision: str
    basis: str
    disputed: bool
    note: str


def describe(day: dt.date) -> str:
    """'Tue 5 Sep 2023': the form notes use, weekday first so an editor can check it."""
    return (
        f"{WEEKDAY_NAMES[day.weekday()][:3]} {day.day} {MONTH_NAMES[day.month - 1][:3]} {day.year}"
    )


def describe_month_day(month_day: tuple[int, int]) -> str:
    return f"{MONTH_NAMES[month_day[0] - 1]} {month_day[1]}"


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it does not exist (31 June, 29 February of a common year)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve_weekday(weekday: int, anchor: dt.date, *, forward: bool = False) -> dt.date:
    """The latest day named `weekday` on or before `anchor` (on or after it when `forward`)."""
    if forward:
        return anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)


def year_for_month_day(
    month_day: tuple[int, int], published: dt.date, slack_days: int = 3
) -> dt.date | None:
    """The latest date with this month and day not after `published` (+ a few days' slack)."""
    limit = published + dt.timedelta(days=slack_days)
    for year in range(limit.year, limit.year - 5, -1):
        day = safe_date(year, *month_day)
        if day is not None and day <= limit:
            return day
    return None


def in_terms(day: dt.date, terms: Iterable[Term]) -> bool:
    """Whether `day` falls in one of the spans (open spans run to today)."""
    return any(start <= day <= (end or dt.date.max) for start, end in terms)


def years_matching(
    month_day: tuple[int, int],
    weekday: int | None,
    terms: Sequence[Sequence[Term]],
    *,
    today: dt.date | None = None,
) -> list[int]:
    """Years in which `month_day` falls within a span of every participant (one span list each)
    and, when `weekday` is given, on that weekday. No spans: no year can be told, so none."""
    if not terms or any(not spans for spans in terms):
        return []
    today = today or dt.date.today()
    first = min(start.year for spans in terms for start, _ in spans)
    last = max((end or today).year for spans in terms for _, end in spans)
    years = []
    for year in range(first, last + 1):
        day = safe_date(year, *month_day)
        if day is None or day > today:
            continue
        if weekday is not None and day.weekday() != weekday:
            continue
        if all(in_terms(day, spans) for spans in terms):
            years.append(year)
    return years


def _weekday_gap(a: int, b: int) -> int:
    gap = abs(a - b) % 7
    return min(gap, 7 - gap)


def _month_day_gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    # A leap year so that 29 February compares; the wrap at New Year does not matter here.
    return abs((dt.date(2024, *a) - dt.date(2024, *b)).days)


def dates_compatible(a: ReportedDate, b: ReportedDate, slack_days: int = 1) -> bool:
    """Whether two reports could describe the same day, within `slack_days`.

    Rules: a report that says nothing is compatible with anything; two days within the slack;
    a bare weekday with a day that falls on it (± slack); a year-less day and month with a
    day of that month and day (± slack); month or year precision with days inside them. The
    slack lets "Monday" and "Sept. 5" reports of one call merge and show their disagreement.
    """
    if a.is_empty and a.precision == "unknown" or b.is_empty and b.precision == "unknown":
        return True
    for x, y in ((a, b), (b, a)):
        if x.date is not None and x.precision in ("month", "year"):
            if y.date is not None:
                same_year = x.date.year == y.date.year
                return same_year and (x.precision == "year" or x.date.month == y.date.month)
            if y.month_day is not None and x.precision == "month":
                return y.month_day[0] == x.date.month
            return True
    if a.is_day and b.is_day:
        return abs((a.date - b.date).days) <= slack_days
    for x, y in ((a, b), (b, a)):
        if x.is_day:
            if y.weekday is not None and _weekday_gap(x.date.weekday(), y.weekday) > slack_days:
                return False
            if y.month_day is not None:
                return _month_day_gap((x.date.month, x.date.day), y.month_day) <= slack_days
            return True
    if a.month_day and b.month_day and _month_day_gap(a.month_day, b.month_day) > slack_days:
        return False
    if a.weekday is not None and b.weekday is not None:
        return _weekday_gap(a.weekday, b.weekday) <= slack_days
    return True


def _strength(group: list[ReportedDate]) -> tuple[bool, int, int]:
    return (
        any(r.specific for r in group),
        max(BASIS_RANK.get(r.basis, 0) for r in group),
        len(group),
    )


def _quote(report: ReportedDate) -> str:
    return f"“{report.text}”" if report.text else "a report"


def combine_reported_dates(
    reports: Sequence[ReportedDate],
    terms: Sequence[Sequence[Term]] = (),
    *,
    today: dt.date | None = None,
) -> CombinedDate:
    """The best-supported date of one contact from everything its reports say.

    Rules, in order: a day said of this contact alone (specific) beats one shared by a list
    of contacts; then explicit beats publication-day beats relative beats cross-source beats
    term of office; then more agreeing reports beat fewer. Reports that cannot be the chosen
    day make it disputed. Without any full day, partial facts are pooled: a year-less day and
    month takes its year from another report's month or year, or from the years in which it
    falls on a weekday another report names and within every participant's `terms`.
    """
    reports = [r for r in reports if not r.is_empty or r.precision != "unknown"]
    if not reports:
        return CombinedDate(None, "unknown", "unknown", False, "")

    days: dict[dt.date, list[ReportedDate]] = {}
    for report in reports:
        if report.is_day:
            days.setdefault(report.date, []).append(report)
    if days:
        chosen_day, group = max(days.items(), key=lambda item: _strength(item[1]))
        best = max(group, key=lambda r: (r.specific, BASIS_RANK.get(r.basis, 0)))
        others = [r for r in reports if r not in group]
        conflicts = [r for r in others if not dates_compatible(r, best, slack_days=0)]
        note = f"{describe(chosen_day)} from {_quote(best)}"
        if len(group) > 1:
            # No count: one more agreeing report must not change the note (and rewrite the call).
            note += ", agreed by other reports"
        if conflicts:
            note += "; other reports say " + ", ".join(_quote(r) for r in conflicts)
        return CombinedDate(chosen_day, "day", best.basis, bool(conflicts), note + ".")

    month_days = {r.month_day for r in reports if r.month_day}
    weekdays = {r.weekday for r in reports if r.weekday is not None}
    periods = [r for r in reports if r.date is not None and r.precision in ("month", "year")]
    disputed = len(month_days) > 1 or len(weekdays) > 1
    if len(month_days) == 1:
        month_day = next(iter(month_days))
        md_report = next(r for r in reports if r.month_day == month_day)
        period_years = {r.date.year for r in periods if dates_compatible(r, md_report)}
        weekday = next(iter(weekdays)) if len(weekdays) == 1 else None
        if len(period_years) == 1:
            year = period_years.pop()
            day = safe_date(year, *month_day)
            if day is not None and (weekday is None or day.weekday() == weekday):
                return CombinedDate(
                    day,
                    "day",
                    "cross_source",
                    disputed,
                    f"{describe_month_day(month_day)} from {_quote(md_report)}, "
                    f"the year {year} from another report.",
                )
        years = years_matching(month_day, weekday, terms, today=today)
        if weekday is not None and not years:
            # The named weekday never falls on that day within the terms: the reports disagree.
            disputed = True
            years = years_matching(month_day, None, terms, today=today)
            weekday = None
        if len(years) == 1:
            day = dt.date(years[0], *month_day)
            basis = "cross_source" if weekday is not None else "term_of_office"
            why = (
                f"the only year in the participants' terms of office in which it is a "
                f"{WEEKDAY_NAMES[weekday]}"
                if weekday is not None
                else "the only year in which every participant held office then"
            )
            return CombinedDate(
                day,
                "day",
                basis,
                disputed,
                f"{describe_month_day(month_day)} from {_quote(md_report)}; {years[0]} is {why}.",
            )
        listed = ", ".join(str(y) for y in years) if years else "none known"
        return CombinedDate(
            None,
            "unknown",
            md_report.basis,
            disputed,
            f"{describe_month_day(month_day)} of an unknown year (terms of office allow: {listed}).",
        )
    if periods:
        best = max(periods, key=lambda r: ({"month": 2, "year": 1}[r.precision], r.specific))
        return CombinedDate(
            best.date, best.precision, best.basis, disputed, f"From {_quote(best)}."
        )
    if len(weekdays) == 1:
        weekday = next(iter(weekdays))
        basis = next(r.basis for r in reports if r.weekday is not None)
        return CombinedDate(
            None, "unknown", basis, disputed, f"A {WEEKDAY_NAMES[weekday]} of an unknown week."
        )
    return CombinedDate(None, "unknown", "unknown", disputed, "Reports name no usable date.")
