"""An analyst's path through the site in a real browser, on the seed texts as the ingest loads them."""

import csv
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from contacts.models import Call

# Transactional (the live server reads from another thread); the serialized rollback puts
# the reference data of the migrations back for the tests that run after these.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def shown_ids(page):
    hrefs = page.locator("ol.calls a.when").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    return [int(re.search(r"/calls/(\d+)/", href).group(1)) for href in hrefs]


def a_person_and_topic(seeded=None):
    """A participant and a topic of the newest call that has both, and the calls they share."""
    visible = Call.objects.exclude(status="rejected")
    call = visible.filter(topics__isnull=False, participants__isnull=False).distinct().first()
    assert call is not None, "the ingest of the seeds produced no call with a topic: " + (
        getattr(seeded, "ingest_summary", "")
    )
    person = call.participants.select_related("official").first().official
    topic = call.topics.first()
    expected = set(visible.with_person(person).in_topics([topic]).values_list("pk", flat=True))
    return person, topic, expected


def test_filter_bookmark_facet_call_and_article(seeded, page):
    page.goto(seeded.url + "/")
    assert page.locator("h1").inner_text() == "All calls"
    assert len(shown_ids(page)) == Call.objects.exclude(status="rejected").count() > 0

    person, topic, expected = a_person_and_topic()
    page.select_option("#id_person", person.slug)
    page.select_option("#id_topic", topic.slug)
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    params = parse_qs(urlsplit(page.url).query)
    assert params == {"person": [person.slug], "topic": [topic.slug]}
    rows = shown_ids(page)
    assert set(rows) == expected
    heading = page.locator("h1").inner_text()
    assert person.name in heading and topic.name in heading
    assert page.locator("ul.chips li").count() == 2

    page.reload()
    assert shown_ids(page) == rows

    # A count beside the list narrows the URL and the list to that many rows.
    year = page.locator(".facets h3:has-text('Year') + ul a").first
    count = int(year.locator(".n").inner_text())
    year.click()
    page.wait_for_load_state()
    params = parse_qs(urlsplit(page.url).query)
    assert params["person"] == [person.slug] and params["topic"] == [topic.slug]
    assert params["date_from"] == params["date_to"]
    assert len(shown_ids(page)) == count

    # From a call to the sentence that reports it, highlighted in its article.
    page.locator("ol.calls a.when").first.click()
    page.wait_for_load_state()
    assert re.search(r"/calls/\d+/$", page.url)
    evidence = page.locator("#sources blockquote").first
    sentence = evidence.locator("p").first.inner_text()
    evidence.get_by_role("link", name="In context").click()
    page.wait_for_load_state()
    fragment = urlsplit(page.url).fragment
    assert fragment.startswith("ev-")
    mark = page.locator(f"#{fragment} + mark")
    assert mark.is_visible()
    assert " ".join(sentence.split()) in " ".join(mark.inner_text().split())
    assert mark.evaluate("el => el.getBoundingClientRect().top") < page.viewport_size["height"]


def test_download_the_csv_of_a_filter(seeded, page, tmp_path):
    person, topic, expected = a_person_and_topic(seeded)
    page.goto(f"{seeded.url}/?person={person.slug}")
    rows = shown_ids(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename == "calls.csv"
    target = tmp_path / "calls.csv"
    download.save_as(target)
    with target.open(encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    assert [int(record["id"]) for record in records] == rows
    assert all(person.slug in record["participant_slugs"].split("; ") for record in records)


def test_a_malformed_date_gives_the_form_back(seeded, page):
    page.goto(seeded.url + "/")
    page.fill("#id_date_from", "last spring")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert "date_from=last+spring" in page.url
    assert page.locator(".errors").first.is_visible()
    assert page.locator("#id_date_from").input_value() == "last spring"
    page.get_by_role("link", name="Remove From: last spring").click()
    page.wait_for_load_state()
    assert len(shown_ids(page)) > 0
