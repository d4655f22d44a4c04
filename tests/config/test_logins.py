"""Login throttling: the admin login locks after repeated failures per account and per address."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from config.logins import client_ip

LOGIN = "/admin/login/"
LIMIT = 5  # the default AXES_FAILURE_LIMIT


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("editor", password="right-pw", is_staff=True)


def login(client, username, password, address="127.0.0.1", **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        headers=headers,
    )


def logged_in(client):
    return "_auth_user_id" in client.session


def test_a_wrong_password_under_the_limit_is_the_usual_form_error(client, editor):
    response = login(client, "editor", "wrong")
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()


def test_the_account_locks_and_refuses_even_the_right_password(client, editor):
    for _ in range(LIMIT - 1):
        assert login(client, "editor", "wrong").status_code == 200
    locked = login(client, "editor", "wrong")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Too many failed logins" in html
    assert "refused for 15 minutes" in html
    assert "Content-Security-Policy" in locked.headers
    response = login(client, "editor", "right-pw")
    assert response.status_code == 429
    assert not logged_in(client)


def test_an_account_locks_whatever_address_the_guesses_come_from(client, editor):
    for n in range(LIMIT):
        login(client, "editor", "wrong", address=f"10.0.0.{n + 1}")
    assert login(client, "editor", "right-pw", address="10.0.1.1").status_code == 429
    assert not logged_in(client)


def test_an_address_locks_whatever_accounts_it_tries(client, editor):
    for n in range(LIMIT):
        login(client, f"guess-{n}", "wrong", address="10.0.0.9")
    assert login(client, "editor", "right-pw", address="10.0.0.9").status_code == 429
    # The same account from elsewhere is not locked: the address was the attacker.
    assert login(client, "editor", "right-pw", address="10.0.0.10").status_code == 302
    assert logged_in(client)


def test_a_successful_login_resets_the_count(client, editor):
    for _ in range(LIMIT - 1):
        login(client, "editor", "wrong")
    assert login(client, "editor", "right-pw").status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        assert login(client, "editor", "wrong").status_code == 200
    assert login(client, "editor", "right-pw").status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, editor):
    for _ in range(LIMIT):
        login(client, "editor", "wrong")
    assert login(client, "editor", "right-pw").status_code == 429
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert login(client, "editor", "right-pw").status_code == 302


def test_the_limit_is_a_setting(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 2
    assert login(client, "editor", "wrong").status_code == 200
    assert login(client, "editor", "wrong").status_code == 429


def test_limit_and_cool_off_come_from_the_environment():
    root = Path(__file__).resolve().parents[2]
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "AXES_FAILURE_LIMIT": "9",
        "AXES_COOLOFF_MINUTES": "60",
    }
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["9", "1:00:00"], result.stderr


def test_behind_a_proxy_each_client_is_counted_by_its_own_address(client, editor, settings):
    settings.PROXY_COUNT = 1
    for _ in range(LIMIT):
        login(client, f"guess-{_}", "wrong", address="10.9.9.9", X_Forwarded_For="203.0.113.5")
    # Another client through the same proxy still gets in.
    response = login(
        client, "editor", "right-pw", address="10.9.9.9", X_Forwarded_For="203.0.113.6"
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "203.0.113.5", "10.9.9.9"),  # no proxy: the header is the client's own word
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "198.51.100.1, 203.0.113.5", "203.0.113.5"),  # left entry typed by the client
        (2, "198.51.100.1, 203.0.113.5", "198.51.100.1"),
        (1, "", "10.9.9.9"),
    ],
)
def test_client_address(settings, proxies, forwarded, expected):
    settings.PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
