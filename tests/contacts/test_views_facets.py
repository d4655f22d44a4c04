"""Facets on every dimension of the timeline: counts of the current result, toggle links,
top entries with a link to all, months within a chosen year, and a bounded query count."""

import datetime as dt

import pytest

from contacts.facets import TOP
from contacts.models import Official
from tests.contacts.factories import make_call
from tests.contacts.test_views_timeline import TIMELINE_QUERY_BUDGET, _queries, listed


def facet(response, key):
    """The facet group `key` of a list page, or None when the page has none."""
    return next((group for group in response.context["facets"] if group.key == key), None)


def counts(response, key):
    group = facet(response, key)
    return {item.label: item.count for item in group.items} if group else {}


def hrefs(response, key):
    return {item.label: "/" + _qs(item.query) for item in facet(response, key).items}


def _qs(query):
    text = query.urlencode()
    return f"?{text}" if text else "?"


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (
            "person",
            {
                "Test Antony Blinken": 3,
                "Test Yoav Gallant": 2,
                "Test Benjamin Netanyahu": 2,
                "Test Mahmoud Abbas": 1,
            },
        ),
        ("country", {"Israel": 4, "United States": 3, "Palestinian Authority": 1}),
        (
            "role",
            {"Secretary of State": 1, "Minister of Defense": 1, "Minister of Housing": 1},
        ),
        # A topic counts its sub-topics' calls too, as its filter does.
        ("topic", {"Test Security": 2, "Test Hostages": 1}),
        ("mode", {"Phone call": 2, "In-person meeting": 1, "Video call": 1}),
        ("status", {"Held": 3, "Scheduled": 1}),
        ("outlet", {"Test Outlet": 1, "Other Outlet": 1}),
        ("year", {"2024": 1, "2023": 1, "2021": 1}),
    ],
)
def test_each_facet_counts_the_visible_calls(client, more, key, expected):
    response = client.get("/")
    assert counts(response, key) == expected


@pytest.mark.parametrize(
    ("key", "label", "href"),
    [
        ("person", "Test Mahmoud Abbas", "/?person=t-abbas"),
        ("country", "Palestinian Authority", "/?country=PS"),
        ("role", "Minister of Housing", "/?role=housing-minister"),
        ("topic", "Test Security", "/?topic=t-security"),
        ("mode", "Video call", "/?mode=video"),
        ("status", "Scheduled", "/?status=scheduled"),
        ("outlet", "Other Outlet", "/?outlet=o-outlet"),
        ("year", "2021", "/?date_from=2021&date_to=2021"),
    ],
)
def test_each_facet_entry_links_to_its_narrower_list(client, more, key, label, href):
    response = client.get("/")
    assert hrefs(response, key)[label] == href
    assert f'href="{href.replace("&", "&amp;")}"' in response.content.decode()
    narrowed = client.get(href)
    assert len(listed(narrowed)) == counts(response, key)[label]


@pytest.mark.parametrize(
    ("query", "key", "label", "active", "href"),
    [
        # Repeatable dimensions add the value, and take it out again when it is chosen.
        ("country=US", "country", "Israel", False, "/?country=US&country=IL"),
        ("country=US", "country", "United States", True, "/?"),
        (
            "person=t-blinken",
            "person",
            "Test Yoav Gallant",
            False,
            "/?person=t-blinken&person=t-gallant",
        ),
        # Single ones drop the value when it is the chosen one, keeping the rest.
        ("mode=phone", "mode", "Phone call", True, "/?"),
        ("role=defense-minister", "role", "Minister of Defense", True, "/?"),
        ("status=held&mode=phone", "status", "Held", True, "/?mode=phone"),
        ("outlet=o-outlet", "outlet", "Other Outlet", True, "/?"),
        ("date_from=2023&date_to=2023", "year", "2023", True, "/?"),
        ("topic=t-hostages&page=1", "topic", "Test Hostages", True, "/?"),
    ],
)
def test_an_entry_toggles_its_value(client, more, query, key, label, active, href):
    response = client.get(f"/?{query}")
    items = {item.label: item for item in facet(response, key).items}
    assert items[label].active is active
    assert hrefs(response, key)[label] == href


def test_the_chosen_value_is_the_active_one(client, more):
    response = client.get("/?country=US&mode=phone")
    assert [item.label for item in facet(response, "country").items if item.active] == [
        "United States"
    ]
    assert [item.label for item in facet(response, "mode").items if item.active] == ["Phone call"]
    assert 'class="active" aria-current="true"' in response.content.decode()


def test_two_countries_mean_calls_between_officials_of_both(client, more):
    assert listed(client.get("/?country=IL&country=PS")) == [more.call4.pk]
    assert listed(client.get("/?country=US&country=PS")) == []
    html = client.get("/?country=US&country=IL").content.decode()
    assert "Calls with an official of United States and an official of Israel" in html
    assert 'aria-label="Remove Country: Israel"' in html


def test_months_appear_once_a_year_is_chosen(client, more):
    assert facet(client.get("/"), "month") is None
    response = client.get("/?date_from=2023&date_to=2023")
    assert counts(response, "month") == {"September": 1}
    assert hrefs(response, "month") == {"September": "/?date_from=2023-09&date_to=2023-09"}
    # A chosen month is active; following it again goes back to the year.
    response = client.get("/?date_from=2023-09&date_to=2023-09")
    month = facet(response, "month").items[0]
    assert month.active
    assert "/" + _qs(month.query) == "/?date_from=2023&date_to=2023"


def test_a_month_precise_call_counts_in_its_month_a_year_precise_one_does_not(client, more):
    make_call([more.blinken], date=dt.date(2021, 1, 1), precision="year")
    response = client.get("/?date_from=2021&date_to=2021")
    assert counts(response, "year") == {"2021": 2}
    assert counts(response, "month") == {"February": 1}


def test_long_facets_show_the_top_entries_and_a_link_to_all(client, more):
    for n in range(TOP + 2):
        extra = Official.objects.create(name=f"Test Extra {n:02d}", slug=f"t-extra-{n}")
        make_call([more.blinken, extra], date=dt.date(2022, 1, n + 1))
    response = client.get("/?mode=phone")
    people = facet(response, "person")
    assert len(people.items) == TOP
    assert people.more_query.urlencode() == "mode=phone&expand=person"
    html = response.content.decode()
    assert 'href="/?mode=phone&amp;expand=person#facet-person"' in html

    response = client.get("/?mode=phone&expand=person")
    people = facet(response, "person")
    assert len(people.items) == TOP + 5  # every extra, Blinken, Gallant and Netanyahu
    assert people.more_query is None
    assert people.fewer_query.urlencode() == "mode=phone"
    # Toggle links from the expanded list keep it expanded; exports leave it out.
    assert hrefs(response, "person")["Test Extra 03"].endswith("&expand=person&person=t-extra-3")
    assert 'href="/calls.csv?mode=phone"' in response.content.decode()


def test_an_unknown_facet_to_expand_is_a_400(client, more):
    response = client.get("/?expand=shoe-size")
    assert response.status_code == 400
    assert "shoe-size is not one of the available choices" in response.content.decode()


def test_topic_and_outlet_pages_have_no_facet_for_their_own_dimension(client, more):
    assert facet(client.get("/topics/t-security/"), "topic") is None
    assert facet(client.get("/outlets/o-outlet/"), "outlet") is None
    assert counts(client.get("/outlets/o-outlet/"), "person") == {
        "Test Antony Blinken": 1,
        "Test Benjamin Netanyahu": 1,
    }


def test_facet_queries_do_not_grow_with_values(client, more):
    url = "/?date_from=2020&date_to=2024"
    few = _queries(client, url)
    for n in range(40):
        extra = Official.objects.create(
            name=f"Test Many {n}", slug=f"t-many-{n}", country="EG" if n % 2 else "JO"
        )
        make_call([more.blinken, extra], date=dt.date(2020 + n % 5, 1 + n % 12, 1 + n % 28))
    assert _queries(client, url) == few <= TIMELINE_QUERY_BUDGET
