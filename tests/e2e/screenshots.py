"""Screenshots of the timeline, a call, an official, the matrix and the officials at 1280 and
390 px, on the seeds.

Run on purpose (not part of the suite):  .venv/bin/python -m pytest tests/e2e/screenshots.py
They land in artifacts/screenshots/ (git-ignored).
"""

from pathlib import Path

import pytest
from django.db.models import Count

from contacts.models import Call, Official

OUT = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
WIDTHS = {"wide": 1280, "phone": 390}

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def pages_to_shoot():
    visible = Call.objects.exclude(status="rejected")
    call = visible.annotate(n=Count("reports")).order_by("-n", "-date", "-id").first()
    official = Official.objects.annotate(n=Count("participations")).order_by("-n", "name").first()
    return {
        "timeline": "/",
        "timeline-filtered": f"/?person={official.slug}",
        "call": call.get_absolute_url(),
        "official": official.get_absolute_url(),
        "article": call.reports.first().article.get_absolute_url(),
        "matrix": "/matrix/",
        "matrix-countries": "/matrix/?by=countries",
        "officials": "/officials/",
    }


def test_screenshots(seeded, browser):
    OUT.mkdir(parents=True, exist_ok=True)
    for label, width in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for name, path in pages_to_shoot().items():
            page.goto(seeded.url + path)
            target = OUT / f"{name}-{label}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 0
            # The first screen alone, as a reader sees it on arrival.
            page.screenshot(path=str(OUT / f"{name}-{label}-top.png"))
        context.close()
