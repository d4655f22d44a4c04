"""The one JSON shape of a call, shared by `export_calls` and the web exports."""

from pathlib import PurePath


def serialize_call(call):
    """A call as a plain dict; expects a queryset built with `Call.objects.with_related()`."""
    return {
        "id": call.pk,
        "date": call.date.isoformat() if call.date else None,
        "date_precision": call.date_precision,
        "date_basis": call.date_basis,
        "date_disputed": call.date_disputed,
        "reported_dates": sorted(
            {r.reported_date.isoformat() for r in call.reports.all() if r.reported_date}
        ),
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
