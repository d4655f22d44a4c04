"""`manage.py ingest_worker` processes started on the current database, for the benchmark and
the worker tests: started, waited for until ready, stopped."""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

READY_SECONDS = 180


def database_url() -> str:
    """The URL of the database this process uses now (a test database included)."""
    db = connection.settings_dict
    return (
        f"postgres://{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}@"
        f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{quote(db['NAME'])}"
    )


class WorkerProcesses:
    """Worker processes on the database backend and this process's database; `stop()` ends them."""

    def __init__(self, log_dir=None, **environment):
        self.log_dir = Path(log_dir or tempfile.mkdtemp(prefix="ingest-workers-"))
        self.environment = {k: str(v) for k, v in environment.items()}
        self.running: list[tuple[subprocess.Popen, Path]] = []

    def env(self):
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url(),
            "TASK_BACKEND": "database",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or "ingest-worker-processes",
            "DEBUG": "0",
            **self.environment,
        }

    def start(self, count=1) -> list[subprocess.Popen]:
        """Start `count` workers and wait until each has loaded its model and is taking tasks."""
        started = []
        for _ in range(count):
            log = self.log_dir / f"worker-{len(self.running)}.log"
            process = subprocess.Popen(
                [sys.executable, "manage.py", "ingest_worker", "--interval", "0.2"],
                cwd=settings.BASE_DIR,
                env=self.env(),
                stdout=log.open("w"),
                stderr=subprocess.STDOUT,
            )
            self.running.append((process, log))
            started.append((process, log))
        deadline = time.monotonic() + READY_SECONDS
        for process, log in started:
            while "ready." not in log.read_text():
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("An ingest worker did not start:\n" + log.read_text())
                time.sleep(0.2)
        return [process for process, _ in started]

    def logs(self) -> str:
        return "\n".join(log.read_text() for _, log in self.running)

    def stop(self):
        for process, _ in self.running:
            if process.poll() is None:
                process.terminate()
        for process, _ in self.running:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.running = []
