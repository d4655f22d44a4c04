"""`manage.py ingest PATH [PATH ...]`: register and ingest .txt and .html files or folders of them."""

import datetime as dt
import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingest.models import BatchOrigin, DocumentStatus, IngestBatch
from ingest.queue import queue_documents, with_progress
from ingest.services import ingest_documents, register_documents

SUFFIXES = (".txt", ".html", ".htm")
SIDECAR_SUFFIX = ".meta.json"
SIDECAR_KEYS = ("url", "published", "outlet", "title")
# Files beyond this are not read into memory at all; the service's own limit is lower.
MAX_READ_BYTES = 50 * 1024 * 1024
WAIT_POLL_SECONDS = 1.0


def find_documents(paths):
    """Every .txt/.html under the paths, in a stable order; other files are ignored.

    Returns (files, notices, problems): a notice is a file ignored, a problem a path not found.
    """
    found, notices, problems = [], [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                found.append(path)
            else:
                notices.append(f"{path}: not a .txt or .html file; ignored.")
        else:
            problems.append(f"{path}: no such file or folder.")
    unique = list(dict.fromkeys(p.resolve() for p in found))
    return unique, notices, problems


def read_sidecar(path: Path):
    """The metadata in NAME.meta.json next to NAME.txt, and warnings about what was unusable."""
    sidecar = path.with_name(path.stem + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return {}, []
    try:
        data = json.loads(sidecar.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return {}, [f"Sidecar {sidecar.name} ignored: it is not valid JSON ({exc})."]
    if not isinstance(data, dict):
        return {}, [f"Sidecar {sidecar.name} ignored: it should be a JSON object."]
    meta, warnings = {}, []
    for key in SIDECAR_KEYS:
        value = data.get(key)
        if value in (None, ""):
            continue
        if not isinstance(value, str):
            warnings.append(f"Sidecar {sidecar.name}: '{key}' ignored: it should be text.")
            continue
        if key == "published":
            try:
                meta[key] = dt.date.fromisoformat(value.strip()[:10])
            except ValueError:
                warnings.append(
                    f"Sidecar {sidecar.name}: 'published' ignored: {value!r} is not a date "
                    "(YYYY-MM-DD)."
                )
            continue
        meta[key] = value.strip()
    return meta, warnings


class Command(BaseCommand):
    help = (
        "Ingest .txt and .html files, or folders of them (searched recursively; other files are "
        "ignored). A sidecar NAME.meta.json next to NAME.txt or NAME.html may give url, published "
        "(YYYY-MM-DD), outlet and title. A broken sidecar (invalid JSON, a bad date) is a warning "
        "for that file alone: the file is ingested without the unusable values. Files already "
        "ingested (the same bytes) are left unchanged. Exits with status 1 if any document failed, "
        "after processing all of them."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--rerun",
            action="store_true",
            help="Extract again from documents already ingested or failed.",
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="Register the files, queue them for the workers (manage.py ingest_worker) in one "
            "batch and return at once; follow the batch in the admin.",
        )
        parser.add_argument(
            "--wait",
            action="store_true",
            help="With --background: wait for the workers, printing the batch's progress.",
        )
        parser.add_argument(
            "--progress-every",
            type=int,
            default=50,
            metavar="N",
            help="Print a progress line to stderr every N documents (default 50; 0 for none).",
        )

    def handle(self, *args, **options):
        files, notices, problems = find_documents(options["paths"])
        for message in notices + problems:
            self.stderr.write(message)
        if not files:
            raise CommandError("No .txt or .html files found in the given paths.")
        batch = []
        for path in files:
            meta, warnings = read_sidecar(path)
            try:
                if path.stat().st_size > MAX_READ_BYTES:
                    self.stderr.write(f"{path}: larger than {MAX_READ_BYTES} bytes; skipped.")
                    problems.append(str(path))
                    continue
                data = path.read_bytes()
            except OSError as exc:
                self.stderr.write(f"{path}: could not be read ({exc.strerror or exc}).")
                problems.append(str(path))
                continue
            for warning in warnings:
                self.stderr.write(f"{path.name}: {warning}")
            batch.append((path.name, data, {**meta, "warnings": warnings}))
        registered = register_documents(files=batch)
        if options["background"]:
            batch = self._queue([doc for doc, _ in registered], options["rerun"])
            if batch and options["wait"]:
                self._wait(batch, len(problems))
            return
        every = options["progress_every"]

        def progress(done, total, line):
            if line.outcome == "failed":
                self.stderr.write(f"{line.filename}: FAILED: {line.error}")
            if every and (done % every == 0 or done == total) and total > every:
                self.stderr.write(f"{done}/{total} documents")

        summary = ingest_documents(
            documents=[doc for doc, _ in registered], rerun=options["rerun"], progress=progress
        )
        verbosity = options["verbosity"]
        if verbosity >= 2:
            for line in summary.lines:
                self.stdout.write(str(line))
        self.stdout.write(str(summary))
        failed = summary.failed + summary.still_failed + len(problems)
        if failed:
            raise CommandError(f"{failed} of the given documents or paths failed.", returncode=1)

    def _queue(self, documents, rerun):
        queued = queue_documents(
            documents=documents,
            origin=BatchOrigin.COMMAND,
            description=f"{len(documents)} files from the command line",
            rerun=rerun,
        )
        if queued.batch is None:
            self.stdout.write(f"Nothing to queue: {len(queued.unchanged)} documents unchanged.")
            return None
        self.stdout.write(
            f"{queued.queued} documents queued in batch {queued.batch.pk} "
            f"({len(queued.unchanged)} unchanged); the workers ingest them."
        )
        return queued.batch

    def _wait(self, batch, problems):
        """Print the batch's progress as the workers go, until none of it waits or runs."""
        shown = None
        while True:
            batch = with_progress(IngestBatch.objects.filter(pk=batch.pk)).get()
            waiting = batch.n_queued + batch.n_running
            line = (
                f"batch {batch.pk}: {batch.n_ingested} ingested, {batch.n_failed} failed, "
                f"{batch.n_running} running, {batch.n_queued} queued"
            )
            if line != shown:
                self.stderr.write(line)
                shown = line
            if not waiting:
                break
            time.sleep(WAIT_POLL_SECONDS)
        for document in batch.documents.filter(status=DocumentStatus.FAILED):
            self.stderr.write(f"{document.filename}: FAILED: {document.error}")
        if batch.n_failed or problems:
            raise CommandError(
                f"{batch.n_failed + problems} of the given documents or paths failed.",
                returncode=1,
            )
