"""Dates stage: real sentences from the seeds and the dev readouts, with their publication date,
the day expected and its weekday."""

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from ingest.pipeline.contacts import ParsedOnDemand, find_contacts
from ingest.pipeline.dates import assign_dates, find_expressions
from ingest.pipeline.people import find_mentions
from ingest.pipeline.records import (
    ArticleText,
    ExtractedCall,
    ExtractedParticipant,
    PersonRef,
    PositionRef,
    Reference,
    Sentence,
)
from ingest.pipeline.sentences import split_sentences
from tests.ingest.extract_helpers import article_of, pair
from tests.ingest.reference_fixture import WORLD

D = dt.date
SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# Real terms of office (start = the day the post was taken up).
PEOPLE = {
    "blinken": ("Antony Blinken", [("Secretary of State", D(2021, 1, 26), D(2025, 1, 20))]),
    "ashkenazi": (
        "Gabi Ashkenazi",
        [("Minister of Foreign Affairs", D(2020, 5, 17), D(2021, 6, 13))],
    ),
    "netanyahu": (
        "Benjamin Netanyahu",
        [
            ("Prime Minister", D(2009, 3, 31), D(2021, 6, 13)),
            ("Prime Minister", D(2022, 12, 29), None),
        ],
    ),
    "abbas": ("Mahmoud Abbas", [("President of the Palestinian Authority", D(2005, 1, 15), None)]),
    "sullivan": ("Jake Sullivan", [("National Security Advisor", D(2021, 1, 20), D(2025, 1, 20))]),
    "ben-shabbat": (
        "Meir Ben-Shabbat",
        [("National Security Advisor", D(2017, 8, 28), D(2021, 7, 11))],
    ),
    "gallant": ("Yoav Gallant", [("Minister of Defense", D(2022, 12, 29), D(2024, 11, 5))]),
    "hochstein": (
        "Amos Hochstein",
        [("Senior Advisor to the President", D(2022, 8, 1), D(2025, 1, 20))],
    ),
    "burns": ("William Burns", [("Director of the CIA", D(2021, 3, 19), D(2025, 1, 20))]),
    "biden": ("Joe Biden", [("President", D(2021, 1, 20), D(2025, 1, 20))]),
    "mattis": ("Jim Mattis", [("Secretary of Defense", D(2017, 1, 20), D(2019, 1, 1))]),
    "lieberman": ("Avigdor Lieberman", [("Minister of Defense", D(2016, 5, 30), D(2018, 11, 18))]),
    "austin": ("Lloyd Austin", [("Secretary of Defense", D(2021, 1, 22), D(2025, 1, 20))]),
    "gantz": (
        "Benny Gantz",
        [
            ("Minister of Defense", D(2020, 5, 17), D(2022, 12, 29)),
            ("Minister without Portfolio", D(2023, 10, 11), D(2024, 6, 9)),
        ],
    ),
    "herzog": ("Isaac Herzog", [("President", D(2021, 7, 7), None)]),
}
REFERENCE = Reference(
    people=[PersonRef(slug, name) for slug, (name, _) in PEOPLE.items()],
    positions=[
        PositionRef(slug, title, title.lower().replace(" ", "-"), "XX", start, end)
        for slug, (_, posts) in PEOPLE.items()
        for title, start, end in posts
    ],
)
BLINKEN = ("blinken", "Secretary of State")


ABBREVIATION = re.compile(r"(?:\b[A-Z]|U\.S|Mr|Mrs|Ms|Dr|Gen|Sept|Jan|Feb|Aug|Oct|Nov|Dec)\.$")


def split(body: str) -> list[Sentence]:
    """A plain sentence splitter for tests (the real one is another stage's)."""
    out = []
    for line in re.finditer(r"[^\n]+", body):
        text, start = line.group(0), 0
        for m in re.finditer(r"[.!?][\"”]?(?=\s+[A-Z\"“])", text):
            if ABBREVIATION.search(text[start : m.start() + 1]):
                continue
            out.append(
                Sentence(
                    text[start : m.end()].strip(), line.start() + start, line.start() + m.end()
                )
            )
            start = m.end() + 1
        if text[start:].strip():
            out.append(Sentence(text[start:].strip(), line.start() + start, line.end()))
    return [s for s in out if s.text]


def date_calls(body, published, specs, captions=()):
    """specs: (participants [(slug, title)], mode, evidence fragments, status) per call."""
    sentences = split(body)
    calls = []
    for people, mode, fragments, *status in specs:
        evidence = []
        for fragment in fragments:
            at = body.index(fragment)
            evidence.append(next(s for s in sentences if s.start <= at < s.end))
        participants = [ExtractedParticipant(slug, PEOPLE[slug][0], title=t) for slug, t in people]
        calls.append(
            ExtractedCall(
                participants, mode=mode, status=status[0] if status else "held", evidence=evidence
            )
        )
    article = ArticleText(
        body=body,
        published=published,
        published_precision="day" if published else "unknown",
        captions=list(captions),
    )
    warnings = assign_dates(calls, article, sentences, REFERENCE)
    return calls, warnings


def one(
    sentence,
    published,
    people=(BLINKEN, ("netanyahu", "Prime Minister")),
    mode="phone",
    status="held",
):
    calls, _ = date_calls(sentence, published, [(list(people), mode, [sentence[:20]], status)])
    return calls[0]


# sentence, published (weekday), expected date (weekday), precision, basis
TABLE = [
    # "spoke Monday" published Tue 2021-02-23 → Mon 2021-02-22
    (
        "US Secretary of State Antony Blinken spoke Monday with Israeli Foreign Minister Gabi "
        "Ashkenazi.",
        D(2021, 2, 23),
        D(2021, 2, 22),
        "day",
        "relative",
    ),
    # "on Tuesday" published Tue 2023-09-05 → that Tuesday
    (
        "U.S. Secretary of State Antony Blinken spoke on the phone with Israeli Prime Minister "
        "Benjamin Netanyahu on Tuesday, according to Matthew Miller.",
        D(2023, 9, 5),
        D(2023, 9, 5),
        "day",
        "relative",
    ),
    # "on Saturday" published Wed 2021-01-27 → Sat 2021-01-23
    (
        "Jake Sullivan's conversation with Meir Ben Shabbat, his Israeli counterpart, on Saturday.",
        D(2021, 1, 27),
        D(2021, 1, 23),
        "day",
        "relative",
    ),
    # "Sept. 5" published Wed 2023-09-06 → Tue 2023-09-05
    (
        "Secretary of State Antony J. Blinken held separate conversations with Israeli Prime "
        "Minister Benjamin Netanyahu and Palestinian Authority President Mahmoud Abbas Sept. 5, "
        "according to statements.",
        D(2023, 9, 6),
        D(2023, 9, 5),
        "day",
        "explicit",
    ),
    # "Sept. 5" published Wed 2024-01-10 → the latest Sept. 5 before it, Tue 2023-09-05
    ("Blinken spoke with Netanyahu Sept. 5.", D(2024, 1, 10), D(2023, 9, 5), "day", "explicit"),
    # "on Jan. 31" published Wed 2024-01-31 → Wed 2024-01-31
    (
        "Blinken spoke with Netanyahu on Jan. 31 about Iran.",
        D(2024, 1, 31),
        D(2024, 1, 31),
        "day",
        "explicit",
    ),
    # explicit dates, no publication date needed
    (
        "Blinken met Netanyahu on March 7, 2023 in Jerusalem.",
        None,
        D(2023, 3, 7),
        "day",
        "explicit",
    ),
    ("Blinken spoke with Netanyahu on Sept. 5, 2023.", None, D(2023, 9, 5), "day", "explicit"),
    (
        "Blinken met Netanyahu on 5 November 2023 in Tel Aviv.",
        None,
        D(2023, 11, 5),
        "day",
        "explicit",
    ),
    ("Blinken met Netanyahu (2023-11-05) in Tel Aviv.", None, D(2023, 11, 5), "day", "explicit"),
    # readouts: "today", "this morning", "this evening" published that day
    (
        "Secretary of State Antony J. Blinken spoke today with Israeli Prime Minister Netanyahu.",
        D(2024, 4, 1),
        D(2024, 4, 1),
        "day",
        "publication",
    ),
    (
        "I think you saw that the secretary spoke again with Netanyahu this morning.",
        D(2021, 5, 18),
        D(2021, 5, 18),
        "day",
        "publication",
    ),
    (
        "Secretary of State Antony J. Blinken spoke with Netanyahu this evening and reaffirmed ties.",
        D(2023, 3, 30),
        D(2023, 3, 30),
        "day",
        "publication",
    ),
    # "yesterday" / "last night" published Tue 2021-02-23 → Mon 2021-02-22
    ("Blinken spoke with Netanyahu yesterday.", D(2021, 2, 23), D(2021, 2, 22), "day", "relative"),
    ("Blinken spoke with Netanyahu last night.", D(2021, 2, 23), D(2021, 2, 22), "day", "relative"),
    # "earlier this month" published 2023-09-20 → September 2023, month precision
    (
        "Blinken spoke with Netanyahu earlier this month.",
        D(2023, 9, 20),
        D(2023, 9, 1),
        "month",
        "relative",
    ),
]


@pytest.mark.parametrize("sentence, published, expected, precision, basis", TABLE)
def test_dates_from_the_evidence(sentence, published, expected, precision, basis):
    call = one(sentence, published)
    assert (call.date, call.date_precision, call.date_basis) == (expected, precision, basis)
    assert call.date_note and call.date_text


@pytest.mark.parametrize(
    "sentence, published, expected",
    [
        # "Sept 5" without the dot, published Wed 2023-09-06 → Tue 2023-09-05
        ("Blinken spoke with Netanyahu on Sept 5.", D(2023, 9, 6), D(2023, 9, 5)),
        # "tonight" published Thu 2023-03-30 → that day
        ("Blinken will speak with Netanyahu tonight.", D(2023, 3, 30), D(2023, 3, 30)),
        # "on Jan. 31" published Sat 2024-02-03 → Wed 2024-01-31
        ("The call took place on Jan. 31, officials said.", D(2024, 2, 3), D(2024, 1, 31)),
    ],
)
def test_more_spellings(sentence, published, expected):
    assert one(sentence, published).date == expected


def test_weekday_that_contradicts_the_stated_date_is_flagged():
    # Sept. 5, 2023 was a Tuesday, not a Monday.
    call = one("Blinken spoke with Netanyahu on Monday, Sept. 5, 2023.", None)
    assert call.date == D(2023, 9, 5)
    assert call.needs_review
    assert any("disagree" in r for r in call.review_reasons)


def test_named_weekday_is_kept():
    call = one("Blinken spoke Monday with Netanyahu.", D(2021, 2, 23))
    assert call.weekday == 0
    assert "Mon 22 Feb 2021" in call.date_note


def test_scheduled_weekday_counts_forward():
    # "will meet on Thursday", published Mon 2024-06-24 → Thu 2024-06-27
    call = one("Blinken will meet Netanyahu on Thursday.", D(2024, 6, 24), status="scheduled")
    assert call.date == D(2024, 6, 27)


def test_last_week_is_noted_but_not_dated():
    call = one("Blinken spoke with Netanyahu last week.", D(2023, 9, 20))
    assert call.date is None and call.date_precision == "unknown"
    assert "last week" in call.date_note
    assert call.needs_review


def test_weekday_without_publication_date_is_kept_and_flagged():
    call = one(
        "U.S. Secretary of State Antony Blinken spoke on the phone with Israeli Prime "
        "Minister Benjamin Netanyahu on Tuesday.",
        None,
    )
    assert call.date is None and call.date_precision == "unknown"
    assert call.weekday == 1 and call.date_basis == "relative"
    assert call.needs_review and call.review_reasons


def test_year_less_day_with_several_possible_years_is_not_guessed():
    call = one("Blinken held conversations with Israeli Prime Minister Netanyahu Sept. 5.", None)
    assert call.date is None and call.date_precision == "unknown"
    assert call.month_day == (9, 5)
    assert call.needs_review
    assert "2023" in call.date_note and "2024" in call.date_note


def test_year_less_day_and_weekday_pin_the_year_through_terms_of_office():
    # Sept. 5 was a Tuesday in 2023 (and a Thursday in 2024) within both terms.
    call = one("Blinken spoke with Israeli Prime Minister Netanyahu on Tuesday, Sept. 5.", None)
    assert call.date == D(2023, 9, 5)
    assert call.date_basis in ("term_of_office", "cross_source")


def test_year_from_terms_of_office_when_only_one_fits():
    # Ashkenazi was foreign minister only from May 2020 to June 2021: Feb. 22 → 2021.
    call = one(
        "Blinken spoke with Foreign Minister Ashkenazi Feb. 22.",
        None,
        people=(BLINKEN, ("ashkenazi", "Foreign Minister")),
    )
    assert call.date == D(2021, 2, 22)
    assert call.date_basis == "term_of_office"


def test_a_day_outside_the_post_the_text_gives_is_flagged_and_not_published():
    call = one("Blinken met Netanyahu on March 7, 2017 in Jerusalem.", None)
    assert (call.date, call.date_precision) == (None, "unknown")
    assert call.needs_review
    assert any("Antony Blinken" in r and "terms of office" in r for r in call.review_reasons)
    assert "left for an editor" in call.date_note


def test_a_day_outside_the_post_falls_back_to_one_the_terms_allow():
    # The dateline's year is the republisher's; the text's own weekday and the terms decide.
    call = one("Blinken met Netanyahu on March 7, 2017, and again on Tuesday.", D(2024, 3, 7))
    assert call.date is not None and call.date.year == 2024


@pytest.mark.parametrize(
    "text",
    [
        "@2021 – Designed and Developed by Jewish TV Channel",
        "we will discuss the transition to ‘Phase C’ in Gaza and its impact on the region",
        "the first Memorial Day to commemorate the victims of Hamas’s October 7 terrorist attacks",
        "Since October 7, the two have spoken often.",
        "Blinken said in his Senate confirmation hearing this month that it is vital",
        "the two discussed the attack on April 13 and the response to it",
        "they condemned the strikes of Saturday on the port",
    ],
)
def test_not_dates_of_a_contact(text):
    kinds = {e.kind for e in find_expressions(text) if not e.statement}
    assert not kinds & {"full", "month_day", "year", "weekday", "term"}


def test_history_year_is_only_a_year():
    exprs = find_expressions("In 2013, the U.S. took initiatives to restart peace talks.")
    assert [(e.kind, e.date) for e in exprs] == [("year", D(2013, 1, 1))]


def test_statement_release_day_is_an_anchor_not_the_contact_day():
    # Seed 001: statement released Tue 2023-09-05 about the call "on Monday" → Mon 2023-09-04
    body = (
        "A separate State Department statement from Miller released on Tuesday referred to "
        "Blinken’s call on Monday with Palestinian Authority head Mahmoud Abbas."
    )
    call = one(body, D(2023, 9, 5), people=(BLINKEN, ("abbas", "head")))
    assert call.date == D(2023, 9, 4)
    assert call.weekday == 0


# ----- anchors inside the article: date lines, tweets, captions


def test_dateline_dates_today_when_there_is_no_sidecar():
    body = (
        "MAY 18, 2021\nPentagon Press Secretary John F. Kirby\nI think you saw that the "
        "secretary spoke again with his Israeli counterpart this morning, Benjamin Gantz."
    )
    calls, _ = date_calls(
        body,
        None,
        [([("austin", "secretary"), ("gantz", "counterpart")], "phone", ["I think you saw"])],
    )
    assert (calls[0].date, calls[0].date_precision) == (D(2021, 5, 18), "day")


def test_dateline_beats_a_later_republication_date():
    # A readout dated Tue 5 Mar 2024 republished by an embassy on 6 March: "today" is 5 March.
    body = (
        "MARCH 5, 2024\nThe following is attributable to Spokesperson Matthew Miller:\n"
        "Secretary of State Antony J. Blinken met today with Israeli War Cabinet Member Benny "
        "Gantz in Washington.\nBy U.S. Mission Israel | 6 March, 2024 | Topics: News"
    )
    calls, _ = date_calls(
        body,
        D(2024, 3, 6),
        [([BLINKEN, ("gantz", "War Cabinet Member")], "meeting", ["Secretary of State Antony"])],
    )
    assert calls[0].date == D(2024, 3, 5)


def test_city_dateline_in_the_first_sentence():
    body = (
        "WASHINGTON, March 8, 2017 — Defense Secretary Jim Mattis met yesterday with Israeli "
        "Minister of Defense Avigdor Lieberman."
    )
    calls, _ = date_calls(
        body,
        None,
        [
            (
                [("mattis", "Defense Secretary"), ("lieberman", "Minister of Defense")],
                "meeting",
                ["WASHINGTON"],
            )
        ],
    )
    assert calls[0].date == D(2017, 3, 7)  # "yesterday" from Wed 8 March → Tue 7 March


def test_page_banner_date_is_not_the_statement_date():
    # Seed 000: the scrape banner "Monday May 12, 2025" precedes "Published on 02-23-2021".
    seed = (SEEDS / "000_6ff2de9d69bc891f.txt").read_text()
    calls, _ = date_calls(
        seed,
        D(2021, 2, 23),
        [([BLINKEN, ("ashkenazi", "Foreign Minister")], "phone", ["spoke Monday with"])],
    )
    assert calls[0].date == D(2021, 2, 22)


@pytest.mark.parametrize("published", [D(2021, 2, 23), None])
def test_today_in_a_tweet_is_the_tweet_date(published):
    # "Great speaking with @Gabi_Ashkenazi today" signed February 22, 2021 (Mon), whatever the
    # article's own date.
    seed = (SEEDS / "000_6ff2de9d69bc891f.txt").read_text()
    calls, _ = date_calls(
        seed,
        published,
        [([BLINKEN, ("ashkenazi", "Foreign Minister")], "phone", ["Great speaking with"])],
    )
    assert (calls[0].date, calls[0].date_basis) == (D(2021, 2, 22), "explicit")
    assert "tweet" in calls[0].date_note


def test_last_night_in_a_quoted_tweet_is_the_day_before_that_tweet():
    # '"It was good speaking with my colleague, last night..." Ashkenazi tweeted' — his tweet is
    # signed Tue February 23, 2021 → Mon 2021-02-22; the article date is unknown.
    seed = (SEEDS / "000_6ff2de9d69bc891f.txt").read_text()
    calls, _ = date_calls(
        seed,
        None,
        [([BLINKEN, ("ashkenazi", "Foreign Minister")], "phone", ["It was good speaking"])],
    )
    assert calls[0].date == D(2021, 2, 22)
    assert "quoted tweet" in calls[0].date_note


def test_seed_004_caption_dates_the_monday_meeting_and_the_tweet_dates_its_discussion():
    seed = (SEEDS / "004_e463c8cf898aae78.txt").read_text()
    calls, _ = date_calls(
        seed,
        None,
        [
            (
                [BLINKEN, ("gallant", "Minister of Defense")],
                "meeting",
                ["During a meeting in Washington"],
            ),
            (
                [("gallant", "Minister of Defense"), ("hochstein", "Senior Advisor")],
                "meeting",
                ["Important discussion with"],
            ),
            ([("gallant", ""), ("burns", "CIA director")], "meeting", ["Prior to his"]),
        ],
    )
    meeting, discussion, burns = calls
    # Caption "… June 24, 2024" (a Monday) + "on Monday" → Mon 2024-06-24
    assert (meeting.date, meeting.weekday, meeting.date_basis) == (D(2024, 6, 24), 0, "explicit")
    assert not meeting.needs_review
    assert "caption" in meeting.date_note
    # The tweet signed June 24, 2024
    assert discussion.date == D(2024, 6, 24)
    # No date words: the article's Monday, flagged.
    assert burns.date == D(2024, 6, 24) and burns.needs_review


def test_seed_001_press_conference_caption_never_dates_the_phone_calls():
    seed = (SEEDS / "001_6406694f00667199.txt").read_text()
    calls, _ = date_calls(
        seed,
        None,
        [
            ([BLINKEN, ("netanyahu", "Prime Minister")], "phone", ["spoke on the phone with"]),
            ([BLINKEN, ("abbas", "head")], "phone", ["referred to Blinken"]),
        ],
    )
    netanyahu, abbas = calls
    assert netanyahu.date is None and netanyahu.weekday == 1 and netanyahu.needs_review
    assert abbas.date is None and abbas.weekday == 0
    assert D(2023, 1, 30) not in (netanyahu.date, abbas.date)


def test_caption_of_another_kind_of_event_is_ignored_even_in_captions_list():
    body = "Blinken spoke by phone with Netanyahu on Tuesday."
    caption = Sentence(
        "Netanyahu and Blinken at a Jerusalem press conference on Jan. 31, 2023.", 0, 0
    )
    calls, _ = date_calls(
        body, None, [([BLINKEN, ("netanyahu", "PM")], "phone", ["Blinken"])], captions=[caption]
    )
    assert calls[0].date is None


def test_seed_002_confirmation_anchor_and_the_saturday_before():
    seed = (SEEDS / "002_62e73108926e57f5.txt").read_text()
    calls, _ = date_calls(
        seed,
        None,
        [
            ([BLINKEN, ("ashkenazi", "Foreign Minister")], "phone", ["held a call with Israeli"]),
            (
                [("sullivan", "National Security Adviser"), ("ben-shabbat", "counterpart")],
                "unknown",
                ["conversation with Meir"],
            ),
        ],
    )
    ashkenazi, sullivan = calls
    # "on Wednesday, a day after his confirmation" (Blinken took office Tue 2021-01-26)
    assert (ashkenazi.date, ashkenazi.date_basis) == (D(2021, 1, 27), "term_of_office")
    assert ashkenazi.weekday == 2
    # "on Saturday" → the Saturday before Wed 27 Jan: Sat 2021-01-23, flagged
    assert sullivan.date == D(2021, 1, 23)
    assert sullivan.needs_review


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # two days after taking office (Tue 2021-01-26) → Thu 2021-01-28
        (
            "Blinken called Netanyahu two days after taking office as Secretary of State.",
            D(2021, 1, 28),
        ),
        # the day after his swearing-in → Wed 2021-01-27
        (
            "Blinken called Netanyahu the day after his swearing-in as Secretary of State.",
            D(2021, 1, 27),
        ),
        # on Friday in his first week (from Tue 2021-01-26) → Fri 2021-01-29
        ("Blinken called Netanyahu on Friday in his first week in office.", D(2021, 1, 29)),
    ],
)
def test_term_of_office_anchors(sentence, expected):
    call = one(sentence, None)
    assert (call.date, call.date_basis) == (expected, "term_of_office")


def test_seed_003_sept_5_without_a_year_for_both_calls():
    seed = (SEEDS / "003_c24b9fe80e78f965.txt").read_text()
    calls, warnings = date_calls(
        seed,
        None,
        [
            (
                [BLINKEN, ("netanyahu", "Prime Minister")],
                "unknown",
                ["held separate conversations"],
            ),
            ([BLINKEN, ("abbas", "President")], "unknown", ["Blinken also spoke with Abbas"]),
        ],
    )
    for call in calls:
        assert call.date is None and call.month_day == (9, 5) and call.needs_review
        assert call.date_text == "Sept. 5"
    assert warnings


def test_trip_span_takes_the_first_day_and_flags_it():
    # Readout published Wed 2021-12-22: "December 21-22" → Tue 2021-12-21
    body = (
        "National Security Advisor Jake Sullivan traveled to Israel and the West Bank December "
        "21-22, and was joined in his meetings by U.S. Ambassador to Israel Tom Nides. In "
        "Jerusalem, Mr. Sullivan met with President Herzog and Prime Minister Bennett."
    )
    calls, _ = date_calls(
        body,
        D(2021, 12, 22),
        [
            (
                [("sullivan", "National Security Advisor"), ("herzog", "President")],
                "meeting",
                ["In Jerusalem"],
            )
        ],
    )
    assert calls[0].date == D(2021, 12, 21)
    assert calls[0].needs_review


def test_second_day_of_a_span():
    call = one("Blinken met Netanyahu on the second day of his December 21-22, 2023 visit.", None)
    assert call.date == D(2023, 12, 22)


def test_undated_call_with_no_related_contact_stays_undated():
    body = "Blinken and Netanyahu discussed Iran at length."
    call = one(body, D(2023, 9, 5))
    assert call.date is None and call.date_precision == "unknown"
    assert call.needs_review


@pytest.mark.benchmark
def test_throughput(capsys):
    import time

    seed = (SEEDS / "004_e463c8cf898aae78.txt").read_text()
    specs = [
        (
            [BLINKEN, ("gallant", "Minister of Defense")],
            "meeting",
            ["During a meeting in Washington"],
        )
    ]
    started = time.perf_counter()
    for _ in range(50):
        date_calls(seed, None, specs)
    per_doc = (time.perf_counter() - started) / 50
    with capsys.disabled():
        print(f"\ndates stage (with test sentence splitting): {per_doc * 1000:.2f} ms per document")


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("The call came a day after", D(2023, 12, 8)),
        ("The call came two days before", D(2023, 12, 11)),
    ],
)
def test_a_contact_dated_by_days_from_the_contact_just_reported(link, expected):
    body = (
        "Defense Minister Yoav Gallant held a phone call with Lloyd Austin on Saturday night. "
        f"{link} Gallant met with CIA Director William Burns in Tel Aviv."
    )
    calls, _ = date_calls(
        body,
        D(2023, 12, 10),
        [
            ([("gallant", ""), ("austin", "")], "phone", ["Defense Minister"]),
            ([("gallant", ""), ("burns", "")], "meeting", [link]),
        ],
    )
    assert calls[0].date == D(2023, 12, 9)
    assert (calls[1].date, calls[1].date_precision) == (expected, "day")
    assert calls[1].needs_review


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        # "last week" dates the sanctions, not the meeting: the day of the visit is shared.
        (
            "Netanyahu also met with President Herzog to discuss the sanctions imposed on "
            "settlers last week.",
            D(2024, 1, 8),
        ),
        # Said of the meeting itself, "last week" stays the only thing known.
        ("Netanyahu also met with President Herzog last week.", None),
    ],
)
def test_a_vague_date_of_another_verb_does_not_date_the_contact(second, expected):
    body = f"Biden hosted Netanyahu at the White House on Monday. {second}"
    calls, _ = date_calls(
        body,
        D(2024, 1, 9),
        [
            ([("biden", ""), ("netanyahu", "")], "meeting", ["Biden hosted"]),
            ([("netanyahu", ""), ("herzog", "")], "meeting", [second[:20]]),
        ],
    )
    assert calls[0].date == D(2024, 1, 8)
    assert calls[1].date == expected


def test_a_date_in_the_clause_of_another_contact_is_not_this_ones():
    body = (
        "Gantz met with Biden at the White House on Monday. Gantz also held talks with Jake "
        "Sullivan, and on Tuesday he met Antony Blinken at the State Department."
    )
    calls, _ = date_calls(
        body,
        D(2024, 3, 5),
        [
            ([("gantz", ""), ("biden", "")], "meeting", ["Gantz met with"]),
            ([("gantz", ""), ("sullivan", "")], "unknown", ["Gantz also held"]),
            ([("gantz", ""), ("blinken", "")], "meeting", ["Gantz also held"]),
        ],
    )
    assert [c.date for c in calls] == [D(2024, 3, 4), D(2024, 3, 4), D(2024, 3, 5)]


# ---------------------------------------------------------------------------------------------
# Rules added with the second held-out set (tests/ingest/heldout2).


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        # A date inside a "since ..." clause bounds the time; the weekday dates the call.
        (
            "Blinken and Netanyahu spoke by phone late Wednesday, in their first conversation "
            "since Biden took office on January 20.",
            D(2021, 2, 18),
            D(2021, 2, 17),
        ),
        # A wire dateline is the day of the story, and "Thursday" counts back from it.
        (
            "Aug 23 (Reuters) - Blinken met Netanyahu in Miami on Thursday, a report said.",
            D(2024, 8, 23),
            D(2024, 8, 22),
        ),
        # A wire dateline with no year and no publication date still names the day; the
        # weekday and the terms of office give the year.
        (
            "JERUSALEM, Jan 22 (Reuters) - Blinken and Netanyahu spoke by phone on Monday.",
            None,
            D(2024, 1, 22),
        ),
    ],
)
def test_dates_around_datelines_and_bounds(sentence, published, expected):
    assert one(sentence, published).date == expected


def test_a_day_earlier_counts_back_from_the_contact_reported_before():
    body = (
        "Blinken spoke with Ashkenazi on January 27, and Austin held his first call with "
        "Gantz a day earlier."
    )
    calls, _ = date_calls(
        body,
        D(2021, 2, 18),
        [
            ([("blinken", ""), ("ashkenazi", "")], "phone", ["Blinken spoke"]),
            ([("austin", ""), ("gantz", "")], "phone", ["Blinken spoke"]),
        ],
    )
    assert [c.date for c in calls] == [D(2021, 1, 27), D(2021, 1, 26)]


def test_a_day_after_her_talks_dates_the_talks_the_day_before():
    body = "Blinken met Netanyahu on Sunday, a day after his talks with Gantz."
    calls, _ = date_calls(
        body,
        D(2023, 11, 5),
        [
            ([("blinken", ""), ("netanyahu", "")], "meeting", ["Blinken met"]),
            ([("blinken", ""), ("gantz", "")], "meeting", ["Blinken met"]),
        ],
    )
    assert [c.date for c in calls] == [D(2023, 11, 5), D(2023, 11, 4)]


def test_each_day_of_a_list_goes_with_its_own_person():
    body = "Blinken met Netanyahu on Tuesday and Gantz on Wednesday."
    calls, _ = date_calls(
        body,
        D(2023, 11, 9),
        [
            ([("blinken", ""), ("netanyahu", "")], "meeting", ["Blinken met"]),
            ([("blinken", ""), ("gantz", "")], "meeting", ["Blinken met"]),
        ],
    )
    assert [c.date for c in calls] == [D(2023, 11, 7), D(2023, 11, 8)]


# ---------------------------------------------------------------------------------------------
# Contacts found in real sentences by the contacts stage, then dated: date lines, clauses,
# sign-offs, thread headers, day headings and reported speech.


def contacts_dated(body, published=None, title=""):
    """The contacts of a multi-line text, found and dated as the pipeline does."""
    day = dt.date.fromisoformat(published) if published else None
    article = ArticleText(body=body, title=title, published=day)
    sentences = split_sentences(body)
    # The tree as the pipeline has it: the stages share one set of parses.
    mentions = find_mentions(article, sentences, WORLD)
    parses = ParsedOnDemand(sentences, mentions)
    calls = find_contacts(article, sentences, WORLD, mentions=mentions, parses=parses)
    assign_dates(calls, dataclasses.replace(article), sentences, WORLD, parses)
    return calls


def dated_calls(body, published=None, title=""):
    """The held contacts of a multi-line text as (participants, day) pairs, in order."""
    return [
        (frozenset(p.slug for p in c.participants), c.date)
        for c in contacts_dated(body, published, title)
        if c.status == "held"
    ]


def dated(body, published=None, title=""):
    """Each held contact of a multi-line text with the day the dates stage gives it."""
    return dict(dated_calls(body, published, title))


def test_a_leads_contact_takes_its_date_lines_day():
    article, sentences = article_of(
        "Manama, Nov. 18 (BNA) — Prime Minister Benjamin Netanyahu met with U.S. Secretary of "
        "Defense Lloyd Austin at the palace.",
        published="2023-11-18",
    )
    calls = find_contacts(article, sentences, WORLD)
    assign_dates(calls, dataclasses.replace(article), sentences, WORLD)
    assert [c.date for c in calls] == [D(2023, 11, 18)]


def test_each_clause_keeps_its_own_day():
    found = dated_calls(
        "Secretary Lloyd Austin ended a two-day visit on Wednesday. On Tuesday he met Benny "
        "Gantz in Jerusalem, and on Wednesday he toured a battery near Ashkelon.\n\n"
        "Austin and Gantz spoke again by phone on Wednesday night.",
        published="2022-04-20",
    )
    austin_gantz = pair("lloyd-austin", "benny-gantz")
    assert found == [(austin_gantz, D(2022, 4, 19)), (austin_gantz, D(2022, 4, 20))]


def test_a_day_earlier_dates_the_next_sentences_contact_too():
    found = dated(
        "Biden met Lapid in Bethlehem on Friday morning.\n\n"
        "A day earlier, in Jerusalem, Biden held talks with Secretary Antony Blinken. "
        "He also met opposition leader Benjamin Netanyahu for a short conversation.",
        published="2022-07-15",
    )
    assert found[pair("joe-biden", "benjamin-netanyahu")] == D(2022, 7, 14)


@pytest.mark.parametrize(
    ("body", "published", "title", "expected"),
    [
        # A signed statement is dated by its sign-off.
        (
            "Tonight I held a long conversation with my friend, U.S. Secretary of Defense Lloyd "
            "Austin.\n\nI told him that Israel will act to preserve its security. "
            "\u2014 Benny Gantz, Tel Aviv, September 21, 2021",
            None,
            "Statement by Defense Minister Benny Gantz",
            {pair("benny-gantz", "lloyd-austin"): D(2021, 9, 21)},
        ),
        # A thread under a header is its author's and of its day.
        (
            "Spoke again with Israeli Foreign Minister Gabi Ashkenazi today about the need for "
            "calm.",
            None,
            "Secretary Antony Blinken (@SecBlinken) \u00b7 May 20, 2021",
            {pair("antony-blinken", "gabi-ashkenazi"): D(2021, 5, 20)},
        ),
        # The day of the telling is not the day of the contact.
        (
            "Minister Ron Dermer told an interviewer on Friday that he and Secretary Antony "
            "Blinken spoke on Thursday night.",
            "2024-06-21",
            "",
            {pair("ron-dermer", "antony-blinken"): D(2024, 6, 20)},
        ),
        # A day heading dates the entries below it.
        (
            "Saturday, June 15\n\nSullivan met Netanyahu in Jerusalem for several hours.\n\n"
            "Sunday, June 16\n\nBlinken and Gantz met in Tel Aviv.",
            "2024-06-16",
            "",
            {
                pair("jake-sullivan", "benjamin-netanyahu"): D(2024, 6, 15),
                pair("antony-blinken", "benny-gantz"): D(2024, 6, 16),
            },
        ),
    ],
)
def test_sign_offs_headers_headings_and_reported_speech_date_the_contact(
    body, published, title, expected
):
    assert dated(body, published, title) == expected


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        # "the same day" after a day the paragraph names: that day, not the last contact's.
        (
            "Sunday: Secretary Lloyd Austin met Benny Gantz at the Kirya.\n\n"
            "Tuesday: Austin toured an air base in the Negev. Later that day, Secretary Antony "
            "Blinken met Prime Minister Naftali Bennett in Jerusalem.",
            "2022-04-23",
            {
                pair("lloyd-austin", "benny-gantz"): D(2022, 4, 17),
                pair("antony-blinken", "naftali-bennett"): D(2022, 4, 19),
            },
        ),
        # Without a day in its paragraph, "the next day" counts from the contact before it.
        (
            "Secretary Antony Blinken met Prime Minister Benjamin Netanyahu in Jerusalem on "
            "Monday.\n\nThe next day, Blinken met President Mahmoud Abbas in Ramallah.",
            "2023-11-08",
            {
                pair("antony-blinken", "benjamin-netanyahu"): D(2023, 11, 6),
                pair("antony-blinken", "mahmoud-abbas"): D(2023, 11, 7),
            },
        ),
        (
            "President Joe Biden spoke with Prime Minister Yair Lapid today.\n\n"
            "Earlier in the day, Secretary Antony Blinken called on President Isaac Herzog.",
            "2022-07-14",
            {
                pair("joe-biden", "yair-lapid"): D(2022, 7, 14),
                pair("antony-blinken", "isaac-herzog"): D(2022, 7, 14),
            },
        ),
        # Words fronted before anybody is named date every clause after them.
        (
            "On Thursday in Amman, Secretary Antony Blinken was received by King Abdullah II, "
            "and afterwards held talks with Foreign Minister Nasser Bourita.",
            "2023-11-11",
            {
                pair("antony-blinken", "abdullah-ii"): D(2023, 11, 9),
                pair("antony-blinken", "nasser-bourita"): D(2023, 11, 9),
            },
        ),
    ],
)
def test_the_same_day_and_the_next_count_from_the_day_told_before(body, published, expected):
    assert dated(body, published) == expected


@pytest.mark.parametrize(
    "plan",
    [
        "The Secretary will travel to Amman on Friday, where he plans to meet Jordanian officials.",
        "Blinken is expected to fly to Cairo on Tuesday to meet Egyptian leaders.",
    ],
)
def test_a_plan_told_after_a_contact_does_not_date_it(plan):
    contact = "Secretary Antony Blinken met Prime Minister Benjamin Netanyahu in Jerusalem."
    [call] = contacts_dated(f"{contact} {plan}", "2023-11-08")
    assert call.date is None and "Tuesday" not in call.date_text and "Friday" not in call.date_text
    assert [s.text for s in call.evidence] == [contact]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A day inside another event's noun phrase, in a sentence going on about the contact.
        (
            "Secretary Antony Blinken met Tuesday in Tel Aviv with Prime Minister Benjamin "
            "Netanyahu. It was Blinken's fifth trip to Israel since the Hamas attack of October 7, "
            "in which some 1,200 people were killed.",
            D(2024, 1, 9),
        ),
        # The day of a plan told after the contact.
        (
            "Secretary Antony Blinken met Prime Minister Benjamin Netanyahu in Jerusalem today. "
            "Blinken is due in Cairo on Thursday.",
            D(2024, 1, 10),
        ),
        # A contact with no day of its own, after the arrival the same paragraph dates.
        (
            "Secretary Antony Blinken arrived today in Jerusalem from Amman. He held a working "
            "meeting with Prime Minister Benjamin Netanyahu.",
            D(2024, 1, 10),
        ),
    ],
)
def test_days_of_other_things_in_the_sentences_around_a_contact(body, expected):
    [call] = contacts_dated(body, "2024-01-10")
    assert call.date == expected
    assert not any("disagree" in r for r in call.review_reasons)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A weekday after "since" bounds a span of contacts; it is not this contact's day.
        (
            "Secretary Lloyd Austin speaks by phone with Minister Yoav Gallant, their fifth call "
            "since Saturday.",
            D(2023, 10, 12),
        ),
        (
            "Secretary Lloyd Austin spoke with Minister Yoav Gallant today, the sixth time they "
            "have talked since last Saturday.",
            D(2023, 10, 12),
        ),
        # The present perfect tells the news of the day it is published.
        (
            "Secretary Lloyd Austin has landed in Tel Aviv, where he met Minister Yoav Gallant at "
            "the Kirya.",
            D(2023, 10, 12),
        ),
    ],
)
def test_bounds_and_the_present_perfect(body, expected):
    assert dated(body, "2023-10-12") == {pair("lloyd-austin", "yoav-gallant"): expected}


def test_a_date_line_without_a_year_and_a_weekday_pin_the_year_through_terms_of_office():
    found = dated(
        "Amman, October 13 (Petra) -- King Abdullah II received Secretary of State Antony "
        "Blinken at the palace on Friday and warned against any displacement of Palestinians."
    )
    assert found == {pair("abdullah-ii", "antony-blinken"): D(2023, 10, 13)}


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        ("The statement released on Tuesday said the two spoke.", True),
        ("The readout, issued by the embassy on Tuesday, said the two spoke.", True),
        ("The two met to discuss the hostages released on Tuesday.", False),
        ("They discussed the report published on Tuesday by the UN.", True),
    ],
)
def test_a_release_day_is_a_statement_only_when_a_text_is_released(text, statement):
    [expr] = find_expressions(text)
    assert expr.statement is statement


def test_the_day_others_were_released_does_not_date_a_meeting_told_today():
    found = dated(
        "Secretary Antony Blinken and Prime Minister Benjamin Netanyahu met today to discuss "
        "the hostages released yesterday.",
        "2023-11-28",
    )
    assert found == {pair("antony-blinken", "benjamin-netanyahu"): D(2023, 11, 28)}


def test_a_subject_list_cut_by_its_commas_keeps_the_day_of_its_contact_word():
    found = dated_calls(
        "Secretary Antony Blinken, the top U.S. diplomat, and Jake Sullivan, the national "
        "security adviser, met President Mahmoud Abbas in Ramallah on Thursday, hours after "
        "holding talks in Tel Aviv with Prime Minister Benjamin Netanyahu.",
        "2023-11-10",
    )
    assert found and all(day == D(2023, 11, 9) for _people, day in found)
    assert any("mahmoud-abbas" in people for people, _day in found)
