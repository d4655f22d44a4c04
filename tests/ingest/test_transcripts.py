"""Transcripts: officials of different countries speaking in turn make one contact, dated by
the transcript's date line; one official answering questions makes none."""

from datetime import date

import pytest

from ingest.pipeline.records import SourceInput
from ingest.pipeline.run import extract
from tests.ingest.extract_helpers import pair, pairs
from tests.ingest.reference_fixture import WORLD


def read(raw, published=None):
    day = date.fromisoformat(published) if published else None
    return extract(SourceInput(raw=raw.encode(), filename="t.txt", published=day), WORLD)


def test_two_officials_taking_turns_met_on_the_transcripts_day():
    result = read(
        "Remarks Before a Working Session\n\nMarch 4, 2024\n\n"
        "SECRETARY BLINKEN: Good morning. It is good to be back in the region with a partner "
        "we trust.\n\n"
        "FOREIGN MINISTER BOURITA: Thank you, Secretary. You are always welcome here.\n\n"
        "SECRETARY BLINKEN: We have a great deal to cover on the humanitarian situation.\n"
    )
    assert pairs(result.calls) == {pair("antony-blinken", "nasser-bourita")}
    (call,) = result.calls
    assert (call.mode, call.date) == ("meeting", date(2024, 3, 4))


def test_a_virtual_settings_heading_makes_the_exchange_a_video_call():
    result = read(
        "Remarks at a Virtual Gathering of Partners\n\nJune 2, 2023\n\n"
        "Secretary Blinken. Welcome to all of our partners joining from their capitals.\n\n"
        "Foreign Minister Bourita. Thank you, Tony, for convening us today.\n"
    )
    (call,) = result.calls
    assert {p.slug for p in call.participants} == {"antony-blinken", "nasser-bourita"}
    assert call.mode == "video"


@pytest.mark.parametrize(
    "raw",
    [
        # A spokesperson's briefing: one official and the press.
        "Department Press Briefing\n\nMay 6, 2024\n\n"
        "MR MILLER: Good afternoon. I have nothing to announce at the top.\n\n"
        "QUESTION: Will the Secretary travel this week?\n\n"
        "MR MILLER: I have no travel to announce.\n",
        # A hearing: an official and senators the reference does not hold.
        "Hearing of the Committee\n\nMay 21, 2024\n\n"
        "SENATOR RISCH: Mr. Secretary, thank you for being here this morning.\n\n"
        "SECRETARY BLINKEN: Thank you, Senator. It is good to be with the committee.\n",
    ],
)
def test_one_official_answering_questions_is_no_contact(raw):
    assert read(raw).calls == []


def test_a_headings_joint_appearance_is_dated_by_the_transcript():
    result = read(
        "Secretary Blinken and Moroccan Foreign Minister Nasser Bourita at a Joint Press "
        "Availability\n\nRabat, Morocco\nJanuary 7, 2024\n\n"
        "SECRETARY BLINKEN: Thank you, Nasser. Let me start with the situation in Gaza.\n\n"
        "SECRETARY BLINKEN: We will keep working on getting more aid in.\n"
    )
    assert pairs(result.calls) == {pair("antony-blinken", "nasser-bourita")}
    assert result.calls[0].date == date(2024, 1, 7)


def test_a_contact_a_speaker_tells_in_a_turn_is_theirs_not_the_exchanges():
    result = read(
        "Remarks Before a Working Session\n\nMarch 4, 2024\n\n"
        "SECRETARY BLINKEN: Good morning. I spoke with Prime Minister Netanyahu last week about "
        "the hostages.\n\n"
        "FOREIGN MINISTER BOURITA: Thank you, Secretary. You are always welcome here.\n"
    )
    assert pairs(result.calls) == {
        pair("antony-blinken", "nasser-bourita"),
        pair("antony-blinken", "benjamin-netanyahu"),
    }
    exchange = next(c for c in result.calls if c.setting == "transcript")
    assert exchange.date == date(2024, 3, 4)
