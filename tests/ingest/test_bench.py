"""`manage.py bench_ingest`: the figures it prints, on a throwaway database of its own."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from ingest.management.commands.bench_ingest import QueryCounter, varied_copies


def test_copies_differ_in_bytes_and_url_but_not_in_text():
    files = [("a.txt", b"Blinken spoke with Ashkenazi.", {"url": "https://x.org/a"})]
    copies = varied_copies(files, 3)
    assert [name for name, _, _ in copies] == ["a-0.txt", "a-1.txt", "a-2.txt"]
    assert len({data for _, data, _ in copies}) == 3
    assert all(data.startswith(b"Blinken spoke with Ashkenazi.") for _, data, _ in copies)
    assert [meta["url"] for _, _, meta in copies] == [
        "https://x.org/a?copy=0",
        "https://x.org/a?copy=1",
        "https://x.org/a?copy=2",
    ]


def test_the_query_counter_counts_statements(db):
    from django.db import connection

    from contacts.models import Official

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        list(Official.objects.all())
        Official.objects.count()
    assert counter.count == 2


def test_the_benchmark_prints_both_rates_and_the_statements_per_document(tmp_path):
    base = Path(settings.BASE_DIR)
    # SQLite of its own: the command makes and drops a test database, never the suite's.
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "bench_ingest", str(base / "seeds"), "--count", "10"],
        cwd=base,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "10 documents from 5 files" in out
    assert "pipeline alone:" in out and "pipeline + database:" in out
    assert "statements/document (sqlite)" in out
    assert "documents: 10 new, 0 unchanged, 0 failed, 10 ingested" in out
