"""Dates across the reports of one call: the call's date, and dating an undated article from them.

Plain data only; the rules for comparing and combining dates are the pipeline's
(`ingest.pipeline.date_logic`), shared with the dates stage.
"""

import datetime as dt
from dataclasses import dataclass, field

from ingest.pipeline.date_logic import (
    ReportedDate,
    Term,
    combine_reported_dates,
    dates_compatible,
    resolve_weekday,
)

__all__ = [
    "CallDate",
    "RelativeReport",
    "ReportedDate",
    "call_date",
    "dates_compatible",
    "infer_reference_date",
]

DISPUTED = "Reports give different dates."
UNCERTAIN = "The call's date is uncertain."
# Review reasons written here; recomputed on every refresh, never piled up.
DATE_REASONS = (DISPUTED, UNCERTAIN)


@dataclass
class CallDate:
    """The date a call gets from all its reports, with what an editor should check."""

    date: dt.date | None = None
    precision: str = "unknown"
    basis: str = "unknown"
    weekday: int | None = None
    disputed: bool = False
    note: str = ""
    reasons: list[str] = field(default_factory=list)


def call_date(reports: list[ReportedDate], terms: list[list[Term]]) -> CallDate:
    """The best-supported date from the reports' dates and the participants' terms of office."""
    combined = combine_reported_dates(reports, terms)
    weekday = combined.date.weekday() if combined.precision == "day" and combined.date else None
    if weekday is None:
        named = [r.weekday for r in reports if r.weekday is not None]
        weekday = max(set(named), key=named.count) if named else None
    result = CallDate(
        date=combined.date,
        precision=combined.precision if combined.date else "unknown",
        basis=combined.basis,
        weekday=weekday,
        disputed=combined.disputed,
        note=combined.note,
    )
    if combined.disputed:
        result.reasons.append(DISPUTED)
    if result.precision != "day" and any(not r.is_empty for r in reports):
        result.reasons.append(UNCERTAIN)
    return result


@dataclass(frozen=True)
class RelativeReport:
    """A report in an undated article that a publication date would resolve, and its call's other reports."""

    claim: ReportedDate
    call_date: dt.date | None  # the call's day from all its reports, when known
    others: tuple[ReportedDate, ...] = ()


def _weekday(claim: ReportedDate) -> int | None:
    if claim.weekday is not None:
        return claim.weekday
    return claim.date.weekday() if claim.is_day else None


def _resolve(claim: ReportedDate, reference: dt.date) -> dt.date:
    weekday = _weekday(claim)
    return reference if weekday is None else resolve_weekday(weekday, reference)


def _gap(day: dt.date, others) -> int:
    """Days between `day` and what the other reports say (0 where they say nothing exact)."""
    total = 0
    for other in others:
        if other.is_day:
            total += abs((day - other.date).days)
        elif other.month_day:
            gaps = []
            for year in (day.year - 1, day.year, day.year + 1):
                try:
                    gaps.append(abs((day - dt.date(year, *other.month_day)).days))
                except ValueError:
                    continue
            total += min(gaps, default=0)
    return total


def infer_reference_date(reports: list[RelativeReport]) -> dt.date | None:
    """The publication date that best fits an undated article's relative dates ("on Tuesday").

    Candidates are the days other reports give its calls; the winner leaves the smallest total
    gap between this article's dates, resolved against it, and the other reports.
    """
    candidates = set()
    for report in reports:
        day = report.call_date
        weekday = _weekday(report.claim)
        if day is not None and (weekday is None or weekday == day.weekday()):
            candidates.add(day)
    if not candidates:
        return None

    def cost(reference):
        return sum(_gap(_resolve(r.claim, reference), r.others) for r in reports)

    # A text is published on or after what it reports; among equals the earliest day is the
    # smallest assumption.
    return min(sorted(candidates), key=lambda ref: (cost(ref), ref))
