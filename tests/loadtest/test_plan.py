"""The load test asks for URLs that answer: its plan, filled from a small database, is all 200s."""

from loadtest.checks import problem
from loadtest.plan import KINDS, MIX, build_plan


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_url_of_the_plan_answers_a_whole_200(client, world):
    plan = build_plan(per_template=2)
    assert [entry["name"] for entry in plan] == [template for _, _, template in MIX]
    for entry in plan:
        assert entry["urls"], entry["name"]
        for url in entry["urls"]:
            response = client.get(url)
            assert problem(url, response.status_code, body(response)) is None, url


def test_the_plan_fills_its_parameters_from_the_database(world):
    urls = {url for entry in build_plan(per_template=3) for url in entry["urls"]}
    assert f"/calls/{world.call.pk}/" in urls
    assert "/officials/t-blinken/" in urls or "/officials/t-gallant/" in urls
    assert "/topics/t-hostages/" in urls
    assert "/outlets/t-outlet/" in urls
    assert not any("{" in url for url in urls)


def test_the_mix_sends_every_kind_of_url():
    assert {kind for kind, _, _ in MIX} == set(KINDS)


def test_a_cut_off_answer_counts_as_an_error():
    calendar = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VEVENT\r\n"
    assert problem("/calls.ics?person=a", 200, calendar) == "the body is cut off"
    assert problem("/calls.ics?person=a", 200, calendar + b"END:VCALENDAR\r\n") is None
    assert problem("/calls.json", 200, b'{"calls": [') == "the body is cut off"
    assert problem("/calls.atom", 200, b"<feed><entry>") == "the body is cut off"
    assert problem("/", 200, b"<html><body><table>") == "the body is cut off"
    assert problem("/", 500, b"<html></html>") == "status 500"
