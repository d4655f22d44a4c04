"""complete_metadata: title, authors, URL, outlet and publication date, each from its best source."""

import json
from datetime import date
from pathlib import Path

import pytest

from ingest.pipeline.clean import extract_main_text
from ingest.pipeline.decode import decode_bytes
from ingest.pipeline.metadata import complete_metadata
from ingest.pipeline.records import OutletRef, SourceInput

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
EVAL = REPO.parent / "shared" / "eval"
needs_eval = pytest.mark.skipif(not EVAL.is_dir(), reason="shared eval set not present")

OUTLETS = [
    OutletRef(slug="israel-hayom", name="Israel Hayom", domains=("israelhayom.com",), country="IL"),
    OutletRef(slug="jns", name="JNS", domains=("jns.org",), country="US"),
    OutletRef(slug="mirage-news", name="Mirage News", domains=("miragenews.com",), country="AU"),
    OutletRef(slug="jtvc", name="Jewish TV Channel", domains=("jewishtvchannel.com",)),
    OutletRef(
        slug="state", name="U.S. Department of State", domains=("state.gov",), kind="government"
    ),
    OutletRef(slug="white-house", name="The White House", domains=("whitehouse.gov",)),
    OutletRef(slug="usembassy", name="U.S. Embassy", domains=("usembassy.gov",)),
    OutletRef(slug="reuters", name="Reuters", domains=("reuters.com",), kind="wire"),
]

LEAD = (
    "Secretary of State Antony Blinken spoke by phone on Monday with Israeli Foreign Minister "
    "Gabi Ashkenazi about regional security and the pandemic."
)
TAIL = (
    "The two ministers agreed that their teams would keep working together on the challenges "
    "ahead, the State Department said in a statement."
)


def run(raw: bytes, **source) -> object:
    text, kind = decode_bytes(raw)
    return complete_metadata(extract_main_text(text, kind), SourceInput(raw=raw, **source), OUTLETS)


def run_text(text: str, **source):
    return run(text.encode(), **source)


def seed_file(prefix: str) -> bytes:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_bytes()


# ---------------------------------------------------------------------------------------------
# Publication date: each case of the order of trust, and the traps.

DATE_CASES = [
    # (page text, expected date, precision, words the basis must contain)
    (
        f"Monday May 12, 2025\nHE\nNEWSLETTER\nwww.example.com\nHeadline of the story here\n\n"
        f"Published on 02-23-2021 12:12\nLast modified: 02-23-2021 11:34\n\n{LEAD}\n\n{TAIL}",
        date(2021, 2, 23),
        "day",
        "Published on 02-23-2021",
    ),
    (
        f"Headline of the story here\n\nLast modified: 02-24-2021 11:34\n\n{LEAD}\n\n{TAIL}",
        None,
        "unknown",
        "",
    ),
    (
        f"Headline of the story here\n\n{LEAD}\n\n{TAIL}\n\n@2021 – Designed and Developed by Example TV",
        None,
        "unknown",
        "",
    ),
    (
        f"Headline of the story here\n\n{LEAD} They last met at a press conference on Jan. 30, 2023.\n\n{TAIL}",
        None,
        "unknown",
        "",
    ),
    (
        f"Mattis Meets With Israeli Defense Minister\n\nMarch 7, 2017\n\n{LEAD}",
        date(2017, 3, 7),
        "day",
        "date line 'March 7, 2017'",
    ),
    (
        f"WASHINGTON, March 7, 2017 — {LEAD}\n\n{TAIL}",
        date(2017, 3, 7),
        "day",
        "dateline 'March 7, 2017'",
    ),
    (
        f"Secretary Blinken’s Meeting with Minister Dermer\n\nAUGUST 17, 2023\n\n{LEAD}",
        date(2023, 8, 17),
        "day",
        "AUGUST 17, 2023",
    ),
    (
        f"Secretary Blinken’s Meeting with President Abbas\n\nREADOUT\nOFFICE OF THE SPOKESPERSON "
        f"NOVEMBER 5, 2023\n\n{LEAD}",
        date(2023, 11, 5),
        "day",
        "NOVEMBER 5, 2023",
    ),
    (
        f"Headline of the story here\n\nPress Release | Published: 2025-01-23 14:02 GMT\n\n{LEAD}",
        date(2025, 1, 23),
        "day",
        "Published: 2025-01-23",
    ),
    (
        f"Headline of the story here\n\nPosted on 5 November, 2023\n\n{LEAD}",
        date(2023, 11, 5),
        "day",
        "Posted on 5 November, 2023",
    ),
    (
        f"Secretary Blinken’s Call with Foreign Minister Lapid\n\nThe following press release was "
        f"published by the Office of the Spokesperson on Jan. 31. It is reproduced in full below.\n\n{LEAD}",
        None,
        "unknown",
        "month 1, day 31, year unknown",
    ),
    # A heading that ends with its date: a briefing transcript's title.
    (
        f"Department Press Briefing – January 22, 2024\n\n{LEAD}\n\n{TAIL}",
        date(2024, 1, 22),
        "day",
        "heading date 'January 22, 2024'",
    ),
    (
        f"Readout of the Secretary's Meetings | March 3, 2024\n\n{LEAD}\n\n{TAIL}",
        date(2024, 3, 3),
        "day",
        "'March 3, 2024'",
    ),
]


# A republisher's banner or crawl stamp above the headline loses to the release's own date under
# it, also when the date shares its line with other page facts.
DATE_CASES += [
    (
        "Published: Tuesday, 02 January 2024 12:17 GMT | Markets closed\nDiplomatic Wire Archive"
        "\nAmericas\nSecretary Blinken's Meeting With President Herzog\nOffice of the "
        f"Spokesperson\nNovember 30, 2023\n\n{LEAD}",
        date(2023, 11, 30),
        "day",
        "November 30, 2023",
    ),
    (
        "State of Qatar - Ministry of Foreign Affairs\nHome > Media Center > News\nHH the Amir "
        f"Meets US Secretary of State\nDoha / Information Office / 06 February 2024\n\n{LEAD}",
        date(2024, 2, 6),
        "day",
        "06 February 2024",
    ),
    # With nothing else, a story's "Updated" stamp under its headline gives its day.
    (
        "Archived from newsline.example on 30 Jun 2025 04:11 UTC\nBlinken visits Israel, meets "
        f"Ashkenazi\nUpdated June 8, 2021 3:12 PM ET\n\n{LEAD}",
        date(2021, 6, 8),
        "day",
        "update stamp",
    ),
]


def test_the_date_under_the_headline_beats_a_banner_the_page_reader_guessed():
    page = (
        "<html><head><title>Blinken ends his visit with talks - World News Hub</title></head>"
        "<body><div class='banner'>Tuesday, 02 January 2024 12:17 GMT</div>"
        "<nav>World News Hub | US | Middle East | Markets</nav><article>"
        "<h1>Blinken ends his visit with talks</h1>"
        "<div class='meta'>2025-02-05 18:40:12 | Source: wire services</div>"
        f"<p>{LEAD}</p><p>{TAIL}</p></article></body></html>"
    )
    article = run(page.encode())
    assert article.published == date(2025, 2, 5)


@pytest.mark.parametrize(("text", "expected", "precision", "basis"), DATE_CASES)
def test_publication_date_from_the_page(text, expected, precision, basis):
    article = run_text(text)
    assert article.published == expected
    assert article.published_precision == precision
    assert basis in article.published_basis
    if expected is None:
        assert any("publication date" in w for w in article.warnings)


def test_a_today_banner_above_the_menu_is_not_a_dateline():
    text = f"Monday May 12, 2025\nHE\nNEWSLETTER\n• Home\n• News\n\nHeadline of the story\n\n{LEAD}"
    assert run_text(text).published is None


def test_the_sidecar_date_wins_over_everything():
    article = run_text(f"March 7, 2017\n\n{LEAD}", published=date(2017, 3, 8))
    assert (article.published, article.published_precision) == (date(2017, 3, 8), "day")
    assert article.published_basis == "sidecar"


@pytest.mark.parametrize(
    ("url", "expected", "precision"),
    [
        (
            "https://www.whitehouse.gov/briefing-room/2024/05/12/readout-of-a-call/",
            date(2024, 5, 12),
            "day",
        ),
        ("https://example.com/news/2023/09/blinken-calls", date(2023, 9, 1), "month"),
        (
            "https://www.globalsecurity.org/news/israel/2023/israel-231007.htm",
            date(2023, 1, 1),
            "year",
        ),
        ("https://example.com/news/3004/12/01/typo", None, "unknown"),
        ("https://example.com/story/316373/", None, "unknown"),
    ],
)
def test_date_in_the_url_path_is_the_last_resort(url, expected, precision):
    article = run_text(f"Headline of the story here\n\n{LEAD}", url=url)
    assert (article.published, article.published_precision) == (expected, precision)
    if expected:
        assert article.published_basis.startswith("url path")


def test_a_month_and_day_without_year_takes_the_year_from_the_url():
    text = (
        "Secretary Blinken’s Call with Foreign Minister Lapid\n\nThe following press release was "
        f"published by the Office of the Spokesperson on Jan. 31.\n\n{LEAD}"
    )
    article = run_text(text, url="https://example.com/2022/press/lapid-call")
    assert (article.published, article.published_precision) == (date(2022, 1, 31), "day")
    assert "year from the URL" in article.published_basis


def test_seed_000_publication_date_is_the_labelled_one_not_the_banner():
    article = run(seed_file("000"))
    assert article.published == date(2021, 2, 23)
    assert article.published_basis == "labelled date 'Published on 02-23-2021'"


@pytest.mark.parametrize("prefix", ["001", "002", "003", "004"])
def test_seeds_without_a_publication_date_say_so(prefix):
    article = run(seed_file(prefix))
    assert article.published is None
    assert article.published_precision == "unknown"
    assert any("No publication date found" in w for w in article.warnings)


@needs_eval
@pytest.mark.parametrize(
    ("name", "expected", "basis"),
    [
        (
            "ha10_blinken-abbas-ceasefire.html",
            date(2021, 5, 21),
            "html meta (article:published_time)",
        ),
        ("hb16_sullivan-hanegbi-call.html", date(2024, 5, 12), "html meta"),
        ("hb20_rubio-saar-call.html", date(2025, 1, 23), "html meta"),
    ],
)
def test_dev_pages_date_comes_from_the_markup(name, expected, basis):
    article = run((EVAL / "dev-html" / name).read_bytes())
    assert (article.published, article.published_precision) == (expected, "day")
    assert article.published_basis.startswith(basis)


@needs_eval
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a02_mattis-lieberman-pentagon.txt", date(2017, 3, 7)),
        ("a09_kirby-briefing-austin-gantz.txt", date(2021, 5, 18)),
        ("b05_blinken-dermer-meeting.txt", date(2023, 8, 17)),
        ("b08_blinken-herzog-cohen-calls.txt", date(2023, 10, 7)),
        ("b10_blinken-abbas-ramallah.txt", date(2023, 11, 5)),
        ("b14_blinken-gantz-meeting.txt", date(2024, 3, 5)),
    ],
)
def test_dev_texts_dated_by_their_own_dateline_without_sidecar(name, expected):
    article = run((EVAL / "dev" / name).read_bytes())
    assert article.published == expected


@needs_eval
def test_every_dev_text_with_a_sidecar_takes_its_date():
    for sidecar in (EVAL / "dev").glob("*.meta.json"):
        meta = json.loads(sidecar.read_text())
        raw = sidecar.with_name(sidecar.name.replace(".meta.json", ".txt")).read_bytes()
        article = run(raw, url=meta.get("url", ""), published=date.fromisoformat(meta["published"]))
        assert article.published == date.fromisoformat(meta["published"])
        assert article.url == meta["url"]


# ---------------------------------------------------------------------------------------------
# Authors, title, URL.


def test_byline_with_two_authors():
    article = run(seed_file("000"))
    assert article.authors == ["Ariel Kahana", "Neta Bar"]


def test_byline_of_a_login_is_no_author():
    assert run(seed_file("004")).authors == []


def test_teaser_bylines_after_related_posts_are_not_the_authors():
    text = f"Headline of the story here\n\n{LEAD}\n\n{TAIL}\n\nRelated Posts\n\nOther story\n\nby Jane Roe"
    assert run_text(text).authors == []


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("By JOHN SMITH", ["John Smith"]),
        ("By Jane Roe | March 3, 2024", ["Jane Roe"]),
        ("by Shirit Avitan Cohen and Ariel Kahana", ["Shirit Avitan Cohen", "Ariel Kahana"]),
        ("By Ahmed bin Salman, Mary Major & Li Wei", ["Ahmed bin Salman", "Mary Major", "Li Wei"]),
        ("by ILH Staff", []),
        ("By U.S. Mission Egypt | 5 November, 2023", []),
        ("By Reuters", []),
    ],
)
def test_byline_names(byline, authors):
    assert run_text(f"Headline of the story here\n\n{byline}\n\n{LEAD}").authors == authors


@needs_eval
def test_markup_authors_that_are_not_people_are_dropped():
    for page in (EVAL / "dev-html").glob("*.html"):
        assert run(page.read_bytes()).authors == []


def test_sidecar_title_and_url_win():
    page = (
        '<html><head><title>Page title | Site</title><link rel="canonical" '
        'href="https://www.jns.org/canonical/"></head>'
        f"<body><article><p>{LEAD}</p></article></body></html>"
    ).encode()
    article = run(page, url="https://www.jns.org/given/", title="Given title")
    assert (article.title, article.url) == ("Given title", "https://www.jns.org/given/")
    article = run(page)
    assert (article.title, article.url) == ("Page title", "https://www.jns.org/canonical/")


# ---------------------------------------------------------------------------------------------
# Outlet.


def test_sidecar_outlet_name_is_matched_to_the_reference_outlet():
    article = run_text(f"{LEAD}\n\n{TAIL}", outlet="israel hayom")
    assert (article.outlet_name, article.outlet_domain) == ("Israel Hayom", "israelhayom.com")


def test_unknown_sidecar_outlet_is_kept_as_given():
    article = run_text(LEAD, outlet="Example Gazette", url="https://gazette.example/x")
    assert (article.outlet_name, article.outlet_domain) == ("Example Gazette", "gazette.example")


@pytest.mark.parametrize(
    ("url", "name", "domain"),
    [
        (
            "https://www.state.gov/briefings/department-press-briefing-may-11-2021/",
            "U.S. Department of State",
            "state.gov",
        ),
        ("https://il.usembassy.gov/pentagon-press-secretary/", "U.S. Embassy", "usembassy.gov"),
        (
            "https://www.miragenews.com/sec-rubio-talks-with-israeli-fm-saar-1396384/",
            "Mirage News",
            "miragenews.com",
        ),
        ("https://www.newsbreak.com/news/2258294443337/secretary-blinken", "", "newsbreak.com"),
    ],
)
def test_outlet_from_the_url_domain_including_subdomains(url, name, domain):
    article = run_text(LEAD, url=url)
    assert (article.outlet_name, article.outlet_domain) == (name, domain)


@pytest.mark.parametrize(
    ("prefix", "name"),
    [
        ("000", "Israel Hayom"),
        ("001", "JNS"),
        ("004", "Jewish TV Channel"),
        ("002", ""),
        ("003", ""),
    ],
)
def test_outlet_named_by_the_page_around_the_seed(prefix, name):
    # 003's "| state.gov" is an image credit and 000's "AFP, Reuters" a photo credit: neither counts.
    assert run(seed_file(prefix)).outlet_name == name


@needs_eval
def test_outlet_named_in_a_disclaimer_of_a_page_without_url():
    article = run((EVAL / "dev-html" / "hb20_rubio-saar-call.html").read_bytes())
    assert (article.outlet_name, article.outlet_domain) == ("Mirage News", "miragenews.com")


def test_a_bare_domain_line_names_an_unknown_outlet():
    article = run_text(f"www.example-news.net\n\nHeadline of the story here\n\n{LEAD}")
    assert (article.outlet_name, article.outlet_domain) == ("", "example-news.net")


def test_input_is_not_changed():
    text, kind = decode_bytes(seed_file("000"))
    article = extract_main_text(text, kind)
    before = (article.title, list(article.authors), article.published, list(article.warnings))
    complete_metadata(article, SourceInput(raw=seed_file("000")), OUTLETS)
    assert (
        article.title,
        list(article.authors),
        article.published,
        list(article.warnings),
    ) == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A place and a date alone on a line are the dateline.
        (
            "Vance in Israel\n\nJerusalem, 23/10/2025\n\n"
            + "Vance met Netanyahu in Jerusalem on Wednesday, the second day of his visit to the region.",
            date(2025, 10, 23),
        ),
        # A page that writes 13/03/2024 writes 12/03/2024 day first too.
        (
            "Shoukry, Blinken speak\n\nCairo, 12/03/2024 - Last updated: 13/03/2024 10:45\n\n"
            + "Foreign Minister Sameh Shoukry received a phone call today from the US Secretary of State.",
            date(2024, 3, 12),
        ),
        # Without such a hint the U.S. order stands.
        (
            "Shoukry, Blinken speak\n\nCairo, 12/03/2024 -\n\n"
            + "Foreign Minister Sameh Shoukry received a phone call today from the US Secretary of State.",
            date(2024, 12, 3),
        ),
    ],
)
def test_datelines_with_numeric_dates(text, expected):
    assert run_text(text).published == expected


REMARKS_PAGE = (
    "Joe Biden\n\n"
    "Remarks in a Virtual Meeting With Prime Minister Yair Lapid of Israel and Prime Minister "
    "Narendra Modi of India\n\n"
    "July 14, 2022\n\n"
    "Prime Minister Lapid. Thank you, Mr. President. We are glad to host this summit today.\n"
)


def test_the_name_above_a_remarks_title_is_its_speaker():
    article = run_text(REMARKS_PAGE)
    assert article.title.startswith("Remarks in a Virtual Meeting")
    assert article.authors == ["Joe Biden"]


def test_a_name_above_a_news_headline_is_no_speaker():
    page = REMARKS_PAGE.replace("Remarks in a Virtual Meeting With", "Leaders Meet")
    assert run_text(page).authors == []
