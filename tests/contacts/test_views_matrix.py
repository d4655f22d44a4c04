"""Who talks to whom: the matrix page and its CSV for the list's filter, and its query budget."""

import csv
import datetime as dt
import io

import pytest

from contacts.models import Official
from tests.contacts.factories import make_call
from tests.contacts.test_views_timeline import _queries, listed

# Filter validation and menus (about six), the pairs in one query, the form's person menu.
MATRIX_QUERY_BUDGET = 9


def grid(response):
    """{(row name, column name): (count, href)} of the cells with calls."""
    matrix = response.context["matrix"]
    return {
        (row.name, cell.column.name): (cell.count, "/?" + cell.query.urlencode())
        for row, cells in matrix.grid
        for cell in cells
        if cell.count
    }


def csv_records(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_us_officials_by_counterparts_count_calls_and_link_to_the_pair(client, more):
    response = client.get("/matrix/")
    assert response.status_code == 200
    assert grid(response) == {
        ("Test Antony Blinken", "Test Yoav Gallant"): (2, "/?person=t-blinken&person=t-gallant"),
        ("Test Antony Blinken", "Test Benjamin Netanyahu"): (
            1,
            "/?person=t-blinken&person=t-netanyahu",
        ),
    }
    # Netanyahu and Abbas spoke, but no U.S. official took part: not a row of this matrix.
    assert [row.name for row in response.context["matrix"].rows] == ["Test Antony Blinken"]
    html = response.content.decode()
    assert 'href="/?person=t-blinken&amp;person=t-gallant"' in html
    assert 'aria-label="2 calls between Test Antony Blinken and Test Yoav Gallant"' in html
    assert listed(client.get("/?person=t-blinken&person=t-gallant")) == [
        more.call.pk,
        more.call3.pk,
    ]


def test_the_list_filter_applies_and_cells_keep_it(client, more):
    response = client.get("/matrix/?mode=phone")
    assert grid(response) == {
        ("Test Antony Blinken", "Test Yoav Gallant"): (
            1,
            "/?mode=phone&person=t-blinken&person=t-gallant",
        ),
        ("Test Antony Blinken", "Test Benjamin Netanyahu"): (
            1,
            "/?mode=phone&person=t-blinken&person=t-netanyahu",
        ),
    }
    html = response.content.decode()
    assert "Phone calls" in html  # the filter said in words
    assert 'href="/?mode=phone">These calls as a list' in html
    assert 'href="/matrix.csv?mode=phone&amp;by=people"' in html
    assert 'aria-label="Remove Mode: Phone call"' in html


def test_country_by_country_is_symmetric_and_links_to_both_countries(client, more):
    response = client.get("/matrix/?by=countries")
    assert grid(response) == {
        ("Israel", "United States"): (3, "/?country=IL&country=US"),
        ("United States", "Israel"): (3, "/?country=US&country=IL"),
        ("Israel", "Palestinian Authority"): (1, "/?country=IL&country=PS"),
        ("Palestinian Authority", "Israel"): (1, "/?country=PS&country=IL"),
    }
    assert len(listed(client.get("/?country=US&country=IL"))) == 3
    html = response.content.decode()
    assert 'aria-current="page" class="active">Country × country' in html
    assert 'href="/matrix/?">U.S. officials × counterparts' in html


def test_a_switch_keeps_the_filter(client, more):
    html = client.get("/matrix/?mode=phone").content.decode()
    assert 'href="/matrix/?mode=phone&amp;by=countries"' in html
    assert '<input type="hidden" name="by"' not in html
    html = client.get("/matrix/?mode=phone&by=countries").content.decode()
    assert '<input type="hidden" name="by" value="countries">' in html


def test_rejected_calls_are_never_counted(client, more):
    # The rejected call pairs Blinken and Gallant; the count stays at the two real calls.
    assert grid(client.get("/matrix/"))[("Test Antony Blinken", "Test Yoav Gallant")][0] == 2


def test_csv_has_every_pair_of_the_filter(client, more):
    response = client.get("/matrix.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="matrix-people.csv"' in response["Content-Disposition"]
    assert csv_records(response) == [
        [
            "us_official",
            "us_official_slug",
            "counterpart",
            "counterpart_slug",
            "counterpart_country",
            "calls",
        ],
        ["Test Antony Blinken", "t-blinken", "Test Yoav Gallant", "t-gallant", "IL", "2"],
        ["Test Antony Blinken", "t-blinken", "Test Benjamin Netanyahu", "t-netanyahu", "IL", "1"],
    ]
    assert csv_records(client.get("/matrix.csv?by=countries&date_to=2023")) == [
        ["country", "country_name", "counterpart_country", "counterpart_country_name", "calls"],
        ["IL", "Israel", "US", "United States", "2"],
    ]


def test_the_matrix_shows_the_busiest_and_says_how_many_are_left_for_the_csv(client, more):
    for n in range(14):
        other = Official.objects.create(name=f"Test Peer {n:02d}", slug=f"t-peer-{n}", country="JO")
        make_call([more.blinken, other], date=dt.date(2022, 1, 1 + n))
    response = client.get("/matrix/")
    matrix = response.context["matrix"]
    assert len(matrix.columns) == 12 and matrix.hidden_columns == 4
    assert matrix.columns[0].name == "Test Yoav Gallant"  # the busiest first
    assert "4 more columns are in the CSV" in response.content.decode()
    assert len(csv_records(client.get("/matrix.csv"))) == 1 + 16


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/matrix/?by=outlets", "“outlets” is not a matrix"),
        ("/matrix/?mode=telepathy", "telepathy is not one of the available choices"),
        ("/matrix/?person=nobody", "No official is known by “nobody”"),
    ],
)
def test_bad_parameters_are_a_400_with_the_reason(client, more, url, message):
    response = client.get(url)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["matrix"] is None
    csv_response = client.get(url.replace("/matrix/", "/matrix.csv"))
    assert csv_response.status_code == 400
    assert message in csv_response.content.decode()


def test_empty_form_fields_redirect_to_a_clean_matrix_url(client, more):
    response = client.get("/matrix/?q=&mode=phone&by=countries")
    assert response.status_code == 302
    assert response["Location"] == "/matrix/?mode=phone&by=countries"


def test_no_pairs_says_so(client, more):
    html = client.get("/matrix/?status=scheduled").content.decode()
    assert "No call in this filter pairs a U.S. official with a counterpart." in html


@pytest.mark.parametrize("by", ["people", "countries"])
def test_query_count_does_not_grow_with_calls(client, more, by, django_assert_max_num_queries):
    url = f"/matrix/?by={by}&date_from=2020"
    few = _queries(client, url)
    for n in range(30):
        other = Official.objects.create(name=f"Test Many {n}", slug=f"t-many-{n}", country="EG")
        make_call([more.blinken, more.gallant, other], date=dt.date(2022, 1 + n % 12, 1))
    assert _queries(client, url) == few
    with django_assert_max_num_queries(MATRIX_QUERY_BUDGET):
        client.get(url)
    with django_assert_max_num_queries(2):
        client.get(f"/matrix.csv?by={by}")


def test_the_list_links_to_the_matrix_of_its_own_filter(client, more):
    html = client.get("/?mode=phone&page=1&expand=person").content.decode()
    assert 'href="/matrix/?mode=phone">Who talks to whom</a>' in html
    html = client.get("/topics/t-security/").content.decode()
    assert 'href="/matrix/?topic=t-security">Who talks to whom</a>' in html
