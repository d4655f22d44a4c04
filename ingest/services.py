"""Writes: register source documents, run the pipeline on them, and reconcile what it found.

Each document is written in its own transaction; a failure is stored on the document and the
batch goes on. Calls reported by several articles become one Call with several reports.
"""

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Count
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
    Topic,
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
from ingest.reference import load_reference

log = logging.getLogger(__name__)

# Larger inputs are kept but not read: no news article or readout comes near this.
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
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
    results = []
    for name, data, meta in files:
        data = bytes(data)
        meta = meta or {}
        sha = hashlib.sha256(data).hexdigest()
        values = _meta_values(meta)
        with transaction.atomic():
            document = SourceDocument.objects.filter(sha256=sha).first()
            created = document is None
            if created:
                try:
                    with transaction.atomic():
                        document = SourceDocument.objects.create(
                            filename=PurePath(name or "unnamed").name[:255] or "unnamed",
                            raw=data,
                            sha256=sha,
                            size=len(data),
                            meta_warnings=list(meta.get("warnings") or []),
                            **values,
                        )
                except IntegrityError:
                    # Registered by another worker in the meantime.
                    document, created = SourceDocument.objects.get(sha256=sha), False
            if not created:
                changed = {k: v for k, v in values.items() if v and getattr(document, k) != v}
                if changed:
                    for key, value in changed.items():
                        setattr(document, key, value)
                    document.status = DocumentStatus.NEW
                    document.save(update_fields=[*changed, "status"])
        results.append((document, created))
    return results


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

    `progress(done, total, line)` is called after each document.
    """
    extractor = extractor or extract_document
    documents = list(documents)
    summary = IngestSummary()
    reference = None
    touched_articles: set[int] = set()
    officials: dict[str, Official] = {}  # by slug, shared across the batch
    for index, document in enumerate(documents, start=1):
        if document.status != DocumentStatus.NEW and not rerun:
            line = DocumentLine(document.pk, document.filename, "unchanged", error=document.status)
            summary.unchanged += 1
            summary.still_failed += document.status == DocumentStatus.FAILED
        else:
            if reference is None:
                reference = load_reference()
            first_time = document.attempts == 0
            line = _process(document, reference, extractor, touched_articles, officials=officials)
            summary.new += first_time
            if line.outcome == "failed":
                summary.failed += 1
            else:
                summary.ingested += 1
                summary.calls_created += line.calls_created
                summary.calls_joined += line.calls_joined
        summary.lines.append(line)
        if progress:
            progress(index, len(documents), line)
    if touched_articles:
        _date_undated_articles(touched_articles, reference, extractor, summary)
    return summary


def _process(
    document, reference, extractor, touched_articles, published=None, quiet=False, officials=None
) -> DocumentLine:
    """Extract and write one document; any failure is stored on it instead of raised.

    With `quiet` (a re-read that only improves a date) a failure leaves the document as it was.
    """
    rerun = document.attempts > 0
    document.attempts += 1
    line = DocumentLine(document.pk, document.filename, "re-run" if rerun else "ingested")
    try:
        if document.size > MAX_DOCUMENT_BYTES:
            raise IngestError(
                f"The file is too large to be an article ({document.size // 1024 // 1024} MB; "
                f"the limit is {MAX_DOCUMENT_BYTES // 1024 // 1024} MB)."
            )
        source = SourceInput(
            raw=bytes(document.raw),
            filename=document.filename,
            url=document.url,
            published=published or document.published or _inferred_published(document),
            outlet=document.outlet_name,
            title=document.title,
        )
        extracted = extractor(source, reference)
        with transaction.atomic():
            result, warnings = _write_article(
                document,
                extracted,
                inferred=published or _inferred_published(document),
                officials=officials,
            )
            document.status = DocumentStatus.INGESTED
            document.error = ""
            document.warnings = list(document.meta_warnings) + warnings
            document.result = result
            document.processed_at = timezone.now()
            document.save()
        touched_articles.update(result.get("articles_touched", []))
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


def _inferred_published(document):
    """The publication date this document's article was given from other reports, if any."""
    article = document.article
    if article and article.published and article.published_basis == INFERRED_BASIS:
        return article.published
    return None


# --- writing one article ----------------------------------------------------------------------


class _Batch:
    """Counters and per-document caches while one article is written."""

    def __init__(self, document, article):
        self.document = document
        self.article = article
        self.calls_created = 0
        self.calls_joined = 0
        self.calls_kept = 0
        self.participants_created = 0
        self.warnings: list[str] = []
        self.reasons: dict[int, list[str]] = {}  # call id -> review reasons from this text
        self.reports: dict[int, Report] = {}  # call id -> this run's report
        self.officials: dict[str, Official] = {}


def _write_article(document, extracted: ExtractedArticle, *, inferred=None, officials=None):
    text = extracted.text
    warnings = [*text.warnings, *extracted.warnings]
    article, own = _article_for(document, text, warnings, inferred)
    document.article = article
    batch = _Batch(document, article)
    if officials is not None:
        batch.officials = officials
    batch.warnings = warnings
    # Reports this article already had: a re-run replaces them, a second copy adds to them.
    previous = {r.call_id: r for r in article.reports.select_related("call")}
    touched_calls = set(previous) if own else set()
    for extracted_call in extracted.calls:
        call = _write_call(batch, extracted_call, previous)
        if call is not None:
            touched_calls.add(call.pk)
    calls_removed = 0
    if own:
        stale = [r for call_id, r in previous.items() if call_id not in batch.reports]
        for report in stale:
            report.delete()
    for call in Call.objects.filter(pk__in=touched_calls).order_by("pk"):
        names = _refresh_call(call, batch.reasons.get(call.pk, []))
        if names is None:
            calls_removed += 1
        elif names and call.pk in batch.reports:
            batch.warnings.append(f"Date uncertain for the contact of {names}.")
    articles_touched = set(
        Report.objects.filter(call_id__in=touched_calls).values_list("article_id", flat=True)
    )
    articles_touched.add(article.pk)
    result = {
        "article": article.pk,
        "calls_created": batch.calls_created,
        "calls_joined": batch.calls_joined,
        "calls_kept": batch.calls_kept,
        "calls_removed": calls_removed,
        "participants_created": batch.participants_created,
        "reports": len(batch.reports),
        "articles_touched": sorted(articles_touched),
    }
    return result, _dedupe(batch.warnings)


def _dedupe(items):
    return list(dict.fromkeys(items))


def _article_for(document, text, warnings, inferred):
    """The article this document is: its own from before, one with the same URL, or a new one.

    Returns (article, own): `own` when this document's extraction is the article's to replace.
    """
    url = _clean_url(text.url or document.url, warnings)
    outlet = _outlet_for(text.outlet_name or document.outlet_name, text.outlet_domain, url)
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
        "outlet": outlet,
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
    if article is None and url:
        article = Article.objects.filter(url=url).first()
    if article is None:
        article = (
            Article.objects.filter(url="", content_hash=content_hash, outlet=outlet)
            .order_by("pk")
            .first()
        )
    if article is None:
        return Article.objects.create(**values), True
    own = (
        document.article_id == article.pk
        or not article.source_documents.exclude(pk=document.pk).exists()
    )
    locked = set(article.edited_fields or [])
    if "published" in locked:
        locked |= {"published_precision", "published_basis"}
    if url and url != article.url and Article.objects.filter(url=url).exclude(pk=article.pk):
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
    _save_changed(article, updates)
    return article, own


def _save_changed(instance, values):
    """Save only the fields whose value changes, so an unchanged re-run leaves no history."""
    changed = [k for k, v in values.items() if getattr(instance, k) != v]
    for key in changed:
        setattr(instance, key, values[key])
    if changed:
        if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
            changed.append("updated_at")
        instance.save(update_fields=changed)
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


def _outlet_for(name, domain, url):
    """The known outlet for a domain or name, or a new one (kind and country guessed)."""
    name = (name or "").strip()[:200]
    domain = (domain or "").strip().lower().removeprefix("www.") or _domain(url)
    if domain:
        found = OutletDomain.objects.filter(domain=domain).select_related("outlet").first()
        if found is None and domain.count(".") > 1:
            # news.example.com is example.com's outlet.
            parent = domain.split(".", 1)[1]
            found = OutletDomain.objects.filter(domain=parent).select_related("outlet").first()
        if found:
            return found.outlet
    if name:
        outlet = Outlet.objects.filter(name__iexact=name).first()
        if outlet is None and slugify(name):
            outlet = Outlet.objects.filter(slug=slugify(name)[:200]).first()
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
    call = _match_call(batch, extracted, claim, ids, previous)
    if call is None:
        call = Call.objects.create(
            mode=Mode.parse(extracted.mode, Mode.UNKNOWN),
            status=Status.parse(extracted.status, Status.HELD),
            location=(extracted.location or "")[:200],
        )
        for official in officials:
            title = next((p.title for p in extracted.participants if p.slug == official.slug), "")
            CallParticipant.objects.create(call=call, official=official, role=title[:200])
        call.topics.set(Topic.objects.filter(slug__in=extracted.topics))
        batch.calls_created += 1
    else:
        _join(call, extracted)
        if call.pk in previous:
            batch.calls_kept += 1
        elif call.pk not in batch.reports:
            batch.calls_joined += 1
    reasons = batch.reasons.setdefault(call.pk, [])
    reasons.extend(extracted.review_reasons)
    if extracted.needs_review and not extracted.review_reasons:
        reasons.append("The ingest was unsure about this contact.")
    _write_report(batch, call, extracted, previous)
    return call


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
    month_day = (report.reported_month, report.reported_day)
    return ReportedDate(
        date=report.reported_date,
        precision=report.reported_precision if report.reported_date else DatePrecision.UNKNOWN,
        basis=report.date_basis,
        weekday=report.reported_weekday,
        month_day=month_day if all(month_day) else None,
        specific=report.date_specific,
        text=report.date_text,
    )


def _call_claims(call):
    """What a new report's date is compared with: the call's date when it has a day (an
    editor's or the reports' best), else every report's partial date."""
    if call.date and call.date_precision == DatePrecision.DAY:
        edited = set(call.edited_fields or []) & {"date", "date_precision"}
        return [
            ReportedDate(
                date=call.date,
                precision=DatePrecision.DAY,
                weekday=call.weekday,
                basis=DateBasis.EDITOR.value if edited else call.date_basis,
            )
        ]
    return [claim_from_report(r) for r in call.reports.all()]


def _match_call(batch, extracted, claim, ids, previous):
    """The known call this report describes, or None."""
    evidence = _evidence_text(extracted)
    # A re-run finds its own earlier calls by their evidence, even after an editor changed
    # the participants or the date.
    for call_id, report in previous.items():
        if call_id in batch.reports or report.evidence_text != evidence or not evidence:
            continue
        call = report.call
        locked = "participants" in (call.edited_fields or [])
        if locked or set(call.participants.values_list("official_id", flat=True)) == ids:
            return call
    candidates = (
        Call.objects.with_all_persons(list(ids))
        .annotate(n_participants=Count("participants", distinct=True))
        .filter(n_participants=len(ids))
        .order_by("pk")
    )
    mode = Mode.parse(extracted.mode, Mode.UNKNOWN)
    status = Status.parse(extracted.status, Status.HELD)
    for call in candidates:
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
        if all(dates_compatible(claim, other) for other in _call_claims(call)):
            return call
    return None


def _official_for(batch, participant: ExtractedParticipant, extracted):
    """The official for a participant; a person unknown to the reference data is created for review."""
    key = participant.slug or slugify(participant.name)
    if key in batch.officials:
        return batch.officials[key]
    official = Official.objects.filter(slug=key).first() if key else None
    if official is None and participant.name:
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
            _guess_position(official, participant.title, when)
        batch.warnings.append(
            f"Unknown person '{name}'"
            + (f" ({participant.title})" if participant.title else "")
            + " was added for review."
        )
    batch.officials[key] = official
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


def _join(call, extracted):
    """Let a further report fill what the call does not know yet; editors' fields stay."""
    edited = set(call.edited_fields or [])
    updates = {}
    mode = Mode.parse(extracted.mode, Mode.UNKNOWN)
    if call.mode == Mode.UNKNOWN and mode != Mode.UNKNOWN and "mode" not in edited:
        updates["mode"] = mode
    if not call.location and extracted.location and "location" not in edited:
        updates["location"] = extracted.location[:200]
    _save_changed(call, updates)
    if "topics" not in edited and extracted.topics:
        have = set(call.topics.values_list("slug", flat=True))
        new = Topic.objects.filter(slug__in=set(extracted.topics) - have)
        if new:
            call.topics.add(*new)


def _evidence(extracted):
    return [{"text": s.text, "start": s.start, "end": s.end} for s in extracted.evidence]


def _evidence_text(extracted):
    return " ".join(s.text for s in extracted.evidence)


def _write_report(batch, call, extracted, previous):
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
        _save_changed(report, updates)
        return report
    report = previous.get(call.pk)
    if report is None:
        report = Report.objects.create(call=call, article=batch.article, **values)
    else:
        _save_changed(report, values)
    batch.reports[call.pk] = report
    return report


# --- call dates, roles and review state ------------------------------------------------------


def terms_of_office(official_ids):
    """Each official's spans in office, for those with any: [[(start, end), ...], ...]."""
    spans: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
    for official_id, start, end in Position.objects.filter(
        official_id__in=official_ids, is_spokesperson=False
    ).values_list("official_id", "start", "end"):
        spans.setdefault(official_id, []).append((start, end))
    return [spans[k] for k in sorted(spans)]


def _refresh_call(call, reasons):
    """Recompute a call's date, roles and review note from all its reports.

    Returns the participants' names when the date is still uncertain, "" when it is known,
    and None when the call was deleted for having no report left.
    """
    reports = list(call.reports.order_by("pk"))
    edited = set(call.edited_fields or [])
    if not reports:
        if edited or call.status == Status.REJECTED:
            return ""
        call.delete()
        return None
    participants = list(call.participants.select_related("official"))
    ids = [p.official_id for p in participants]
    combined = call_date([claim_from_report(r) for r in reports], terms_of_office(ids))
    updates = {}
    if not edited & {"date", "date_precision"}:
        updates.update(
            {
                "date": combined.date,
                "date_precision": combined.precision if combined.date else DatePrecision.UNKNOWN,
                "date_basis": combined.basis,
                "weekday": combined.weekday,
            }
        )
        updates = {k: v for k, v in updates.items() if k not in edited}
    if "date_disputed" not in edited:
        updates["date_disputed"] = combined.disputed
    if "date_note" not in edited:
        updates["date_note"] = combined.note
    lines = [
        line
        for line in call.review_note.splitlines()
        if line.strip() and line.strip() not in DATE_REASONS
    ]
    for p in participants:
        if p.official.needs_review:
            reasons = [
                *reasons,
                f"{p.official.name} was added by the ingest; check the name and position.",
            ]
    lines = _dedupe([*lines, *reasons, *_date_reasons(combined)])
    if "review_note" not in edited:
        updates["review_note"] = "\n".join(lines)
    if "needs_review" not in edited:
        updates["needs_review"] = bool(lines)
    date_before = call.date
    _save_changed(call, updates)
    needs_roles = call.date != date_before or any(p.position_id is None for p in participants)
    if "participants" not in edited and needs_roles:
        _refresh_roles(call, participants, reports)
    if call.date_precision == DatePrecision.DAY:
        return ""
    return ", ".join(p.official.name for p in participants)


def _date_reasons(combined: CallDate):
    return [r for r in combined.reasons if r in DATE_REASONS]


def _refresh_roles(call, participants, reports):
    """Each participant's post on the call's date (or, undated, when the first report appeared)."""
    on = call.date
    if on is None:
        published = Article.objects.filter(
            pk__in=[r.article_id for r in reports], published__isnull=False
        ).values_list("published", flat=True)
        on = min(published, default=None)
    if on is None:
        return
    held = {}
    for position in (
        Position.objects.held_on(on)
        .filter(official_id__in=[p.official_id for p in participants], is_spokesperson=False)
        .order_by("-is_primary", "-start")
    ):
        held.setdefault(position.official_id, position)
    for participant in participants:
        position = held.get(participant.official_id)
        if position is None:
            continue
        _save_changed(participant, {"position": position, "role": position.title})


# --- dating undated articles from other reports ----------------------------------------------


def _date_undated_articles(article_ids, reference, extractor, summary):
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
        line = _process(document, reference, extractor, set(), published=inferred, quiet=True)
        if line.outcome == "failed":
            line.error = f"Could not re-read it with the inferred date {inferred}: {line.error}"
            summary.lines.append(line)
