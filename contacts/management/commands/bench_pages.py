"""`manage.py bench_pages`: server-side p50/p95 and queries per page on the current database."""

import os
import resource
import statistics
import time
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings

from contacts.models import Call, CallParticipant, Official, Outlet, Topic
from ingest.management.commands.bench_ingest import QueryCounter


class TimedQueryCounter(QueryCounter):
    """Counts the statements and adds up the time spent waiting for them."""

    def __init__(self):
        super().__init__()
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return super().__call__(execute, sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


@dataclass
class Sample:
    seconds: float
    queries: int
    status: int
    first_byte: float = 0.0
    size: int = 0
    # This process's own CPU time (the page's Python, not the wait for a busy machine) and the
    # time spent in the database, to tell the two apart on a shared machine.
    cpu: float = 0.0
    database: float = 0.0


def _rss_mb():
    """The process's resident memory now, in MB (Linux), for an export's growth."""
    try:
        with open(f"/proc/{os.getpid()}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def request(client, url):
    """One GET, read to its last byte: total and first-byte seconds, queries, status, size."""
    counter = TimedQueryCounter()
    started, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(counter):
        response = client.get(url)
        first_byte = time.perf_counter() - started
        size = 0
        if response.streaming:
            for index, chunk in enumerate(response.streaming_content):
                if index == 0:
                    first_byte = time.perf_counter() - started
                size += len(chunk)
        else:
            size = len(response.content)
    return Sample(
        time.perf_counter() - started,
        counter.count,
        response.status_code,
        first_byte,
        size,
        time.process_time() - cpu,
        counter.seconds,
    )


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def pages_to_bench():
    """(label, URL) for the issue's pages, with a person, topic and outlet that have many calls."""
    busiest = list(
        CallParticipant.objects.values("official__slug")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("official__slug", flat=True)[:2]
    )
    if not busiest:
        raise CommandError("No calls to benchmark: run generate_calls first.")
    person = busiest[0]
    pair = "&".join(f"person={slug}" for slug in busiest)
    parent = (
        Topic.objects.filter(parent=None, children__isnull=False)
        .annotate(n=Count("children__calls"))
        .order_by("-n")
        .first()
    )
    topic = Topic.objects.annotate(n=Count("calls")).order_by("-n").first()
    outlet = Outlet.objects.annotate(n=Count("articles")).order_by("-n").first()
    call = Call.objects.order_by("-id").first()
    parent_slug = parent.slug if parent else topic.slug
    return [
        ("/", "/"),
        ("/?person=<one>", f"/?person={person}"),
        ("/?person=<two>", f"/?{pair}"),
        ("/?topic=<parent>", f"/?topic={parent_slug}"),
        ("/?role=defense-minister", "/?role=defense-minister"),
        ("/?mode=phone&status=held", "/?mode=phone&status=held"),
        ("/?date_from=2024-01&date_to=2024-06", "/?date_from=2024-01&date_to=2024-06"),
        ("/?country=PS", "/?country=PS"),
        ("/?page=500", "/?page=500"),
        ("/topics/<slug>/", f"/topics/{topic.slug}/"),
        ("/outlets/<slug>/", f"/outlets/{outlet.slug}/"),
        ("/officials/", "/officials/"),
        ("/officials/<slug>/", f"/officials/{person}/"),
        ("/?q=hostages", "/?q=hostages"),
        ("/?q=hostages&person=<one>", f"/?q=hostages&person={person}"),
        ("/calls/<id>/", f"/calls/{call.pk}/"),
    ], [
        ("/calls.json?person=<one>", f"/calls.json?person={person}"),
        ("/calls.csv?topic=<one>", f"/calls.csv?topic={topic.slug}"),
        ("/calls.ics?topic=<one>", f"/calls.ics?topic={topic.slug}"),
        ("/calls.atom?person=<one>", f"/calls.atom?person={person}"),
        ("/calls.csv (all)", "/calls.csv"),
    ]


class Command(BaseCommand):
    help = (
        "Benchmark the list pages, detail pages and exports on the current database (make one "
        "with generate_calls): p50, p95 and queries per page over --requests requests, and for "
        "exports the first byte, rows per second and memory growth. Prints; no pass/fail."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=20, help="Requests per page.")
        parser.add_argument(
            "--export-requests", type=int, default=3, help="Requests per export (they are long)."
        )
        parser.add_argument("--only", default="", help="Only pages whose label contains this.")
        parser.add_argument(
            "--skip", action="append", default=[], help="Leave out pages whose label contains this."
        )
        parser.add_argument("--no-exports", action="store_true", help="Leave the exports out.")

    def handle(self, *args, **options):
        # Whitenoise warns once that collectstatic has not run; the pages do not need it here.
        warnings.filterwarnings("ignore", message="No directory at")
        # DEBUG would keep every query in memory; the test client's host must be allowed, and
        # static URLs must not need a collectstatic manifest.
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        with override_settings(
            DEBUG=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"], STORAGES=storages
        ):
            self._bench(**options)

    def _bench(self, *, requests, export_requests, only, skip, no_exports, **options):
        pages, exports = pages_to_bench()
        client = Client()
        calls = Call.objects.count()
        self.stdout.write(
            f"{calls} calls, {Official.objects.count()} officials on {connection.vendor}; "
            f"{requests} requests per page after one warm-up\n"
        )
        self.stdout.write(
            "| Page | p50 ms | p95 ms | CPU p50 ms | database p50 ms | queries | status |"
        )
        self.stdout.write("|---|---:|---:|---:|---:|---:|---:|")
        for label, url in pages:
            if only not in label or any(part in label for part in skip):
                continue
            request(client, url)
            samples = [request(client, url) for _ in range(requests)]
            times = [1000 * s.seconds for s in samples]
            self.stdout.write(
                f"| `{label}` | {statistics.median(times):.0f} | {_percentile(times, 0.95):.0f} "
                f"| {statistics.median(1000 * s.cpu for s in samples):.0f} "
                f"| {statistics.median(1000 * s.database for s in samples):.0f} "
                f"| {max(s.queries for s in samples)} | {samples[-1].status} |"
            )
        if no_exports:
            return
        self.stdout.write(
            "\n| Export | first byte ms | total s (median) | queries | MB | rows/s | memory growth MB |"
        )
        self.stdout.write("|---|---:|---:|---:|---:|---:|---:|")
        for label, url in exports:
            if only not in label or any(part in label for part in skip):
                continue
            rows = self._rows(client, url)
            before = _rss_mb()
            samples = [request(client, url) for _ in range(export_requests)]
            growth = _rss_mb() - before
            total = statistics.median(s.seconds for s in samples)
            first = statistics.median(1000 * s.first_byte for s in samples)
            self.stdout.write(
                f"| `{label}` | {first:.0f} | {total:.2f} | {max(s.queries for s in samples)} "
                f"| {samples[-1].size / 1e6:.1f} | {rows / total:,.0f} | {growth:.0f} |"
            )

    def _rows(self, client, url):
        """How many calls the export holds (the list page's filter, counted once)."""
        from django.http import QueryDict

        from contacts import selectors

        query = url.partition("?")[2]
        filterset = selectors.call_filter(params=QueryDict(query))
        count = selectors.filtered_calls(filterset=filterset).count()
        if ".atom" in url:
            from contacts.feeds import FEED_SIZE

            count = min(count, FEED_SIZE)
        return count
