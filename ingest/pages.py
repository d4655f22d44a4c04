"""Pages by URL: registered as source documents still to fetch, then fetched into them by a
worker (the raw bytes and the final URL kept), or failed with the reason in words."""

import hashlib
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from ingest.fetching import FetchError, fetch
from ingest.models import DocumentStatus, SourceDocument


def register_pages(*, urls, meta=None) -> list[tuple[SourceDocument, bool]]:
    """A source document for each URL, to be fetched: [(document, created)].

    A URL registered before is the same document; one whose fetch or ingest failed is made new
    again, so that queueing it fetches it again.
    """
    meta = meta or {}
    results = []
    for url in dict.fromkeys(u.strip() for u in urls if u.strip()):
        document = SourceDocument.objects.filter(requested_url=url).order_by("pk").first()
        if document is None:
            document = SourceDocument.objects.create(
                filename=filename_for(url),
                raw=b"",
                sha256=None,
                requested_url=url,
                url=url,
                title=str(meta.get("title") or "")[:500],
                outlet_name=str(meta.get("outlet") or "")[:200],
                published=meta.get("published"),
            )
            results.append((document, True))
            continue
        if document.status == DocumentStatus.FAILED:
            document.status = DocumentStatus.NEW
            document.save(update_fields=["status"])
        results.append((document, False))
    return results


def filename_for(url: str) -> str:
    """A file name for a page: the last part of its path, or its host, as .html."""
    parts = urlsplit(url)
    stem = PurePosixPath(parts.path).name or parts.hostname or "page"
    name = get_valid_filename(stem)[:200] or "page"
    if not name.lower().endswith((".html", ".htm", ".txt")):
        name += ".html"
    return name


def fetch_into_document(document: SourceDocument) -> bool:
    """Fetch the page of a document that has none yet; whether it is ready to be ingested.

    A fetch that fails fails the document with the reason. A page whose bytes are already
    another document's is not ingested twice: this one says which document holds them.
    """
    if not document.requested_url or document.sha256:
        return True
    try:
        page = fetch(document.requested_url)
    except FetchError as exc:
        _finish(document, status=DocumentStatus.FAILED, error=str(exc))
        return False
    sha = hashlib.sha256(page.content).hexdigest()
    document.raw, document.sha256, document.size, document.url = (
        page.content,
        sha,
        len(page.content),
        page.url[:1000],
    )
    try:
        with transaction.atomic():
            document.save(update_fields=["raw", "sha256", "size", "url"])
    except IntegrityError:
        holder = SourceDocument.objects.filter(sha256=sha).first()
        document.raw, document.sha256, document.size = b"", None, 0
        _finish(
            document,
            status=DocumentStatus.INGESTED,
            article=holder.article if holder else None,
            warnings=[
                f"The page has the same text as source document {holder.pk if holder else '?'} "
                f"({holder.filename if holder else 'unknown'}), which holds it; not ingested twice."
            ],
            result={"duplicate_of": holder.pk if holder else None},
        )
        return False
    return True


def _finish(document, *, status, error="", article=None, warnings=(), result=None):
    document.status = status
    document.error = error
    document.article = article
    document.warnings = list(warnings)
    document.result = result or {}
    document.processed_at = timezone.now()
    document.attempts += 1
    document.save(
        update_fields=[
            "status",
            "error",
            "article",
            "warnings",
            "result",
            "processed_at",
            "attempts",
            "url",
        ]
    )
