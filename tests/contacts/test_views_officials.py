"""Officials: the index, and one official's posts, calls, counterparts and monthly chart."""

import datetime as dt

import pytest

from contacts.models import Official, Position
from tests.contacts.factories import make_call

# The post menu's titles (read to check a post and again to draw the menu), the count, the
# page, and the posts of its officials.
OFFICIALS_QUERY_BUDGET = 6


def names_in_order(response):
    return [official.name for official in response.context["page_obj"].object_list]


@pytest.fixture
def busy(world):
    """Beside the world's meeting: Netanyahu with three calls (one month-precise), Abbas with
    none, and an open-ended post for Netanyahu."""
    world.netanyahu = Official.objects.create(
        name="Test Benjamin Netanyahu", slug="t-netanyahu", country="IL"
    )
    Position.objects.create(
        official=world.netanyahu,
        title="Prime Minister",
        role="prime-minister",
        country="IL",
        start=dt.date(2022, 12, 29),
    )
    Official.objects.create(name="Test Mahmoud Abbas", slug="t-abbas", country="PS")
    make_call([world.netanyahu, world.blinken], date=dt.date(2023, 9, 5))
    make_call([world.netanyahu], date=dt.date(2024, 8, 1), precision="month")
    make_call([world.netanyahu], date=dt.date(2025, 1, 1), precision="year")
    return world


def test_officials_are_sorted_by_number_of_calls_and_those_without_are_left_out(client, busy):
    response = client.get("/officials/?q=test")
    assert response.status_code == 200
    assert names_in_order(response) == [
        "Test Benjamin Netanyahu",
        "Test Antony Blinken",
        "Test Yoav Gallant",
    ]
    html = response.content.decode()
    assert "3 officials with calls" in html
    assert '<a href="/?person=t-netanyahu">3</a>' in html


def test_officials_alphabetical_by_choice_and_silent_ones_behind_a_switch(client, busy):
    response = client.get("/officials/?q=test&sort=name&silent=1")
    assert names_in_order(response) == [
        "Test Antony Blinken",
        "Test Benjamin Netanyahu",
        "Test Mahmoud Abbas",
        "Test Yoav Gallant",
    ]
    html = response.content.decode()
    assert 'href="/officials/?q=test&amp;sort=name">only those with calls</a>' in html
    html = client.get("/officials/?q=test").content.decode()
    assert 'href="/officials/?q=test&amp;silent=1">include those without calls</a>' in html
    assert 'href="/officials/?q=test&amp;sort=name">Name</a>' in html


def test_each_official_shows_current_post_and_last_call(client, busy):
    html = client.get("/officials/?q=test").content.decode()
    # Netanyahu holds an open-ended post; Gallant's last post ended in 2024.
    assert "<td>Prime Minister</td>" in html
    assert 'Minister of Defense <span class="muted">(until 2024)</span>' in html
    # The last call placed in a month: August 2024, not the year-precise 2025 call.
    assert '<time datetime="2024-08">Aug 2024</time>' in html
    assert '<time datetime="2024-06">Jun 2024</time>' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=TestSecBlinken", ["Test Antony Blinken"]),
        ("q=test&country=IL", ["Test Benjamin Netanyahu", "Test Yoav Gallant"]),
        ("q=test&country=PS&silent=1", ["Test Mahmoud Abbas"]),
        ("q=test&country=PS", []),
        ("q=test&post=housing-minister", ["Test Yoav Gallant"]),
        ("q=test&post=prime-minister&country=US", []),
    ],
)
def test_officials_filters(client, busy, query, expected):
    assert names_in_order(client.get(f"/officials/?{query}")) == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("country=Atlantis", "No country is known by “Atlantis”."),
        ("post=emperor", "No post is known by “emperor”."),
        ("sort=height", "height is not one of the available choices"),
    ],
)
def test_officials_bad_parameters_are_a_400_with_the_reason(client, busy, query, message):
    response = client.get(f"/officials/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "/officials/t-blinken/" not in html


def test_officials_index_query_count_is_fixed(client, busy, django_assert_max_num_queries):
    with django_assert_max_num_queries(OFFICIALS_QUERY_BUDGET):
        client.get("/officials/?post=prime-minister")
    for n in range(20):
        extra = Official.objects.create(name=f"Extra {n}", slug=f"extra-{n}")
        make_call([extra, busy.blinken], date=dt.date(2022, 1, 1 + n))
    with django_assert_max_num_queries(OFFICIALS_QUERY_BUDGET):
        client.get("/officials/?post=prime-minister")
    with django_assert_max_num_queries(OFFICIALS_QUERY_BUDGET):
        client.get("/officials/?silent=1&sort=name")


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
        '<a href="/?person=t-gallant&amp;person=t-blinken" aria-label="2 calls with Test Antony Blinken">2</a>'
        in html
    )
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


def test_official_page_counterparts_have_counts_by_year_each_a_link(client, busy):
    make_call([busy.gallant, busy.blinken], date=dt.date(2023, 2, 10))
    make_call([busy.gallant, busy.netanyahu], date=dt.date(2023, 3, 1))
    make_call([busy.gallant, busy.netanyahu])  # undated: in the total, in no year
    response = client.get("/officials/t-gallant/")
    years = response.context["counterpart_years"]
    rows = {p.name: (p.total, p.by_year) for p in response.context["counterparts"]}
    assert years == [2023, 2024]
    assert rows == {
        "Test Antony Blinken": (2, [(2023, 1), (2024, 1)]),
        "Test Benjamin Netanyahu": (2, [(2023, 1), (2024, 0)]),
    }
    html = response.content.decode()
    assert (
        'href="/?person=t-gallant&amp;person=t-blinken&amp;date_from=2023&amp;date_to=2023"'
        ' aria-label="1 call with Test Antony Blinken in 2023"'
    ) in html
    assert '<th scope="col" class="num">2024</th>' in html


def test_the_last_post_is_the_one_left_last(client, busy):
    # A side seat begun after the main post but left before it does not name the official.
    Position.objects.create(
        official=busy.gallant,
        title="War Cabinet Member",
        role="war-cabinet-member",
        start=dt.date(2023, 10, 11),
        end=dt.date(2024, 6, 9),
        is_primary=False,
    )
    html = client.get("/officials/?country=IL").content.decode()
    assert 'Minister of Defense <span class="muted">(until 2024)</span>' in html
    assert "<td>War Cabinet Member" not in html
