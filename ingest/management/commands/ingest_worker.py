"""`manage.py ingest_worker`: the database backend's worker (`db_worker`), plus the ingest's
housekeeping: documents of stopped workers taken again, registered feeds polled when due."""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from ingest.feeds import enqueue_due_feeds
from ingest.queue import WORKER_NAME, queue_in_database, recover_stale_documents

log = logging.getLogger(__name__)


def housekeeping() -> dict:
    """One round: recover documents of stopped workers, enqueue polls of the feeds due."""
    recovered = recover_stale_documents()
    return {**recovered, "feeds": enqueue_due_feeds()}


class Housekeeper(threading.Thread):
    """Runs `housekeeping` every INGEST_HOUSEKEEPING_SECONDS beside the worker's own loop."""

    def __init__(self):
        super().__init__(name="ingest-housekeeping", daemon=True)
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(settings.INGEST_HOUSEKEEPING_SECONDS):
            try:
                housekeeping()
            except Exception:  # noqa: BLE001 - the next round tries again
                log.exception("Ingest housekeeping failed")
            finally:
                close_old_connections()
        connection.close()


class Command(DatabaseWorkerCommand):
    help = (
        "Run an ingest worker: takes tasks from the database queue (as db_worker does), and "
        "every INGEST_HOUSEKEEPING_SECONDS queues again the documents of workers that stopped "
        "and enqueues polls of the feeds that are due. Run as many as you like, on any machine "
        "that reaches the database."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(reload=False, worker_id=WORKER_NAME[:64])
        parser.add_argument(
            "--no-warm-up",
            action="store_false",
            dest="warm_up",
            help="Do not load the language model before taking the first task.",
        )

    def handle(self, *args, **options):
        if not queue_in_database():
            self.stderr.write(
                "The task backend is not the database (TASK_BACKEND=immediate): tasks run where "
                "they are enqueued, and this worker only does the housekeeping."
            )
        if options.pop("warm_up"):
            from ingest.pipeline.parse import load_parser, parser_name

            load_parser(parser_name())
        housekeeping()
        close_old_connections()
        Housekeeper().start()
        self.stdout.write(f"Ingest worker {options['worker_id']} ready.")
        self.stdout.flush()
        if queue_in_database():
            super().handle(*args, **options)
        else:
            threading.Event().wait()
