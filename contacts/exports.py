"""CSV and iCalendar writers for a list of calls (prefetched with the export selector)."""

import csv
import datetime as dt

from contacts.choices import DatePrecision, Status
from contacts.templatetags.contacts_tags import (
    call_summary,
    date_words,
    report_date_words,
    role_then,
    sources_disagree,
)

CSV_HEADER = [
    "id",
    "date",
    "date_precision",
    "date_in_words",
    "date_disputed",
    "reported_dates",
    "mode",
    "status",
    "participants",
    "participant_slugs",
    "participant_countries",
    "topics",
    "source_count",
    "outlets",
    "source_urls",
    "url",
]

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def reported_dates_in_words(call):
    """Every report's date with its source: "Monday 4 September 2023 (JNS: “Monday”); …"."""
    parts = []
    for report in call.reports.all():
        article = report.article
        source = article.outlet.name if article.outlet else f"“{article.title or article.pk}”"
        words = f": “{report.date_text}”" if report.date_text else ""
        parts.append(f"{report_date_words(report)} ({source}{words})")
    return "; ".join(parts)


def csv_rows(calls, absolute_url):
    """The header and one row per call, as lists of strings."""
    yield CSV_HEADER
    for call in calls:
        participants = list(call.participants.all())
        reports = list(call.reports.all())
        people = [
            f"{p.official.name} ({role_then(p)})" if role_then(p) else p.official.name
            for p in participants
        ]
        outlets = sorted({r.article.outlet.name for r in reports if r.article.outlet})
        yield [
            call.pk,
            call.date.isoformat() if call.date else "",
            call.date_precision,
            date_words(call.date, call.date_precision, call.weekday),
            "yes" if call.date_disputed else "no",
            reported_dates_in_words(call),
            call.mode,
            call.status,
            "; ".join(people),
            "; ".join(p.official.slug for p in participants),
            "; ".join(p.official.country for p in participants),
            "; ".join(t.name for t in call.topics.all()),
            len(reports),
            "; ".join(outlets),
            " ".join(r.article.url for r in reports if r.article.url),
            absolute_url(call.get_absolute_url()),
        ]


def csv_lines(calls, absolute_url):
    """The CSV document line by line, for a streaming response."""
    writer = csv.writer(_Echo())
    for row in csv_rows(calls, absolute_url):
        yield writer.writerow([_cell(value) for value in row])


def _ics_escape(text):
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line):
    """RFC 5545 folding: lines of at most 75 octets, never splitting a UTF-8 character."""
    out, current, size = [], "", 0
    for char in line:
        length = len(char.encode("utf-8"))
        if size + length > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += length
    out.append(current)
    return "\r\n".join(out) + "\r\n"


def _period_start(date, precision):
    if precision == DatePrecision.YEAR:
        return dt.date(date.year, 1, 1)
    if precision == DatePrecision.MONTH:
        return date.replace(day=1)
    return date


def _next_period_start(date, precision):
    if precision == DatePrecision.YEAR:
        return dt.date(date.year + 1, 1, 1)
    if precision == DatePrecision.MONTH:
        return dt.date(date.year + date.month // 12, date.month % 12 + 1, 1)
    return date + dt.timedelta(days=1)


_ICS_STATUS = {
    Status.HELD: "CONFIRMED",
    Status.SCHEDULED: "TENTATIVE",
    Status.UNCONFIRMED: "TENTATIVE",
    Status.CANCELLED: "CANCELLED",
}


def _stamp(moment):
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def ics_lines(calls, absolute_url, *, name, host):
    """An iCalendar document, one all-day VEVENT per dated call.

    A call known only to the month or year spans that whole month or year, so a calendar
    never shows a made-up day.
    """
    yield _fold("BEGIN:VCALENDAR")
    yield _fold("VERSION:2.0")
    yield _fold("PRODID:-//US-Israel contacts//Calls//EN")
    yield _fold("CALSCALE:GREGORIAN")
    yield _fold("METHOD:PUBLISH")
    yield _fold(f"X-WR-CALNAME:{_ics_escape(name)}")
    for call in calls:
        if call.date is None or call.date_precision == DatePrecision.UNKNOWN:
            continue
        url = absolute_url(call.get_absolute_url())
        sources = len(call.reports.all())
        disagree = sources_disagree(call)
        lines = [
            f"Date: {date_words(call.date, call.date_precision)}"
            + (" (sources disagree)" if disagree else "")
        ]
        if disagree:
            lines.append(f"Reported dates: {reported_dates_in_words(call)}")
        lines += [
            f"Topics: {', '.join(t.name for t in call.topics.all()) or 'none'}",
            f"Sources: {sources}",
            url,
        ]
        description = "\n".join(lines)
        yield _fold("BEGIN:VEVENT")
        yield _fold(f"UID:call-{call.pk}@{host}")
        yield _fold(f"DTSTAMP:{_stamp(call.updated_at)}")
        start = _period_start(call.date, call.date_precision)
        end = _next_period_start(start, call.date_precision)
        yield _fold(f"DTSTART;VALUE=DATE:{start:%Y%m%d}")
        yield _fold(f"DTEND;VALUE=DATE:{end:%Y%m%d}")
        yield _fold(f"SUMMARY:{_ics_escape(call_summary(call))}")
        yield _fold(f"DESCRIPTION:{_ics_escape(description)}")
        yield _fold(f"URL:{url}")
        if call.location:
            yield _fold(f"LOCATION:{_ics_escape(call.location)}")
        if call.status in _ICS_STATUS:
            yield _fold(f"STATUS:{_ICS_STATUS[call.status]}")
        yield _fold("END:VEVENT")
    yield _fold("END:VCALENDAR")
