"""Registering source documents: each file's bytes stored once, with the metadata given for it."""

import datetime as dt
import hashlib
from collections.abc import Iterable
from pathlib import PurePath

from django.db import IntegrityError, connection, transaction

from ingest.models import DocumentStatus, SourceDocument

# Documents registered per query: bounds the bytes held in one INSERT.
REGISTER_CHUNK = 100


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
