"""The production environment in deploy/production.env passes Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = ROOT / "deploy" / "production.env"


def read_env_file(path):
    """KEY=VALUE lines of a shell env file, without comments or blank lines."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def run_check(extra_env):
    # A subprocess, because settings are read once per process from the environment.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))}
    env.pop("DEBUG", None)
    env.update(extra_env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_env_has_no_secrets():
    assert "SECRET_KEY" not in read_env_file(PRODUCTION_ENV)
    assert "DATABASE_URL" not in read_env_file(PRODUCTION_ENV)


def test_check_deploy_passes_with_production_env():
    env = read_env_file(PRODUCTION_ENV) | {"SECRET_KEY": secrets.token_urlsafe(50)}
    result = run_check(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_without_https_settings():
    # The same check fails on the development defaults, so the test above proves the file.
    result = run_check({"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stdout + result.stderr
