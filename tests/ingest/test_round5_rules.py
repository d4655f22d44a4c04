"""Sentence-level checks of the fifth extraction round's rules: new contact words, the passive
voice, asides between subject and verb, names that are nouns, per-clause days, and the dates of
signed statements, thread headers, day headings and reported speech."""

import dataclasses
from datetime import date

import pytest

from ingest.pipeline.clean_html import extract_html
from ingest.pipeline.contacts import find_contacts
from ingest.pipeline.dates import assign_dates
from ingest.pipeline.records import ArticleText
from ingest.pipeline.sentences import split_sentences
from tests.ingest.extract_helpers import pair, pairs
from tests.ingest.test_round4_rules import WORLD, contacts_in, people_in


def dated_calls(body, published=None, title=""):
    """The held contacts of a multi-line text as (participants, day) pairs, in order."""
    day = date.fromisoformat(published) if published else None
    article = ArticleText(body=body, title=title, published=day)
    sentences = split_sentences(body)
    calls = find_contacts(article, sentences, WORLD)
    assign_dates(calls, dataclasses.replace(article), sentences, WORLD)
    return [
        (frozenset(p.slug for p in c.participants), c.date) for c in calls if c.status == "held"
    ]


def dated(body, published=None, title=""):
    """Each held contact of a multi-line text with the day the dates stage gives it."""
    return dict(dated_calls(body, published, title))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # New rows of the contact vocabulary.
        (
            "Secretary Blinken also held a working session with Foreign Minister Nasser Bourita "
            "on regional security.",
            {pair("antony-blinken", "nasser-bourita")},
        ),
        (
            "Secretary Blinken hosted Minister Ron Dermer for a working lunch at the Department.",
            {pair("antony-blinken", "ron-dermer")},
        ),
        (
            "Ambassador Blinken presented his letter of credence today to President Herzog.",
            {pair("antony-blinken", "isaac-herzog")},
        ),
        # Talks that bring people together make one contact of all of them.
        (
            "Later in the day, talks in Cairo brought together Blinken, Netanyahu and Gantz.",
            {pair("antony-blinken", "benjamin-netanyahu", "benny-gantz")},
        ),
        (
            "A meeting in Rome on Sunday gathered Burns, Dermer and Sullivan.",
            {pair("william-burns", "ron-dermer", "jake-sullivan")},
        ),
        # The passive voice: the agent after "by" is the other side.
        (
            "Blinken was received by Foreign Minister Nasser Bourita at the ministry.",
            {pair("antony-blinken", "nasser-bourita")},
        ),
        # "they" after a list subject are that list, not the nearest name.
        (
            "Blinken and Dermer saw Netanyahu in Jerusalem on Tuesday, then flew to Rabat, "
            "where they were received by Foreign Minister Nasser Bourita on Wednesday.",
            {
                pair("antony-blinken", "ron-dermer", "benjamin-netanyahu"),
                pair("antony-blinken", "ron-dermer", "nasser-bourita"),
            },
        ),
        # A blessing between subject and verb is no plan ("may") and breaks nothing.
        (
            "Nasser Bourita, may God assist Him, received today at the palace in Rabat the "
            "Senior Advisor to the President of the United States, Mr. Antony Blinken.",
            {pair("antony-blinken", "nasser-bourita")},
        ),
        # A list subject with an apposition and a country ("X of Israel") before "spoke".
        (
            "President Joe Biden, Prime Minister Benjamin Netanyahu of Israel, and Sheikh "
            "Mohamed bin Zayed, Crown Prince of Abu Dhabi and Deputy Supreme Commander of the "
            "United Arab Emirates, spoke today and agreed to normalise relations.",
            {pair("joe-biden", "benjamin-netanyahu", "mohamed-bin-zayed")},
        ),
        # "he and X spoke": "he" is the one who said it.
        (
            "Minister Ron Dermer told an interviewer on Friday that he and Secretary Antony "
            "Blinken spoke on Thursday night about the situation with Iran.",
            {pair("ron-dermer", "antony-blinken")},
        ),
    ],
)
def test_round_five_contact_forms(text, expected):
    assert pairs(contacts_in(text, published="2024-02-14")) == expected


def test_a_title_ending_in_an_abstract_noun_is_no_new_person():
    text = (
        "Sheikh Abdullah bin Zayed Al Nahyan, Minister of Foreign Affairs and International "
        "Cooperation, received today Yair Lapid."
    )
    assert "Cooperation" not in people_in(text, published="2021-06-29")
    assert pairs(contacts_in(text, published="2021-06-29")) == {
        pair("abdullah-bin-zayed", "yair-lapid")
    }


def test_a_new_official_with_a_personal_name_is_still_found():
    found = people_in("Blinken met Sudanese Foreign Minister Ali Youssef in Cairo.")
    assert "Ali Youssef" in found


def test_each_clause_keeps_its_own_day():
    found = dated_calls(
        "Secretary Lloyd Austin ended a two-day visit on Wednesday. On Tuesday he met Benny "
        "Gantz in Jerusalem, and on Wednesday he toured a battery near Ashkelon.\n\n"
        "Austin and Gantz spoke again by phone on Wednesday night.",
        published="2022-04-20",
    )
    austin_gantz = pair("lloyd-austin", "benny-gantz")
    assert found == [(austin_gantz, date(2022, 4, 19)), (austin_gantz, date(2022, 4, 20))]


def test_a_chronology_keeps_a_pair_on_each_dated_line():
    body = (
        "Oct. 10 \u2014 Biden spoke with Netanyahu for the third time since the attack.\n\n"
        "Oct. 18 \u2014 Biden visits Israel and meets Netanyahu in Tel Aviv."
    )
    article = ArticleText(body=body, published=date(2023, 12, 1))
    calls = find_contacts(article, split_sentences(body), WORLD)
    assert [frozenset(p.slug for p in c.participants) for c in calls] == [
        pair("joe-biden", "benjamin-netanyahu")
    ] * 2


def test_a_day_earlier_dates_the_next_sentences_contact_too():
    found = dated(
        "Biden met Lapid in Bethlehem on Friday morning.\n\n"
        "A day earlier, in Jerusalem, Biden held talks with Secretary Antony Blinken. "
        "He also met opposition leader Benjamin Netanyahu for a short conversation.",
        published="2022-07-15",
    )
    assert found[pair("joe-biden", "benjamin-netanyahu")] == date(2022, 7, 14)


def test_a_signed_statement_is_dated_by_its_sign_off():
    found = dated(
        "Tonight I held a long conversation with my friend, U.S. Secretary of Defense Lloyd "
        "Austin.\n\nI told him that Israel will act to preserve its security. "
        "\u2014 Benny Gantz, Tel Aviv, September 21, 2020",
        title="Statement by Defense Minister Benny Gantz",
    )
    assert found == {pair("benny-gantz", "lloyd-austin"): date(2020, 9, 21)}


def test_a_thread_under_a_header_is_its_authors_and_of_its_day():
    found = dated(
        "Spoke again with Israeli Foreign Minister Gabi Ashkenazi today about the need for calm.",
        title="Secretary Antony Blinken (@SecBlinken) \u00b7 May 20, 2021",
    )
    assert found == {pair("antony-blinken", "gabi-ashkenazi"): date(2021, 5, 20)}


def test_the_day_of_the_telling_is_not_the_day_of_the_contact():
    found = dated(
        "Minister Ron Dermer told an interviewer on Friday that he and Secretary Antony "
        "Blinken spoke on Thursday night.",
        published="2024-06-21",
    )
    assert found == {pair("ron-dermer", "antony-blinken"): date(2024, 6, 20)}


def test_a_day_heading_dates_the_entries_below_it():
    found = dated(
        "Saturday, June 15\n\nSullivan met Netanyahu in Jerusalem for several hours.\n\n"
        "Sunday, June 16\n\nBlinken and Gantz met in Tel Aviv.",
        published="2024-06-16",
    )
    assert found == {
        pair("jake-sullivan", "benjamin-netanyahu"): date(2024, 6, 15),
        pair("antony-blinken", "benny-gantz"): date(2024, 6, 16),
    }


def test_a_table_row_that_tells_a_contact_is_kept():
    rows = "".join(
        f"<tr><td>{d}</td><td>{who}</td><td>{what}</td></tr>"
        for d, who, what in [
            ("April 7, 2025", "Netanyahu", "Biden hosted Netanyahu in the Oval Office."),
            ("April 9, 2025", "Dermer", "Blinken and Dermer met to coordinate positions."),
            ("April 10, 2025", "Gantz", "Austin spoke with Gantz about Gaza."),
        ]
    )
    page = (
        "<html><head><title>Tracker</title></head><body><h1>Tracker</h1>"
        "<p>Our running log of the month's contacts between officials, updated weekly.</p>"
        f"<table><tbody>{rows}</tbody></table></body></html>"
    )
    assert "Austin spoke with Gantz about Gaza." in extract_html(page).body
