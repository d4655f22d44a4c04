"""`manage.py ingest_feed FEED_URL`: register a feed, poll it now and ingest its new entries."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

from ingest.feeds import poll_feed
from ingest.models import DocumentStatus, Feed


class Command(BaseCommand):
    help = (
        "Register an RSS or Atom feed (if it is not registered yet) and poll it now: a "
        "conditional GET, then every entry never seen before is fetched and ingested (here, or "
        "by the workers with --background). The workers poll registered feeds by themselves "
        "every --interval minutes. Exits with status 1 if the feed or an entry failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", metavar="FEED_URL")
        parser.add_argument(
            "--interval", type=int, default=None, help="Minutes between polls (default 60)."
        )
        parser.add_argument("--outlet", default="", help="The outlet its entries are from.")
        parser.add_argument(
            "--background", action="store_true", help="Queue the new entries for the workers."
        )

    def handle(self, *args, **options):
        url = options["url"].strip()
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise CommandError(f"{url}: not an http or https address.") from exc
        feed, created = Feed.objects.get_or_create(url=url)
        changed = []
        if options["interval"]:
            feed.interval_minutes = max(1, options["interval"])
            changed.append("interval_minutes")
        if options["outlet"]:
            feed.outlet_name = options["outlet"]
            changed.append("outlet_name")
        if changed:
            feed.save(update_fields=changed)
        if created:
            self.stdout.write(f"Registered {url} (polled every {feed.interval_minutes} minutes).")
        poll = poll_feed(feed=feed, background=options["background"])
        self.stdout.write(str(poll))
        if poll.error:
            raise CommandError(poll.error, returncode=1)
        if poll.batch_id and not options["background"]:
            failed = feed.entries.filter(
                document__batch_id=poll.batch_id, document__status=DocumentStatus.FAILED
            ).select_related("document")
            for entry in failed:
                self.stderr.write(f"{entry.url}: FAILED: {entry.document.error}")
            if failed:
                raise CommandError(f"{len(failed)} new entries failed.", returncode=1)
