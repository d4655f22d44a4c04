"""CSV, JSON, Atom and iCalendar twins of a list: the same parameters give the same calls."""

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.db import connection

from contacts import export_rows
from ingest.management.commands.bench_ingest import QueryCounter
from tests.contacts import test_views_timeline
from tests.contacts.test_views_timeline import listed, make_call

# The timeline tests' world of five calls, so that list and exports are compared on the same data.
more = test_views_timeline.more

ATOM = "{http://www.w3.org/2005/Atom}"
# An export's queries, whatever its size up to one chunk: the filter's lookup, the calls, three
# reference tables (officials, posts, outlets), then four per chunk of calls (participants,
# reports with articles, source documents, topics).
EXPORT_QUERY_BUDGET = 9


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_ids(response):
    rows = list(csv.DictReader(io.StringIO(body(response).decode())))
    return [int(row["id"]) for row in rows], rows


@pytest.mark.parametrize(
    "query",
    ["", "person=t-blinken", "topic=t-security&sort=oldest", "mode=phone&country=IL", "q=iran"],
)
def test_every_export_holds_exactly_what_the_list_shows(client, more, query):
    shown = listed(client.get(f"/?{query}"))
    ids, _ = csv_ids(client.get(f"/calls.csv?{query}"))
    assert ids == shown
    payload = json.loads(client.get(f"/calls.json?{query}").getvalue())
    assert [call["id"] for call in payload["calls"]] == shown
    feed = ET.fromstring(body(client.get(f"/calls.atom?{query}")))
    links = [entry.find(f"{ATOM}link").get("href") for entry in feed.iter(f"{ATOM}entry")]
    assert [int(link.rstrip("/").rsplit("/", 1)[1]) for link in links] == shown
    calendar = body(client.get(f"/calls.ics?{query}")).decode()
    dated = [pk for pk in shown if pk != more.call4.pk]  # the undated call has no event
    assert [int(uid.split("-")[1].split("@")[0]) for uid in calendar.split("UID:")[1:]] == dated


def test_csv_columns_and_download(client, more):
    response = client.get("/calls.csv?person=t-gallant")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="calls.csv"'
    _, rows = csv_ids(response)
    first, second = rows
    assert first["date"] == "2024-06-24" and first["date_precision"] == "day"
    assert (
        first["participants"]
        == "Test Antony Blinken (Secretary of State); Test Yoav Gallant (Minister of Defense)"
    )
    assert first["participant_slugs"] == "t-blinken; t-gallant"
    assert first["topics"] == "Test Hostages"
    assert first["source_count"] == "1" and first["outlets"] == "Test Outlet"
    assert first["url"] == f"http://testserver/calls/{more.call.pk}/"
    assert second["date_in_words"] == "February 2021"


def test_csv_cells_cannot_become_spreadsheet_formulas(client, world):
    world.blinken.name = '=HYPERLINK("http://evil")'
    world.blinken.save()
    _, rows = csv_ids(client.get("/calls.csv"))
    assert rows[0]["participants"].startswith("'=HYPERLINK")


def test_json_uses_the_shared_serializer_with_slugs(client, more):
    payload = json.loads(client.get("/calls.json?person=t-netanyahu&mode=phone").getvalue())
    (call,) = payload["calls"]
    assert call["id"] == more.call2.pk
    assert {p["slug"] for p in call["participants"]} == {"t-blinken", "t-netanyahu"}
    assert call["reported_dates"] == ["2023-09-04", "2023-09-05"]
    assert call["sources"][0]["outlet"] == "Other Outlet"


def test_atom_feed_is_named_after_the_filter_and_links_back(client, more):
    response = client.get("/calls.atom?person=t-gallant&topic=t-hostages")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(body(response))
    assert feed.find(f"{ATOM}title").text.startswith(
        "Calls with Test Yoav Gallant about Test Hostages"
    )
    alternate = [
        link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "alternate"
    ]
    assert alternate == ["http://testserver/?person=t-gallant&topic=t-hostages"]
    (entry,) = feed.iter(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text.startswith(
        "Monday 24 June 2024 – In-person meeting: Test Antony Blinken"
    )


def test_atom_summary_keeps_scraped_markup_as_text(client, world):
    world.gallant.name = "<script>alert(1)</script>"
    world.gallant.save()
    feed = ET.fromstring(body(client.get("/calls.atom")))
    summary = next(feed.iter(f"{ATOM}entry")).find(f"{ATOM}summary").text
    # Parsed once from XML, the HTML summary still holds the markup escaped.
    assert "&lt;script&gt;" in summary and "<script>" not in summary


def test_ics_has_one_all_day_event_per_dated_call_spanning_its_precision(client, more):
    response = client.get("/calls.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = body(response).decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == 3
    assert "DTSTART;VALUE=DATE:20240624\r\nDTEND;VALUE=DATE:20240625\r\n" in text
    # Known only to the month: the event spans February 2021, not a made-up day.
    assert "DTSTART;VALUE=DATE:20210201\r\nDTEND;VALUE=DATE:20210301\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_ics_text_is_escaped_and_long_lines_folded(client, world):
    world.call.location = "Tel Aviv; Kirya, HQ"
    world.call.save()
    make_call([world.blinken], date=dt.date(2024, 7, 1))
    text = body(client.get("/calls.ics")).decode()
    assert "LOCATION:Tel Aviv\\; Kirya\\, HQ" in text
    unfolded = text.replace("\r\n ", "")
    assert (
        "SUMMARY:In-person meeting: Test Antony Blinken (Secretary of State)\\, Test Yoav Gallant (Minister of Defense)"
        in unfolded
    )


@pytest.mark.parametrize("path", ["calls.csv", "calls.json", "calls.atom", "calls.ics"])
@pytest.mark.parametrize("query", ["date_from=soon", "person=nobody", "sort=random"])
def test_exports_refuse_malformed_parameters_with_a_reason(client, world, path, query):
    response = client.get(f"/{path}?{query}")
    assert response.status_code == 400
    assert "These parameters are not valid" in response.content.decode()


def test_export_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    for day in range(1, 20):
        make_call(
            [world.blinken, world.gallant], date=dt.date(2024, 5, day), topics=[world.hostages]
        )
    for path in ("calls.csv", "calls.json", "calls.atom", "calls.ics"):
        with django_assert_max_num_queries(EXPORT_QUERY_BUDGET):
            body(client.get(f"/{path}?person=t-blinken"))


def test_exports_read_in_chunks_give_the_same_document(client, world, monkeypatch):
    for day in range(1, 13):
        make_call(
            [world.blinken, world.gallant], date=dt.date(2024, 5, day), topics=[world.hostages]
        )
    whole = {path: body(client.get(f"/{path}")) for path in ("calls.csv", "calls.json")}
    monkeypatch.setattr(export_rows, "CHUNK", 5)
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        chunked = body(client.get("/calls.csv"))
    assert chunked == whole["calls.csv"]
    assert body(client.get("/calls.json")) == whole["calls.json"]
    # Four queries per chunk of five calls (three chunks) after the calls and reference tables.
    assert counter.count == 4 + 3 * 4


# A disputed call: every export carries every date its reports give, partial ones included


@pytest.fixture
def disputed(more):
    """more.call2 (reported as 5 and 4 September 2023) with a third report: "Sept. 5", no year."""
    from contacts.models import Article, Report

    untitled = Article.objects.create(title="Blinken holds separate talks", body="Sept. 5")
    Report.objects.create(
        call=more.call2, article=untitled, reported_month=9, reported_day=5, date_text="Sept. 5"
    )
    more.call2.date_disputed = True
    more.call2.save()
    return more


def test_json_lists_every_reported_date_with_its_source(client, disputed):
    payload = json.loads(client.get("/calls.json?person=t-netanyahu&mode=phone").getvalue())
    (call,) = payload["calls"]
    assert call["reported_dates"] == ["--09-05", "2023-09-04", "2023-09-05"]
    assert sorted((d["date"], d["in_words"]) for d in call["date_reports"]) == [
        ("--09-05", "5 September, year not given"),
        ("2023-09-04", "Monday 4 September 2023"),
        ("2023-09-05", "Tuesday 5 September 2023"),
    ]
    partial = next(d for d in call["date_reports"] if d["date"] == "--09-05")
    assert partial["title"] == "Blinken holds separate talks" and partial["words"] == "Sept. 5"


def test_csv_ics_and_atom_carry_every_reported_date_of_a_disputed_call(client, disputed):
    query = "person=t-netanyahu&mode=phone"
    _, (row,) = csv_ids(client.get(f"/calls.csv?{query}"))
    for words in (
        "Tuesday 5 September 2023 (Other Outlet)",
        "Monday 4 September 2023 (Other Outlet)",
        "5 September, year not given (“Blinken holds separate talks”: “Sept. 5”)",
    ):
        assert words in row["reported_dates"]

    calendar = body(client.get(f"/calls.ics?{query}")).decode().replace("\r\n ", "")
    assert "Reported dates: Tuesday 5 September 2023 (Other Outlet)\\; Monday 4" in calendar
    assert "5 September\\, year not given" in calendar

    feed = ET.fromstring(body(client.get(f"/calls.atom?{query}")))
    summary = next(feed.iter(f"{ATOM}entry")).find(f"{ATOM}summary").text
    assert "The sources disagree on the date: Tuesday 5 September 2023" in summary
    assert "5 September, year not given" in summary


def test_an_undisputed_call_has_no_reported_dates_line_in_its_calendar_event(client, more):
    calendar = body(client.get("/calls.ics?person=t-gallant&mode=meeting")).decode()
    assert "Reported dates" not in calendar.replace("\r\n ", "")
