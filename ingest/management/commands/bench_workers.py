"""`manage.py bench_workers`: documents per second through the queue with one and with two
worker processes, on a throwaway PostgreSQL database."""

import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings, setup_databases, teardown_databases

from ingest.management.commands.bench_ingest import DEFAULT_PATHS, varied_copies
from ingest.management.commands.ingest import find_documents, read_sidecar
from ingest.models import BatchOrigin, DocumentStatus
from ingest.queue import queue_documents
from ingest.services import register_documents
from ingest.worker_processes import WorkerProcesses

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class Command(BaseCommand):
    help = (
        "Benchmark: queue --count documents (the seeds and dev sets, varied copies) and time "
        "real ingest_worker processes through them, for each number of workers in --workers, "
        "each run on a fresh throwaway database (PostgreSQL only). Prints documents per second "
        "from queueing to the last document done, the workers' start-up not included. No pass/fail."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Files or folders (default: seeds and dev).")
        parser.add_argument("--count", type=int, default=200)
        parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
        parser.add_argument("--repeat", type=int, default=1, help="Runs per worker count.")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The worker benchmark needs PostgreSQL (set DATABASE_URL).")
        paths = options["paths"] or [p for p in DEFAULT_PATHS if p.exists()]
        found, _, _ = find_documents(paths)
        if not found:
            raise CommandError("No .txt or .html files to benchmark with.")
        files = [(p.name, p.read_bytes(), read_sidecar(p)[0]) for p in found]
        copies = varied_copies(files, max(options["count"], len(files)))
        self.stdout.write(f"{len(copies)} documents from {len(files)} files")
        for count in options["workers"]:
            rates = [self._run(copies, count) for _ in range(options["repeat"])]
            self.stdout.write(
                f"{count} worker{'s' if count > 1 else ' '}: {statistics.median(rates):8.1f} "
                f"documents/s (median of {len(rates)}: {', '.join(f'{r:.1f}' for r in rates)})"
            )

    def _run(self, copies, workers) -> float:
        old_config = setup_databases(verbosity=0, interactive=False)
        processes = WorkerProcesses()
        try:
            with override_settings(TASKS=DATABASE_QUEUE):
                registered = register_documents(files=copies)
                processes.start(workers)
                started = time.perf_counter()
                batch = queue_documents(
                    documents=[d for d, _ in registered], origin=BatchOrigin.COMMAND
                ).batch
                waiting = (DocumentStatus.QUEUED, DocumentStatus.RUNNING)
                while batch.documents.filter(status__in=waiting).exists():
                    time.sleep(0.1)
                elapsed = time.perf_counter() - started
                failed = batch.documents.filter(status=DocumentStatus.FAILED).count()
            if failed:
                self.stderr.write(f"{failed} documents failed")
            return len(copies) / elapsed
        finally:
            processes.stop()
            connection.close()
            teardown_databases(old_config, verbosity=0)
