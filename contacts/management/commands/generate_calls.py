"""`manage.py generate_calls --calls N [--seed S]`: synthetic calls for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError

from contacts.synthetic import SYNTHETIC_URL, generate, real_articles


class Command(BaseCommand):
    help = (
        "Write N synthetic calls (with participants, topics, reports and articles of about "
        f"3,000 characters) into the current database. Articles' URLs start with {SYNTHETIC_URL}. "
        "Refuses a database that holds real articles unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--calls", type=int, required=True, help="How many calls to make.")
        parser.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add synthetic calls even where real articles are stored.",
        )

    def handle(self, *args, calls, seed, force, **options):
        if calls < 1:
            raise CommandError("--calls must be at least 1.")
        real = real_articles().count()
        if real and not force:
            raise CommandError(
                f"This database holds {real} real article(s); synthetic calls would mix with "
                "them. Use a database of its own, or --force to add them anyway."
            )
        started = time.perf_counter()

        def progress(done, counts):
            if options["verbosity"] > 1:
                elapsed = time.perf_counter() - started
                self.stdout.write(f"{done:>9} calls  {elapsed:7.1f} s")

        try:
            counts = generate(calls=calls, seed=seed, progress=progress)
        except ValueError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{counts['call']} calls, {counts['participant']} participants, "
            f"{counts['report']} reports, {counts['article']} articles, "
            f"{counts['topic']} topic tags in {elapsed:.1f} s"
        )
