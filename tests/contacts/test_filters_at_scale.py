"""Every filter on a generated database lists exactly the calls its words promise, newest first,
whatever indexes, bounds and samples the pages use to answer fast; and within a query budget."""

from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts import facets, selectors
from contacts.choices import Mode
from contacts.facets import FACET_SAMPLE
from contacts.filters import parse_period
from contacts.models import Article, Call, CallParticipant, Official, Outlet, Report, Topic
from contacts.pagination import BoundedPaginator

# Queries for one list page with one or two filters, whatever the size of the database (issue 8
# asks for at most 12): the four menus in one, count, rows and their three prefetches, the
# facets' sample and its links (all nine facets are counted from those two), the chart, and the
# filters' own lookups (persons one, a topic one, an outlet one).
LIST_QUERY_BUDGET = 12
CALLS = 400


@pytest.fixture
def generated(db):
    call_command("generate_calls", "--calls", str(CALLS), "--seed", "11", verbosity=0)
    calls = {}
    for call in Call.objects.exclude(status="rejected").values():
        calls[call["id"]] = {**call, "people": set(), "countries": set(), "roles": set()}
        calls[call["id"]].update(topics=set(), outlets=set())
    for p in CallParticipant.objects.values(
        "call_id", "official__slug", "official__country", "position__role"
    ):
        if p["call_id"] in calls:
            call = calls[p["call_id"]]
            call["people"].add(p["official__slug"])
            call["countries"].add(p["official__country"])
            call["roles"].add(p["position__role"])
    for call_id, topic_id in Call.topics.through.objects.values_list("call_id", "topic_id"):
        if call_id in calls:
            calls[call_id]["topics"].add(topic_id)
    for call_id, outlet in Report.objects.values_list("call_id", "article__outlet__slug"):
        if call_id in calls:
            calls[call_id]["outlets"].add(outlet)
    return calls


def _newest_first(calls):
    dated = sorted((c for c in calls if c["date"]), key=lambda c: (c["date"], c["id"]))
    undated = sorted((c for c in calls if not c["date"]), key=lambda c: c["id"])
    return [c["id"] for c in reversed(dated)] + [c["id"] for c in reversed(undated)]


def _descendants(topic):
    children = defaultdict(list)
    for pk, parent in Topic.objects.values_list("pk", "parent_id"):
        children[parent].append(pk)
    found, frontier = {topic.pk}, [topic.pk]
    while frontier:
        frontier = [child for pk in frontier for child in children[pk]]
        found.update(frontier)
    return found


def _busiest():
    """Official ids, most calls first."""
    counts = defaultdict(int)
    for value in CallParticipant.objects.values_list("official_id", flat=True):
        counts[value] += 1
    return sorted(counts, key=counts.get, reverse=True)


def _cases(calls):
    """(query string, predicate on a call) for each filter and a few pairs."""
    slugs = [Official.objects.get(pk=pk).slug for pk in _busiest()[:2]]
    parent = Topic.objects.filter(children__isnull=False).first()
    parent_ids = _descendants(parent)
    outlet = Outlet.objects.filter(articles__reports__isnull=False).first()
    spring = parse_period("2020-03"), parse_period("2021-06")
    return [
        ("", lambda c: True),
        (f"person={slugs[0]}", lambda c: slugs[0] in c["people"]),
        (f"person={slugs[0]}&person={slugs[1]}", lambda c: set(slugs) <= c["people"]),
        ("country=IL", lambda c: "IL" in c["countries"]),
        ("role=defense-minister", lambda c: "defense-minister" in c["roles"]),
        (f"topic={parent.slug}", lambda c: bool(c["topics"] & parent_ids)),
        (
            "date_from=2020-03&date_to=2021-06",
            lambda c: c["date"] is not None and spring[0].start <= c["date"] <= spring[1].end,
        ),
        ("mode=phone&status=held", lambda c: c["mode"] == "phone" and c["status"] == "held"),
        (f"outlet={outlet.slug}", lambda c: outlet.slug in c["outlets"]),
        (
            f"person={slugs[0]}&mode=meeting",
            lambda c: slugs[0] in c["people"] and c["mode"] == "meeting",
        ),
    ]


def test_every_filter_lists_exactly_its_calls_newest_first(client, generated):
    for query, keep in _cases(generated):
        expected = _newest_first([c for c in generated.values() if keep(c)])
        response = client.get(f"/?{query}")
        assert response.status_code == 200, query
        assert response.context["paginator"].count == len(expected), query
        listed = [call.pk for call in response.context["calls"]]
        assert listed == expected[:25], query
        # The last page holds the last calls: deep pages skip nothing and repeat nothing.
        last = (len(expected) - 1) // 25 + 1
        deep = client.get(f"/?{query}&page={last}" if query else f"/?page={last}")
        assert [call.pk for call in deep.context["calls"]] == expected[(last - 1) * 25 :], query


def test_facets_count_the_whole_result_while_it_is_small(client, generated):
    assert len(generated) < FACET_SAMPLE
    response = client.get("/?mode=phone")
    phone = [c for c in generated.values() if c["mode"] == "phone"]
    years = defaultdict(int)
    for call in phone:
        if call["date"]:
            years[str(call["date"].year)] += 1
    assert _facet(response, "year") == years
    assert response.context["facet_sample"] is None


def _mentioning(word):
    """Ids of calls whose summary, evidence or articles say `word`, as search did before stored
    search documents: full text computed per row on PostgreSQL, LIKE on SQLite."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        query = SearchQuery(word, search_type="websearch", config="english")
        reports = Report.objects.annotate(d=SearchVector("evidence_text", config="english"))
        articles = Article.objects.annotate(d=SearchVector("title", "body", config="english"))
        found = set(reports.filter(d=query).values_list("call_id", flat=True))
        found |= set(articles.filter(d=query).values_list("reports__call", flat=True))
    else:
        texts = Report.objects.values_list(
            "call_id", "evidence_text", "article__title", "article__body"
        )
        found = {row[0] for row in texts if any(word in text.lower() for text in row[1:])}
    found |= set(Call.objects.filter(summary__icontains=word).values_list("pk", flat=True))
    return found


def test_text_search_finds_the_calls_that_say_the_words(client, generated):
    found = _mentioning("hostages")
    expected = _newest_first([c for pk, c in generated.items() if pk in found])
    assert expected
    response = client.get("/?q=hostages")
    assert response.context["paginator"].count == len(expected)
    assert [call.pk for call in response.context["calls"]] == expected[:25]


def test_a_count_past_the_bound_says_so_and_deep_pages_still_open(client, generated, monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "bound", 100)
    expected = _newest_first(list(generated.values()))
    response = client.get("/?page=10")
    html = response.content.decode()
    assert "100+ calls" in html
    assert [call.pk for call in response.context["calls"]] == expected[225:250]
    past = client.get("/?page=999")
    assert f"there are {(len(expected) - 1) // 25 + 1} pages" in past.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "person=PERSON",
        "topic=TOPIC&mode=phone",
        "q=hostages",
        "person=PERSON&person=OTHER",
        "topic=TOPIC&outlet=OUTLET",
        "country=IL&role=defense-minister",
        "date_from=2020-03&date_to=2021-06",
    ],
)
def test_a_list_page_stays_within_its_query_budget(client, generated, query):
    person, other = (Official.objects.get(pk=pk).slug for pk in _busiest()[:2])
    topic = Topic.objects.filter(children__isnull=False).first().slug
    outlet = Outlet.objects.filter(articles__reports__isnull=False).first().slug
    query = query.replace("PERSON", person).replace("OTHER", other)
    query = query.replace("TOPIC", topic).replace("OUTLET", outlet)
    for url in (f"/?{query}", f"/topics/{topic}/?{query}", f"/outlets/{outlet}/?{query}"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        assert len(captured) <= LIST_QUERY_BUDGET, [q["sql"][:80] for q in captured]


def test_past_the_sample_facets_count_the_newest_calls_and_say_so(client, generated, monkeypatch):
    monkeypatch.setattr(facets, "FACET_SAMPLE", 50)
    newest = _newest_first(list(generated.values()))[:50]
    response = client.get("/")
    assert response.context["facet_sample"] == 50
    assert "Counted in the newest 50 calls." in response.content.decode()
    modes = defaultdict(int)
    for pk in newest:
        modes[dict(Mode.choices)[generated[pk]["mode"]]] += 1
    assert _facet(response, "mode") == modes
    people = defaultdict(int)
    for pk in newest:
        for slug in generated[pk]["people"]:
            people[slug] += 1
    assert max(_facet(response, "person").values()) == max(people.values())


def _facet(response, key):
    """{label: count} of one facet group of a list page."""
    group = next(group for group in response.context["facets"] if group.key == key)
    return {item.label: item.count for item in group.items}


def test_past_the_sample_officials_are_counted_in_the_newest_calls_and_it_says_so(
    client, generated, monkeypatch
):
    monkeypatch.setattr(selectors, "OFFICIAL_SAMPLE", 50)
    newest = _newest_first(list(generated.values()))[:50]
    counts = defaultdict(int)
    for pk in newest:
        for slug in generated[pk]["people"]:
            counts[slug] += 1
    response = client.get("/officials/")
    assert "counted in the newest 50 calls" in response.content.decode()
    listed = response.context["paginator"].object_list
    # Everyone with a call is still listed; the counts are those of the sample.
    with_calls = {slug for call in generated.values() for slug in call["people"]}
    assert {official.slug for official in listed} == with_calls
    assert {o.slug: o.n_calls for o in listed if o.n_calls} == counts
    assert [o.n_calls for o in listed] == sorted((o.n_calls for o in listed), reverse=True)


def test_past_the_sample_an_officials_counterparts_count_their_newest_calls(
    client, generated, monkeypatch
):
    monkeypatch.setattr(selectors, "OFFICIAL_SAMPLE", 30)
    official = Official.objects.get(pk=_busiest()[0])
    theirs = [c for c in generated.values() if official.slug in c["people"]]
    newest = _newest_first(theirs)[:30]
    together = defaultdict(int)
    for pk in newest:
        for slug in generated[pk]["people"] - {official.slug}:
            together[slug] += 1
    response = client.get(f"/officials/{official.slug}/")
    assert "count the newest 30 of these calls" in response.content.decode()
    shown = {person.slug: person.total for person in response.context["counterparts"]}
    assert shown and all(together[slug] == n for slug, n in shown.items())
    left_out = [n for slug, n in together.items() if slug not in shown]
    assert min(shown.values()) >= max(left_out, default=0)
    assert response.context["paginator"].count == len(theirs)
