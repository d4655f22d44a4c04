"""The analyst's views in a real browser: chart bars and matrix cells narrow the timeline, by
mouse and by keyboard, and every page passes an axe-core audit with no serious violation."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from contacts.models import Call, Official, Topic

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def params(page):
    return parse_qs(urlsplit(page.url).query)


def rows(page):
    return page.locator("ol.calls > li").count()


def bar_count(bar):
    """The number of calls a bar stands for, from its tooltip ("June 2024: 3 calls")."""
    title = bar.locator("title").text_content()
    return int(re.search(r": (\d+) calls?$", title).group(1))


def test_clicking_a_chart_bar_narrows_the_list_to_its_period(seeded, page):
    page.goto(seeded.url + "/")
    bars = page.locator("figure.chart a.bar-link")
    assert bars.count() > 0
    bar = bars.last
    expected = bar_count(bar)
    bar.click()
    page.wait_for_load_state()
    chosen = params(page)
    assert chosen["date_from"] == chosen["date_to"]
    assert int(page.locator(".list-head .count").inner_text().split()[0]) == expected
    assert rows(page) == expected
    assert page.locator("ul.chips li").count() == 2  # From and To, each removable


def test_a_bar_works_from_the_keyboard(seeded, page):
    page.goto(seeded.url + "/")
    bar = page.locator("figure.chart a.bar-link").first
    expected = bar_count(bar)
    # Tab from the last link before the chart lands on its first bar.
    page.locator(".list-head .count a").last.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('class')") == "bar-link"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "date_from" in params(page)
    assert rows(page) == expected


def tab_to(page, selector, limit=30):
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_the_filter_form_and_the_facets_work_from_the_keyboard(seeded, page):
    page.goto(seeded.url + "/")
    page.locator("#id_mode").focus()
    page.keyboard.press("ArrowDown")  # the first mode after "Any mode"
    chosen = page.locator("#id_mode").input_value()
    assert chosen
    tab_to(page, "form.filters button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert params(page)["mode"] == [chosen]
    total = rows(page)

    # From the last control of the form, Tab reaches the facets; Enter on one narrows further.
    page.locator("form.filters a", has_text="Clear all").focus()
    tab_to(page, ".facets a")
    link = page.evaluate("document.activeElement.getAttribute('href')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(link)
    assert params(page)["mode"] == [chosen]
    assert 0 < rows(page) <= total


def test_a_matrix_cell_opens_the_timeline_of_that_pair(seeded, page):
    page.goto(seeded.url + "/matrix/")
    cell = page.locator("table.matrix td a").first
    count = int(cell.inner_text())
    row_name = cell.locator("xpath=ancestor::tr/th").inner_text()
    cell.click()
    page.wait_for_load_state()
    people = params(page)["person"]
    assert len(people) == 2
    names = dict(Official.objects.filter(slug__in=people).values_list("slug", "name"))
    assert row_name in names.values()
    assert rows(page) == count
    for index in range(count):
        row = page.locator("ol.calls > li").nth(index).inner_text()
        assert all(name in row for name in names.values())


def test_the_country_matrix_opens_calls_between_two_countries(seeded, page):
    page.goto(seeded.url + "/matrix/")
    page.get_by_role("link", name="Country × country").click()
    page.wait_for_load_state()
    assert params(page)["by"] == ["countries"]
    cell = page.locator("table.matrix td a").first
    count = int(cell.inner_text())
    cell.click()
    page.wait_for_load_state()
    assert len(params(page)["country"]) == 2
    assert rows(page) == count


def pages_to_audit():
    call = Call.objects.exclude(status="rejected").order_by("-date", "-id").first()
    official = Official.objects.exclude(participations=None).order_by("name").first()
    article = call.reports.select_related("article__outlet").first().article
    topic = Topic.objects.exclude(calls=None).order_by("name").first()
    return {
        "timeline": "/",
        "filtered timeline": f"/?person={official.slug}&expand=person",
        "a year": f"/?date_from={call.date.year}&date_to={call.date.year}",
        "a bad filter": "/?date_from=last+spring",
        "call": call.get_absolute_url(),
        "article": article.get_absolute_url(),
        "outlet": article.outlet.get_absolute_url() if article.outlet else "/",
        "topic": topic.get_absolute_url() if topic else "/",
        "official": official.get_absolute_url(),
        "matrix": "/matrix/",
        "country matrix": "/matrix/?by=countries",
        "officials": "/officials/",
    }


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_passes_an_axe_audit(seeded, audited_page, width):
    audited_page.set_viewport_size({"width": width, "height": 900})
    failures = {}
    for name, path in pages_to_audit().items():
        audited_page.goto(seeded.url + path)
        result = audited_page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} – "
            + "; ".join(node["target"][0] for node in v["nodes"][:3])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if bad:
            failures[name] = bad
    assert not failures, failures
