"""Background ingest with real worker processes (manage.py ingest_worker) on PostgreSQL: an
upload returns at once, two workers share a batch and ingest each document once, and a worker
killed mid-batch loses nothing."""

import datetime as dt
import signal
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from contacts.models import Call
from ingest.models import BatchOrigin, IngestBatch, SourceDocument
from ingest.queue import TASK_DOCUMENTS, queue_documents
from ingest.services import register_documents
from ingest.worker_processes import WorkerProcesses

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
IN_QUEUE = ("queued", "running")
WAIT_SECONDS = 240


@pytest.fixture(autouse=True)
def postgres_queue(settings):
    if connection.vendor != "postgresql":
        pytest.skip("worker processes share the queue through PostgreSQL (make test-postgres)")
    settings.TASKS = DATABASE_QUEUE


CALLS = 18


def readout(n):
    """A small readout; documents n and n + 18 report the same call (18 calls a week apart)."""
    day = dt.date(2021, 2, 1) + dt.timedelta(weeks=n % CALLS)
    return (
        f"{day + dt.timedelta(days=1):%B %-d, %Y}\n\nSecretary of State Antony J. Blinken "
        f"spoke with Israeli Foreign Minister Gabi Ashkenazi on {day:%B %-d, %Y} about Iran. "
        f"Readout {n}.\n"
    ).encode()


@pytest.fixture
def workers(tmp_path):
    running = WorkerProcesses(tmp_path, INGEST_HOUSEKEEPING_SECONDS=0.5)
    yield running
    running.stop()


def wait_until_done(batch, workers):
    deadline = time.monotonic() + WAIT_SECONDS
    while batch.documents.filter(status__in=IN_QUEUE).exists():
        assert time.monotonic() < deadline, f"not done in {WAIT_SECONDS} s:\n{workers.logs()}"
        time.sleep(0.3)


def test_an_upload_of_200_returns_at_once_and_two_workers_ingest_each_document_once(
    admin_client, workers
):
    workers.environment["INGEST_LEASE_SECONDS"] = "120"
    first, second = workers.start(2)
    files = [SimpleUploadedFile(f"readout-{n}.txt", readout(n)) for n in range(200)]

    started = time.perf_counter()
    response = admin_client.post(
        reverse("admin:ingest_sourcedocument_upload"), {"files": files, "outlet": "State"}
    )
    elapsed = time.perf_counter() - started

    assert response.status_code == 200
    assert "200 documents queued" in response.content.decode()
    assert elapsed < 1.0, f"the upload took {elapsed:.2f} s"
    batch = IngestBatch.objects.get()
    assert (batch.origin, batch.total) == (BatchOrigin.UPLOAD, 200)

    wait_until_done(batch, workers)

    documents = SourceDocument.objects.all()
    assert [d.status for d in documents] == ["ingested"] * 200, {d.error for d in documents}
    # Each document taken once and read once, by one of the two workers; both took part.
    assert {(d.claims, d.attempts) for d in documents} == {(1, 1)}
    assert len({d.claimed_by for d in documents}) == 2
    tasks = DBTaskResult.objects.all()
    assert len(tasks) == 200 // TASK_DOCUMENTS and {t.status for t in tasks} == {"SUCCESSFUL"}
    assert all(len(t.worker_ids) == 1 for t in tasks)
    # Two workers reconciling at once made no duplicate: one call a week, 11 or 12 reports each.
    assert Call.objects.count() == CALLS
    assert {c.reports.count() for c in Call.objects.all()} == {200 // CALLS, 200 // CALLS + 1}
    assert first.poll() is None and second.poll() is None


def test_a_worker_killed_mid_batch_loses_nothing(workers):
    registered = register_documents(files=[(f"r{n}.txt", readout(n), {}) for n in range(60)])
    batch = queue_documents(documents=[d for d, _ in registered], origin=BatchOrigin.COMMAND).batch
    workers.environment["INGEST_LEASE_SECONDS"] = "5"
    [worker] = workers.start(1)

    deadline = time.monotonic() + WAIT_SECONDS
    while not (
        batch.documents.filter(status="ingested").exists()
        and batch.documents.filter(status="running").exists()
    ):
        assert time.monotonic() < deadline and worker.poll() is None
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)
    worker.wait()

    held = set(batch.documents.filter(status="running").values_list("pk", flat=True))
    assert held, "the worker was killed between two tasks; nothing was left running"
    [lost_task] = {d.task_id for d in SourceDocument.objects.filter(pk__in=held)}

    workers.start(1)
    wait_until_done(batch, workers)

    documents = batch.documents.all()
    assert len(documents) == 60
    for document in documents:
        assert document.status == "ingested" or (document.status == "failed" and document.error), (
            document.filename,
            document.status,
        )
    taken_again = SourceDocument.objects.filter(pk__in=held)
    assert {d.claims for d in taken_again} == {2}
    assert {d.status for d in taken_again} == {"ingested"}
    assert DBTaskResult.objects.get(pk=lost_task).status == "FAILED"
    # The last task is marked done just after its documents: nothing may stay queued for long.
    deadline = time.monotonic() + WAIT_SECONDS
    while DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
        assert time.monotonic() < deadline, f"tasks left queued:\n{workers.logs()}"
        time.sleep(0.3)
