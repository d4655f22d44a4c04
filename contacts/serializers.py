"""The one JSON shape of a call, shared by `export_calls` and the web exports."""

import calendar
import json
from pathlib import PurePath

from contacts.choices import DatePrecision
from contacts.templatetags.contacts_tags import date_iso, report_date_words


def serialize_call(call):
    """A call as a plain dict; expects a queryset built with `Call.objects.with_related()`."""
    return {
        "id": call.pk,
        "date": call.date.isoformat() if call.date else None,
        "date_precision": call.date_precision,
        "date_basis": call.date_basis,
        "date_disputed": call.date_disputed,
        # Every date a report gives, partial ones too ("--09-05": a day and month, no year).
        "reported_dates": sorted(
            {d for d in (report_date_iso(r) for r in call.reports.all()) if d is not None}
        ),
        "date_reports": [serialize_date_report(r) for r in call.reports.all()],
        "needs_review": call.needs_review,
        "mode": call.mode,
        "status": call.status,
        "location": call.location,
        "participants": [
            {
                "name": p.official.name,
                "slug": p.official.slug,
                "country": p.official.country,
                "role": p.role or (p.position.title if p.position else ""),
            }
            for p in call.participants.all()
        ],
        "topics": [t.name for t in call.topics.all()],
        "sources": [
            source for report in call.reports.all() for source in serialize_sources(report)
        ],
    }


def report_date_iso(report):
    """What one report says of the date, in ISO 8601 at its precision: "2023-09-04", "2023-09",
    "2023", "--09-05" for a day and month without a year; None when it gives no date."""
    if report.reported_date is not None and report.reported_precision != DatePrecision.UNKNOWN:
        return date_iso(report.reported_date, report.reported_precision)
    if report.reported_month and report.reported_day:
        return f"--{report.reported_month:02d}-{report.reported_day:02d}"
    return None


def serialize_date_report(report):
    """One report's date: the article, the date in ISO and in words, and the text's own words."""
    article = report.article
    weekday = report.reported_weekday
    return {
        "article": article.pk,
        "outlet": article.outlet.name if article.outlet else "",
        "title": article.title,
        "date": report_date_iso(report),
        "precision": report.reported_precision,
        "weekday": calendar.day_name[weekday] if weekday is not None else None,
        "in_words": report_date_words(report),
        "words": report.date_text,
    }


def serialize_sources(report):
    """One source per input file: the same article may arrive as a .txt and as an .html page."""
    article = report.article
    base = {
        "article": article.pk,
        "file": "",
        "url": article.url,
        "outlet": article.outlet.name if article.outlet else "",
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "reported_date": report.reported_date.isoformat() if report.reported_date else None,
        "evidence": [e.get("text", "") for e in report.evidence or []],
    }
    files = sorted({PurePath(d.filename).name for d in article.source_documents.all()})
    return [{**base, "file": name} for name in files] or [base]


def export_payload(calls):
    """The document `export_calls` prints: {"calls": [...]}."""
    return {"calls": [serialize_call(call) for call in calls]}


def json_chunks(calls):
    """The document `export_calls` prints ({"calls": [...]}), a call at a time for a streaming
    response, one call per line: without indentation the json module encodes in C, several
    times faster on a 100,000-call export."""
    first = True
    for call in calls:
        text = json.dumps(serialize_call(call), ensure_ascii=False)
        yield ('{"calls": [\n' if first else ",\n") + text
        first = False
    yield '{"calls": []}\n' if first else "\n]}\n"
