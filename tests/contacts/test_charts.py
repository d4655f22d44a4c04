"""The timeline chart: its geometry, its bars as links on the list and the official page."""

import datetime as dt
import re

import pytest

from contacts.charts import MAX_LABELS, MIN_BAR, monthly_chart, weekly_chart
from tests.contacts.factories import make_call
from tests.contacts.test_views_timeline import listed


def link(date_from, date_to):
    return f"/?date_from={date_from}&date_to={date_to}"


def test_monthly_chart_fills_empty_months_and_scales_to_the_busiest():
    chart = monthly_chart({dt.date(2023, 11, 1): 1, dt.date(2024, 2, 1): 4}, link)
    low, high = chart.bars
    assert (low.start, high.start) == (dt.date(2023, 11, 1), dt.date(2024, 2, 1))
    # Four slots (November to February), the second bar in the last one.
    assert high.x == pytest.approx(75, abs=0.5) and low.x == pytest.approx(0, abs=0.5)
    assert high.height == pytest.approx(4 * low.height)
    assert high.y + high.height == chart.baseline
    assert high.y == chart.top
    assert [tick.label for tick in chart.ticks] == ["Nov 2023", "Jan 2024"]
    assert low.href == "/?date_from=2023-11&date_to=2023-11"
    assert high.label == "February 2024: 4 calls"
    assert monthly_chart({}, link) is None


def test_one_call_beside_a_peak_of_hundreds_stays_visible():
    chart = monthly_chart({dt.date(2024, 1, 1): 1, dt.date(2024, 2, 1): 900}, link)
    assert chart.bars[0].height == MIN_BAR


def test_weekly_chart_gathers_days_into_weeks_from_monday():
    chart = weekly_chart(
        {dt.date(2024, 6, 24): 1, dt.date(2024, 6, 30): 2, dt.date(2024, 7, 10): 1}, link
    )
    assert [(bar.start, bar.count) for bar in chart.bars] == [
        (dt.date(2024, 6, 24), 3),
        (dt.date(2024, 7, 8), 1),
    ]
    assert chart.bars[0].href == "/?date_from=2024-06-24&date_to=2024-06-30"
    assert chart.bars[0].label == "Week of 24 June 2024: 3 calls"
    assert chart.unit == "week"
    # July's label sits against the first week's date: a phone shows only the date.
    assert [(tick.label, tick.minor) for tick in chart.ticks] == [("24 Jun", False), ("Jul", True)]


def test_a_long_range_labels_every_year_and_marks_which_a_phone_leaves_out():
    counts = {dt.date(2014 + n, 3, 1): n + 1 for n in range(12)}
    chart = monthly_chart(counts, link)
    labels = [tick.label for tick in chart.ticks]
    # 2025's label would sit at the right edge, past the last full bar: left out.
    assert labels == [str(year) for year in range(2014, 2025)]
    shown_on_a_phone = [tick.label for tick in chart.ticks if not tick.minor]
    assert 2 <= len(shown_on_a_phone) <= MAX_LABELS
    assert all(0 <= tick.x <= 92 for tick in chart.ticks)
    # A first month's label squeezed against the next January's would overprint it.
    counts[dt.date(2013, 12, 1)] = 1
    assert monthly_chart(counts, link).ticks[0].label == "2014"


def bar_links(html):
    return re.findall(r'<a class="bar-link" href="([^"]+)"', html)


def test_list_page_chart_bars_narrow_the_current_filter_to_their_month(client, more):
    html = client.get("/?person=t-blinken").content.decode()
    assert bar_links(html) == [
        "/?person=t-blinken&amp;date_from=2021-02&amp;date_to=2021-02",
        "/?person=t-blinken&amp;date_from=2023-09&amp;date_to=2023-09",
        "/?person=t-blinken&amp;date_from=2024-06&amp;date_to=2024-06",
    ]
    assert "<title>September 2023: 1 call</title>" in html
    assert 'aria-label="September 2023: 1 call: show them"' in html
    assert listed(client.get("/?person=t-blinken&date_from=2023-09&date_to=2023-09")) == [
        more.call2.pk
    ]


def test_undated_calls_are_counted_in_the_caption(client, more):
    html = client.get("/").content.decode()
    assert "1 call with no known month is not shown" in html


def test_a_short_range_is_drawn_per_week(client, more):
    make_call([more.blinken], date=dt.date(2024, 6, 3))
    make_call([more.blinken], date=dt.date(2024, 6, 1), precision="month")
    html = client.get("/?date_from=2024-06&date_to=2024-06").content.decode()
    assert "Calls per week" in html
    assert bar_links(html) == [
        "/?date_from=2024-06-03&amp;date_to=2024-06-09",
        "/?date_from=2024-06-24&amp;date_to=2024-06-30",
    ]
    assert "1 call with no known week is not shown" in html
    assert listed(client.get("/?date_from=2024-06-24&date_to=2024-06-30")) == [more.call.pk]


def test_the_chart_is_drawn_for_a_topic_page_on_its_own_path(client, more):
    html = client.get("/topics/t-security/").content.decode()
    assert 'href="/topics/t-security/?date_from=2023-09&amp;date_to=2023-09"' in html


def test_no_chart_when_nothing_is_dated_or_the_filter_is_invalid(client, more):
    assert "<svg" not in client.get("/?status=scheduled").content.decode()
    assert "<svg" not in client.get("/?date_from=never").content.decode()


def test_official_page_chart_bars_open_the_timeline_of_that_official(client, world):
    make_call([world.gallant, world.blinken], date=dt.date(2024, 2, 10))
    html = client.get("/officials/t-gallant/").content.decode()
    assert bar_links(html) == [
        "/?person=t-gallant&amp;date_from=2024-02&amp;date_to=2024-02",
        "/?person=t-gallant&amp;date_from=2024-06&amp;date_to=2024-06",
    ]
