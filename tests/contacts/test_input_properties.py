"""Generated query strings on every list, page and export URL: never a 500, same answer twice."""

from urllib.parse import quote_from_bytes, urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config.middleware import MAX_QUERY_STRING
from contacts.filters import FILTER_KEYS

# Readable values that reach deep into the filters, beside arbitrary text.
PLAUSIBLE = [
    "t-blinken",
    "t-gallant",
    "t-hostages",
    "t-outlet",
    "defense-minister",
    "US",
    "IL",
    "2024",
    "2024-06",
    "2024-06-24",
    "2024-02-30",
    "2024-13",
    "0999",
    "newest",
    "oldest",
    "sources",
    "added",
    "meeting",
    "phone",
    "held",
    "rejected",
    "0",
    "-1",
    "2",
    "9" * 30,
    " ",
    "",
    "hostages",
    'hostages OR "Gallant" -x',
]
KEYS = st.sampled_from([*FILTER_KEYS, "page", "format", "person"])
VALUES = st.one_of(
    st.sampled_from(PLAUSIBLE),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=190, max_size=520),
)
QUERIES = st.one_of(
    st.lists(st.tuples(KEYS, VALUES), max_size=6).map(urlencode),
    # Raw bytes, percent-encoded: broken UTF-8, stray separators, lone "%".
    st.binary(max_size=60).map(lambda raw: quote_from_bytes(raw, safe="=&%+;")),
    # Punctuation sent unencoded, which grows threefold when the site encodes it again.
    st.lists(
        st.tuples(KEYS, st.text(alphabet="()!*'$,:@", min_size=300, max_size=500)),
        max_size=12,
    ).map(lambda pairs: "&".join(f"{key}={value}" for key, value in pairs) + "&mode="),
)


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def answer(client, url):
    response = client.get(url)
    return response.status_code, response.get("Location"), body(response)


def urls(world):
    return [
        "/",
        "/officials/",
        "/calls.csv",
        "/calls.json",
        "/calls.atom",
        "/calls.ics",
        world.call.get_absolute_url(),
        world.blinken.get_absolute_url(),
        world.hostages.get_absolute_url(),
        world.outlet.get_absolute_url(),
        world.article.get_absolute_url(),
    ]


@pytest.mark.parametrize("index", range(11))
def test_every_url_answers_every_query(client, world, index):
    url = urls(world)[index]

    # The world is only read, so one copy serves every generated example.
    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=QUERIES)
    def check(query):
        full = f"{url}?{query}"
        first = answer(client, full)
        assert first[0] < 500, full
        # A redirect never leads to an address the next request would refuse.
        assert len(urlsplit(first[1] or "").query) <= MAX_QUERY_STRING, full
        assert answer(client, full) == first, full

    check()


def test_an_empty_feed_is_the_same_document_twice(client, world):
    # Django dates an empty feed by the clock; this feed by the last change to a call.
    first = client.get("/calls.atom?q=nothing-matches-this").content
    assert b"<entry>" not in first
    assert client.get("/calls.atom?q=nothing-matches-this").content == first
    assert world.call.updated_at.isoformat().encode() in first
