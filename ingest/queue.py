"""The ingest queue: documents queued in batches, each taken by one worker at a time under a
lease, and taken again (or failed with a reason) when the worker holding it stopped.

The documents' own status is the truth: queued, running (with the worker and its lease),
ingested or failed. Tasks only carry document ids; a task that finds its documents already
taken by someone else does nothing, so a task run twice never ingests a document twice.
"""

import datetime as dt
import logging
import os
import socket
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from ingest.models import BatchOrigin, DocumentStatus, IngestBatch, SourceDocument

log = logging.getLogger(__name__)

# Documents per task: small enough that several workers share a batch, large enough that what
# each task does once (read the reference data, date the undated articles its documents
# touched, re-reading their texts) is not done for every few documents. One group's worth.
TASK_DOCUMENTS = 25
# A document whose worker stopped this many times while holding it is failed, not taken again:
# it is most likely what stops the worker (memory, a crash in a library).
MAX_CLAIMS = 3
IN_QUEUE = (DocumentStatus.QUEUED, DocumentStatus.RUNNING)
WORKER_NAME = f"{socket.gethostname()}:{os.getpid()}"


def queue_in_database() -> bool:
    """Whether tasks wait in the database for workers (or run at once where enqueued)."""
    return isinstance(task_backends["default"], DatabaseBackend)


@dataclass
class Queued:
    """What queueing did: the batch (None when nothing was queued) and the documents left out."""

    batch: IngestBatch | None
    queued: int
    unchanged: list[SourceDocument]


def queue_documents(
    *, documents, origin=BatchOrigin.UPLOAD, description="", user=None, rerun=False
) -> Queued:
    """Queue the documents not yet ingested (all of them with `rerun`) in a new batch.

    With the database backend this returns at once and the workers ingest them; with the
    immediate backend the tasks run in this process before it returns.
    """
    return _new_batch(documents, origin, description, user, rerun, then=_enqueue_chunks)


def run_now(*, documents, origin, description="", user=None, rerun=False) -> Queued:
    """Queue the documents in a batch, then ingest them in this process, whatever the backend."""
    queued = _new_batch(documents, origin, description, user, rerun)
    ids = sorted(queued.batch.documents.values_list("pk", flat=True)) if queued.batch else []
    for start in range(0, len(ids), TASK_DOCUMENTS):
        run_queued_documents(
            document_ids=ids[start : start + TASK_DOCUMENTS], task_id=f"now:{WORKER_NAME}"
        )
    return queued


def _new_batch(documents, origin, description, user, rerun, then=None) -> Queued:
    """Mark the documents queued in a new batch; `then(ids)` enqueues them (in the same
    transaction when the queue is the database, so a task exists exactly when they are queued)."""
    documents = list(documents)
    wanted = [d.pk for d in documents if d.status == DocumentStatus.NEW or rerun]
    held = set(
        SourceDocument.objects.filter(pk__in=wanted, status__in=IN_QUEUE).values_list(
            "pk", flat=True
        )
    )
    if not set(wanted) - held:
        return Queued(None, 0, documents)
    in_database = queue_in_database()
    with transaction.atomic():
        batch = IngestBatch.objects.create(
            origin=origin, description=description[:300], created_by=user
        )
        ids = _mark_queued([pk for pk in wanted if pk not in held], batch)
        batch.total = len(ids)
        batch.save(update_fields=["total"])
        if then and in_database:
            then(ids)
    if then and not in_database:
        then(ids)
    queued = set(ids)
    return Queued(batch, len(ids), [d for d in documents if d.pk not in queued])


def _mark_queued(ids, batch) -> list[int]:
    # Documents taken by a worker meanwhile are left to it (the status check).
    SourceDocument.objects.filter(pk__in=ids).exclude(status__in=IN_QUEUE).update(
        status=DocumentStatus.QUEUED, batch=batch, queued_at=timezone.now(), task_id="", claims=0
    )
    return list(
        SourceDocument.objects.filter(batch=batch, status=DocumentStatus.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _enqueue_chunks(ids):
    """One task per TASK_DOCUMENTS documents; with the database backend its id is noted on them."""
    from ingest.tasks import ingest_queued_documents

    for start in range(0, len(ids), TASK_DOCUMENTS):
        chunk = ids[start : start + TASK_DOCUMENTS]
        result = ingest_queued_documents.enqueue(chunk)
        if queue_in_database():
            SourceDocument.objects.filter(pk__in=chunk, status=DocumentStatus.QUEUED).update(
                task_id=str(result.id)
            )


def lease_end():
    return timezone.now() + dt.timedelta(seconds=settings.INGEST_LEASE_SECONDS)


def claim_documents(ids, *, task_id) -> list[SourceDocument]:
    """Take the documents among `ids` still queued; those another worker took are left out."""
    with transaction.atomic():
        SourceDocument.objects.filter(pk__in=ids, status=DocumentStatus.QUEUED).update(
            status=DocumentStatus.RUNNING,
            claimed_by=WORKER_NAME,
            task_id=task_id,
            lease_until=lease_end(),
            claims=F("claims") + 1,
        )
    return list(
        SourceDocument.objects.filter(
            pk__in=ids, status=DocumentStatus.RUNNING, claimed_by=WORKER_NAME, task_id=task_id
        ).order_by("pk")
    )


def renew_lease(ids, *, task_id):
    """Tell the others this worker is still at the documents it holds."""
    SourceDocument.objects.filter(
        pk__in=ids, status=DocumentStatus.RUNNING, task_id=task_id
    ).update(lease_until=lease_end())


def run_queued_documents(*, document_ids, task_id) -> dict:
    """What a task does: take its documents, fetch the pages among them, ingest them all."""
    from ingest.pages import fetch_into_document
    from ingest.services import ingest_documents

    documents = claim_documents(document_ids, task_id=task_id)
    if not documents:
        return {"taken": 0}
    ids = [d.pk for d in documents]
    try:
        ready = []
        for document in documents:
            if fetch_into_document(document):
                ready.append(document)
            renew_lease(ids, task_id=task_id)
        summary = ingest_documents(
            documents=ready,
            rerun=True,
            progress=lambda done, total, line: renew_lease(ids, task_id=task_id),
        )
    except Exception as exc:
        # The service stores a document's own failure on it; this is the batch itself failing
        # (the database went away, a bug): what is still held is failed with the reason.
        log.exception("Task %s failed", task_id)
        SourceDocument.objects.filter(
            pk__in=ids, status=DocumentStatus.RUNNING, task_id=task_id
        ).update(
            status=DocumentStatus.FAILED,
            error=f"The worker failed while ingesting this batch ({type(exc).__name__}: {exc}).",
            processed_at=timezone.now(),
        )
        raise
    return {"taken": len(ids), "ingested": summary.ingested, "failed": summary.failed}


# --- housekeeping: documents of stopped workers ------------------------------------------------


def recover_stale_documents() -> dict:
    """Documents whose worker stopped (lease run out): queued again, or failed after MAX_CLAIMS.

    Also queues again documents whose task is gone (pruned, or failed before taking them).
    """
    now = timezone.now()
    requeued, failed = [], []
    with transaction.atomic():
        running = list(
            SourceDocument.objects.select_for_update(skip_locked=True)
            .filter(status=DocumentStatus.RUNNING, lease_until__lt=now)
            .only("pk", "claims", "task_id")
        )
        stale = running + _orphans(now)
        for document in stale:
            (failed if document.claims >= MAX_CLAIMS else requeued).append(document)
        if failed:
            SourceDocument.objects.filter(pk__in=[d.pk for d in failed]).update(
                status=DocumentStatus.FAILED,
                processed_at=now,
                error=(
                    f"The worker ingesting this document stopped without finishing, "
                    f"{MAX_CLAIMS} times (killed, out of memory or crashed); the file is kept. "
                    "Re-run it once the cause is found."
                ),
            )
        _fail_lost_tasks({d.task_id for d in running if d.task_id})
        ids = sorted(d.pk for d in requeued)
        if ids:
            SourceDocument.objects.filter(pk__in=ids).update(
                status=DocumentStatus.QUEUED, queued_at=now, task_id=""
            )
            if queue_in_database():
                _enqueue_chunks(ids)
    if ids and not queue_in_database():
        _enqueue_chunks(ids)
    if stale:
        log.warning(
            "Recovered %s documents of stopped workers (%s failed)", len(stale), len(failed)
        )
    return {"requeued": len(requeued), "failed": len(failed)}


def _orphans(now):
    """Queued documents that no waiting task will take."""
    old = now - dt.timedelta(seconds=settings.INGEST_LEASE_SECONDS)
    queued = SourceDocument.objects.select_for_update(skip_locked=True).filter(
        status=DocumentStatus.QUEUED, queued_at__lt=old
    )
    if queue_in_database():
        from django_tasks_db.models import DBTaskResult

        live = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).values("id")
        queued = queued.exclude(task_id__in=[str(row["id"]) for row in live])
    return list(queued.only("pk", "claims", "task_id"))


def _fail_lost_tasks(task_ids):
    """Tasks left 'running' by a worker that stopped: failed, so no one waits for them."""
    if not task_ids or not queue_in_database():
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk__in=list(task_ids), status="RUNNING").update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path="ingest.queue.WorkerLost",
        traceback="The worker running this task stopped; its documents were queued again.",
    )


# --- progress of a batch ----------------------------------------------------------------------


def with_progress(batches):
    """Batches with their counts by status and the time their last document was finished."""
    counts = {
        status: Count("documents", filter=Q(documents__status=status))
        for status in DocumentStatus.values
    }
    return batches.annotate(
        **{f"n_{status}": count for status, count in counts.items()},
        last_processed=Max("documents__processed_at"),
    )


def requeue_failed(batch) -> int:
    """Queue the batch's failed documents again, in the same batch; how many."""
    failed = list(batch.documents.filter(status=DocumentStatus.FAILED).values_list("pk", flat=True))
    if not failed:
        return 0
    with transaction.atomic():
        SourceDocument.objects.filter(pk__in=failed, status=DocumentStatus.FAILED).update(
            status=DocumentStatus.QUEUED, queued_at=timezone.now(), task_id="", claims=0
        )
        ids = sorted(
            batch.documents.filter(pk__in=failed, status=DocumentStatus.QUEUED).values_list(
                "pk", flat=True
            )
        )
        if queue_in_database():
            _enqueue_chunks(ids)
    if not queue_in_database():
        _enqueue_chunks(ids)
    return len(ids)
