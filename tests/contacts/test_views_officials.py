"""Officials: the index, and one official's posts, calls, counterparts and monthly chart."""

import datetime as dt

import pytest

from contacts.charts import monthly_chart
from contacts.models import Official
from tests.contacts.test_views_timeline import make_call


def test_officials_index_lists_names_latest_post_and_calls(client, world):
    Official.objects.create(name="Test Nobody", slug="t-nobody")
    response = client.get("/officials/?q=test")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/officials/t-blinken/">Test Antony Blinken</a>' in html
    assert "Minister of Defense" in html  # Gallant's latest post, not his earlier one
    assert '<a href="/?person=t-gallant">1</a>' in html
    assert (
        html.index("Test Antony Blinken")
        < html.index("Test Nobody")
        < html.index("Test Yoav Gallant")
    )


def test_officials_index_finds_by_alias_and_country(client, world):
    html = client.get("/officials/?q=TestSecBlinken").content.decode()
    assert "Test Antony Blinken" in html and "Test Yoav Gallant" not in html
    html = client.get("/officials/?q=test&country=IL").content.decode()
    assert "Test Yoav Gallant" in html and "Test Antony Blinken" not in html


def test_officials_index_rejects_an_unknown_country_with_a_message(client, world):
    response = client.get("/officials/?country=Atlantis")
    assert response.status_code == 200
    html = response.content.decode()
    assert "No country is known by “Atlantis”." in html
    assert "/officials/t-blinken/" not in html


def test_officials_index_query_count_is_fixed(client, world, django_assert_max_num_queries):
    for n in range(20):
        Official.objects.create(name=f"Extra {n}", slug=f"extra-{n}")
    with django_assert_max_num_queries(3):
        client.get("/officials/")


def test_official_page_shows_posts_over_time_calls_counterparts_and_chart(client, world):
    make_call([world.gallant, world.blinken], date=dt.date(2024, 2, 10))
    make_call([world.gallant], date=dt.date(2023, 11, 1), precision="month")
    make_call([world.gallant], date=dt.date(2023, 1, 1), precision="year")
    response = client.get("/officials/t-gallant/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Minister of Housing") < html.index("Minister of Defense</strong>")
    assert "17 May 2020" in html and "5 Nov 2024" in html
    assert "Calls (4)" in html
    assert (
        '<a href="/?person=t-gallant&amp;person=t-blinken">Test Antony Blinken <span class="n">2</span></a>'
        in html
    )
    assert '<svg viewBox="0 0 720 180" role="img"' in html
    assert "<title>June 2024: 1 call</title>" in html
    assert "<title>February 2024: 1 call</title>" in html
    assert "1 call with no known month is not shown" in html
    assert 'href="/calls.csv?person=t-gallant"' in html


def test_official_page_for_someone_without_calls_has_no_chart(client, world):
    Official.objects.create(name="Test Quiet", slug="t-quiet")
    html = client.get("/officials/t-quiet/").content.decode()
    assert "<svg" not in html
    assert "No calls match" in html


def test_official_page_pages_are_checked(client, world):
    response = client.get("/officials/t-gallant/?page=7")
    assert response.status_code == 200
    assert "Page 7 is past the end" in response.content.decode()


def test_unknown_official_is_a_404(client, db):
    assert client.get("/officials/nobody/").status_code == 404


def test_official_page_query_count_is_fixed(client, world, django_assert_max_num_queries):
    for day in range(1, 15):
        make_call([world.gallant, world.blinken], date=dt.date(2024, 1, day))
    with django_assert_max_num_queries(12):
        client.get("/officials/t-gallant/")


def test_chart_fills_empty_months_and_scales_to_the_busiest():
    chart = monthly_chart({dt.date(2023, 11, 1): 1, dt.date(2024, 2, 1): 4})
    assert [month for month, _ in chart.months] == [
        dt.date(2023, 11, 1),
        dt.date(2023, 12, 1),
        dt.date(2024, 1, 1),
        dt.date(2024, 2, 1),
    ]
    low, high = chart.bars
    assert high.height == pytest.approx(4 * low.height)
    assert high.y + high.height == chart.baseline
    assert [tick.label for tick in chart.ticks] == ["2023", "2024"]
    assert monthly_chart({}) is None
