"""Sentence-level checks of the fourth extraction round's rules: names inside longer names and
places, posts named in the plural, the contact vocabulary, open gaps, owners, live-blog entries
and the date line as the day of posts and of a lead's contact."""

import dataclasses
from datetime import date

import pytest

from ingest.pipeline.clean_html import extract_html
from ingest.pipeline.contacts import find_contacts
from ingest.pipeline.people import find_mentions
from ingest.pipeline.records import PersonRef, PositionRef, Reference
from tests.ingest.extract_helpers import article_of, pair, pairs
from tests.ingest.reference_fixture import REFERENCE

D = date
GULF = [
    ("mohammed-bin-salman", "Mohammed bin Salman", "SA", "Crown Prince", "crown-prince", D(2017, 6, 21)),
    ("king-salman", "Salman bin Abdulaziz Al Saud", "SA", "King", "king", D(2015, 1, 23)),
    ("nawaf-salam", "Nawaf Salam", "LB", "Prime Minister", "prime-minister", D(2025, 2, 8)),
    ("mohamed-bin-zayed", "Mohamed bin Zayed Al Nahyan", "AE", "Crown Prince of Abu Dhabi", "crown-prince", D(2014, 1, 1)),
    ("abdullah-bin-zayed", "Abdullah bin Zayed Al Nahyan", "AE", "Minister of Foreign Affairs", "foreign-minister", D(2006, 2, 9)),
    ("nasser-bourita", "Nasser Bourita", "MA", "Minister of Foreign Affairs", "foreign-minister", D(2017, 4, 5)),
    ("faisal-bin-farhan", "Faisal bin Farhan Al Saud", "SA", "Minister of Foreign Affairs", "foreign-minister", D(2019, 10, 23)),
]  # fmt: skip
WORLD = Reference(
    people=REFERENCE.people + [PersonRef(s, n, c) for s, n, c, *_ in GULF],
    aliases={
        **REFERENCE.aliases,
        "mohamed-bin-zayed": ["Mohamed bin Zayed"],
        "faisal-bin-farhan": ["Faisal bin Farhan"],
    },
    positions=REFERENCE.positions
    + [PositionRef(s, t, r, c, start) for s, _, c, t, r, start in GULF],
    topics=REFERENCE.topics,
)


def contacts_in(*texts, published=None):
    article, sentences = article_of(*texts, published=published)
    return find_contacts(article, sentences, WORLD)


def people_in(*texts, published=None):
    article, sentences = article_of(*texts, published=published)
    return {p.name for m in find_mentions(article, sentences, WORLD) for p in m.people}


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # A father's and family name inside a longer name are no one's mention.
        (
            "Prince Mohammed bin Salman bin Abdulaziz Al Saud received Jake Sullivan.",
            "Salman bin Abdulaziz Al Saud",
        ),
        # A capitalised place noun makes the words before it a place.
        ("Blinken was received at Al-Salam Palace in Jeddah.", "Nawaf Salam"),
        ("Netanyahu met Blinken at Rabin Square.", "Rabin"),
        # A capitalised name after "of" is a place, not a newcomer.
        ("He met Sheikh Mohamed bin Zayed, Crown Prince of Abu Dhabi.", "Abu Dhabi"),
    ],
)
def test_names_inside_longer_names_and_places_are_not_people(text, absent):
    assert absent not in people_in(text, published="2023-07-27")


@pytest.mark.parametrize(
    ("texts", "published", "expected"),
    [
        (
            ["Blinken hosted a virtual meeting with the foreign ministers of Israel, the United "
             "Arab Emirates and Morocco."],
            "2022-03-28",
            {pair("antony-blinken", "yair-lapid"), pair("antony-blinken", "abdullah-bin-zayed"),
             pair("antony-blinken", "nasser-bourita")},
        ),
        (["Katz discussed the hostage deal by phone with Special Envoy Amos Hochstein."],
         "2024-01-10", {pair("israel-katz", "amos-hochstein")}),
        (["Blinken saw Prime Minister Benjamin Netanyahu in Jerusalem on Tuesday."],
         "2024-01-10", {pair("antony-blinken", "benjamin-netanyahu")}),
        (["Blinken sat down with Netanyahu for three hours."],
         "2024-01-10", {pair("antony-blinken", "benjamin-netanyahu")}),
        # "called on" someone is a visit (Lew is not in this reference: a titled newcomer).
        (["Ambassador Lew called on Prime Minister Benjamin Netanyahu at his office."],
         "2024-01-10", {pair("lew", "benjamin-netanyahu")}),
        (["Sullivan huddled with Dermer at the White House."],
         "2024-01-10", {pair("jake-sullivan", "ron-dermer")}),
        # An owner named inside another official's title is not the other side.
        (["Netanyahu met President Joe Biden's envoy Amos Hochstein."],
         "2024-01-10", {pair("benjamin-netanyahu", "amos-hochstein")}),
        (["Netanyahu met the Special Envoy of President Joe Biden to the region, Amos Hochstein."],
         "2024-01-10", {pair("benjamin-netanyahu", "amos-hochstein")}),
        # An apposition and a place between two people of one list.
        (["Blinken spoke with Mohamed bin Zayed, Crown Prince of Abu Dhabi, and Prime Minister "
          "Benjamin Netanyahu."],
         "2020-08-13",
         {pair("antony-blinken", "mohamed-bin-zayed"), pair("antony-blinken", "benjamin-netanyahu")}),
        (["Hochstein met with Netanyahu in Jerusalem, and with Gallant in Tel Aviv."],
         "2024-01-10",
         {pair("amos-hochstein", "benjamin-netanyahu"), pair("amos-hochstein", "yoav-gallant")}),
        # "they" after a list subject are all of its people.
        (["Dermer and Hanegbi saw Sullivan on Monday, and on Tuesday they sat down with Blinken."],
         "2024-01-10",
         {frozenset({"ron-dermer", "tzachi-hanegbi", "jake-sullivan"}),
          frozenset({"ron-dermer", "tzachi-hanegbi", "antony-blinken"})}),
    ],
)  # fmt: skip
def test_contact_words_posts_and_lists(texts, published, expected):
    assert pairs(contacts_in(*texts, published=published)) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Another verb, another contact word or a plain topic between the verb and the person.
        "Blinken discussed Iran with Netanyahu.",
        "Blinken met reporters, then flew to Tel Aviv with Netanyahu's aide.",
        "Abbas received a phone call from Blinken.",  # one contact, told by "call"
    ],
)
def test_what_a_gap_may_not_hold(text):
    calls = contacts_in(text, published="2024-01-10")
    assert all(c.mode != "meeting" for c in calls) and len(calls) <= 1


def test_joiners_told_the_other_way_round_take_part():
    calls = contacts_in(
        "Blinken held a video call on Friday with Foreign Minister Yair Lapid.",
        "Joining the video call were Jake Sullivan and Eyal Hulata.",
        published="2022-03-26",
    )
    assert pairs(calls) == {
        frozenset({"antony-blinken", "yair-lapid", "jake-sullivan", "eyal-hulata"})
    }


def test_the_two_envoys_are_two_of_one_side():
    calls = contacts_in(
        "Hochstein and McGurk met Netanyahu on Monday.",
        "On Tuesday the two envoys sat down with Gallant.",
        published="2024-01-10",
    )
    assert frozenset({"amos-hochstein", "brett-mcgurk", "yoav-gallant"}) in pairs(calls)


def test_a_date_line_is_the_day_posts_are_held_on():
    article, sentences = article_of(
        "Riyadh, February 17, 2025, SPA -- The Minister of Foreign Affairs, Prince Faisal bin "
        "Farhan bin Abdullah, received at his office in Riyadh today the Secretary of State of "
        "the United States of America."
    )
    assert pairs(find_contacts(article, sentences, WORLD)) == {
        pair("faisal-bin-farhan", "marco-rubio")
    }


def test_every_entry_of_a_live_blog_is_kept():
    entries = "".join(
        f'<div class="entry"><h3>Update {n}</h3><p>{text}</p></div>'
        for n, text in enumerate(
            [
                "Blinken landed in Tel Aviv this morning and went straight into talks.",
                "President Isaac Herzog receives Blinken at the President's Residence.",
                "Austin speaks by phone with Defense Minister Yoav Gallant again.",
            ]
        )
    )
    page = (
        "<html><head><title>Live: Blinken in Israel</title></head><body>"
        '<h1>Live: Blinken in Israel</h1><div class="liveblog">'
        + entries
        + '</div><div class="recirc"><h4>Read more</h4><p>Other news</p></div></body></html>'
    )
    body = extract_html(page).body
    assert "Herzog receives Blinken" in body and "Gallant again" in body
    assert "Other news" not in body


def test_a_leads_contact_takes_its_date_lines_day():
    from ingest.pipeline.dates import assign_dates

    article, sentences = article_of(
        "Manama, Nov. 18 (BNA) — Prime Minister Benjamin Netanyahu met with U.S. Secretary of "
        "Defense Lloyd Austin at the palace.",
        published="2023-11-18",
    )
    calls = find_contacts(article, sentences, WORLD)
    assign_dates(calls, dataclasses.replace(article), sentences, WORLD)
    assert [c.date for c in calls] == [date(2023, 11, 18)]
