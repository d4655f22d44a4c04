"""Writes: register source documents, run the pipeline on them, and reconcile what it found.

Each document is written in its own savepoint of a short group transaction; a failure is
stored on the document and the batch goes on. Calls reported by several articles become one
Call with several reports. Reference rows are read once per batch, a call's rows once per
document, and nothing is saved (nor put in history) that does not change.
"""

import copy
import datetime as dt
import functools
import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from contacts.choices import DateBasis, DatePrecision, Mode, OutletKind, Status
from contacts.countries import Country
from contacts.models import (
    Article,
    Call,
    CallParticipant,
    Official,
    Outlet,
    OutletDomain,
    Position,
    Report,
)
from ingest.models import DocumentStatus, SourceDocument
from ingest.pipeline.records import (
    ExtractedArticle,
    ExtractedCall,
    ExtractedParticipant,
    IngestError,
    Reference,
    SourceInput,
)
from ingest.reconcile import (
    DATE_REASONS,
    CallDate,
    RelativeReport,
    ReportedDate,
    call_date,
    dates_compatible,
    infer_reference_date,
)
from ingest.reference import KnownRows, load_reference

log = logging.getLogger(__name__)

# Larger inputs are kept but not read: no news article or readout comes near this.
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# Documents registered per query: bounds the bytes held in one INSERT.
REGISTER_CHUNK = 100
INFERRED_BASIS = "inferred from other reports of its calls"

Extractor = Callable[[SourceInput, Reference], ExtractedArticle]


def extract_document(source: SourceInput, reference: Reference) -> ExtractedArticle:
    """The pipeline, called from this one place."""
    from ingest.pipeline.run import extract

    return extract(source, reference)


# --- summaries ------------------------------------------------------------------------------


@dataclass
class DocumentLine:
    """What happened to one document in a batch."""

    document_id: int
    filename: str
    outcome: str  # ingested | re-run | unchanged | failed
    calls_created: int = 0
    calls_joined: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str = ""

    def __str__(self):
        if self.outcome == "failed":
            return f"{self.filename}: failed: {self.error}"
        if self.outcome == "unchanged":
            return f"{self.filename}: unchanged (already {self.error or 'ingested'})"
        text = (
            f"{self.filename}: {self.outcome}, {self.calls_created} calls created, "
            f"{self.calls_joined} joined"
        )
        if self.warnings:
            text += f"; {len(self.warnings)} warnings: " + " | ".join(self.warnings)
        return text


@dataclass
class IngestSummary:
    """Counts for a batch and one line per document."""

    new: int = 0
    unchanged: int = 0
    ingested: int = 0
    failed: int = 0
    still_failed: int = 0  # unchanged documents whose last attempt had failed
    calls_created: int = 0
    calls_joined: int = 0
    lines: list[DocumentLine] = field(default_factory=list)

    @property
    def any_failed(self):
        return bool(self.failed or self.still_failed)

    def __str__(self):
        text = (
            f"documents: {self.new} new, {self.unchanged} unchanged, {self.failed} failed, "
            f"{self.ingested} ingested; calls: {self.calls_created} created, "
            f"{self.calls_joined} joined"
        )
        if self.still_failed:
            text += f"; {self.still_failed} unchanged documents still failed"
        return text


# --- registering documents ------------------------------------------------------------------


def register_documents(*, files: Iterable[tuple[str, bytes, dict]]) -> list:
    """Store each file's bytes once: [(SourceDocument, created)]; the same bytes are one document.

    `meta` may hold url, published (a date), outlet, title and warnings (about the metadata).
    Metadata given again for known bytes replaces the stored values it differs from, and the
    document is then read again.
    """
    prepared = []
    for name, data, meta in files:
        data = bytes(data)
        prepared.append((name, data, meta or {}, hashlib.sha256(data).hexdigest()))
    results = []
    for start in range(0, len(prepared), REGISTER_CHUNK):
        chunk = prepared[start : start + REGISTER_CHUNK]
        try:
            results += _register_chunk(chunk)
        except IntegrityError:
            # Another worker registered some of these bytes meanwhile: one file at a time.
            results += [_register_one(*item) for item in chunk]
    return results


def _register_chunk(chunk):
    """A chunk of files in one transaction: one query for the known ones, one for the new."""
    with transaction.atomic():
        known = {
            d.sha256: d for d in SourceDocument.objects.filter(sha256__in={c[3] for c in chunk})
        }
        new, changed, results = {}, {}, []
        for name, data, meta, sha in chunk:
            values = _meta_values(meta)
            document = known.get(sha) or new.get(sha)
            if document is None:
                new[sha] = _new_document(name, data, meta, sha, values)
                results.append((new[sha], True))
                continue
            fields = _apply_meta(document, values)
            if fields and sha in known:
                changed.setdefault(sha, set()).update(fields)
            results.append((document, False))
        if connection.features.can_return_rows_from_bulk_insert:
            SourceDocument.objects.bulk_create(new.values())
        else:
            for document in new.values():
                document.save(force_insert=True)
        for sha, fields in changed.items():
            known[sha].save(update_fields=[*fields, "status"])
    return results


def _register_one(name, data, meta, sha):
    values = _meta_values(meta)
    with transaction.atomic():
        document = SourceDocument.objects.filter(sha256=sha).first()
        created = document is None
        if created:
            try:
                with transaction.atomic():
                    document = _new_document(name, data, meta, sha, values)
                    document.save(force_insert=True)
            except IntegrityError:
                # Registered by another worker in the meantime.
                document, created = SourceDocument.objects.get(sha256=sha), False
        if not created:
            fields = _apply_meta(document, values)
            if fields:
                document.save(update_fields=[*fields, "status"])
    return document, created


def _new_document(name, data, meta, sha, values):
    return SourceDocument(
        filename=PurePath(name or "unnamed").name[:255] or "unnamed",
        raw=data,
        sha256=sha,
        size=len(data),
        meta_warnings=list(meta.get("warnings") or []),
        **values,
    )


def _apply_meta(document, values):
    """Set the metadata values that differ (empty ones never erase); the document is to be read again."""
    changed = [k for k, v in values.items() if v and getattr(document, k) != v]
    for key in changed:
        setattr(document, key, values[key])
    if changed:
        document.status = DocumentStatus.NEW
    return changed


def _meta_values(meta):
    published = meta.get("published")
    return {
        "url": str(meta.get("url") or "").strip()[:1000],
        "outlet_name": str(meta.get("outlet") or "").strip()[:200],
        "published": published if isinstance(published, dt.date) else None,
        "title": str(meta.get("title") or "").strip()[:500],
    }


# --- ingesting ------------------------------------------------------------------------------


def ingest_documents(
    *,
    documents,
    rerun: bool = False,
    progress: Callable[[int, int, DocumentLine], None] | None = None,
    extractor: Extractor | None = None,
) -> IngestSummary:
    """Run the pipeline on documents not yet ingested (all of them with `rerun`) and write the results.

    `progress(done, total, line)` is called after each document, once its results are committed.
    """
    extractor = extractor or extract_document
    documents = list(documents)
    summary = IngestSummary()
    lines: dict[int, DocumentLine] = {}
    waiting = []  # (index, document, read for the first time)
    for index, document in enumerate(documents, start=1):
        if document.status != DocumentStatus.NEW and not rerun:
            lines[index] = DocumentLine(
                document.pk, document.filename, "unchanged", error=document.status
            )
            summary.unchanged += 1
            summary.still_failed += document.status == DocumentStatus.FAILED
        else:
            waiting.append((index, document, document.attempts == 0))
    reference = load_reference() if waiting else None
    run = _Run()
    touched_articles: set[int] = set()
    reported = 0

    def report_lines():
        nonlocal reported
        while reported + 1 in lines:
            reported += 1
            line = lines[reported]
            summary.lines.append(line)
            if progress:
                progress(reported, len(documents), line)

    while waiting:
        group = [document for _, document, _ in waiting[:GROUP_DOCUMENTS]]
        done = _ingest_group(group, reference, extractor, run, touched_articles)
        for (index, _, first_time), line in zip(waiting, done, strict=False):
            lines[index] = line
            summary.new += first_time
            if line.outcome == "failed":
                summary.failed += 1
            else:
                summary.ingested += 1
                summary.calls_created += line.calls_created
                summary.calls_joined += line.calls_joined
        waiting = waiting[len(done) :]
        report_lines()
    report_lines()
    if touched_articles:
        _date_undated_articles(touched_articles, reference, extractor, run, summary)
    return summary


# Documents are written in groups, one transaction for a group and a savepoint for each
# document, so that their history rows and statuses take one statement per group. A group
# ends after this many documents or seconds: the database is not held long, and a crash loses
# little (its documents stay new and are read again by the next run).
GROUP_DOCUMENTS = 25
GROUP_SECONDS = 0.5


def _ingest_group(documents, reference, extractor, run, touched_articles) -> list[DocumentLine]:
    """Write documents from the start of `documents` as one group; their lines, in order.

    If the group itself cannot be committed, its documents are written again one at a time,
    each in its own transaction, so that one document's problem never costs the others.
    """
    before = [_document_state(d) for d in documents]
    started = time.monotonic()
    lines: list[DocumentLine] = []
    touched: set[int] = set()
    attempted = 0
    try:
        with transaction.atomic():
            for document in documents:
                attempted += 1
                lines.append(_process(document, reference, extractor, run, touched, group=True))
                if time.monotonic() - started >= GROUP_SECONDS:
                    break
            run.write_group()
    except Exception:  # noqa: BLE001 - retried below, document by document
        log.exception("A group of %s documents could not be committed", attempted)
        run.forget()
        run.finished, run.links = [], {}
        for document, state in zip(documents, before, strict=True):
            _restore_document(document, state)
        return [
            _process(document, reference, extractor, run, touched_articles)
            for document in documents[:attempted]
        ]
    touched_articles.update(touched)
    return lines


def _save_results(documents):
    """Save what the ingest made of several documents with one statement run for each.

    `bulk_update()` would build a CASE expression per field and document, slower than the
    separate saves it replaces.
    """
    fields = [SourceDocument._meta.get_field(name) for name in DOCUMENT_RESULT_FIELDS]
    qn = connection.ops.quote_name
    assignments = ", ".join(f"{qn(field.column)} = %s" for field in fields)
    sql = (
        f"UPDATE {qn(SourceDocument._meta.db_table)} SET {assignments} "
        f"WHERE {qn(SourceDocument._meta.pk.column)} = %s"
    )
    rows = [
        [f.get_db_prep_save(getattr(d, f.attname), connection) for f in fields] + [d.pk]
        for d in documents
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _document_state(document):
    return {name: getattr(document, name) for name in DOCUMENT_STATE_FIELDS}


def _restore_document(document, state):
    for name, value in state.items():
        setattr(document, name, value)


def _process(
    document,
    reference,
    extractor,
    run,
    touched_articles,
    published=None,
    quiet=False,
    group=False,
) -> DocumentLine:
    """Extract and write one document; any failure is stored on it instead of raised.

    With `quiet` (a re-read that only improves a date) a failure leaves the document as it was.
    With `group`, its history rows and status are left for `_Run.write_group()`.
    """
    rerun = document.attempts > 0
    document.attempts += 1
    article_before = document.article_id
    line = DocumentLine(document.pk, document.filename, "re-run" if rerun else "ingested")
    mark = run.history.mark()
    try:
        if document.size > MAX_DOCUMENT_BYTES:
            raise IngestError(
                f"The file is too large to be an article ({document.size // 1024 // 1024} MB; "
                f"the limit is {MAX_DOCUMENT_BYTES // 1024 // 1024} MB)."
            )
        inferred = published or _inferred_published(document)
        source = SourceInput(
            raw=bytes(document.raw),
            filename=document.filename,
            url=document.url,
            published=published or document.published or inferred,
            outlet=document.outlet_name,
            title=document.title,
        )
        extracted = extractor(source, reference)
        with transaction.atomic():
            result, warnings, articles = _write_article(document, extracted, run, inferred=inferred)
            document.status = DocumentStatus.INGESTED
            document.error = ""
            document.warnings = list(document.meta_warnings) + warnings
            document.result = result
            document.processed_at = timezone.now()
            if not group:
                run.history.flush()
                document.save(update_fields=DOCUMENT_RESULT_FIELDS)
        if group:
            run.finish(document, article_before)
        touched_articles.update(articles)
        line.calls_created = result["calls_created"]
        line.calls_joined = result["calls_joined"]
        line.warnings = document.warnings
        return line
    except IngestError as exc:
        error = str(exc) or "The document could not be read."
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop a batch
        log.exception("Ingest of source document %s failed", document.pk)
        error = (
            f"Unexpected error while processing this document ({type(exc).__name__}: {exc}). "
            "The file is kept; re-run it once the problem is fixed."
        )
    # Rows this document created were rolled back with it: read them afresh.
    run.forget(history_mark=mark)
    document.article_id = article_before
    line.outcome, line.error = "failed", error
    if quiet:
        return line
    document.status = DocumentStatus.FAILED
    document.error = error[:5000]
    document.warnings = list(document.meta_warnings)
    document.processed_at = timezone.now()
    SourceDocument.objects.filter(pk=document.pk).update(
        status=document.status,
        error=document.error,
        warnings=document.warnings,
        processed_at=document.processed_at,
        attempts=document.attempts,
    )
    line.outcome, line.error, line.warnings = "failed", document.error, document.warnings
    return line


# What writing a document's results changes on it; its bytes and metadata stay as they are.
DOCUMENT_RESULT_FIELDS = [
    "article",
    "status",
    "error",
    "warnings",
    "result",
    "processed_at",
    "attempts",
]
DOCUMENT_STATE_FIELDS = ["article_id", *DOCUMENT_RESULT_FIELDS[1:]]


def _inferred_published(document):
    """The publication date this document's article was given from other reports, if any."""
    article = document.article
    if article and article.published and article.published_basis == INFERRED_BASIS:
        return article.published
    return None


# --- writing one article ----------------------------------------------------------------------


class _HistoryRows:
    """History rows of articles, reports and participants, written per group: one INSERT a model.

    `save()` on its own writes one row per save with a costly lookup each time; rows here are
    taken when the record is saved (each save has its row, dated then), only written later, in
    the same transaction. Calls keep the usual per-save rows, which also record their topics.
    """

    def __init__(self):
        self._managers = {}
        self._pending: list[tuple[object, bool]] = []

    def save(self, instance, **kwargs):
        """Save `instance` (insert or update) and keep its history row for `flush()`."""
        created = instance._state.adding
        instance.skip_history_when_saving = True
        try:
            instance.save(**kwargs)
        finally:
            del instance.skip_history_when_saving
        self._pending.append((_snapshot(instance), created))

    def created(self, instances):
        """Instances just inserted without history (bulk_create)."""
        self._pending += [(_snapshot(instance), True) for instance in instances]

    def flush(self):
        groups: dict[tuple[type, bool], list] = {}
        for instance, created in self._pending:
            groups.setdefault((type(instance), created), []).append(instance)
        self._pending = []
        for (model, created), instances in groups.items():
            if model not in self._managers:
                self._managers[model] = getattr(model, model._meta.simple_history_manager_attribute)
            self._managers[model].bulk_history_create(instances, update=not created)

    def mark(self) -> int:
        return len(self._pending)

    def forget(self, mark=0):
        """Drop the rows kept since `mark` (all of them by default)."""
        del self._pending[mark:]


def _snapshot(instance):
    """The record as saved now, dated now, for its history row written later."""
    saved = copy.copy(instance)
    saved._history_date = timezone.now()
    return saved


class _Run:
    """What the documents of one batch share: reference rows, what calls' reports say, history."""

    def __init__(self):
        self.known = KnownRows()
        # call id -> {report id: (article id, date claim)} as the last document left them;
        # used again only while the call's reports are still those.
        self.claims: dict[int, dict[int, tuple[int, ReportedDate]]] = {}
        self.history = _HistoryRows()
        self.finished: list[SourceDocument] = []  # written in this group, status not yet saved
        # Their article before and after, as the database does not show it yet.
        self.links: dict[int, tuple[int | None, int | None]] = {}

    def forget(self, history_mark=0):
        """After a rollback: nothing written since may be remembered (history since the mark)."""
        self.known.forget()
        self.claims.clear()
        self.history.forget(history_mark)

    def write_group(self):
        """The history rows and statuses of the group's documents, one statement per table."""
        self.history.flush()
        if self.finished:
            _save_results(self.finished)
        self.finished = []
        self.links = {}

    def finish(self, document, article_before):
        self.finished.append(document)
        self.links[document.pk] = (article_before, document.article_id)

    def links_gained(self, article_id, document_id) -> int:
        """How many more documents than the database shows are the article's in this group."""
        gained = 0
        for pk, (before, after) in self.links.items():
            if pk != document_id and before != after:
                gained += (after == article_id) - (before == article_id)
        return gained


# What a report says about its call's date, read as plain values (no Report objects).
CLAIM_FIELDS = (
    "reported_date",
    "reported_precision",
    "date_basis",
    "reported_weekday",
    "reported_month",
    "reported_day",
    "date_specific",
    "date_text",
)


class _CallState:
    """A call while one article is written: its row, its reports' dates and its participants.

    Each is read at most once and then kept up to date by the writes, so recomputing the
    call's date costs no query.
    """

    def __init__(self, call, claims=None, participants=None, topic_ids=None):
        self.call = call
        self._claims: dict[int, tuple[int, ReportedDate]] | None = claims  # report id -> ...
        self._participants = participants
        self._topic_ids = topic_ids
        self.topics_present: set[int] = set(topic_ids or ())  # known to be on the call

    @property
    def claims_loaded(self):
        return self._claims is not None

    @property
    def claims(self) -> list[ReportedDate]:
        """What each report says about the date, oldest report first."""
        _read_claims([self])
        return [claim for _, (_, claim) in sorted(self._claims.items())]

    @property
    def article_ids(self) -> set[int]:
        _read_claims([self])
        return {article_id for article_id, _ in self._claims.values()}

    def set_claims(self, claims):
        self._claims = dict(claims)

    @property
    def claims_by_report(self) -> dict[int, tuple[int, ReportedDate]]:
        _read_claims([self])
        return dict(self._claims)

    def put_report(self, report):
        """This run's version of a report replaces what was read before."""
        if self._claims is not None:
            self._claims[report.pk] = (report.article_id, claim_from_report(report))

    def drop_report(self, report_id):
        if self._claims is not None:
            self._claims.pop(report_id, None)

    @property
    def participants(self) -> list[CallParticipant]:
        if self._participants is None:
            self._participants = list(
                CallParticipant.objects.filter(call_id=self.call.pk)
                .select_related("official")
                .order_by("pk")
            )
        return self._participants

    @property
    def topic_ids(self) -> set[int]:
        if self._topic_ids is None:
            self._topic_ids = set(self.call.topics.values_list("pk", flat=True))
            self.topics_present |= self._topic_ids
        return self._topic_ids

    def add_topics(self, ids):
        self.topics_present |= ids
        if self._topic_ids is not None:
            self._topic_ids |= ids


def _read_claims(states):
    """The reports' dates of several calls in one query, for those not read yet."""
    waiting = {s.call.pk: s for s in states if s._claims is None}
    if not waiting:
        return
    for state in waiting.values():
        state._claims = {}
    rows = Report.objects.filter(call_id__in=waiting).values_list(
        "call_id", "pk", "article_id", *CLAIM_FIELDS
    )
    for call_id, pk, article_id, *values in rows:
        waiting[call_id]._claims[pk] = (article_id, _claim(*values))


class _Batch:
    """Counters and per-document caches while one article is written."""

    def __init__(self, document, article, run: _Run):
        self.document = document
        self.article = article
        self.run = run
        self.known = run.known
        self.history = run.history
        self.calls_created = 0
        self.calls_joined = 0
        self.calls_kept = 0
        self.participants_created = 0
        self.warnings: list[str] = []
        self.reasons: dict[int, list[str]] = {}  # call id -> review reasons from this text
        self.reports: dict[int, Report] = {}  # call id -> this run's report
        self.calls: dict[int, _CallState] = {}  # call id -> the call as this run sees it

    def state(self, call) -> _CallState:
        """The one state of a call in this run (a second read of the same row is ignored)."""
        if call.pk not in self.calls:
            self.calls[call.pk] = _CallState(call)
        return self.calls[call.pk]


def _write_article(document, extracted: ExtractedArticle, run: _Run, *, inferred=None):
    """Write one document's article, reports and calls: (result, warnings, articles touched)."""
    text = extracted.text
    warnings = [*text.warnings, *extracted.warnings]
    article, own, created = _article_for(document, text, warnings, inferred, run)
    document.article = article
    batch = _Batch(document, article, run)
    batch.warnings = warnings
    # Reports this article already had: a re-run replaces them, a second copy adds to them.
    previous = {} if created else {r.call_id: r for r in article.reports.select_related("call")}
    touched_calls = set(previous) if own else set()
    for extracted_call in extracted.calls:
        call = _write_call(batch, extracted_call, previous)
        if call is not None:
            touched_calls.add(call.pk)
    calls_removed = 0
    if own:
        stale = [r for call_id, r in previous.items() if call_id not in batch.reports]
        for report in stale:
            report_id = report.pk
            report.delete()
            batch.state(report.call).drop_report(report_id)
    articles_touched = {article.pk}
    for call_id in sorted(touched_calls):
        state = batch.calls.get(call_id) or batch.state(previous[call_id].call)
        names = _refresh_call(batch, state, batch.reasons.get(call_id, []))
        if names is None:
            calls_removed += 1
            run.claims.pop(call_id, None)
            continue
        if names and call_id in batch.reports:
            batch.warnings.append(f"Date uncertain for the contact of {names}.")
        articles_touched.update(state.article_ids)
    for call_id, state in batch.calls.items():
        if state.claims_loaded and call_id in touched_calls:
            run.claims[call_id] = state.claims_by_report
    result = {
        "article": article.pk,
        "calls_created": batch.calls_created,
        "calls_joined": batch.calls_joined,
        "calls_kept": batch.calls_kept,
        "calls_removed": calls_removed,
        "participants_created": batch.participants_created,
        "reports": len(batch.reports),
    }
    return result, _dedupe(batch.warnings), articles_touched


def _dedupe(items):
    return list(dict.fromkeys(items))


def _article_for(document, text, warnings, inferred, run):
    """The article this document is: its own from before, one with the same URL, or a new one.

    Returns (article, own, created): `own` when this document's extraction is the article's to
    replace, `created` when the article is new.
    """
    url = _clean_url(text.url or document.url, warnings)
    outlet = _outlet_for(
        text.outlet_name or document.outlet_name, text.outlet_domain, url, run.known
    )
    content_hash = hashlib.sha256((text.body or "").encode("utf-8")).hexdigest()
    published, precision, basis = (
        text.published,
        DatePrecision.parse(text.published_precision, DatePrecision.UNKNOWN),
        text.published_basis,
    )
    if published is not None and precision == DatePrecision.UNKNOWN:
        precision = DatePrecision.DAY
    if published is None:
        precision = DatePrecision.UNKNOWN
    if inferred is not None and published == inferred:
        precision, basis = DatePrecision.DAY, INFERRED_BASIS
    values = {
        # The id, so comparing it with a stored article does not read the outlet.
        "outlet_id": outlet.pk if outlet else None,
        "title": (text.title or document.title or "")[:500],
        "authors": list(text.authors or []),
        "url": url,
        "published": published,
        "published_precision": precision,
        "published_basis": (basis or "")[:200],
        "body": text.body or "",
        "content_hash": content_hash,
    }
    article = document.article
    if article is None:
        article = _known_article(url, content_hash, outlet, document)
    if article is None:
        article = Article(**values)
        run.history.save(article)
        return article, True, True
    if document.article_id == article.pk:
        own = True
    else:
        others = getattr(article, "other_documents", None)
        if others is None:
            others = article.source_documents.exclude(pk=document.pk).count()
        own = not others + run.links_gained(article.pk, document.pk)
    locked = set(article.edited_fields or [])
    if "published" in locked:
        locked |= {"published_precision", "published_basis"}
    if (
        url
        and url != article.url
        and Article.objects.filter(url=url).exclude(pk=article.pk).exists()
    ):
        locked.add("url")  # another article owns that URL
    if own:
        updates = {k: v for k, v in values.items() if k not in locked}
    else:
        # A second copy of an article only fills what the first left empty.
        updates = {
            k: v for k, v in values.items() if k not in locked and not getattr(article, k) and v
        }
        if "published" in updates:
            updates["published_precision"] = values["published_precision"]
            updates["published_basis"] = values["published_basis"]
    _save_changed(article, updates, run.history)
    return article, own, False


def _known_article(url, content_hash, outlet, document):
    """The article with this URL, else the first one without a URL with the same text and outlet.

    It comes with `other_documents`: how many source documents other than `document` it has.
    """
    sql = _known_article_sql(connection.vendor, bool(url), outlet is not None)
    params = [document.pk] + ([url] if url else [])
    params += [content_hash] + ([outlet.pk] if outlet is not None else [])
    found = list(Article.objects.raw(sql, params))
    by_url = [a for a in found if url and a.url == url]
    return (by_url or found or [None])[0]


@functools.cache
def _known_article_sql(vendor, by_url, with_outlet):
    """SQL for `_known_article`, written out: the ORM takes longer to build it than to run it."""
    qn = connection.ops.quote_name

    def col(name):
        return qn(Article._meta.get_field(name).column)

    same_text = (
        f"({col('url')} = '' AND {col('content_hash')} = %s "
        f"AND {col('outlet')} {'= %s' if with_outlet else 'IS NULL'})"
    )
    where = f"{col('url')} = %s OR {same_text}" if by_url else same_text
    documents = SourceDocument._meta
    others = (
        f"SELECT COUNT(*) FROM {qn(documents.db_table)} d "
        f"WHERE d.{qn(documents.get_field('article').column)} = a.{col('id')} "
        f"AND d.{qn(documents.pk.column)} <> %s"
    )
    return (
        f"SELECT a.*, ({others}) AS other_documents FROM {qn(Article._meta.db_table)} a "
        f"WHERE {where} ORDER BY a.{col('id')}"
    )


def _save_changed(instance, values, history: _HistoryRows | None = None):
    """Save only the fields whose value changes, so an unchanged re-run leaves no history."""
    changed = [k for k, v in values.items() if getattr(instance, k) != v]
    for key in changed:
        setattr(instance, key, values[key])
    if changed:
        if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
            changed.append("updated_at")
        if history is None:
            instance.save(update_fields=changed)
        else:
            history.save(instance, update_fields=changed)
    return changed


_url_validator = URLValidator(schemes=["http", "https"])


def _clean_url(url, warnings):
    url = (url or "").strip()
    if not url:
        return ""
    try:
        if len(url) > 1000:
            raise ValidationError("too long")
        _url_validator(url)
    except ValidationError:
        warnings.append(f"Ignored a URL that is not a web address: {url[:120]!r}.")
        return ""
    return url


def _domain(url):
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


GOVERNMENT_WORDS = ("department", "ministry", "embassy", "white house", "office of", "government")
WIRE_NAMES = ("reuters", "associated press", "agence france", "afp", "ap news", "bloomberg")


def _guess_outlet_kind(name, domain):
    text = f"{name} {domain}".lower()
    if domain.endswith((".gov", ".gov.il", ".mil")) or any(w in text for w in GOVERNMENT_WORDS):
        return OutletKind.GOVERNMENT
    if any(w in text for w in WIRE_NAMES):
        return OutletKind.WIRE
    if any(w in text for w in ("blog", "substack", "medium.com", "wordpress")):
        return OutletKind.BLOG
    return OutletKind.NEWS


def _guess_country(domain):
    if domain.endswith(".il"):
        return Country.IL
    if domain.endswith((".gov", ".mil")):
        return Country.US
    return Country.XX


def _outlet_for(name, domain, url, known: KnownRows):
    """The known outlet for a domain or name, or a new one (kind and country guessed)."""
    name = (name or "").strip()[:200]
    domain = (domain or "").strip().lower().removeprefix("www.") or _domain(url)
    if domain:
        found = known.outlet_by_domain(domain)
        if found is None and domain.count(".") > 1:
            # news.example.com is example.com's outlet.
            found = known.outlet_by_domain(domain.split(".", 1)[1])
        if found:
            return found
    if name:
        outlet = known.outlet_by_name(name, slugify(name)[:200])
        if outlet:
            return outlet
    if not name and not domain:
        return None
    outlet = Outlet.objects.create(
        name=_unique_outlet_name(name or domain),
        kind=_guess_outlet_kind(name, domain),
        country=_guess_country(domain),
        homepage=f"https://{domain}/" if domain else "",
    )
    if domain and not OutletDomain.objects.filter(domain=domain).exists():
        OutletDomain.objects.create(outlet=outlet, domain=domain)
        known.add_outlet(outlet, domain)
    else:
        known.add_outlet(outlet)
    return outlet


def _unique_outlet_name(name):
    candidate, n = name, 2
    while (
        Outlet.objects.filter(name=candidate).exists()
        or Outlet.objects.filter(slug=slugify(candidate)[:200]).exists()
    ):
        candidate, n = f"{name} ({n})", n + 1
    return candidate


# --- calls ------------------------------------------------------------------------------------


def _write_call(batch, extracted: ExtractedCall, previous):
    """Join the extracted call to a known Call or create one; write this article's report of it."""
    officials = []
    for participant in extracted.participants:
        official = _official_for(batch, participant, extracted)
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
    batch.reasons.setdefault(call.pk, []).extend(_review_reasons(extracted))
    _write_report(batch, state, extracted, previous)
    return call


def _review_reasons(extracted):
    if extracted.needs_review and not extracted.review_reasons:
        return ["The ingest was unsure about this contact."]
    return list(extracted.review_reasons)


def _create_call(batch, extracted, officials) -> _CallState:
    """A new call, written with the date and roles its first report gives it."""
    call = Call(
        mode=Mode.parse(extracted.mode, Mode.UNKNOWN),
        status=Status.parse(extracted.status, Status.HELD),
        location=(extracted.location or "")[:200],
    )
    # The refresh after the report is written then finds nothing to change: one history row.
    fields = _derived_fields(
        call, [claim_from_extracted(extracted)], officials, _review_reasons(extracted), batch.known
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
    batch.calls[call.pk] = _CallState(call, {}, participants, set(topic_ids))
    return batch.calls[call.pk]


def claim_from_extracted(extracted: ExtractedCall) -> ReportedDate:
    """What an extracted call says about its date."""
    precision = DatePrecision.parse(extracted.date_precision, DatePrecision.UNKNOWN)
    if extracted.date is None:
        precision = DatePrecision.UNKNOWN
    elif precision == DatePrecision.UNKNOWN:
        precision = DatePrecision.DAY
    return ReportedDate(
        date=extracted.date,
        precision=precision,
        basis=DateBasis.parse(extracted.date_basis, DateBasis.UNKNOWN).value,
        weekday=extracted.weekday,
        month_day=tuple(extracted.month_day) if extracted.month_day else None,
        specific=extracted.date_specific,
        text=extracted.date_text,
    )


def claim_from_report(report) -> ReportedDate:
    """What a stored report says about its call's date."""
    return _claim(*(getattr(report, name) for name in CLAIM_FIELDS))


def _claim(date, precision, basis, weekday, month, day, specific, text) -> ReportedDate:
    return ReportedDate(
        date=date,
        precision=precision if date else DatePrecision.UNKNOWN,
        basis=basis,
        weekday=weekday,
        month_day=(month, day) if month and day else None,
        specific=specific,
        text=text,
    )


def _call_claims(state):
    """What a new report's date is compared with: the call's date when it has a day (an
    editor's or the reports' best), else every report's partial date."""
    call = state.call
    if _has_day(call):
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


def _has_day(call):
    return bool(call.date and call.date_precision == DatePrecision.DAY)


def _match_call(batch, extracted, claim, ids, previous) -> _CallState | None:
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
    _read_claims([s for s in candidates if not _has_day(s.call)])
    mode = Mode.parse(extracted.mode, Mode.UNKNOWN)
    status = Status.parse(extracted.status, Status.HELD)
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


def _candidates(batch, ids, topic_ids) -> list[_CallState]:
    """The calls of exactly these officials, oldest first, with their participants, in one query.

    Each row also tells how many of `topic_ids` its call has, so a join that adds no topic
    need not read them, and how many reports it has and the latest one's id ("12:345"), so
    what an earlier document of the batch read of them serves again while they are the same.
    """
    sql, params = _candidates_sql(sorted(ids), sorted(topic_ids))
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
        state = _CallState(call, participants=participants)
        if topic_ids and call.topics_had == len(topic_ids):
            state.topics_present |= topic_ids
        seen = batch.run.claims.get(call_id)
        if seen is not None and call.reports_seen == f"{len(seen)}:{max(seen, default=0)}":
            state.set_claims(seen)
        batch.calls[call_id] = state
        candidates.append(state)
    return candidates


def _candidates_sql(ids, topic_ids):
    sql = _candidates_sql_text(connection.vendor, len(ids), len(topic_ids))
    return sql, [*topic_ids, ids[0], len(ids), *ids, len(ids)]


@functools.cache
def _candidates_sql_text(vendor, n_ids, n_topics):
    """SQL for `_candidates`: one row per participant of each call of exactly `n_ids` officials.

    Written out because the ORM spends ten times longer building this query than the database
    spends running it, once for every contact of every document.
    """
    qn = connection.ops.quote_name

    def table(model):
        return qn(model._meta.db_table)

    def col(model, name):
        return qn(model._meta.get_field(name).column)

    def marks(n):
        return ", ".join(["%s"] * n)

    P, R, T = CallParticipant, Report, Call.topics.through
    call_id, part_call, part_official = col(Call, "id"), col(P, "call"), col(P, "official")
    columns = ", ".join(f"c.{qn(f.column)}" for f in Call._meta.concrete_fields)
    had = (
        f"(SELECT COUNT(*) FROM {table(T)} t WHERE t.{col(T, 'call')} = c.{call_id} "
        f"AND t.{col(T, 'topic')} IN ({marks(n_topics)}))"
        if n_topics
        else "0"
    )
    sql = f"""
        SELECT {columns},
            p.{col(P, "id")} AS participant_id,
            p.{part_official} AS participant_official,
            p.{col(P, "position")} AS participant_position,
            p.{col(P, "role")} AS participant_role,
            (SELECT COUNT(*) || ':' || COALESCE(MAX(r.{col(R, "id")}), 0) FROM {table(R)} r
                WHERE r.{col(R, "call")} = c.{call_id}) AS reports_seen,
            {had} AS topics_had
        FROM {table(Call)} c
        JOIN {table(P)} p ON p.{part_call} = c.{call_id}
        WHERE c.{call_id} IN (
            SELECT q.{part_call} FROM {table(P)} q
            WHERE q.{part_call} IN (
                SELECT s.{part_call} FROM {table(P)} s WHERE s.{part_official} = %s
            )
            GROUP BY q.{part_call}
            HAVING COUNT(*) = %s
                AND SUM(CASE WHEN q.{part_official} IN ({marks(n_ids)}) THEN 1 ELSE 0 END) = %s
        )
        ORDER BY c.{call_id}, p.{col(P, "id")}
    """
    return sql


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


def _official_for(batch, participant: ExtractedParticipant, extracted):
    """The official for a participant; a person unknown to the reference data is created for review."""
    key = participant.slug or slugify(participant.name)
    official = batch.known.official(key) if key else None
    if official is not None:
        return official
    if participant.name:
        matches = list(Official.objects.by_alias(participant.name)[:2])
        official = matches[0] if len(matches) == 1 else None
    if official is None:
        name = (participant.name or "").strip()[:200]
        if not name:
            return None
        official = Official.objects.create(
            name=name,
            slug=_unique_official_slug(key or name),
            country=Country.parse(participant.country, Country.XX),
            needs_review=True,
            notes=f"Created by the ingest from {batch.document.filename}"
            + (f", where the text calls them '{participant.title}'." if participant.title else "."),
        )
        batch.participants_created += 1
        when = extracted.date or batch.article.published
        if participant.title and when:
            position = _guess_position(official, participant.title, when)
            if position is not None:
                batch.known.add_position(position)
        batch.warnings.append(
            f"Unknown person '{name}'"
            + (f" ({participant.title})" if participant.title else "")
            + " was added for review."
        )
    if key:
        batch.known.add_official(key, official)
    return official


def _unique_official_slug(text):
    base = slugify(text)[:190] or "person"
    slug, n = base, 2
    while Official.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


NATIONALITY_WORDS = {
    "the",
    "u.s.",
    "us",
    "american",
    "israeli",
    "israel's",
    "palestinian",
    "then",
    "then-",
    "former",
}


def _guess_position(official, title, when):
    """A Position from the title a text used ("Israeli CIA director" → "CIA Director"), from `when` on."""
    words = title.split()
    while words and words[0].lower() in NATIONALITY_WORDS:
        words = words[1:]
    if not words:
        return None
    clean = " ".join(w if w.isupper() else w[:1].upper() + w[1:] for w in words)[:200]
    known = Position.objects.filter(title__iexact=clean).values("role", "organisation").first()
    role = known["role"] if known else slugify(clean)[:80]
    if not role:
        return None
    position, _ = Position.objects.get_or_create(
        official=official,
        role=role,
        start=when,
        defaults={
            "title": clean,
            "organisation": known["organisation"] if known else "",
            "country": official.country,
        },
    )
    return position


def _join(batch, state, extracted):
    """Let a further report fill what the call does not know yet; editors' fields stay."""
    call = state.call
    edited = set(call.edited_fields or [])
    updates = {}
    mode = Mode.parse(extracted.mode, Mode.UNKNOWN)
    if call.mode == Mode.UNKNOWN and mode != Mode.UNKNOWN and "mode" not in edited:
        updates["mode"] = mode
    if not call.location and extracted.location and "location" not in edited:
        updates["location"] = extracted.location[:200]
    _save_changed(call, updates)
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
        "reported_mode": Mode.parse(extracted.mode, Mode.UNKNOWN),
        "reported_status": Status.parse(extracted.status, Status.HELD),
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
        _save_changed(report, updates, batch.history)
        state.put_report(report)
        return report
    report = previous.get(call.pk)
    if report is None:
        report = Report(call=call, article=batch.article, **values)
        batch.history.save(report)
    else:
        _save_changed(report, values, batch.history)
    state.put_report(report)
    batch.reports[call.pk] = report
    return report


# --- call dates, roles and review state ------------------------------------------------------


def _refresh_call(batch, state, reasons):
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
    updates = _derived_fields(
        call,
        claims,
        [p.official for p in participants],
        reasons,
        batch.known,
    )
    date_before = call.date
    _save_changed(call, updates)
    needs_roles = call.date != date_before or any(p.position_id is None for p in participants)
    if "participants" not in edited and needs_roles:
        _refresh_roles(batch, call, participants, state.article_ids)
    if call.date_precision == DatePrecision.DAY:
        return ""
    return ", ".join(p.official.name for p in participants)


def _derived_fields(call, claims, officials, reasons, known):
    """What the reports decide about a call (date, note, review state), editors' fields left out."""
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
        for line in call.review_note.splitlines()
        if line.strip() and line.strip() not in DATE_REASONS
    ]
    added = [
        f"{o.name} was added by the ingest; check the name and position."
        for o in officials
        if o.needs_review
    ]
    lines = _dedupe([*lines, *reasons, *added, *_date_reasons(combined)])
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


def _date_undated_articles(article_ids, reference, extractor, run, summary):
    """Give undated articles the publication date their calls' other reports imply, and re-read them.

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
                report.reported_date is not None
                and report.date_basis not in (DateBasis.RELATIVE, DateBasis.PUBLICATION)
                and report.date_basis != DateBasis.CROSS_SOURCE
            )
            relative = report.reported_weekday is not None or report.date_basis in (
                DateBasis.RELATIVE,
                DateBasis.PUBLICATION,
                DateBasis.CROSS_SOURCE,
            )
            if resolved_by_text or not relative:
                continue
            others = tuple(
                claim_from_report(other) for other in report.call.reports.exclude(article=article)
            )
            if all(o.is_empty for o in others):
                continue
            call_date = (
                report.call.date if report.call.date_precision == DatePrecision.DAY else None
            )
            reports.append(RelativeReport(claim_from_report(report), call_date, others))
        if not reports:
            continue
        inferred = infer_reference_date(reports)
        if inferred is None or inferred == article.published:
            continue
        document = article.source_documents.order_by("created_at", "pk").first()
        if document is None:
            continue
        line = _process(document, reference, extractor, run, set(), published=inferred, quiet=True)
        if line.outcome == "failed":
            line.error = f"Could not re-read it with the inferred date {inferred}: {line.error}"
            summary.lines.append(line)
