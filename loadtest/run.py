"""Load test: gunicorn and PostgreSQL with generated calls, 16 analysts for 60 s, an ingest beside.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/load make loadtest

Migrates the database, fills an empty one with `manage.py generate_calls`, starts gunicorn on
127.0.0.1 (production settings, several workers), runs the ingest over the seed, held-out and
evaluation texts round after round while locust's analysts browse, then stops everything and
prints requests, errors, p50 and p95 per kind of URL. Bounded: locust stops itself after
--duration, the server and the ingest are stopped with it, and traffic goes to 127.0.0.1 only.
Exits 1 when any request failed.
"""

import argparse
import contextlib
import json
import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MANAGE = [sys.executable, str(ROOT / "manage.py")]
HOST = "127.0.0.1"
# Texts re-ingested during the run: the seeds, the held-out sets, the evaluation sets beside.
INGEST_SOURCES = [ROOT / "seeds", ROOT / "tests" / "ingest", ROOT.parent / "shared" / "eval"]
DOCUMENT_SUFFIXES = {".txt", ".html", ".htm"}
MAX_INGEST_ROUNDS = 50
PROGRESS_EVERY = 5


def production_env(args):
    """The environment of every process started here: production settings on plain HTTP."""
    return os.environ | {
        "DATABASE_URL": args.database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "WEB_CONCURRENCY": str(args.workers),
        "LOG_LEVEL": "WARNING",
        # As deploy/production.env has it: a runaway query is a 503, not a killed worker.
        "WEB_STATEMENT_TIMEOUT_MS": os.environ.get("WEB_STATEMENT_TIMEOUT_MS", "20000"),
    }


def manage(env, *arguments, timeout):
    """Run a management command; its output is returned, a failure stops the load test."""
    result = subprocess.run(
        [*MANAGE, *arguments], env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(arguments)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def prepare_database(env, args):
    """Migrate; generate the calls into an empty database; say what it holds."""
    manage(env, "migrate", "--noinput", "-v", "0", timeout=600)
    from contacts.models import Call

    held = Call.objects.count()
    if held == 0:
        print(f"Generating {args.calls:,} calls (seed {args.seed}) ...", flush=True)
        print(
            manage(
                env,
                "generate_calls",
                "--calls",
                str(args.calls),
                "--seed",
                str(args.seed),
                timeout=3600,
            ).strip()
        )
        held = Call.objects.count()
    elif held < args.calls:
        print(f"Note: the database holds {held:,} calls, fewer than --calls {args.calls:,}.")
    print(f"Database: {held:,} calls.", flush=True)
    return held


def write_plan(workdir, seed):
    """The plan's JSON for locust, with values read from the database (run.py's only queries)."""
    from django.db import connections

    from loadtest.plan import build_plan

    plan = build_plan(seed=seed)
    connections.close_all()
    path = workdir / "plan.json"
    path.write_text(json.dumps(plan, indent=1))
    return path


def start_server(env, args, workdir):
    """gunicorn as `make serve` runs it, logging to files in workdir; returns once it answers."""
    with socket.socket() as probe:
        if probe.connect_ex((HOST, args.port)) == 0:
            sys.exit(f"Something already listens on {HOST}:{args.port}; give another --port.")
    manage(env, "collectstatic", "--noinput", "-v", "0", timeout=600)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"{HOST}:{args.port}",
            "--limit-request-line",
            "8190",
            "--access-logfile",
            str(workdir / "access.log"),
            # Status, milliseconds in the worker (without the wait for a free one), address.
            "--access-logformat",
            "%(s)s %(M)s %(U)s?%(q)s",
            "--error-logfile",
            str(workdir / "error.log"),
        ],
        cwd=ROOT,
        env=env,
        stdout=(workdir / "server.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{args.port}/", timeout=30) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    sys.exit(f"gunicorn did not answer on {HOST}:{args.port} within 60 s; see {workdir}.")


def stop_server(server):
    """Quick shutdown of gunicorn and its workers: a worker deep in a slow request is not
    waited for, and none outlives its master."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGQUIT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait()


def ingest_sources():
    """The folders to ingest that exist here, and how many texts they hold."""
    folders = [folder for folder in INGEST_SOURCES if folder.is_dir()]
    texts = sum(
        path.suffix.lower() in DOCUMENT_SUFFIXES for folder in folders for path in folder.rglob("*")
    )
    return folders, texts


class IngestLoop(threading.Thread):
    """Ingests the texts round after round until stopped. The first round of a fresh database
    writes them; later rounds re-run the extraction (`--rerun`), the pipeline in full each time."""

    def __init__(self, env, workdir):
        super().__init__(daemon=True)
        self.env, self.workdir = env, workdir
        self.folders, self.texts = ingest_sources()
        self.stopping = threading.Event()
        self.process = None
        self.ingested = 0
        self.rounds = 0
        self.seconds = 0.0

    def run(self):
        started = time.monotonic()
        for _ in range(MAX_INGEST_ROUNDS):
            if self.stopping.is_set():
                break
            self.ingest_round()
        self.seconds = time.monotonic() - started

    def ingest_round(self):
        """One `manage.py ingest`, counting documents from its progress lines as they come."""
        self.process = subprocess.Popen(
            [*MANAGE, "ingest", "--rerun", "--progress-every", str(PROGRESS_EVERY), *self.folders],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        done = 0
        with (self.workdir / "ingest.log").open("a") as log:
            for line in self.process.stdout:
                log.write(line)
                head, _, tail = line.strip().partition("/")
                if head.isdigit() and tail.endswith(" documents"):
                    self.ingested += int(head) - done
                    done = int(head)
        if self.process.wait() in (0, 1):  # 1: some document failed, the others went in
            self.rounds += 1

    def stop(self):
        self.stopping.set()
        if self.process and self.process.poll() is None:
            self.process.terminate()  # a round cut short counts the documents it finished
        if self.is_alive():
            self.join(timeout=30)

    def summary(self):
        rate = self.ingested / self.seconds if self.seconds else 0
        return (
            f"Ingest beside the load: {self.ingested} documents in {self.seconds:.0f} s "
            f"({rate:.1f}/s), {self.rounds} whole round(s) of {self.texts} texts."
        )


def run_locust(args, plan, records, workdir):
    """Locust, headless, for --duration; it stops itself."""
    env = os.environ | {
        "LOADTEST_PLAN": str(plan),
        "LOADTEST_RECORDS": str(records),
        "LOADTEST_THINK_SECONDS": str(args.think),
    }
    command = [
        args.locust,
        "-f",
        str(Path(__file__).with_name("locustfile.py")),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.users),
        "--run-time",
        f"{args.duration}s",
        # Requests under way at the end finish and are counted (each has a 60 s timeout).
        "--stop-timeout",
        "60",
        "--host",
        f"http://{HOST}:{args.port}",
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    started = time.monotonic()
    with (workdir / "locust.log").open("w") as log:
        subprocess.run(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=args.duration + 120
        )
    return time.monotonic() - started


def percentile(times, share):
    """Nearest-rank percentile of a sorted list."""
    return times[max(0, math.ceil(share * len(times)) - 1)]


def table(rows, title):
    """Markdown rows: requests, errors, p50, p95 and max (ms) per group."""
    groups = defaultdict(list)
    errors = defaultdict(int)
    for key, millis, ok in rows:
        groups[key].append(millis)
        errors[key] += not ok
    lines = [
        f"| {title} | requests | errors | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for key in sorted(groups, key=lambda k: (k == "all", k)):
        times = sorted(groups[key])
        lines.append(
            f"| {key} | {len(times)} | {errors[key]} | {percentile(times, 0.5):.0f} | "
            f"{percentile(times, 0.95):.0f} | {times[-1]:.0f} |"
        )
    return "\n".join(lines)


def server_times(access_log, skip_bytes, plan_path):
    """(kind, milliseconds, ok) for each request of the run as gunicorn's access log timed it."""
    kinds = {
        url: entry["kind"] for entry in json.loads(plan_path.read_text()) for url in entry["urls"]
    }
    with access_log.open() as log:
        log.seek(skip_bytes)  # the readiness check before the clients started
        for line in log:
            status, millis, url = line.split(maxsplit=2)
            yield kinds.get(url.strip().removesuffix("?"), "other"), float(millis), status == "200"


def report(records_path, args, ingest, held, seconds, server):
    records = json.loads(records_path.read_text()) if records_path.exists() else []
    if not records:
        sys.exit("No request was recorded.")
    by_kind = [(kind, millis, ok) for kind, _, millis, ok in records]
    by_kind += [("all", millis, ok) for _, _, millis, ok in records]
    print(
        f"\n{args.users} clients for {args.duration} s (think time {args.think} s), gunicorn with "
        f"{args.workers} workers on {HOST}:{args.port}, {held:,} calls: {len(records)} requests "
        f"in {seconds:.0f} s, the last ones finishing after the clients stopped "
        f"({len(records) / seconds:.1f}/s).\n"
    )
    print(table(by_kind, "kind"))
    print()
    print(table([(name, millis, ok) for _, name, millis, ok in records], "URL"))
    print("\nThe same requests timed by the server (in the worker, without waiting for one):\n")
    timed = list(server)
    print(table(timed + [("all", millis, ok) for _, millis, ok in timed], "kind"))
    if ingest.seconds:
        print("\n" + ingest.summary())
    return sum(not ok for *_, ok in records)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=8610)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--duration", type=int, default=60, help="seconds (at most 600)")
    parser.add_argument("--think", type=float, default=0.0, help="pause between requests (s)")
    parser.add_argument("--no-ingest", action="store_true", help="no ingest beside the load")
    parser.add_argument(
        "--locust", default=str(ROOT / ".venv-loadtest" / "bin" / "locust"), help="its command"
    )
    args = parser.parse_args()
    if not args.database_url:
        parser.error("give --database-url or set DATABASE_URL (PostgreSQL, a database of its own)")
    if not 1 <= args.duration <= 600 or not 1 <= args.users <= 64:
        parser.error("--duration is 1 to 600 s and --users 1 to 64: the run stays bounded")
    return args


def main():
    args = parse_args()
    env = production_env(args)
    os.environ.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    import django

    django.setup()
    held = prepare_database(env, args)
    workdir = Path(tempfile.mkdtemp(prefix="loadtest-"))
    plan = write_plan(workdir, args.seed)
    server = start_server(env, args, workdir)
    ingest = IngestLoop(env, workdir)
    try:
        if not args.no_ingest:
            ingest.start()
        served_before = (workdir / "access.log").stat().st_size
        seconds = run_locust(args, plan, workdir / "records.json", workdir)
    finally:
        ingest.stop()
        stop_server(server)
    server_side = server_times(workdir / "access.log", served_before, plan)
    failed = report(workdir / "records.json", args, ingest, held, seconds, server_side)
    print(f"\nServer logs and the plan: {workdir}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
