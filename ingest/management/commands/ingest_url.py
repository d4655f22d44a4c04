"""`manage.py ingest_url URL [URL ...]`: fetch pages and ingest them, here or by the workers."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

from ingest.models import BatchOrigin, DocumentStatus
from ingest.pages import register_pages
from ingest.queue import queue_documents, run_now


class Command(BaseCommand):
    help = (
        "Fetch each page (http or https; within the fetch limits in the settings) and ingest it. "
        "The raw bytes and the final address are kept as a source document; a page that cannot "
        "be fetched is a failed document with the reason. A page fetched before is not fetched "
        "again unless its fetch failed. Exits with status 1 if any page failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="+", metavar="URL")
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue the pages for the workers and return at once.",
        )

    def handle(self, *args, **options):
        check = URLValidator(schemes=["http", "https"])
        for url in options["urls"]:
            try:
                check(url)
            except ValidationError as exc:
                raise CommandError(f"{url}: not an http or https address.") from exc
        registered = register_pages(urls=options["urls"])
        documents = [doc for doc, _ in registered]
        description = f"{len(documents)} pages from the command line"
        if options["background"]:
            queued = queue_documents(
                documents=documents, origin=BatchOrigin.URLS, description=description
            )
            self.stdout.write(
                f"{queued.queued} pages queued"
                + (f" in batch {queued.batch.pk}" if queued.batch else "")
                + f" ({len(queued.unchanged)} fetched before)."
            )
            return
        queued = run_now(documents=documents, origin=BatchOrigin.URLS, description=description)
        failed = 0
        for document in documents:
            document.refresh_from_db()
            if document.status == DocumentStatus.FAILED:
                failed += 1
                self.stderr.write(f"{document.requested_url}: FAILED: {document.error}")
            else:
                result = document.result or {}
                self.stdout.write(
                    f"{document.requested_url}: {document.get_status_display().lower()}, "
                    f"{result.get('calls_created', 0)} calls created, "
                    f"{result.get('calls_joined', 0)} joined"
                )
        if failed:
            raise CommandError(f"{failed} of {len(documents)} pages failed.", returncode=1)
