"""Hostile and odd files through the real pipeline: no traceback escapes and nothing is lost."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from contacts.models import Article
from ingest.models import SourceDocument

RUN = Path(__file__).resolve().parents[2] / "ingest" / "pipeline" / "run.py"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not RUN.exists(), reason="ingest/pipeline/run.py is not written yet"),
]

GOOD = (
    "Secretary of State Antony J. Blinken spoke today with Israeli Foreign Minister "
    "Gabi Ashkenazi about Iran.\n"
)

BAD_FILES = {
    "empty.txt": b"",
    "blank.txt": b"   \n\t\r\n  ",
    "binary.txt": bytes(range(256)) * 40,
    "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200,
    "nul.txt": b"Blinken\x00 spoke\x00 with\x00 Ashkenazi." * 10,
    "long-line.txt": (b"Blinken met officials and talked. " * 62_000)[:2_000_000],
    "nested.html": b"<div>" * 20_000 + GOOD.encode() + b"</div>" * 20_000,
    "latin.txt": GOOD.replace("today", "\u201ctoday\u201d").encode("cp1252")
    + "Caf\u00e9 talks with Sa\u2019ar.\n".encode("cp1252"),
    "wide.txt": (GOOD + "Caf\u00e9 talks with Sa\u2019ar.\n").encode("utf-16"),
}


def ingest_folder(folder):
    out, err = StringIO(), StringIO()
    try:
        call_command("ingest", str(folder), stdout=out, stderr=err)
        code = 0
    except CommandError as exc:
        code = exc.returncode
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path):
    for name, data in BAD_FILES.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "good.meta.json").write_text("{broken")
    (tmp_path / "dated.txt").write_text(GOOD.replace("Iran", "Gaza"))
    (tmp_path / "dated.meta.json").write_text(json.dumps({"published": "2021-02-31"}))
    return tmp_path


def test_bad_files_fail_alone_with_words_and_the_rest_is_ingested(folder):
    code, out, err = ingest_folder(folder)

    documents = {d.filename: d for d in SourceDocument.objects.all()}
    assert len(documents) == len(BAD_FILES) + 2  # every file kept, even the failed ones
    for name, data in BAD_FILES.items():
        assert bytes(documents[name].raw) == data
    for document in documents.values():
        assert document.status in ("ingested", "failed")
        assert "Traceback" not in document.error
        assert "Unexpected error" not in document.error, document.error
    assert documents["image.txt"].status == "failed" and documents["image.txt"].error
    assert documents["empty.txt"].status == "failed" and documents["empty.txt"].error
    assert documents["good.txt"].status == "ingested"
    assert documents["dated.txt"].status == "ingested"
    assert any("not valid JSON" in w for w in documents["good.txt"].warnings)
    assert any("not a date" in w for w in documents["dated.txt"].warnings)
    assert code == 1  # some documents failed, after all were processed
    assert "Traceback" not in err


def test_legacy_encodings_are_read_correctly(folder):
    ingest_folder(folder)

    for name in ("latin.txt", "wide.txt"):
        document = SourceDocument.objects.get(filename=name)
        assert document.status == "ingested", document.error
        body = Article.objects.get(source_documents=document).body
        assert "Caf\u00e9" in body
        assert "Sa\u2019ar" in body or "Sa'ar" in body
        assert "\x00" not in body
