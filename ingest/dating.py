"""Dates and roles of calls from all their reports, and dating undated articles from them."""

from contacts.choices import DateBasis, DatePrecision, Status
from contacts.models import Article
from contacts.review import is_about_the_date, is_from, note_lines
from ingest.call_state import claim_from_report, has_day
from ingest.history import save_changed
from ingest.reconcile import (
    DATE_REASONS,
    CallDate,
    RelativeReport,
    call_date,
    infer_reference_date,
)

# The publication basis an article gets from the dates other reports give its calls.
INFERRED_BASIS = "inferred from other reports of its calls"
# Report dates that depend on the publication date: a new one may change them.
FROM_PUBLICATION = (DateBasis.RELATIVE, DateBasis.PUBLICATION, DateBasis.CROSS_SOURCE)


def dedupe(items):
    """The items in their order, each once."""
    return list(dict.fromkeys(items))


def refresh_call(batch, state, reasons):
    """Recompute a call's date, roles and review note from all its reports; save what changed.

    Returns the participants' names when the date is still uncertain, "" when it is known,
    and None when the call was deleted for having no report left.
    """
    call = state.call
    claims = state.claims
    edited = set(call.edited_fields or [])
    if not claims:
        if edited or call.status == Status.REJECTED:
            return ""
        call.delete()
        return None
    participants = state.participants
    updates = derived_fields(
        call,
        claims,
        [p.official for p in participants],
        reasons,
        batch.known,
        source=batch.article,
    )
    date_before = call.date
    save_changed(call, updates)
    needs_roles = call.date != date_before or any(p.position_id is None for p in participants)
    if "participants" not in edited and needs_roles:
        _refresh_roles(batch, call, participants, state.article_ids)
    if call.date_precision == DatePrecision.DAY:
        return ""
    return ", ".join(p.official.name for p in participants)


def derived_fields(call, claims, officials, reasons, known, source=None):
    """What the reports decide about a call (date, note, review state), editors' fields left out.

    `reasons` are the doubts of the report from article `source`; they replace that article's
    lines in the note, so a re-read article's old doubts go. Once an editor has set the date,
    doubts about the date are settled and left out.
    """
    edited = set(call.edited_fields or [])
    combined = call_date(claims, known.terms_of_office([o.pk for o in officials]))
    values = {}
    if not edited & {"date", "date_precision"}:
        values.update(
            {
                "date": combined.date,
                "date_precision": combined.precision if combined.date else DatePrecision.UNKNOWN,
                "date_basis": combined.basis,
                "weekday": combined.weekday,
            }
        )
        values = {k: v for k, v in values.items() if k not in edited}
    if "date_disputed" not in edited:
        values["date_disputed"] = combined.disputed
    if "date_note" not in edited:
        values["date_note"] = combined.note
    lines = [
        line
        for line in note_lines(call.review_note)
        if line not in DATE_REASONS and not (source is not None and is_from(line, source))
    ]
    added = [
        f"{o.name} was added by the ingest; check the name and position."
        for o in officials
        if o.needs_review
    ]
    lines = dedupe([*lines, *reasons, *added, *_date_reasons(combined)])
    if call.date_basis == DateBasis.EDITOR and edited & {"date", "date_precision"}:
        lines = [line for line in lines if not is_about_the_date(line)]
    if "review_note" not in edited:
        values["review_note"] = "\n".join(lines)
    if "needs_review" not in edited:
        values["needs_review"] = bool(lines)
    return values


def _date_reasons(combined: CallDate):
    return [r for r in combined.reasons if r in DATE_REASONS]


def _refresh_roles(batch, call, participants, article_ids):
    """Each participant's post on the call's date (or, undated, when the first report appeared)."""
    known = batch.known
    if not any(known.terms_of_office([p.official_id]) for p in participants):
        return
    on = call.date
    if on is None:
        published = Article.objects.filter(pk__in=article_ids, published__isnull=False).values_list(
            "published", flat=True
        )
        on = min(published, default=None)
    if on is None:
        return
    for participant in participants:
        position = known.position_on(participant.official_id, on)
        if position is None:
            continue
        if participant.position_id != position.pk or participant.role != position.title:
            participant.position, participant.role = position, position.title
            batch.history.save(participant, update_fields=["position", "role"])


# --- dating undated articles from other reports ----------------------------------------------


def date_undated_articles(article_ids, reread):
    """Give undated articles the publication date their calls' other reports imply, and re-read them.

    `reread(document, published)` extracts and writes a document again with that date; it is
    passed in because the batch loop that does it (`ingest.services`) imports this module.
    Run after a whole batch so the order of files does not change the result.
    """
    for article in Article.objects.filter(pk__in=article_ids).order_by("pk"):
        if "published" in (article.edited_fields or []):
            continue
        if article.published is not None and article.published_basis != INFERRED_BASIS:
            continue
        reports = []
        for report in article.reports.select_related("call").order_by("pk"):
            resolved_by_text = (
                report.reported_date is not None and report.date_basis not in FROM_PUBLICATION
            )
            relative = report.reported_weekday is not None or report.date_basis in FROM_PUBLICATION
            if resolved_by_text or not relative:
                continue
            others = tuple(
                claim_from_report(other) for other in report.call.reports.exclude(article=article)
            )
            if all(o.is_empty for o in others):
                continue
            call_day = report.call.date if has_day(report.call) else None
            reports.append(RelativeReport(claim_from_report(report), call_day, others))
        if not reports:
            continue
        inferred = infer_reference_date(reports)
        if inferred is None or inferred == article.published:
            continue
        document = article.source_documents.order_by("created_at", "pk").first()
        if document is None:
            continue
        reread(document, inferred)
