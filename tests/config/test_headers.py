"""Security headers on every kind of response, and the styled error pages with DEBUG off."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from config.middleware import ADMIN_CSP, PUBLIC_CSP

COMMON = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def assert_security_headers(response, csp=PUBLIC_CSP):
    assert response["Content-Security-Policy"] == csp
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    for name, value in COMMON.items():
        assert response[name] == value, name


@pytest.mark.parametrize(
    "path",
    ["/", "/officials/", "/calls.csv", "/calls.json", "/calls.atom", "/calls.ics"],
)
def test_public_pages_and_exports(client, world, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_security_headers(response)


def test_call_page(client, world):
    response = client.get(world.call.get_absolute_url())
    assert response.status_code == 200
    assert_security_headers(response)


def test_public_pages_forbid_every_script(client, world):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "script-src" not in policy


def test_admin_login_page(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert_security_headers(response, ADMIN_CSP)


def test_admin_pages_allow_only_their_own_scripts(client, world):
    client.force_login(get_user_model().objects.create_superuser("root", password="x"))
    response = client.get(f"/admin/contacts/call/{world.call.pk}/change/")
    assert response.status_code == 200
    assert_security_headers(response, ADMIN_CSP)
    assert "script-src 'self';" in ADMIN_CSP
    assert "unsafe-inline" not in ADMIN_CSP


def test_redirects(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert_security_headers(response, ADMIN_CSP)


def test_static_files(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    # Whitenoise answers before the clickjacking middleware; the CSP's frame-ancestors covers it.
    assert response["Content-Security-Policy"] == PUBLIC_CSP
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_bad_export_request(client, db):
    response = client.get("/calls.json?date_from=yesterday")
    assert response.status_code == 400
    assert_security_headers(response)


def test_404_page_is_styled_and_needs_no_database(client):
    # No `db` fixture: any query in the 404 path would raise.
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert_security_headers(response)
    html = response.content.decode()
    assert "Page not found" in html
    assert "css/site.css" in html
    assert 'href="/officials/"' in html


def test_404_for_a_missing_record(client, db):
    response = client.get("/calls/999999/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert_security_headers(response)


@pytest.mark.urls("tests.config.urls_failing")
def test_500_page_is_styled_and_needs_no_database(settings):
    assert settings.DEBUG is False
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert_security_headers(response)
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "css/site.css" in html
    assert "a bug in a view" not in html


def test_stricter_policy_of_a_view_is_kept(client, world):
    from ingest.models import SourceDocument

    doc = SourceDocument.objects.create(filename="x.html", raw=b"<script>", sha256="b" * 64)
    client.force_login(get_user_model().objects.create_superuser("root", password="x"))
    response = client.get(f"/admin/ingest/sourcedocument/{doc.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
