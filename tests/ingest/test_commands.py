"""The `ingest` and `export_calls` commands, with the pipeline replaced by hand-made output."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from contacts.models import Article, Call, Report
from ingest.models import SourceDocument
from tests.ingest.fakes import FakePipeline, contact, make_officials

pytestmark = pytest.mark.django_db


@pytest.fixture
def officials(db):
    return make_officials()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


@pytest.fixture
def pipeline(monkeypatch, officials):
    fake = FakePipeline()
    call = [
        contact(
            "blinken",
            "ashkenazi",
            evidence="Blinken spoke with Ashkenazi.",
            date=dt.date(2021, 2, 22),
            date_basis="explicit",
        )
    ]
    for name in ("a.txt", "b.html", "c.txt", "d.txt"):
        fake.article(name, call)
    monkeypatch.setattr("ingest.services.extract_document", fake)
    return fake


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "a.txt").write_text("Blinken spoke with Ashkenazi.")
    (tmp_path / "a.meta.json").write_text(
        json.dumps(
            {
                "url": "https://www.example-news.org/a",
                "published": "2021-02-22",
                "outlet": "Example News",
            }
        )
    )
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<p>Blinken spoke with Ashkenazi.</p>")
    (tmp_path / "c.txt").write_text("Third copy.")
    (tmp_path / "c.meta.json").write_text("{not json")
    (tmp_path / "d.txt").write_text("Fourth copy.")
    (tmp_path / "d.meta.json").write_text(json.dumps({"published": "last Tuesday"}))
    (tmp_path / "picture.png").write_bytes(PNG)
    (tmp_path / "notes.md").write_text("ignored")
    return tmp_path


def run_ingest(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("ingest", *map(str, args), stdout=out, stderr=err)
        code = 0
    except CommandError as exc:
        err.write(str(exc))
        code = exc.returncode
    return code, out.getvalue(), err.getvalue()


def test_ingest_reads_a_folder_with_sidecars(pipeline, folder):
    code, out, err = run_ingest(folder)

    assert code == 0, err
    assert "documents: 4 new, 0 unchanged, 0 failed, 4 ingested" in out
    assert "calls: 1 created, 3 joined" in out
    assert set(SourceDocument.objects.values_list("filename", flat=True)) == {
        "a.txt",
        "b.html",
        "c.txt",
        "d.txt",
    }
    a = SourceDocument.objects.get(filename="a.txt")
    assert (a.url, a.published, a.outlet_name) == (
        "https://www.example-news.org/a",
        dt.date(2021, 2, 22),
        "Example News",
    )
    assert Article.objects.get(url="https://www.example-news.org/a").outlet.name == "Example News"


def test_a_broken_sidecar_is_a_warning_for_that_file_alone(pipeline, folder):
    code, out, err = run_ingest(folder)

    assert code == 0
    c = SourceDocument.objects.get(filename="c.txt")
    assert c.status == "ingested" and "not valid JSON" in c.warnings[0]
    d = SourceDocument.objects.get(filename="d.txt")
    assert d.published is None and "'last Tuesday' is not a date" in d.warnings[0]
    assert "c.txt: Sidecar c.meta.json ignored" in err


def test_a_file_that_cannot_be_read_fails_alone_and_sets_the_exit_status(pipeline, folder):
    (folder / "e.txt").write_bytes(PNG)  # the fake pipeline does not know e.txt: IngestError

    code, out, err = run_ingest(folder)

    assert code == 1
    assert "4 ingested" in out and "1 failed" in out
    assert "e.txt: FAILED: Could not read the file: it looks like a PNG image" in err
    e = SourceDocument.objects.get(filename="e.txt")
    assert e.status == "failed" and bytes(e.raw) == PNG


def test_running_again_changes_nothing(pipeline, folder):
    run_ingest(folder)
    counts = (
        SourceDocument.objects.count(),
        Call.objects.count(),
        Report.objects.count(),
        Call.history.count(),
        Report.history.count(),
    )

    code, out, err = run_ingest(folder)

    assert code == 0
    assert "documents: 0 new, 4 unchanged, 0 failed, 0 ingested" in out
    assert counts == (
        SourceDocument.objects.count(),
        Call.objects.count(),
        Report.objects.count(),
        Call.history.count(),
        Report.history.count(),
    )


def test_a_missing_path_is_an_error_and_a_folder_without_texts_stops(pipeline, tmp_path):
    code, out, err = run_ingest(tmp_path / "nowhere")
    assert code != 0 and "no such file or folder" in err


def test_progress_lines_go_to_stderr(pipeline, folder):
    code, out, err = run_ingest(folder, "--progress-every", "2")
    assert "2/4 documents" in err and "4/4 documents" in err
    assert "documents" in out and "2/4" not in out


def test_export_calls_prints_the_calls_as_json(pipeline, folder):
    run_ingest(folder)
    out = StringIO()
    call_command("export_calls", stdout=out)

    payload = json.loads(out.getvalue())
    [call] = payload["calls"]
    assert call["date"] == "2021-02-22" and call["status"] == "held"
    assert {p["name"] for p in call["participants"]} == {"Antony Blinken", "Gabi Ashkenazi"}
    assert {"id", "date_precision", "mode", "topics", "sources"} <= call.keys()
    files = {s["file"] for s in call["sources"]}
    assert files == {"a.txt", "b.html", "c.txt", "d.txt"}
    assert {"article", "file", "url", "outlet", "title"} <= call["sources"][0].keys()


def test_export_calls_orders_by_date_then_id(pipeline, tmp_path):
    pipeline.article(
        "later.txt",
        [contact("blinken", "netanyahu", evidence="met", mode="meeting", date=dt.date(2023, 9, 5))],
    )
    pipeline.article("undated.txt", [contact("blinken", "abbas", evidence="spoke")])
    pipeline.article(
        "earlier.txt",
        [contact("blinken", "ashkenazi", evidence="spoke", date=dt.date(2021, 2, 22))],
    )
    for name in ("later.txt", "undated.txt", "earlier.txt"):
        (tmp_path / name).write_text(name)
    run_ingest(tmp_path)
    out = StringIO()
    call_command("export_calls", stdout=out)

    dates = [c["date"] for c in json.loads(out.getvalue())["calls"]]
    assert dates == ["2021-02-22", "2023-09-05", None]
