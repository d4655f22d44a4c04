"""On PostgreSQL a web request's runaway query is stopped with a 503, not a killed worker."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from config.statement_timeout import limit_statements
from tests.config.test_headers import assert_security_headers

ROOT = Path(__file__).resolve().parents[2]

postgres_only = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="statement_timeout is PostgreSQL's; run with make test-postgres",
)


@postgres_only
@pytest.mark.urls("tests.config.urls_failing")
def test_a_query_over_the_limit_is_a_503_that_says_why(client, db, settings):
    settings.WEB_STATEMENT_TIMEOUT_MS = 100
    # Set inside the test's transaction, so its rollback lifts the limit again.
    limit_statements(connection, 100)
    response = client.get("/slow/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert_security_headers(response)
    html = response.content.decode()
    assert "This request took too long" in html
    assert "past the 0.1-second limit" in html


def statement_timeout_in(code):
    """SHOW statement_timeout in a fresh process, after running `code`."""
    env = os.environ | {"WEB_STATEMENT_TIMEOUT_MS": "1500", "DEBUG": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    script = (
        f"{code}\n"
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('SHOW statement_timeout')\n"
        "    print(cursor.fetchone()[0])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@postgres_only
def test_only_the_web_process_limits_its_statements():
    web = "import config.wsgi"
    command = (
        "import os, django\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'\n"
        "django.setup()"
    )
    assert statement_timeout_in(web) == "1500ms"
    # Management commands (migrations, the ingest) set up Django the same way and keep no limit.
    assert statement_timeout_in(command) == "0"
