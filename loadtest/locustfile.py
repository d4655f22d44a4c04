"""Locust's simulated analysts: each requests the plan's URLs one after another, with no pause.

Run by run.py (`make loadtest`), in a virtualenv of its own without Django. It reads the plan
from LOADTEST_PLAN, writes every request's kind, time and outcome to LOADTEST_RECORDS, and
refuses any host but this machine's loopback.
"""

import json
import os
import random
import sys
from pathlib import Path
from urllib.parse import urlsplit

from locust import FastHttpUser, constant, events, task

sys.path.insert(0, str(Path(__file__).parent))
from checks import problem  # noqa: E402  (beside this file, not an installed package)

PLAN = json.loads(Path(os.environ["LOADTEST_PLAN"]).read_text())
WEIGHTS = [entry["weight"] for entry in PLAN]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
RECORDS = []


@events.test_start.add_listener
def refuse_other_hosts(environment, **kwargs):
    host = urlsplit(environment.host or "").hostname
    if host not in LOOPBACK:
        # Load is only ever sent to a server on this machine.
        raise SystemExit(f"Refusing to load {environment.host}: only 127.0.0.1 is allowed.")


@events.request.add_listener
def record(name, response_time, exception, context, **kwargs):
    RECORDS.append([context.get("kind", "?"), name, round(response_time, 1), exception is None])


@events.quitting.add_listener
def save_records(environment, **kwargs):
    Path(os.environ["LOADTEST_RECORDS"]).write_text(json.dumps(RECORDS))


class Analyst(FastHttpUser):
    wait_time = constant(float(os.environ.get("LOADTEST_THINK_SECONDS", "0")))
    # A request slower than this is an error (seconds).
    network_timeout = 60.0
    connection_timeout = 10.0

    @task
    def browse(self):
        entry = random.choices(PLAN, weights=WEIGHTS)[0]
        url = random.choice(entry["urls"])
        with self.client.get(
            url, name=entry["name"], context={"kind": entry["kind"]}, catch_response=True
        ) as response:
            why = problem(url, response.status_code, response.content or b"")
            if why:
                response.failure(why)
            else:
                response.success()
