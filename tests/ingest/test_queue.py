"""The ingest queue on either database, tasks run at once (the immediate backend): batches and
their progress in admin, claims, documents of stopped workers, re-running the failed."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from contacts.models import Call
from ingest.models import BatchOrigin, IngestBatch, SourceDocument
from ingest.queue import (
    MAX_CLAIMS,
    claim_documents,
    queue_documents,
    recover_stale_documents,
    with_progress,
)
from ingest.services import register_documents
from tests.ingest.fakes import FakePipeline, contact, make_officials

pytestmark = pytest.mark.django_db

BATCHES = reverse("admin:ingest_ingestbatch_changelist")


@pytest.fixture
def pipeline(monkeypatch, db):
    make_officials()
    fake = FakePipeline()
    for name in ("one.txt", "two.txt"):
        fake.article(
            name, [contact("blinken", "ashkenazi", evidence="spoke", date=dt.date(2021, 2, 22))]
        )
    monkeypatch.setattr("ingest.services.extract_document", fake)
    return fake


def register(*names):
    files = [(name, f"bytes of {name}".encode(), {}) for name in names]
    return [doc for doc, _ in register_documents(files=files)]


def test_a_batch_shows_its_progress_and_the_time_taken(pipeline, admin_client):
    queued = queue_documents(documents=register("one.txt", "two.txt", "bad.txt"))

    batch = with_progress(IngestBatch.objects.all()).get()
    assert (batch.total, batch.n_ingested, batch.n_failed, batch.n_queued) == (3, 2, 1, 0)
    assert queued.batch == batch and Call.objects.count() == 1
    page = admin_client.get(BATCHES).content.decode()
    assert "Upload in admin" in page and "so far" not in page
    assert admin_client.get(batch.get_absolute_url()).status_code == 200


def test_documents_already_ingested_are_not_queued_again(pipeline):
    documents = register("one.txt")
    queue_documents(documents=documents)

    again = queue_documents(documents=SourceDocument.objects.all())

    assert again.batch is None and [d.filename for d in again.unchanged] == ["one.txt"]
    assert SourceDocument.objects.get().attempts == 1


def test_re_running_a_batchs_failed_documents(pipeline, admin_client):
    queue_documents(documents=register("one.txt", "late.txt"))
    batch = IngestBatch.objects.get()
    assert SourceDocument.objects.get(filename="late.txt").status == "failed"
    pipeline.article("late.txt", [contact("blinken", "netanyahu", evidence="met")])

    admin_client.post(
        BATCHES, {"action": "rerun_failed", "_selected_action": [batch.pk]}, follow=True
    )

    late = SourceDocument.objects.get(filename="late.txt")
    assert (late.status, late.batch_id, late.attempts) == ("ingested", batch.pk, 2)
    assert pipeline.calls.count("one.txt") == 1


def test_a_document_is_taken_by_one_task_only(pipeline, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    [document] = register("one.txt")
    queue_documents(documents=[document])

    assert [d.pk for d in claim_documents([document.pk], task_id="a")] == [document.pk]
    assert claim_documents([document.pk], task_id="b") == []
    document.refresh_from_db()
    assert (document.status, document.task_id, document.claims) == ("running", "a", 1)


def test_documents_of_a_stopped_worker_are_taken_again_or_failed(pipeline):
    one, two = register("one.txt", "two.txt")
    past = timezone.now() - dt.timedelta(seconds=1)
    SourceDocument.objects.filter(pk=one.pk).update(status="running", lease_until=past, claims=1)
    SourceDocument.objects.filter(pk=two.pk).update(
        status="running", lease_until=past, claims=MAX_CLAIMS
    )
    later = timezone.now() + dt.timedelta(minutes=5)
    busy = register("busy.txt")[0]
    SourceDocument.objects.filter(pk=busy.pk).update(status="running", lease_until=later)

    assert recover_stale_documents() == {"requeued": 1, "failed": 1}

    one.refresh_from_db(), two.refresh_from_db(), busy.refresh_from_db()
    assert one.status == "ingested"  # queued again, and the immediate backend ran it
    assert two.status == "failed" and "stopped without finishing, 3 times" in two.error
    assert busy.status == "running"  # its worker is still at it


def test_an_upload_in_admin_queues_one_batch(pipeline, admin_client):
    response = admin_client.post(
        reverse("admin:ingest_sourcedocument_upload"),
        {"files": [SimpleUploadedFile("one.txt", b"bytes of one.txt")]},
    )

    batch = IngestBatch.objects.get()
    assert (batch.origin, batch.total, batch.created_by.username) == (
        BatchOrigin.UPLOAD,
        1,
        "admin",
    )
    assert "one.txt" in response.content.decode()


def test_ingest_in_the_background_queues_a_batch_and_can_wait_for_it(pipeline, tmp_path):
    (tmp_path / "one.txt").write_bytes(b"bytes of one.txt")
    (tmp_path / "bad.txt").write_bytes(b"bytes of bad.txt")
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="1 of the given documents"):
        call_command("ingest", tmp_path, "--background", "--wait", stdout=out, stderr=err)

    batch = IngestBatch.objects.get()
    assert (batch.origin, batch.total) == (BatchOrigin.COMMAND, 2)
    assert f"2 documents queued in batch {batch.pk}" in out.getvalue()
    assert f"batch {batch.pk}: 1 ingested, 1 failed, 0 running, 0 queued" in err.getvalue()
    assert "bad.txt: FAILED" in err.getvalue()
