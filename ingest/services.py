"""The ingest's entry points: register source documents, run the pipeline on them, write the results.

Each document is written in its own savepoint of a short group transaction; a failure is
stored on the document and the batch goes on. Calls reported by several articles become one
Call with several reports. Reference rows are read once per batch, a call's rows once per
document, and nothing is saved (nor put in history) that does not change. The writes
themselves are in `articles`, `calls`, `officials` and `dating`; registering in `registration`.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from ingest.articles import GOVERNMENT_WORDS, WIRE_NAMES, write_article
from ingest.call_state import CLAIM_FIELDS, claim_from_extracted, claim_from_report
from ingest.dating import INFERRED_BASIS, date_undated_articles
from ingest.history import HistoryRows
from ingest.models import DocumentStatus, SourceDocument
from ingest.officials import NATIONALITY_WORDS
from ingest.pipeline.records import ExtractedArticle, IngestError, Reference, SourceInput
from ingest.reconcile import ReportedDate
from ingest.reference import KnownRows, load_reference
from ingest.registration import REGISTER_CHUNK, register_documents
from ingest.sql import update_by_pk_sql

# Names that lived here before the writes were split into modules, for those who import them.
__all__ = [
    "CLAIM_FIELDS",
    "DOCUMENT_RESULT_FIELDS",
    "DOCUMENT_STATE_FIELDS",
    "GOVERNMENT_WORDS",
    "GROUP_DOCUMENTS",
    "GROUP_SECONDS",
    "INFERRED_BASIS",
    "MAX_DOCUMENT_BYTES",
    "NATIONALITY_WORDS",
    "REGISTER_CHUNK",
    "WIRE_NAMES",
    "DocumentLine",
    "Extractor",
    "IngestSummary",
    "claim_from_extracted",
    "claim_from_report",
    "extract_document",
    "ingest_documents",
    "register_documents",
]

log = logging.getLogger(__name__)

# Larger inputs are kept but not read: no news article or readout comes near this.
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

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

        def reread(document, published):
            line = _process(
                document, reference, extractor, run, set(), published=published, quiet=True
            )
            if line.outcome == "failed":
                line.error = (
                    f"Could not re-read it with the inferred date {published}: {line.error}"
                )
                summary.lines.append(line)

        date_undated_articles(touched_articles, reread)
    return summary


# Documents are written in groups, one transaction for a group and a savepoint for each
# document, so that their history rows and statuses take one statement per group. A group
# ends after this many documents or seconds: the database is not held long, and a crash loses
# little (its documents stay new and are read again by the next run).
GROUP_DOCUMENTS = 25
GROUP_SECONDS = 0.5


def _ingest_group(documents, reference, extractor, run, touched_articles) -> list[DocumentLine]:
    """Write documents from the start of `documents` as one group; their lines, in order.

    The pipeline runs first, outside the group's transaction, so that several workers extract
    side by side and take turns only to write (`_take_write_turn`). If the group itself cannot
    be committed, its documents are written again one at a time, each in its own transaction,
    so that one document's problem never costs the others.
    """
    replay = _ExtractedAhead(documents, reference, extractor)
    documents = documents[: len(replay.results)]
    before = [_document_state(d) for d in documents]
    lines: list[DocumentLine] = []
    touched: set[int] = set()
    attempted = 0
    try:
        with transaction.atomic():
            _take_write_turn()
            for document in documents:
                attempted += 1
                lines.append(_process(document, reference, replay, run, touched, group=True))
            run.write_group()
    except Exception:  # noqa: BLE001 - retried below, document by document
        log.exception("A group of %s documents could not be committed", attempted)
        run.forget()
        run.finished, run.links = [], {}
        for document, state in zip(documents, before, strict=True):
            _restore_document(document, state)
        return [
            _process(document, reference, replay, run, touched_articles)
            for document in documents[:attempted]
        ]
    touched_articles.update(touched)
    return lines


class _ExtractedAhead:
    """The pipeline's results for documents from the start of a group, extracted before its
    transaction (up to GROUP_DOCUMENTS or GROUP_SECONDS); called as the extractor, it hands
    each back (or raises its error again), and extracts anything else as usual."""

    def __init__(self, documents, reference, extractor):
        self.extractor = extractor
        self.results: dict[bytes, object] = {}
        started = time.monotonic()
        for document in documents:
            source, _ = _source_input(document)
            if document.size <= MAX_DOCUMENT_BYTES:
                try:
                    self.results[source.raw] = extractor(source, reference)
                except Exception as exc:  # noqa: BLE001 - raised again when the document is written
                    self.results[source.raw] = exc
            else:
                self.results[source.raw] = None  # refused by _process before extracting
            if time.monotonic() - started >= GROUP_SECONDS:
                break

    def __call__(self, source, reference):
        result = self.results.pop(source.raw, None)
        if result is None:
            return self.extractor(source, reference)
        if isinstance(result, Exception):
            raise result
        return result


# A PostgreSQL advisory lock that writers of ingest results take in turn: two workers
# reconciling reports of the same call at once would each create the call.
WRITE_LOCK_KEY = 7_300_919


def _take_write_turn():
    """Wait for the other workers' writes; the turn lasts until the transaction ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK_KEY])


def _source_input(document, published=None):
    """The pipeline's input for a document, and the publication date inferred for it before."""
    inferred = published or _inferred_published(document)
    source = SourceInput(
        raw=bytes(document.raw),
        filename=document.filename,
        url=document.url,
        published=published or document.published or inferred,
        outlet=document.outlet_name,
        title=document.title,
    )
    return source, inferred


def _save_results(documents):
    """Save what the ingest made of several documents with one statement run for each."""
    fields = [SourceDocument._meta.get_field(name) for name in DOCUMENT_RESULT_FIELDS]
    sql = update_by_pk_sql(SourceDocument, fields)
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
        source, inferred = _source_input(document, published)
        extracted = extractor(source, reference)
        with transaction.atomic():
            if not group:  # a group took its turn for all its documents
                _take_write_turn()
            result, warnings, articles = write_article(document, extracted, run, inferred=inferred)
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


# --- what the documents of a batch share -----------------------------------------------------


class _Run:
    """What the documents of one batch share: reference rows, what calls' reports say, history."""

    def __init__(self):
        self.known = KnownRows()
        # call id -> {report id: (article id, date claim)} as the last document left them;
        # used again only while the call's reports are still those.
        self.claims: dict[int, dict[int, tuple[int, ReportedDate]]] = {}
        self.history = HistoryRows()
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
