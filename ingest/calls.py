"""Calls: matching an extracted call to a known one or creating it, and writing its report."""

from django.db import connection

from contacts.choices import DateBasis, DatePrecision, Mode, Status
from contacts.models import Call, CallParticipant, Report
from contacts.review import source_label, source_line
from ingest.call_state import (
    CallState,
    claim_from_extracted,
    claim_from_report,
    has_day,
    read_claims,
)
from ingest.dating import INFERRED_BASIS, derived_fields
from ingest.history import save_changed
from ingest.officials import official_for
from ingest.pipeline.records import ExtractedCall
from ingest.reconcile import ReportedDate, dates_compatible
from ingest.sql import candidates_query


def write_call(batch, extracted: ExtractedCall, previous):
    """Join the extracted call to a known Call or create one; write this article's report of it."""
    officials = []
    for participant in extracted.participants:
        official = official_for(batch, participant, extracted)
        if official is not None and official not in officials:
            officials.append(official)
    if len(officials) < 2:
        names = ", ".join(p.name for p in extracted.participants) or "nobody"
        batch.warnings.append(f"Left out a contact with fewer than two known people ({names}).")
        return None
    claim = claim_from_extracted(extracted)
    ids = {o.pk for o in officials}
    state = _match_call(batch, extracted, claim, ids, previous)
    if state is None:
        state = _create_call(batch, extracted, officials)
    else:
        _join(batch, state, extracted)
        if state.call.pk in previous:
            batch.calls_kept += 1
        elif state.call.pk not in batch.reports:
            batch.calls_joined += 1
    call = state.call
    batch.reasons.setdefault(call.pk, []).extend(_review_reasons(extracted, batch.article))
    _write_report(batch, state, extracted, previous)
    return call


def _reported_mode(extracted):
    return Mode.parse(extracted.mode, Mode.UNKNOWN)


def _reported_status(extracted):
    # A text that does not say otherwise reports a call that took place.
    return Status.parse(extracted.status, Status.HELD)


def _review_reasons(extracted, article):
    """What this report leaves uncertain, one sentence each, labelled with its whole source.

    A call gathers reasons from every report; without the label, "only the weekday is known"
    from one article reads as stale once another article has given the day, and re-reading the
    article could not tell its own lines from the others'.
    """
    reasons = list(extracted.review_reasons)
    if extracted.needs_review and not reasons:
        reasons = ["the ingest was unsure about this contact"]
    label = source_label(article)
    return [line for line in (source_line(label, reason) for reason in reasons) if line]


def _create_call(batch, extracted, officials) -> CallState:
    """A new call, written with the date and roles its first report gives it."""
    call = Call(
        mode=_reported_mode(extracted),
        status=_reported_status(extracted),
        location=(extracted.location or "")[:200],
    )
    # The refresh after the report is written then finds nothing to change: one history row.
    fields = derived_fields(
        call,
        [claim_from_extracted(extracted)],
        officials,
        _review_reasons(extracted, batch.article),
        batch.known,
    )
    for key, value in fields.items():
        setattr(call, key, value)
    call.save(force_insert=True)
    on = call.date or batch.article.published
    participants = []
    for official in officials:
        position = batch.known.position_on(official.pk, on) if on else None
        title = next((p.title for p in extracted.participants if p.slug == official.slug), "")
        participants.append(
            CallParticipant(
                call=call,
                official=official,
                position=position,
                role=position.title if position else title[:200],
            )
        )
    if connection.features.can_return_rows_from_bulk_insert:
        CallParticipant.objects.bulk_create(participants)
        batch.history.created(participants)
    else:
        for participant in participants:
            batch.history.save(participant)
    topic_ids = batch.known.topic_ids(extracted.topics)
    if topic_ids:
        call.topics.add(*topic_ids)
    batch.calls_created += 1
    batch.calls[call.pk] = CallState(call, {}, participants, set(topic_ids))
    return batch.calls[call.pk]


def _call_claims(state):
    """What a new report's date is compared with: the call's date when it has a day (an
    editor's or the reports' best), else every report's partial date."""
    call = state.call
    if has_day(call):
        edited = set(call.edited_fields or []) & {"date", "date_precision"}
        return [
            ReportedDate(
                date=call.date,
                precision=DatePrecision.DAY,
                weekday=call.weekday,
                basis=DateBasis.EDITOR.value if edited else call.date_basis,
            )
        ]
    return state.claims


def _match_call(batch, extracted, claim, ids, previous) -> CallState | None:
    """The known call this report describes, or None."""
    evidence = _evidence_text(extracted)
    # Read first: an earlier call of this article found below is usually among them.
    candidates = _candidates(batch, ids, batch.known.topic_ids(extracted.topics))
    # A re-run finds its own earlier calls by their evidence, even after an editor changed
    # the participants or the date.
    for call_id, report in previous.items():
        if call_id in batch.reports or report.evidence_text != evidence or not evidence:
            continue
        state = batch.state(report.call)
        locked = "participants" in (state.call.edited_fields or [])
        if locked or {p.official_id for p in state.participants} == ids:
            return state
    read_claims([s for s in candidates if not has_day(s.call)])
    mode = _reported_mode(extracted)
    status = _reported_status(extracted)
    for state in candidates:
        call = state.call
        edited = set(call.edited_fields or [])
        # This article may report a call twice (a tweet and the text): one report, unless the
        # dates say these are two events.
        if call.pk in batch.reports and not dates_compatible(
            claim, claim_from_report(batch.reports[call.pk])
        ):
            continue
        if not (call.status == status or call.status == Status.REJECTED or "status" in edited):
            continue
        if not (mode == call.mode or Mode.UNKNOWN in (mode, call.mode) or "mode" in edited):
            continue
        if all(dates_compatible(claim, other) for other in _call_claims(state)):
            return state
    return None


def _candidates(batch, ids, topic_ids) -> list[CallState]:
    """The calls of exactly these officials, oldest first, with their participants, in one query.

    Each row also tells how many of `topic_ids` its call has, so a join that adds no topic
    need not read them, and how many reports it has and the latest one's id ("12:345"), so
    what an earlier document of the batch read of them serves again while they are the same.
    """
    sql, params = candidates_query(sorted(ids), sorted(topic_ids))
    rows: dict[int, list[Call]] = {}
    for row in Call.objects.raw(sql, params):
        rows.setdefault(row.pk, []).append(row)
    batch.known.read_officials({r.participant_official for group in rows.values() for r in group})
    candidates = []
    for call_id, group in rows.items():
        if call_id in batch.calls:
            candidates.append(batch.calls[call_id])  # as this run has changed it
            continue
        call = group[0]
        participants = [_participant(call, row, batch.known) for row in group]
        state = CallState(call, participants=participants)
        if topic_ids and call.topics_had == len(topic_ids):
            state.topics_present |= topic_ids
        seen = batch.run.claims.get(call_id)
        if seen is not None and call.reports_seen == f"{len(seen)}:{max(seen, default=0)}":
            state.set_claims(seen)
        batch.calls[call_id] = state
        candidates.append(state)
    return candidates


_PARTICIPANT_FIELDS = [f.attname for f in CallParticipant._meta.concrete_fields]


def _participant(call, row, known) -> CallParticipant:
    """The CallParticipant in a `_candidates` row, as if read by the ORM."""
    values = {
        "id": row.participant_id,
        "call_id": call.pk,
        "official_id": row.participant_official,
        "position_id": row.participant_position,
        "role": row.participant_role,
    }
    participant = CallParticipant.from_db(
        call._state.db, _PARTICIPANT_FIELDS, [values[name] for name in _PARTICIPANT_FIELDS]
    )
    participant.call = call
    participant.official = known.official_by_id(row.participant_official)
    return participant


def _join(batch, state, extracted):
    """Let a further report fill what the call does not know yet; editors' fields stay."""
    call = state.call
    edited = set(call.edited_fields or [])
    updates = {}
    mode = _reported_mode(extracted)
    if call.mode == Mode.UNKNOWN and mode != Mode.UNKNOWN and "mode" not in edited:
        updates["mode"] = mode
    if not call.location and extracted.location and "location" not in edited:
        updates["location"] = extracted.location[:200]
    save_changed(call, updates)
    if "topics" not in edited and extracted.topics:
        # Adding nothing would still write a history row: add only what is missing.
        wanted = batch.known.topic_ids(extracted.topics)
        new = wanted - state.topics_present
        if new:
            new -= state.topic_ids
        if new:
            call.topics.add(*new)
            state.add_topics(new)


def _evidence(extracted):
    return [{"text": s.text, "start": s.start, "end": s.end} for s in extracted.evidence]


def _evidence_text(extracted):
    return " ".join(s.text for s in extracted.evidence)


def _write_report(batch, state, extracted, previous):
    """This article's report of the call: a new one, its earlier one updated, or both passages
    in one when the text reports the call twice."""
    call = state.call
    month, day = extracted.month_day or (None, None)
    claim = claim_from_extracted(extracted)
    values = {
        "reported_date": extracted.date,
        "reported_precision": claim.precision,
        "reported_weekday": extracted.weekday,
        "reported_month": month,
        "reported_day": day,
        "date_specific": extracted.date_specific,
        "date_basis": claim.basis,
        "date_text": (extracted.date_text or "")[:200],
        "reported_mode": _reported_mode(extracted),
        "reported_status": _reported_status(extracted),
        "evidence": _evidence(extracted),
    }
    if (
        batch.article.published_basis == INFERRED_BASIS
        and extracted.date is not None
        and claim.basis in (DateBasis.RELATIVE, DateBasis.PUBLICATION)
    ):
        # Resolved against a publication date that other reports supplied.
        values["date_basis"] = DateBasis.CROSS_SOURCE
    if call.pk in batch.reports:
        # The same call twice in one text: one report with both passages.
        report = batch.reports[call.pk]
        evidence = report.evidence + [e for e in values["evidence"] if e not in report.evidence]
        updates = {"evidence": evidence}
        if report.reported_date is None and extracted.date is not None:
            updates.update({k: v for k, v in values.items() if k != "evidence"})
        save_changed(report, updates, batch.history)
        state.put_report(report)
        return report
    report = previous.get(call.pk)
    if report is None:
        report = Report(call=call, article=batch.article, **values)
        batch.history.save(report)
    else:
        save_changed(report, values, batch.history)
    state.put_report(report)
    batch.reports[call.pk] = report
    return report
