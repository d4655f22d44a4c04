"""Browser fixtures: Debian's Chromium driven by Playwright, against pytest-django's live server."""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; Django would refuse ORM calls from it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path():
    """Debian's Chromium (Playwright's own download is not reachable here), or CHROMIUM_PATH."""
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium installed (looked for /usr/bin/chromium and CHROMIUM_PATH)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python is not installed in this environment")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def seeded(live_server):
    """The five seed texts loaded through the ingest command, as `make run` loads them."""
    from contacts.models import Topic

    # A transactional test flushes the database afterwards, and when a non-transactional test
    # ran first in the session pytest-django's serialized rollback was seen not to bring the
    # migrations' reference data back; load it again as `make run`'s migrate would have.
    if not Topic.objects.exists():
        call_command("load_reference", stdout=io.StringIO())
    out = io.StringIO()
    call_command("ingest", str(SEEDS), stdout=out)
    live_server.ingest_summary = out.getvalue()
    return live_server


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_source():
    """axe-core's script, installed from the npm registry by `make test` (package.json)."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed (make browser-tools runs npm ci; npm is needed)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def audited_page(browser, axe_source):
    """A page with axe-core loaded before the site's own content, on every navigation.

    An init script, not a <script> tag: the site's Content-Security-Policy allows no script,
    and the audit must see the pages exactly as readers get them.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(script=axe_source)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
