"""The timeline: every filter alone and combined, bad input, facets, chips, order and query budget."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Article, Position, Report
from tests.contacts.factories import make_call
from tests.contacts.test_filters_at_scale import LIST_QUERY_BUDGET

# Queries for one timeline page, whatever the number of rows: the list budget of the scale
# tests (count, rows and prefetches, menus, the facets' sample and nine facets, the chart).
TIMELINE_QUERY_BUDGET = LIST_QUERY_BUDGET


def listed(response):
    """The ids of the calls a list page shows, in order."""
    html = response.content.decode()
    return [int(pk) for pk in re.findall(r'<a class="when" href="/calls/(\d+)/"', html)]


def test_timeline_lists_calls_newest_first_with_undated_last(client, more):
    response = client.get("/")
    assert response.status_code == 200
    assert listed(response) == [more.call.pk, more.call2.pk, more.call3.pk, more.call4.pk]
    assert "4 calls" in response.content.decode()


def test_rows_show_date_precision_roles_sources_and_disagreement(client, more):
    html = client.get("/").content.decode()
    assert 'Reported by <a class="outlet" href="/outlets/o-outlet/">Other Outlet</a>' in html
    assert 'Reported by <a class="outlet" href="/outlets/t-outlet/">Test Outlet</a>' in html
    assert '<span class="status status-scheduled">Scheduled</span>' in html
    assert html.count('<span class="status status-held">Held</span>') == 3
    assert "Monday 24 June 2024" in html
    assert "February 2021" in html
    assert "date uncertain" in html
    assert "Minister of Housing" in html  # the role Gallant held in 2021, not his later one
    assert html.count("Sources disagree on the date") == 1
    assert "2 sources" in html
    assert 'href="/officials/t-gallant/"' in html
    assert 'href="/topics/t-hostages/"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("person=t-gallant", ["call", "call3"]),
        ("person=t-gallant&person=t-blinken", ["call", "call3"]),
        ("person=t-gallant&person=t-netanyahu", []),
        ("country=PS", ["call4"]),
        ("country=US", ["call", "call2", "call3"]),
        ("role=defense-minister", ["call"]),
        ("role=housing-minister", ["call3"]),
        ("topic=t-security", ["call", "call2"]),
        ("topic=t-hostages", ["call"]),
        ("date_from=2023", ["call", "call2"]),
        ("date_to=2023-09", ["call2", "call3"]),
        ("date_from=2023-09-05&date_to=2023-09-05", ["call2"]),
        ("mode=phone", ["call2", "call3"]),
        ("mode=video", ["call4"]),
        ("status=scheduled", ["call4"]),
        ("outlet=t-outlet", ["call"]),
        ("outlet=o-outlet", ["call2"]),
        ("q=iran", ["call2"]),
        ("q=hostages", ["call"]),
        ("sort=oldest", ["call3", "call2", "call", "call4"]),
        ("sort=sources", ["call2", "call", "call3", "call4"]),
        ("sort=reported", ["call", "call2", "call3", "call4"]),
    ],
)
def test_each_filter_alone(client, more, query, expected):
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    assert listed(response) == [getattr(more, name).pk for name in expected]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("person=t-blinken&topic=t-security&date_from=2024", ["call"]),
        ("mode=phone&country=IL", ["call2", "call3"]),
        ("person=t-blinken&mode=phone&sort=oldest", ["call3", "call2"]),
        ("topic=t-security&outlet=o-outlet&q=iran", ["call2"]),
        ("role=defense-minister&date_to=2023", []),
    ],
)
def test_filters_combined(client, more, query, expected):
    assert listed(client.get(f"/?{query}")) == [getattr(more, name).pk for name in expected]


def test_most_recently_reported_first_follows_the_latest_article(client, more):
    # A 2025 article about the 2021 call puts it first; calls with no dated article go last.
    later = Article.objects.create(title="Looking back", published=dt.date(2025, 1, 5))
    Report.objects.create(call=more.call3, article=later)
    assert listed(client.get("/?sort=reported")) == [
        more.call3.pk,
        more.call.pk,
        more.call2.pk,
        more.call4.pk,
    ]


def test_sort_links_keep_the_filter_and_mark_the_current_order(client, more):
    html = client.get("/?mode=phone&sort=oldest&page=1").content.decode()
    assert 'href="/?mode=phone">Newest first</a>' in html
    assert 'href="/?mode=phone&amp;sort=oldest" aria-current="true" class="active">Oldest' in html
    assert 'href="/?mode=phone&amp;sort=sources">Most sources first</a>' in html
    assert 'href="/?mode=phone&amp;sort=reported">Most recently reported first</a>' in html


def test_rejected_calls_never_show_even_when_asked_for(client, more):
    response = client.get("/?status=rejected")
    assert response.status_code == 400
    assert more.rejected.pk not in listed(client.get("/?date_from=2024-01-01&date_to=2024-01-01"))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date_from=2024-13", "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD"),
        ("date_to=yesterday", "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD"),
        ("date_from=2024-02-30", "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD"),
        ("person=nobody", "No official is known by “nobody”"),
        ("topic=nothing", "No topic is known by “nothing”"),
        ("outlet=nowhere", "No outlet is known by “nowhere”"),
        ("sort=sideways", "sideways is not one of the available choices"),
        ("mode=telepathy", "telepathy is not one of the available choices"),
        ("role=emperor", "emperor is not one of the available choices"),
        ("date_from=2024&date_to=2023", "The “from” date is after the “to” date."),
    ],
)
def test_malformed_parameters_give_the_form_back_with_a_message(client, more, query, message):
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert listed(response) == []
    assert 'id="filters"' in html  # the form is there to correct it


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("abc", "“abc” is not a page number."),
        ("0", "Pages are numbered from 1."),
        ("-2", "Pages are numbered from 1."),
        ("99", "Page 99 is past the end: there is 1 page."),
    ],
)
def test_bad_pages_give_a_message_and_no_rows(client, more, page, message):
    response = client.get(f"/?page={page}")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert listed(response) == []


def test_empty_form_fields_redirect_to_a_clean_bookmark(client, more):
    response = client.get("/?q=&person=&person=t-blinken&mode=&topic=t-security&sort=newest")
    assert response.status_code == 302
    assert response["Location"] == "/?person=t-blinken&topic=t-security"


def test_the_heading_says_the_filter_in_words(client, more):
    html = client.get(
        "/?person=t-gallant&topic=t-hostages&date_from=2024&date_to=2024&mode=meeting"
    ).content.decode()
    assert "<h1>Meetings with Test Yoav Gallant about Test Hostages, 2024</h1>" in html
    html = client.get("/?role=defense-minister&date_from=2023-01").content.decode()
    assert "<h1>Calls with a Minister of Defense, since January 2023</h1>" in html


def test_each_chip_removes_its_own_value_and_keeps_the_rest(client, more):
    html = client.get("/?person=t-gallant&person=t-blinken&mode=phone&page=1").content.decode()
    assert (
        'href="/?person=t-blinken&amp;mode=phone" aria-label="Remove With: Test Yoav Gallant"'
        in html
    )
    assert (
        'href="/?person=t-gallant&amp;person=t-blinken" aria-label="Remove Mode: Phone call"'
        in html
    )


def test_an_invalid_value_still_has_a_chip_to_remove_it(client, more):
    html = client.get("/?person=nobody&mode=phone").content.decode()
    assert 'href="/?mode=phone" aria-label="Remove With: nobody"' in html


def facet_counts(response, key):
    """{label: count} of one facet group of a list page, {} when the page has none."""
    for group in response.context["facets"]:
        if group.key == key:
            return {item.label: item.count for item in group.items}
    return {}


def test_facets_count_the_current_result_and_link_to_narrow_it(client, more):
    response = client.get("/?person=t-blinken")
    people = facet_counts(response, "person")
    assert people == {
        "Test Antony Blinken": 3,
        "Test Yoav Gallant": 2,
        "Test Benjamin Netanyahu": 1,
    }
    assert facet_counts(response, "year") == {"2024": 1, "2023": 1, "2021": 1}
    assert facet_counts(response, "mode") == {
        "Phone call": 2,
        "In-person meeting": 1,
    }
    html = response.content.decode()
    assert 'href="/?person=t-blinken&amp;person=t-gallant"' in html
    assert 'href="/?person=t-blinken&amp;date_from=2023&amp;date_to=2023"' in html
    assert 'href="/?person=t-blinken&amp;topic=t-hostages"' in html
    # The active person's link takes them out again.
    assert 'href="/?" class="active" aria-current="true"' in html


def test_following_a_year_facet_narrows_to_that_year(client, more):
    assert listed(client.get("/?person=t-blinken&date_from=2023&date_to=2023")) == [more.call2.pk]


def test_pages_are_stable_and_disjoint_with_a_tie_breaker(client, world):
    same_day = [make_call([world.blinken], date=dt.date(2022, 5, 5)) for _ in range(30)]
    first = listed(client.get("/?page=1"))
    second = listed(client.get("/?page=2"))
    assert len(first) == 25
    assert not set(first) & set(second)
    assert set(first) | set(second) == {c.pk for c in same_day} | {world.call.pk}
    assert listed(client.get("/?page=1")) == first


def test_export_and_feed_links_carry_the_current_filter(client, more):
    html = client.get("/?person=t-gallant&mode=phone&page=1").content.decode()
    for path in ("calls.csv", "calls.json", "calls.atom", "calls.ics"):
        assert f'href="/{path}?person=t-gallant&amp;mode=phone"' in html
    assert 'rel="alternate" type="application/atom+xml"' in html


def test_the_page_forbids_scripts(client, more):
    response = client.get("/")
    assert "script-src" not in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    url = "/?person=t-blinken&topic=t-security&q=met"
    few = _queries(client, url)
    for day in range(1, 24):
        call = make_call(
            [(world.blinken, world.blinken_sec), (world.gallant, world.gallant_def)],
            date=dt.date(2024, 6, day),
            topics=[world.hostages],
            evidence="They met again.",
            reported=[dt.date(2024, 6, day)] * 2,
        )
        call.topics.add(world.security)
    assert _queries(client, url) == few
    with django_assert_max_num_queries(TIMELINE_QUERY_BUDGET):
        client.get(url)
    with django_assert_max_num_queries(TIMELINE_QUERY_BUDGET):
        client.get("/")


def test_topic_page_is_the_timeline_of_that_topic_and_its_sub_topics(client, more):
    response = client.get("/topics/t-security/")
    assert response.status_code == 200
    assert listed(response) == [more.call.pk, more.call2.pk]
    html = response.content.decode()
    assert 'href="/topics/t-hostages/"' in html  # sub-topic in the header
    # The page's own topic is fixed: the URL cannot widen it, and the form has no topic menu.
    assert listed(client.get("/topics/t-hostages/?topic=t-security")) == [more.call.pk]
    assert 'name="topic"' not in html
    assert 'href="/calls.csv?topic=t-security"' in html


def test_topic_page_filters_further_and_keeps_its_path(client, more):
    response = client.get("/topics/t-security/?mode=phone")
    assert listed(response) == [more.call2.pk]
    assert (
        'href="/topics/t-security/?" aria-label="Remove Mode: Phone call"'
        in response.content.decode()
    )


def test_outlet_page_lists_the_calls_it_reported(client, more):
    response = client.get("/outlets/o-outlet/")
    assert response.status_code == 200
    assert listed(response) == [more.call2.pk]
    assert "Other Outlet" in response.content.decode()


def test_unknown_topic_or_outlet_is_a_404(client, more):
    assert client.get("/topics/nope/").status_code == 404
    assert client.get("/outlets/nope/").status_code == 404


def test_role_filter_names_the_role_by_its_title(client, more):
    Position.objects.create(
        official=more.netanyahu,
        title="Prime Minister",
        role="prime-minister",
        start=dt.date(2022, 12, 29),
    )
    html = client.get("/?role=defense-minister").content.decode()
    assert '<option value="defense-minister" selected>Minister of Defense</option>' in html
    assert '<option value="prime-minister">Prime Minister</option>' in html
