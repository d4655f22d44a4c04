"""The source-document admin: upload page, the two actions, failed documents and safe previews."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts.models import Call
from ingest.models import SourceDocument
from ingest.services import register_documents
from tests.ingest.fakes import FakePipeline, contact, make_officials

pytestmark = pytest.mark.django_db


@pytest.fixture
def officials(db):
    return make_officials()


UPLOAD = reverse("admin:ingest_sourcedocument_upload")
CHANGELIST = reverse("admin:ingest_sourcedocument_changelist")


@pytest.fixture
def pipeline(monkeypatch, officials):
    fake = FakePipeline()
    fake.article(
        "one.txt",
        [
            contact(
                "blinken",
                "ashkenazi",
                evidence="spoke",
                date=dt.date(2021, 2, 22),
                date_basis="explicit",
            )
        ],
    )
    fake.article(
        "two.html",
        [
            contact("blinken", "ashkenazi", evidence="spoke too", date=dt.date(2021, 2, 22)),
            contact("blinken", "netanyahu", evidence="met", mode="meeting"),
        ],
    )
    monkeypatch.setattr("ingest.services.extract_document", fake)
    return fake


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_upload_page_ingests_several_files_and_shows_each_result(admin_client, pipeline):
    assert admin_client.get(UPLOAD).status_code == 200
    files = [
        SimpleUploadedFile("one.txt", b"one", content_type="text/plain"),
        SimpleUploadedFile("two.html", b"<p>two</p>", content_type="text/html"),
        SimpleUploadedFile("bad.txt", b"\x89PNG\r\n", content_type="text/plain"),
    ]
    response = admin_client.post(
        UPLOAD, {"files": files, "url": "", "outlet": "State Dept", "published": "2021-02-22"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "one.txt" in page and "two.html" in page and "bad.txt" in page
    assert "it looks like a PNG image" in page
    assert SourceDocument.objects.count() == 3
    assert set(SourceDocument.objects.values_list("outlet_name", flat=True)) == {"State Dept"}
    assert Call.objects.count() == 2
    assert any("two.html: 1 calls created, 1 joined" in m for m in texts(response))


def test_upload_refuses_other_kinds_of_file(admin_client, pipeline):
    response = admin_client.post(UPLOAD, {"files": [SimpleUploadedFile("report.pdf", b"%PDF-1.4")]})
    assert response.status_code == 200
    assert "Only .txt and .html files" in response.content.decode()
    assert not SourceDocument.objects.exists()


def test_ingest_selected_documents_action(admin_client, pipeline):
    docs = [
        d
        for d, _ in register_documents(files=[("one.txt", b"one", {}), ("missing.txt", b"??", {})])
    ]
    response = admin_client.post(
        CHANGELIST,
        {"action": "ingest_selected", "_selected_action": [d.pk for d in docs]},
        follow=True,
    )

    messages = texts(response)
    assert any("one.txt: 1 calls created, 0 joined" in m for m in messages)
    assert any(m.startswith("missing.txt: Could not read the file") for m in messages)
    failed = SourceDocument.objects.get(filename="missing.txt")
    assert failed.status == "failed" and bytes(failed.raw) == b"??"
    page = admin_client.get(reverse("admin:ingest_sourcedocument_change", args=[failed.pk]))
    assert "it looks like a PNG image" in page.content.decode()


def test_rerun_extraction_action_reads_documents_again(admin_client, pipeline):
    [(doc, _)] = register_documents(files=[("one.txt", b"one", {})])
    admin_client.post(CHANGELIST, {"action": "ingest_selected", "_selected_action": [doc.pk]})
    pipeline.calls.clear()

    response = admin_client.post(
        CHANGELIST, {"action": "rerun_extraction", "_selected_action": [doc.pk]}, follow=True
    )

    assert pipeline.calls == ["one.txt"]
    assert any("one.txt: 0 calls created, 0 joined" in m for m in texts(response))
    assert SourceDocument.objects.get().attempts == 2
    assert Call.objects.count() == 1


def test_the_list_shows_counts_and_filters_by_status(admin_client, pipeline):
    register_documents(files=[("one.txt", b"one", {})])
    admin_client.post(
        CHANGELIST,
        {"action": "ingest_selected", "_selected_action": [SourceDocument.objects.get().pk]},
    )
    page = admin_client.get(CHANGELIST + "?status__exact=ingested").content.decode()
    assert "one.txt" in page
    assert "one.txt" not in admin_client.get(CHANGELIST + "?status__exact=failed").content.decode()


def test_a_malicious_page_is_shown_as_text_and_downloaded_as_a_file(admin_client):
    evil = b"<script>alert('x')</script><img src=x onerror=alert(1)>"
    [(doc, _)] = register_documents(files=[("evil.html", evil, {})])

    page = admin_client.get(reverse("admin:ingest_sourcedocument_change", args=[doc.pk]))
    html = page.content.decode()
    assert "<script>alert(" not in html and "&lt;script&gt;alert(" in html

    download = admin_client.get(reverse("admin:ingest_sourcedocument_download", args=[doc.pk]))
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"].startswith("attachment")
    assert download.content == evil
