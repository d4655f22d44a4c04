"""`manage.py bench_ingest`: documents per second for the pipeline alone and with the database."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import setup_databases, teardown_databases

from ingest.management.commands.ingest import find_documents, read_sidecar
from ingest.pipeline.records import SourceInput
from ingest.reference import load_reference
from ingest.services import extract_document, ingest_documents, register_documents

EVAL = Path(settings.BASE_DIR).parent / "shared" / "eval"
DEFAULT_PATHS = [Path(settings.BASE_DIR) / "seeds", EVAL / "dev", EVAL / "dev-html"]


class QueryCounter:
    """Counts the statements sent to the database, for `connection.execute_wrapper`."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def varied_copies(files, count):
    """`count` (name, bytes, meta) built by cycling through `files`, each copy's bytes and URL unique."""
    copies = []
    for n in range(count):
        name, data, meta = files[n % len(files)]
        copy = n // len(files)
        stem, dot, suffix = name.rpartition(".")
        tag = f"<!-- copy {copy} -->" if suffix.startswith("htm") else f"(copy {copy})"
        meta = dict(meta)
        if meta.get("url"):
            meta["url"] += f"{'&' if '?' in meta['url'] else '?'}copy={copy}"
        copies.append((f"{stem}-{copy}{dot}{suffix}", data + f"\n{tag}\n".encode(), meta))
    return copies


class Command(BaseCommand):
    help = (
        "Benchmark: ingest the seeds and the dev sets, repeated (slightly varied) to at least "
        "--count documents, on a throwaway test database; prints documents per second for the "
        "pipeline alone and for pipeline + database, and the database statements per document. "
        "No pass/fail."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Files or folders (default: seeds and dev).")
        parser.add_argument("--count", type=int, default=500)

    def handle(self, *args, **options):
        paths = options["paths"] or [p for p in DEFAULT_PATHS if p.exists()]
        found, _, _ = find_documents(paths)
        if not found:
            raise CommandError("No .txt or .html files to benchmark with.")
        files = []
        for path in found:
            meta, _ = read_sidecar(path)
            files.append((path.name, path.read_bytes(), meta))
        copies = varied_copies(files, max(options["count"], len(files)))
        self.stdout.write(f"{len(copies)} documents from {len(files)} files")

        # The test runner's throwaway database: migrated (reference data included), then dropped.
        old_config = setup_databases(verbosity=0, interactive=False)
        # DEBUG would keep every query in memory and slow the run down.
        debug, settings.DEBUG = settings.DEBUG, False
        try:
            reference = load_reference()
            started = time.perf_counter()
            failures = 0
            for name, data, meta in copies:
                source = SourceInput(
                    raw=data,
                    filename=name,
                    url=meta.get("url", ""),
                    published=meta.get("published"),
                    outlet=meta.get("outlet", ""),
                    title=meta.get("title", ""),
                )
                try:
                    extract_document(source, reference)
                except Exception:  # noqa: BLE001 - counted, the benchmark goes on
                    failures += 1
            alone = time.perf_counter() - started
            self.stdout.write(
                f"pipeline alone:      {len(copies) / alone:8.1f} documents/s "
                f"({alone:.2f} s, {failures} failed)"
            )

            queries = QueryCounter()
            extracting = [0.0]  # seconds in the pipeline during the ingest itself

            def timed_extract(source, reference):
                began = time.perf_counter()
                try:
                    return extract_document(source, reference)
                finally:
                    extracting[0] += time.perf_counter() - began

            started = time.perf_counter()
            with connection.execute_wrapper(queries):
                registered = register_documents(files=copies)
                summary = ingest_documents(
                    documents=[doc for doc, _ in registered], extractor=timed_extract
                )
            total = time.perf_counter() - started
            self.stdout.write(
                f"pipeline + database: {len(copies) / total:8.1f} documents/s ({total:.2f} s)"
            )
            # Everything but the pipeline: registering, reconciling, writing, history.
            self.stdout.write(
                f"database:            {1000 * (total - extracting[0]) / len(copies):8.1f} "
                f"ms/document, {queries.count / len(copies):.1f} statements/document "
                f"({connection.vendor})"
            )
            self.stdout.write(str(summary))
        finally:
            settings.DEBUG = debug
            teardown_databases(old_config, verbosity=0)
