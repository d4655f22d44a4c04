"""The whole extraction of one document, from raw bytes to contacts with warnings."""

import time
from datetime import date
from pathlib import Path

import pytest

from ingest.pipeline.records import IngestError, SourceInput
from ingest.pipeline.run import extract
from tests.ingest.extract_helpers import pair, pairs
from tests.ingest.reference_fixture import REFERENCE, build_reference

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
DEV = ROOT.parent / "shared" / "eval" / "dev"


def seed(prefix, reference=REFERENCE):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return extract(SourceInput(raw=path.read_bytes(), filename=path.name), reference)


def test_a_news_page_gives_its_one_call_despite_tweets_typos_and_teasers():
    result = seed("000")
    assert pairs(result.calls) == {pair("antony-blinken", "gabi-ashkenazi")}
    (call,) = result.calls
    assert call.mode == "phone"
    assert call.date == date(2021, 2, 22)
    # The tweet about the same call is evidence of it, not a second call.
    assert any("Great speaking with @Gabi_Ashkenazi" in s.text for s in call.evidence)
    assert call.evidence[0].text.startswith("US Secretary of State Antony Blinken spoke Monday")


def test_a_denied_call_and_a_planned_meeting_are_not_calls():
    result = seed("002")
    assert pairs(result.calls) == {
        pair("antony-blinken", "gabi-ashkenazi"),
        pair("jake-sullivan", "meir-ben-shabbat"),
    }
    assert (
        "iran"
        in next(
            c for c in result.calls if "gabi-ashkenazi" in {p.slug for p in c.participants}
        ).topics
    )


def test_held_and_scheduled_contacts_are_told_apart():
    result = seed("004")
    assert pairs(result.calls) == {
        pair("antony-blinken", "yoav-gallant"),
        pair("yoav-gallant", "amos-hochstein"),
        pair("yoav-gallant", "william-burns"),
    }
    assert pairs(result.calls, status="scheduled") == {pair("yoav-gallant", "brett-mcgurk")}
    meeting = next(c for c in result.calls if "antony-blinken" in {p.slug for p in c.participants})
    assert (meeting.mode, meeting.location) == ("meeting", "Washington")
    assert {"hostages", "gaza-ceasefire"} <= set(meeting.topics)


def test_an_official_missing_from_the_reference_is_created_for_review():
    result = seed("004", reference=build_reference(without={"william-burns"}))
    assert "unknown person 'William Burns' introduced as CIA director: created for review" in (
        result.warnings
    )
    call = next(c for c in result.calls if any(p.is_new for p in c.participants))
    assert call.needs_review


def test_a_text_without_a_publication_date_says_so_once():
    result = seed("003")
    assert len(pairs(result.calls)) == 2
    assert sum("publication date" in w.lower() for w in result.warnings) == 1


@pytest.mark.parametrize(
    ("raw", "words"),
    [(b"", "empty"), (b"\x00\x01\x02\xff" * 50, "binary")],
)
def test_unreadable_input_raises_an_ingest_error_with_its_reason(raw, words):
    with pytest.raises(IngestError, match=words):
        extract(SourceInput(raw=raw, filename="bad.txt"), REFERENCE)


def test_a_text_with_no_contact_says_so():
    raw = b"The weather in Jerusalem was mild on Tuesday, and markets were calm.\n"
    result = extract(SourceInput(raw=raw, filename="weather.txt"), REFERENCE)
    assert result.calls == []
    assert "no contact between officials found" in result.warnings


@pytest.mark.benchmark
def test_throughput_of_the_whole_pipeline(capsys):
    paths = sorted(SEEDS.glob("*.txt")) + sorted(DEV.glob("*.txt"))
    docs = [SourceInput(raw=p.read_bytes(), filename=p.name) for p in paths]
    extract(docs[0], REFERENCE)  # the matchers are compiled once, on the first document
    start = time.perf_counter()
    found = sum(len(extract(doc, REFERENCE).calls) for doc in docs * 3)
    rate = 3 * len(docs) / (time.perf_counter() - start)
    with capsys.disabled():
        print(f"\nextract: {rate:.0f} documents per second on {len(docs)} texts")
    assert found >= 3 * len(docs)


def text_of(raw, published):
    return extract(
        SourceInput(raw=raw.encode(), filename="t.txt", published=date.fromisoformat(published)),
        REFERENCE,
    )


@pytest.mark.parametrize(
    ("raw", "published", "expected", "day"),
    [
        # Only the headline tells the contact; the lead gives its day.
        (
            "Blinken calls Gallant over Rafah\n\nSecretary of State Antony Blinken pressed Israel's "
            "defense minister on Monday to protect civilians, the State Department said.\n",
            "2024-05-07",
            {pair("antony-blinken", "yoav-gallant")},
            date(2024, 5, 6),
        ),
        # A live blog's entry in the present tense happened on the day the text is dated.
        (
            "Live: war in Gaza\n\nDefense Secretary Lloyd Austin speaks by phone with Defense "
            "Minister Yoav Gallant, the Pentagon says.\n",
            "2023-10-12",
            {pair("lloyd-austin", "yoav-gallant")},
            date(2023, 10, 12),
        ),
        # A statement's "I" is the official who issues it.
        (
            "Statement by Secretary of State Antony Blinken\n\nI just met with Prime Minister "
            "Benjamin Netanyahu in Jerusalem.\n",
            "2024-01-09",
            {pair("antony-blinken", "benjamin-netanyahu")},
            date(2024, 1, 9),
        ),
    ],
)
def test_headlines_present_tense_and_statements(raw, published, expected, day):
    result = text_of(raw, published)
    assert pairs(result.calls) == expected
    assert [c.date for c in result.calls] == [day]


def test_a_headline_does_not_repeat_a_contact_the_body_tells():
    raw = (
        "Secretary Blinken's Call with Prime Minister Netanyahu\n\nSecretary of State Antony "
        "Blinken spoke today with Prime Minister Benjamin Netanyahu and President Isaac Herzog.\n"
    )
    result = text_of(raw, "2024-01-09")
    assert len(result.calls) == 2


def _extract_text(text, published=None):
    from tests.ingest.reference_fixture import WORLD

    return extract(SourceInput(raw=text.encode(), filename="t.txt", published=published), WORLD)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # The day of an arrival told in a relative clause is not the day of the talks.
        (
            "Gallant, who landed in Washington on Sunday night, sat down on Monday with "
            "Secretary of Defense Lloyd Austin at the Pentagon.",
            date(2023, 3, 8),
            date(2023, 3, 6),
        ),
        (
            "Prime Minister Netanyahu, who flew to Washington on Sunday, met President Biden "
            "at the White House on Monday.",
            date(2023, 3, 8),
            date(2023, 3, 6),
        ),
        # A sentence that tells the contact again dates it only by its own clause's words.
        (
            "WASHINGTON, March 8, 2023 — Secretary of Defense Lloyd Austin met Israeli Defense "
            "Minister Yoav Gallant at the Pentagon today. Austin and Gallant discussed Prime "
            "Minister Netanyahu's March 5 speech and Iran.",
            None,
            date(2023, 3, 8),
        ),
    ],
)
def test_only_the_time_words_of_the_contacts_own_clause_date_it(text, published, expected):
    (call,) = _extract_text(text, published).calls
    assert call.date == expected


@pytest.mark.parametrize(
    "dateline",
    ["Riyadh, March 2, 2025, SPA --", "Riyadh, Ramadan 2, 1446, March 2, 2025, SPA --"],
)
def test_a_news_agencys_date_line_dates_today(dateline):
    text = (
        f"{dateline} Crown Prince Mohammed bin Salman received today at Al-Yamamah Palace the "
        "U.S. Secretary of State, Marco Rubio."
    )
    (call,) = _extract_text(text).calls
    assert pairs([call]) == {pair("mohammed-bin-salman", "marco-rubio")}
    assert call.date == date(2025, 3, 2)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "Prince Mohammed bin Salman bin Abdulaziz Al Saud, Crown Prince, Prime Minister, "
            "held official talks with Secretary of State Antony Blinken.",
            date(2023, 3, 2),
            pair("mohammed-bin-salman", "antony-blinken"),
        ),
        (
            "Prince Mohammed bin Salman, Crown Prince, Minister of Defense, held official talks "
            "with Secretary of State Marco Rubio.",
            date(2025, 3, 2),
            pair("mohammed-bin-salman", "marco-rubio"),
        ),
    ],
)
def test_posts_set_after_a_name_are_that_persons_own(text, published, expected):
    # Israel's prime minister or defence minister of the day took part in neither.
    assert pairs(_extract_text(text, published).calls) == {expected}


def test_the_speaker_of_remarks_given_in_a_meeting_is_in_it():
    text = (
        "Joe Biden\n\n"
        "Remarks in a Virtual Meeting With Prime Minister Yair Lapid of Israel\n\n"
        "July 14, 2022\n\n"
        "Prime Minister Lapid. Thank you, Mr. President. We are glad to host this summit.\n"
    )
    calls = _extract_text(text).calls
    assert pairs(calls) == {pair("joe-biden", "yair-lapid")}
    assert calls[0].mode == "video"


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        # Nearly a year before he took the post the text gives him: not his day, left to an editor.
        (date(2024, 1, 2), None),
        # Days before taking office, as a nominee: a day like any other.
        (date(2025, 1, 10), date(2025, 1, 10)),
        (date(2025, 3, 4), date(2025, 3, 4)),
    ],
)
def test_a_day_that_contradicts_a_participants_post_is_not_published(published, expected):
    text = "Secretary Rubio met Prime Minister Netanyahu in Jerusalem today."
    (call,) = _extract_text(text, published).calls
    assert call.date == expected
    if expected is None:
        assert call.date_precision == "unknown"
        assert any("not taken as the contact's day" in r for r in call.review_reasons)
