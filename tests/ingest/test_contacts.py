"""Finding contacts: who spoke with or met whom, how, where; nothing from plans, denials,
history or teasers; one call per contact however many sentences report it."""

from datetime import date

import pytest

from ingest.pipeline.contacts import find_contacts
from ingest.pipeline.records import ArticleText
from ingest.pipeline.sentences import split_sentences
from tests.ingest.extract_helpers import article_of, pair, pairs
from tests.ingest.reference_fixture import WORLD

BLINKEN, ASHKENAZI, NETANYAHU, ABBAS = (
    "antony-blinken",
    "gabi-ashkenazi",
    "benjamin-netanyahu",
    "mahmoud-abbas",
)


def contacts_in(*texts, published=None):
    article, sentences = article_of(*texts, published=published)
    return find_contacts(article, sentences, WORLD)


@pytest.mark.parametrize(
    ("texts", "published", "expected", "mode"),
    [
        (
            [
                "US Secretary of State Antony Blinken spoke Monday with Israeli Foreign Minister Gabi Ashkenazi."
            ],
            "2021-02-23",
            {pair(BLINKEN, ASHKENAZI)},
            "phone",
        ),
        (
            [
                "U.S. Secretary of State Antony Blinken spoke on the phone with Israeli Prime Minister Benjamin Netanyahu on Tuesday, according to Matthew Miller, spokesman for the U.S. State Department."
            ],
            "2023-09-05",
            {pair(BLINKEN, NETANYAHU)},
            "phone",
        ),
        (
            [
                "A separate State Department statement from Miller released on Tuesday referred to Blinken’s call on Monday with Palestinian Authority head Mahmoud Abbas."
            ],
            "2023-09-05",
            {pair(BLINKEN, ABBAS)},
            "phone",
        ),
        (
            [
                "U.S. Secretary of State Antony Blinken held a call with Israeli Foreign Minister Gabi Ashkenazi on Wednesday, a day after his confirmation as President Joe Biden’s secretary of state."
            ],
            "2021-01-27",
            {pair(BLINKEN, ASHKENAZI)},
            "phone",
        ),
        (
            [
                "It was the second top-level call between the Israeli government and the Biden administration, following National Security Adviser Jake Sullivan’s conversation with Meir Ben Shabbat, his Israeli counterpart, on Saturday."
            ],
            "2021-01-27",
            {pair("jake-sullivan", "meir-ben-shabbat")},
            "unknown",
        ),
        (
            [
                "During a meeting in Washington on Monday with Israeli Minister of Defense Yoav Gallant, U.S. Secretary of State Antony Blinken reaffirmed the “ironclad” U.S. commitment to Israeli security."
            ],
            "2024-06-24",
            {pair(BLINKEN, "yoav-gallant")},
            "meeting",
        ),
        (
            [
                "Defense Secretary Jim Mattis met today with Israeli Minister of Defense Avigdor Lieberman to discuss in detail the U.S.-Israeli defense relationship, Pentagon spokesman Navy Capt. Jeff Davis said in a statement."
            ],
            "2017-03-07",
            {pair("jim-mattis", "avigdor-lieberman")},
            "meeting",
        ),
        (
            [
                "Mattis Meets With Israeli Defense Minister",
                "Davis said Mattis welcomed Lieberman to Washington for his first visit during his tenure.",
            ],
            "2017-03-07",
            {pair("jim-mattis", "avigdor-lieberman")},
            "meeting",
        ),
        (
            [
                "Just today, in fact, Secretary Blinken had an opportunity to speak to his counterpart, Israeli Foreign Minister Ashkenazi, to condemn the rocket attacks."
            ],
            "2021-05-11",
            {pair(BLINKEN, ASHKENAZI)},
            "phone",
        ),
        (
            [
                "I think you saw that the secretary spoke again with his Israeli counterpart this morning, Benjamin Gantz.",
                "The secretary’s readout today of his third phone call with Benny Gantz, for the first time, mentions the Palestinians.",
                "What has Secretary Austin learned?",
            ],
            "2021-05-18",
            {pair("lloyd-austin", "benny-gantz")},
            "phone",
        ),
        (
            [
                "National Security Advisor Jake Sullivan spoke today with his Israeli counterpart Tzachi Hanegbi."
            ],
            "2024-05-12",
            {pair("jake-sullivan", "tzachi-hanegbi")},
            "phone",
        ),
        (
            [
                "Secretary of State Antony J. Blinken spoke today with Palestinian Authority (PA) President Mahmoud Abbas."
            ],
            "2024-04-01",
            {pair(BLINKEN, ABBAS)},
            "phone",
        ),
        (
            [
                "Secretary of State Antony J. Blinken met today in Ramallah with Palestinian Authority President Mahmoud Abbas."
            ],
            "2023-11-05",
            {pair(BLINKEN, ABBAS)},
            "meeting",
        ),
        (
            [
                "Secretary of State Marco Rubio spoke with Israeli Foreign Minister Gideon Sa'ar today to emphasize the United States' steadfast support for Israel."
            ],
            "2025-01-23",
            {pair("marco-rubio", "gideon-saar")},
            "phone",
        ),
        # "spoke with" and "conversations" about one contact: the noncommittal word wins.
        (
            [
                "Secretary of State Antony J. Blinken held separate conversations with Israeli Prime Minister Benjamin Netanyahu and Palestinian Authority President Mahmoud Abbas Sept. 5.",
                "Blinken also spoke with Abbas, expressing the U.S.’ ongoing concern about violence in the West Bank.",
            ],
            None,
            {pair(BLINKEN, NETANYAHU), pair(BLINKEN, ABBAS)},
            "unknown",
        ),
        (
            [
                "Secretary of State Antony J. Blinken spoke today with Israeli President Isaac Herzog and Foreign Minister Eli Cohen."
            ],
            "2023-10-07",
            {pair(BLINKEN, "isaac-herzog"), pair(BLINKEN, "eli-cohen")},
            "phone",
        ),
        (
            ["Blinken holds phone calls with Netanyahu, Abbas"],
            "2023-09-05",
            {pair(BLINKEN, NETANYAHU), pair(BLINKEN, ABBAS)},
            "phone",
        ),
        (
            [
                "Call between Blinken and Ashkenazi is second high-level one between U.S. and Israeli officials in the week since Inauguration Day."
            ],
            "2021-01-27",
            {pair(BLINKEN, ASHKENAZI)},
            "phone",
        ),
        # Both sides before the contact word.
        (
            ["Ashkenazi and Blinken spoke by phone on Monday."],
            "2021-02-23",
            {pair(BLINKEN, ASHKENAZI)},
            "phone",
        ),
        (
            [
                "Blinken arrived in Jerusalem on Monday to see Netanyahu.",
                "The two leaders met for three hours.",
            ],
            "2023-10-12",
            {pair(BLINKEN, NETANYAHU)},
            "meeting",
        ),
        (
            [
                "President Biden told Prime Minister Netanyahu in a phone call on Tuesday that the United States stands with Israel."
            ],
            "2023-10-10",
            {pair("joe-biden", NETANYAHU)},
            "phone",
        ),
        # A summit is a meeting of everyone who held it; a virtual one is a video call.
        (
            [
                "President Biden, Prime Minister Lapid and Secretary Blinken held a joint "
                "virtual summit today."
            ],
            "2022-07-14",
            {pair("joe-biden", "yair-lapid", BLINKEN)},
            "video",
        ),
        (
            ["President Biden and Prime Minister Netanyahu held a summit in Jerusalem today."],
            "2023-10-18",
            {pair("joe-biden", NETANYAHU)},
            "meeting",
        ),
    ],
)
def test_contacts_and_their_mode(texts, published, expected, mode):
    calls = contacts_in(*texts, published=published)
    assert pairs(calls) == expected
    assert {c.mode for c in calls} == {mode}


def test_a_trip_readout_gives_one_meeting_per_host_with_the_place():
    calls = contacts_in(
        "National Security Advisor Jake Sullivan traveled to Israel and the West Bank December 21-22, and was joined in his meetings by U.S. Ambassador to Israel Tom Nides.",
        "In Jerusalem, Mr. Sullivan met with President Herzog, Prime Minister Bennett, Foreign Minister and Alternate Prime Minister Lapid, Defense Minister Gantz, and National Security Advisor Hulata to reaffirm the strategic partnership between the two countries.",
        published="2021-12-22",
    )
    hosts = ["isaac-herzog", "naftali-bennett", "yair-lapid", "benny-gantz", "eyal-hulata"]
    assert pairs(calls) == {pair("jake-sullivan", host) for host in hosts}
    assert {(c.mode, c.location) for c in calls} == {("meeting", "Jerusalem")}
    # One "met with" covers five contacts: its date words are not specific to any one.
    assert not any(c.date_specific for c in calls)


@pytest.mark.parametrize(
    ("text", "location"),
    [
        (
            "Secretary of State Antony J. Blinken met today with President Isaac Herzog in Washington, D.C.",
            "Washington, D.C.",
        ),
        (
            "Secretary of State Antony J. Blinken met with Israeli Minister for Strategic Affairs Ron Dermer today in Washington, D.C.",
            "Washington, D.C.",
        ),
        (
            "Secretary of State Antony J. Blinken met today in Ramallah with Palestinian Authority President Mahmoud Abbas.",
            "Ramallah",
        ),
    ],
)
def test_the_place_of_a_meeting(text, location):
    (call,) = contacts_in(text, published="2023-08-17")
    assert call.location == location


@pytest.mark.parametrize(
    ("texts", "signer"),
    [
        (
            [
                "Great speaking with @Gabi_Ashkenazi today to discuss our partnership, regional challenges, and Israel's efforts to combat the COVID-19 pandemic.",
                "— Secretary Antony Blinken (@SecBlinken) February 22, 2021",
            ],
            pair(BLINKEN, ASHKENAZI),
        ),
        (
            [
                "Gallant described the meeting as critical.",
                "Important discussion with Senior Advisor to the U.S. President, Amos Hochstein about the actions required to ensure the safe return of Israeli communities to the north.",
                "— יואב גלנט – Yoav Gallant (@yoavgallant) June 24, 2024",
            ],
            pair("yoav-gallant", "amos-hochstein"),
        ),
    ],
)
def test_a_first_person_tweet_is_a_contact_of_its_signer(texts, signer):
    assert pairs(contacts_in(*texts, published="2024-06-24")) == {signer}


@pytest.mark.parametrize(
    "texts",
    [
        # Denials
        [
            "In the week since Biden’s inauguration, the president has held a phone call with several world leaders, but not with Prime Minister Benjamin Netanyahu."
        ],
        ["Netanyahu has yet to get a call from President Biden."],
        ["Secretary Blinken did not meet with Prime Minister Netanyahu during the visit."],
        # Plans
        [
            "The Foreign Ministry said Blinken and Ashkenazi agreed to meet in person as soon as possible."
        ],
        ["Gallant described the upcoming meeting with Blinken as “critical”."],
        [
            "The President welcomed Secretary Blinken’s planned travel to the region, where the Secretary will meet with Palestinian, Israeli, and regional counterparts to discuss relief efforts."
        ],
        [
            "Secretary Blinken noted President Biden looks forward to celebrating our partnership with Israel during his upcoming visit."
        ],
        [
            "Mr. Sullivan and Mr. Hanegbi then reviewed the substantive discussions to date of the Strategic Consultative Group.",
            "They agreed to establish another in-person meeting soon.",
        ],
        [
            "Earlier in the day, Gallant called his plans to meet with two top U.S. officials “extremely important and impactful on the future of the war in Gaza.”"
        ],
        # History and background
        [
            "Mattis noted Lieberman shared his perspective on the challenges in the region, following up on recent discussions between President Donald J. Trump and Israeli Prime Minister Benjamin Netanyahu."
        ],
        [
            "In 2013, the U.S. took initiatives to restart peace talks between Israel and the Palestinian Authority, which faltered a year later."
        ],
        [
            "The conversations between Blinken and the leaders of Israel and Palestine are seen as a continuous effort from the U.S. to mediate."
        ],
        [
            "“We are discussing a variety of issues,” said the defense minister, noting that like in prior meetings, the goal is to “reach agreements and solve issues.”"
        ],
        ["Blinken has met Netanyahu many times since 2021."],
        # Teasers and captions
        ["Did Witkoff's aide meet with senior Hamas official?"],
        [
            "Israeli Prime Minister Benjamin Netanyahu and U.S. Secretary of State Antony Blinken at a Jerusalem press conference on Jan. 30, 2023."
        ],
    ],
)
def test_no_contact_from_denials_plans_history_or_teasers(texts):
    calls = contacts_in(*texts, published="2021-01-27")
    assert pairs(calls) == set()


def test_a_specific_upcoming_contact_is_scheduled_not_held():
    calls = contacts_in(
        "Gallant was also scheduled to speak with White House senior advisor Amos Hochstein and Brett McGurk, White House coordinator for the Middle East and North Africa.",
        published="2024-06-24",
    )
    assert pairs(calls) == set()
    assert pairs(calls, status="scheduled") == {
        pair("yoav-gallant", "amos-hochstein"),
        pair("yoav-gallant", "brett-mcgurk"),
    }


def test_a_plan_for_a_contact_the_article_reports_held_is_dropped():
    calls = contacts_in(
        "Gallant was also scheduled to speak with White House senior advisor Amos Hochstein.",
        "Important discussion with Senior Advisor to the U.S. President, Amos Hochstein about the north.",
        "— Yoav Gallant (@yoavgallant) June 24, 2024",
        published="2024-06-24",
    )
    assert [(c.status, {p.slug for p in c.participants}) for c in calls] == [
        ("held", {"yoav-gallant", "amos-hochstein"})
    ]


def test_every_report_of_one_contact_is_one_call_with_all_its_evidence():
    texts = [
        "US Secretary of State Antony Blinken spoke Monday with Israeli Foreign Minister Gabi Ashkenazi.",
        "The State Department said in a statement that the two discussed regional security challenges.",
        "Great speaking with @Gabi_Ashkenazi today to discuss our partnership.",
        "— Secretary Antony Blinken (@SecBlinken) February 22, 2021",
        "He also emphasized the Biden Administration's belief that the two-state solution is the best way to ensure Israel's future.",
        "Ashkenazi and Blinken acknowledged the steadfast partnership between the United States and Israel.",
        "Subscribe to Israel Hayom's daily newsletter and never miss our top stories!",
    ]
    (call,) = contacts_in(*texts, published="2021-02-23")
    assert call.mode == "phone" and call.status == "held"
    evidence = [s.text for s in call.evidence]
    # The reporting sentences first, then those that go on about the contact.
    assert evidence[:2] == [texts[0], texts[2]]
    assert set(evidence) == set(texts[:6])
    article, _ = article_of(*texts)
    assert all(article.body[s.start : s.end] == s.text for s in call.evidence)


def test_spokespeople_are_never_participants():
    calls = contacts_in(
        "The below is attributable to Spokesperson Ned Price: Secretary of State Antony J. Blinken spoke today with Palestinian Authority President Mahmoud Abbas.",
        "The Secretary and President welcomed the ceasefire.",
        published="2021-05-21",
    )
    assert [{p.slug for p in c.participants} for c in calls] == [{BLINKEN, ABBAS}]


def test_a_newcomer_with_a_title_takes_part_in_the_contact():
    from tests.ingest.reference_fixture import build_reference

    article, sentences = article_of(
        "Prior to his meeting with U.S. officials, including CIA director William Burns, Gallant stated in Hebrew that he planned to discuss the hostage issue.",
        published="2024-06-24",
    )
    (call,) = find_contacts(article, sentences, build_reference(without={"william-burns"}))
    burns = next(p for p in call.participants if p.is_new)
    assert (burns.name, burns.country, burns.title) == ("William Burns", "US", "CIA director")
    assert {p.slug for p in call.participants if not p.is_new} == {"yoav-gallant"}


SULLIVAN, HOCHSTEIN, GANTZ, BIDEN = "jake-sullivan", "amos-hochstein", "benny-gantz", "joe-biden"


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # Two subjects of one verb: one meeting of three.
        (
            [
                "National Security Advisor Jake Sullivan and Senior Advisor to the President Amos "
                "Hochstein met with Prime Minister Benjamin Netanyahu in Jerusalem on Monday."
            ],
            {pair(SULLIVAN, HOCHSTEIN, NETANYAHU)},
        ),
        # "they" right after is the same pair.
        (
            [
                "Jake Sullivan and Amos Hochstein met with Prime Minister Benjamin Netanyahu on Monday.",
                "Later that day, they met with Palestinian Authority President Mahmoud Abbas.",
            ],
            {pair(SULLIVAN, HOCHSTEIN, NETANYAHU), pair(SULLIVAN, HOCHSTEIN, ABBAS)},
        ),
        # A list that is the object of an earlier verb is not the next verb's subject.
        (
            ["Blinken met with Gantz and Netanyahu met with Sullivan in Jerusalem on Monday."],
            {pair(BLINKEN, GANTZ), pair(NETANYAHU, SULLIVAN)},
        ),
        # "he" after a clause break is the first clause's subject, not the last name before it.
        (
            [
                "Gantz also held talks with National Security Advisor Jake Sullivan, and on "
                "Tuesday he met Secretary of State Antony Blinken at the State Department."
            ],
            {pair(GANTZ, SULLIVAN), pair(GANTZ, BLINKEN)},
        ),
        # Officials who joined a contact just reported take part in it.
        (
            [
                "In a phone call with Netanyahu on Thursday, Biden stressed that the situation was "
                "unacceptable.",
                "Secretary of State Antony Blinken joined the president on the call.",
            ],
            {pair(BIDEN, NETANYAHU, BLINKEN)},
        ),
        (
            [
                "Secretary Blinken met with Prime Minister Benjamin Netanyahu in Jerusalem today.",
                "He was joined by National Security Advisor Jake Sullivan.",
            ],
            {pair(BLINKEN, NETANYAHU, SULLIVAN)},
        ),
    ],
)
def test_subjects_lists_pronouns_and_joiners(texts, expected):
    assert pairs(contacts_in(*texts, published="2024-03-05")) == expected


def test_the_two_envoys_are_two_of_one_side():
    calls = contacts_in(
        "Hochstein and McGurk met Netanyahu on Monday.",
        "On Tuesday the two envoys sat down with Gallant.",
        published="2024-01-10",
    )
    assert pair(HOCHSTEIN, "brett-mcgurk", "yoav-gallant") in pairs(calls)


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Sullivan was unable to meet with Prime Minister Benjamin Netanyahu, who was abroad.",
        "Blinken failed to meet with Israeli Prime Minister Benjamin Netanyahu during the visit.",
        "He is expected to travel to Israel later this week to meet Prime Minister Benjamin "
        "Netanyahu and Defense Minister Benny Gantz.",
        "Hochstein plans to fly to Israel on Thursday to meet with Prime Minister Benjamin Netanyahu.",
        # The past of the past is background, not the contact reported.
        "Secretary Lloyd Austin had hosted Defense Minister Benny Gantz at the Pentagon in June.",
    ],
)
def test_failed_and_planned_contacts_are_not_held(text):
    text = "Amos Hochstein arrived in the region. " + text
    assert pairs(contacts_in(text, published="2024-11-19")) == set()


# ---------------------------------------------------------------------------------------------
# Rules added with the second held-out set (tests/ingest/heldout2).

AUSTIN, SULLIVAN, GANTZ, LAPID, BENNETT, HERZOG = (
    "lloyd-austin",
    "jake-sullivan",
    "benny-gantz",
    "yair-lapid",
    "naftali-bennett",
    "isaac-herzog",
)


@pytest.mark.parametrize(
    ("texts", "published", "expected"),
    [
        # Possessive places and titles introduce the next person of a list.
        (
            [
                "Lapid met Blinken, the Pentagon's Lloyd Austin and the White House's Jake Sullivan at a hotel in the Negev."
            ],
            "2022-03-28",
            {pair(LAPID, BLINKEN), pair(LAPID, AUSTIN), pair(LAPID, SULLIVAN)},
        ),
        # "together with" in the subject, closed by a comma.
        (
            [
                "Blinken and Austin, together with Israeli Defense Minister Benny Gantz, met Prime Minister Naftali Bennett on Monday."
            ],
            "2021-10-12",
            {pair(BLINKEN, AUSTIN, GANTZ, BENNETT)},
        ),
        # A day between the objects of one verb.
        (
            [
                "Blinken met Prime Minister Naftali Bennett on Tuesday and Foreign Minister Yair Lapid on Wednesday."
            ],
            "2021-10-14",
            {pair(BLINKEN, BENNETT), pair(BLINKEN, LAPID)},
        ),
        # "paid a call on" is a visit.
        (
            ["Blinken also paid a call on President Isaac Herzog at his residence."],
            "2021-10-14",
            {pair(BLINKEN, HERZOG)},
        ),
        # The owner of "his talks" is the clause's subject, not the person named last.
        (
            [
                "Blinken met Netanyahu in Jerusalem on Sunday, a day after his talks with Benny Gantz."
            ],
            "2023-11-05",
            {pair(BLINKEN, NETANYAHU), pair(BLINKEN, GANTZ)},
        ),
        # ... but "Austin held his first call" has Austin as its subject.
        (
            [
                "Blinken spoke with Ashkenazi on January 27, and Defense Secretary Lloyd Austin held his first call with Benny Gantz a day earlier."
            ],
            "2021-02-18",
            {pair(BLINKEN, ASHKENAZI), pair(AUSTIN, GANTZ)},
        ),
        # Posts named in the plural are their holders, one contact each.
        (
            [
                "Blinken hosted a virtual meeting with the foreign ministers of Israel, the United "
                "Arab Emirates and Morocco."
            ],
            "2022-03-28",
            {
                pair(BLINKEN, LAPID),
                pair(BLINKEN, "abdullah-bin-zayed"),
                pair(BLINKEN, "nasser-bourita"),
            },
        ),
        # An apposition and a place between two people of one list.
        (
            [
                "Blinken spoke with Mohamed bin Zayed, Crown Prince of Abu Dhabi, and Prime "
                "Minister Benjamin Netanyahu."
            ],
            "2020-08-13",
            {pair(BLINKEN, "mohamed-bin-zayed"), pair(BLINKEN, NETANYAHU)},
        ),
        (
            ["Hochstein met with Netanyahu in Jerusalem, and with Gallant in Tel Aviv."],
            "2024-01-10",
            {pair(HOCHSTEIN, NETANYAHU), pair(HOCHSTEIN, "yoav-gallant")},
        ),
        # A list subject with an apposition and a country ("X of Israel") before "spoke".
        (
            [
                "President Joe Biden, Prime Minister Benjamin Netanyahu of Israel, and Sheikh "
                "Mohamed bin Zayed, Crown Prince of Abu Dhabi and Deputy Supreme Commander of the "
                "United Arab Emirates, spoke today and agreed to normalise relations."
            ],
            "2024-02-14",
            {pair(BIDEN, NETANYAHU, "mohamed-bin-zayed")},
        ),
        # Talks that bring people together make one contact of all of them.
        (
            ["Later in the day, talks in Cairo brought together Blinken, Netanyahu and Gantz."],
            "2024-02-14",
            {pair(BLINKEN, NETANYAHU, GANTZ)},
        ),
        (
            ["A meeting in Rome on Sunday gathered Burns, Dermer and Sullivan."],
            "2024-02-14",
            {pair("william-burns", "ron-dermer", SULLIVAN)},
        ),
        # "they" after a list subject are all of its people, not the nearest name.
        (
            [
                "Dermer and Hanegbi saw Sullivan on Monday, and on Tuesday they sat down with Blinken."
            ],
            "2024-01-10",
            {
                pair("ron-dermer", "tzachi-hanegbi", SULLIVAN),
                pair("ron-dermer", "tzachi-hanegbi", BLINKEN),
            },
        ),
        (
            [
                "Blinken and Dermer saw Netanyahu in Jerusalem on Tuesday, then flew to Rabat, "
                "where they were received by Foreign Minister Nasser Bourita on Wednesday."
            ],
            "2024-02-14",
            {
                pair(BLINKEN, "ron-dermer", NETANYAHU),
                pair(BLINKEN, "ron-dermer", "nasser-bourita"),
            },
        ),
        # "he and X spoke": "he" is the one who said it.
        (
            [
                "Minister Ron Dermer told an interviewer on Friday that he and Secretary Antony "
                "Blinken spoke on Thursday night about the situation with Iran."
            ],
            "2024-02-14",
            {pair("ron-dermer", BLINKEN)},
        ),
    ],
)
def test_lists_and_subjects(texts, published, expected):
    assert pairs(contacts_in(*texts, published=published)) == expected


@pytest.mark.parametrize(
    ("text", "expected", "mode"),
    [
        (
            "Austin and Gantz held a secure video call on Friday morning.",
            {pair(AUSTIN, GANTZ)},
            "video",
        ),
        (
            "Gantz and Austin had also spoken by phone late Saturday.",
            {pair(AUSTIN, GANTZ)},
            "phone",
        ),
    ],
)
def test_contact_told_by_a_noun_after_held_or_by_phone(text, expected, mode):
    calls = contacts_in(text, published="2022-07-15")
    assert pairs(calls) == expected
    assert calls[0].mode == mode


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("Blinken had met Prime Minister Naftali Bennett in Jerusalem on Sunday morning.", True),
        ("Blinken had met Prime Minister Naftali Bennett in Jerusalem in February.", False),
        ("Blinken and Lapid last met in Washington on 6 February.", False),
    ],
)
def test_a_pluperfect_contact_with_its_day_is_a_contact_of_the_story(text, held):
    found = pairs(contacts_in(text, published="2022-03-28"))
    assert bool(found) == held


def test_a_year_after_a_month_makes_history():
    calls = contacts_in(
        "Netanyahu and Biden spoke by phone on Sunday.",
        "Netanyahu and Biden met in New York in September 2016, before the election.",
        published="2024-02-04",
    )
    assert len([c for c in calls if c.status == "held"]) == 1


def test_two_contacts_of_one_pair_on_different_weekdays_stay_two():
    calls = contacts_in(
        "Lapid met Blinken on Monday at Sde Boker.",
        "On Sunday evening, Blinken met Lapid separately before dinner.",
        published="2022-03-28",
    )
    assert [frozenset(p.slug for p in c.participants) for c in calls] == [
        pair(LAPID, BLINKEN),
        pair(LAPID, BLINKEN),
    ]


def test_a_chronology_keeps_a_pair_on_each_dated_line():
    body = (
        "Oct. 10 \u2014 Biden spoke with Netanyahu for the third time since the attack.\n\n"
        "Oct. 18 \u2014 Biden visits Israel and meets Netanyahu in Tel Aviv."
    )
    article = ArticleText(body=body, published=date(2023, 12, 1))
    calls = find_contacts(article, split_sentences(body), WORLD)
    assert [frozenset(p.slug for p in c.participants) for c in calls] == [
        pair(BIDEN, NETANYAHU)
    ] * 2


@pytest.mark.parametrize(
    ("texts", "published", "expected"),
    [
        (
            [
                "Blinken met Netanyahu in Jerusalem on Sunday.",
                "Blinken then met President Isaac Herzog.",
                "Defense Minister Benny Gantz took part in the meeting with Netanyahu, an official said.",
            ],
            "2023-10-16",
            {pair(BLINKEN, NETANYAHU, GANTZ), pair(BLINKEN, HERZOG)},
        ),
        (
            [
                "Blinken met Netanyahu in Jerusalem on Sunday.",
                "Blinken also met President Isaac Herzog, and was joined in the meeting with Netanyahu by Defense Secretary Lloyd Austin.",
            ],
            "2023-10-16",
            {pair(BLINKEN, NETANYAHU, AUSTIN), pair(BLINKEN, HERZOG)},
        ),
        # Joiners told the other way round ("Joining the call were ...") take part too.
        (
            [
                "Blinken held a video call on Friday with Foreign Minister Yair Lapid.",
                "Joining the video call were Jake Sullivan and Eyal Hulata.",
            ],
            "2022-03-26",
            {pair(BLINKEN, LAPID, SULLIVAN, "eyal-hulata")},
        ),
        # A relative clause of the contact noun names a joiner.
        (
            [
                "Foreign Minister Faisal bin Farhan received on Saturday evening a phone call "
                "from Secretary of State Antony Blinken, in a call that also included Jake "
                "Sullivan, the National Security Advisor."
            ],
            "2024-03-16",
            {pair("faisal-bin-farhan", BLINKEN, SULLIVAN)},
        ),
        # A joiner named in the next sentence with nothing after "took part", "joined": the
        # contact just told, each of them when one contact word told several.
        (
            [
                "That was a virtual meeting that Jake Sullivan convened yesterday with Minister "
                "Ron Dermer and National Security Adviser Tzachi Hanegbi.",
                "Secretary Blinken took part as well.",
            ],
            "2024-04-02",
            {pair(SULLIVAN, "ron-dermer", BLINKEN), pair(SULLIVAN, "tzachi-hanegbi", BLINKEN)},
        ),
        (
            [
                "Secretary Blinken met Prime Minister Netanyahu in Jerusalem on Monday.",
                "Defense Minister Yoav Gallant also took part.",
            ],
            "2024-04-02",
            {pair(BLINKEN, NETANYAHU, "yoav-gallant")},
        ),
        (
            [
                "Secretary Blinken met Prime Minister Netanyahu in Jerusalem on Monday.",
                "Defense Minister Yoav Gallant joined as well.",
            ],
            "2024-04-02",
            {pair(BLINKEN, NETANYAHU, "yoav-gallant")},
        ),
        # Taking part in something else, or in a clause of its own, joins nothing.
        (
            [
                "Secretary Blinken met Prime Minister Netanyahu in Jerusalem on Monday.",
                "Minister Benny Gantz took part in the war cabinet session later that day.",
            ],
            "2024-04-02",
            {pair(BLINKEN, NETANYAHU)},
        ),
        # Of several contacts told before, the one told last is joined.
        (
            [
                "Secretary Blinken met Prime Minister Netanyahu on Wednesday.",
                "On Tuesday, President Isaac Herzog welcomed Secretary Blinken to his residence.",
                "Defense Minister Yoav Gallant joined the meeting.",
            ],
            "2024-04-04",
            {pair(BLINKEN, NETANYAHU), pair(BLINKEN, HERZOG, "yoav-gallant")},
        ),
        # A clause of its own in the sentence that tells the contact.
        (
            [
                "Secretary Blinken met Prime Minister Netanyahu in Jerusalem, while Defense "
                "Minister Yoav Gallant joined the meeting by video link from Tel Aviv.",
            ],
            "2024-04-02",
            {pair(BLINKEN, NETANYAHU, "yoav-gallant")},
        ),
        # Without one, the sentence's own people are its contact's sides, not joiners.
        (
            [
                "Secretary Blinken met Prime Minister Netanyahu in Jerusalem after Defense "
                "Minister Yoav Gallant joined the meeting.",
            ],
            "2024-04-02",
            {pair(BLINKEN, NETANYAHU)},
        ),
    ],
)
def test_joiners_go_to_the_contact_they_name(texts, published, expected):
    assert pairs(contacts_in(*texts, published=published)) == expected


def test_an_earlier_contact_of_the_same_people_is_not_a_follow_up():
    calls = contacts_in(
        "Blinken spoke with Ashkenazi today about Iran.",
        "The two ministers last met in Washington on 6 February.",
        published="2021-05-15",
    )
    assert [len(c.evidence) for c in calls] == [1]


@pytest.mark.parametrize(
    ("texts", "published", "expected"),
    [
        # An aside between the contact word and its other side.
        (
            [
                "Foreign Minister Gideon Sa'ar held a phone call on Wednesday, at the request of the U.S. side, with Secretary of State Marco Rubio."
            ],
            "2025-04-16",
            {pair("gideon-saar", "marco-rubio")},
        ),
        # A participial phrase before the main clause: its subject is the main clause's.
        (
            [
                "A day after meeting Prime Minister Benjamin Netanyahu in Tel Aviv, Secretary of State Antony Blinken flew to Amman."
            ],
            "2023-11-04",
            {pair(BLINKEN, NETANYAHU)},
        ),
        # ... and after it: the main clause's subject again, not the nearest name.
        (
            [
                "Secretary of State Antony Blinken met Palestinian President Mahmoud Abbas in Ramallah on Tuesday, a day after meeting Prime Minister Benjamin Netanyahu."
            ],
            "2024-01-10",
            {pair(BLINKEN, ABBAS), pair(BLINKEN, NETANYAHU)},
        ),
        # A possessive owner is not the subject.
        (
            [
                "President-elect Donald Trump's incoming envoy met Prime Minister Benjamin Netanyahu on Saturday."
            ],
            "2025-01-12",
            set(),
        ),
        (
            [
                "Ron Dermer, Prime Minister Benjamin Netanyahu's closest adviser, met Secretary of State Antony Blinken on Monday."
            ],
            "2024-11-12",
            {pair("ron-dermer", BLINKEN)},
        ),
        # A subordinate clause is read on its own: "agreed" belongs to the main clause.
        (
            [
                "President Donald Trump said on Friday that the two countries had agreed to normalize relations, after he spoke by phone with Prime Minister Benjamin Netanyahu."
            ],
            "2020-10-23",
            {pair("donald-trump", NETANYAHU)},
        ),
        # An owner named inside another official's title is not the other side.
        (
            ["Netanyahu met President Joe Biden's envoy Amos Hochstein."],
            "2024-01-10",
            {pair(NETANYAHU, HOCHSTEIN)},
        ),
        (
            [
                "Netanyahu met the Special Envoy of President Joe Biden to the region, Amos Hochstein."
            ],
            "2024-01-10",
            {pair(NETANYAHU, HOCHSTEIN)},
        ),
        # A blessing between subject and verb is no plan ("may") and breaks nothing.
        (
            [
                "Nasser Bourita, may God assist Him, received today at the palace in Rabat the "
                "Senior Advisor to the President of the United States, Mr. Antony Blinken."
            ],
            "2024-02-14",
            {pair(BLINKEN, "nasser-bourita")},
        ),
        # A title ending in an abstract noun between subject and verb (see test_people).
        (
            [
                "Sheikh Abdullah bin Zayed Al Nahyan, Minister of Foreign Affairs and International "
                "Cooperation, received today Yair Lapid."
            ],
            "2021-06-29",
            {pair("abdullah-bin-zayed", LAPID)},
        ),
    ],
)
def test_asides_participles_owners_and_subordinate_clauses(texts, published, expected):
    assert pairs(contacts_in(*texts, published=published)) == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # A participle clause's subject is the main clause's, not the main clause's object.
        (
            [
                "Secretary of State Antony Blinken met Palestinian President Mahmoud Abbas in "
                "Ramallah on Thursday, hours after holding talks in Tel Aviv with Prime Minister "
                "Benjamin Netanyahu."
            ],
            {pair(BLINKEN, ABBAS), pair(BLINKEN, NETANYAHU)},
        ),
        (
            [
                "Jake Sullivan and Antony Blinken met Prime Minister Benjamin Netanyahu in "
                "Jerusalem on Monday, a day after holding talks in Amman with King Abdullah II."
            ],
            {pair(SULLIVAN, BLINKEN, NETANYAHU), pair(SULLIVAN, BLINKEN, "abdullah-ii")},
        ),
        # The second of two verbs sharing one subject.
        (
            [
                "Foreign Minister Eli Cohen held a working meeting with Foreign Minister Faisal "
                "bin Farhan, and afterwards was received by Crown Prince Mohammed bin Salman."
            ],
            {pair("eli-cohen", "faisal-bin-farhan"), pair("eli-cohen", "mohammed-bin-salman")},
        ),
        (
            [
                "Secretary Blinken held talks with Foreign Minister Eli Cohen on Monday, and "
                "later was received by President Isaac Herzog."
            ],
            {pair(BLINKEN, "eli-cohen"), pair(BLINKEN, HERZOG)},
        ),
        # Whoever accompanies the subject does not replace it.
        (
            [
                "Prime Minister Benjamin Netanyahu, accompanied by Minister Ron Dermer, held "
                "talks at Blair House with Secretary of State Antony Blinken."
            ],
            {pair(NETANYAHU, BLINKEN)},
        ),
        # An object pronoun in a "where" clause: the main clause's subject, named or a pronoun.
        (
            [
                "Secretary of State Antony Blinken arrived in Riyadh on Monday, where Crown "
                "Prince Mohammed bin Salman received him at his palace."
            ],
            {pair(BLINKEN, "mohammed-bin-salman")},
        ),
        (
            [
                "Prime Minister Benjamin Netanyahu wrapped up his visit on Wednesday with a "
                "meeting at the Pentagon, where Defense Secretary Lloyd Austin welcomed him."
            ],
            {pair(NETANYAHU, AUSTIN)},
        ),
        (
            [
                "Envoy Amos Hochstein met Prime Minister Nawaf Salam on Friday.",
                "He then went on to the palace, where Crown Prince Mohammed bin Salman received "
                "him.",
            ],
            {pair(HOCHSTEIN, "nawaf-salam"), pair(HOCHSTEIN, "mohammed-bin-salman")},
        ),
        (
            [
                "Envoy Amos Hochstein later moved to the Grand Serail, where he held talks with "
                "Foreign Minister Faisal bin Farhan, and then to the palace, where Crown Prince "
                "Mohammed bin Salman received him."
            ],
            {pair(HOCHSTEIN, "faisal-bin-farhan"), pair(HOCHSTEIN, "mohammed-bin-salman")},
        ),
        # ... not when the clause it hangs from names someone else it may stand for.
        (
            [
                "Secretary Blinken met Prime Minister Netanyahu, whose coalition partner Minister "
                "Gantz later met him too."
            ],
            {pair(BLINKEN, NETANYAHU)},
        ),
        (
            [
                "President Biden hosted Prime Minister Netanyahu at the White House, where "
                "Secretary Blinken also met him."
            ],
            {pair(BIDEN, NETANYAHU)},
        ),
        # A second object with its own place and day is a contact of its own.
        (
            [
                "Secretary Blinken and Jake Sullivan had seen King Abdullah II in Amman on "
                "Tuesday and Crown Prince Mohammed bin Salman in Riyadh on Wednesday."
            ],
            {
                pair(BLINKEN, SULLIVAN, "abdullah-ii"),
                pair(BLINKEN, SULLIVAN, "mohammed-bin-salman"),
            },
        ),
        (
            [
                "Secretary Blinken saw Prime Minister Netanyahu in Jerusalem on Tuesday and "
                "President Mahmoud Abbas in Ramallah on Wednesday."
            ],
            {pair(BLINKEN, NETANYAHU), pair(BLINKEN, ABBAS)},
        ),
        # Words between "sat down" and its "with"; a bare "sat" tells no contact.
        (
            [
                "On Tuesday, Foreign Minister Yair Lapid sat down at the White House, for more "
                "than an hour and ahead of the trilateral session, with Jake Sullivan."
            ],
            {pair(LAPID, SULLIVAN)},
        ),
        (
            [
                "Prime Minister Netanyahu sat down on Sunday in Jerusalem, after a cabinet "
                "session on the hostages, with Secretary Blinken."
            ],
            {pair(NETANYAHU, BLINKEN)},
        ),
        (
            ["Netanyahu sat on the security cabinet while Blinken met Gallant."],
            {pair(BLINKEN, "yoav-gallant")},
        ),
    ],
)
def test_who_is_on_each_side_when_clauses_share_or_hide_it(texts, expected):
    assert pairs(contacts_in(*texts, published="2024-04-20")) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Secretary Blinken held a trilateral call today with Prime Minister Benjamin Netanyahu and President Mahmoud Abbas.",
        "Secretary Blinken met Prime Minister Benjamin Netanyahu and President Mahmoud Abbas together.",
        # The joint noun after the people, in the predicate's "for" or "in" phrase.
        "Secretary Blinken hosted Prime Minister Benjamin Netanyahu and President Mahmoud Abbas "
        "for a trilateral meeting in Washington today.",
        "Secretary Blinken met Prime Minister Benjamin Netanyahu and President Mahmoud Abbas in "
        "a three-way session on Monday.",
    ],
)
def test_a_joint_contact_is_one_contact_of_everyone(text):
    (call,) = contacts_in(text, published="2024-05-20")
    assert {p.slug for p in call.participants} == {BLINKEN, NETANYAHU, ABBAS}


def test_a_joint_word_elsewhere_in_the_sentence_keeps_contacts_apart():
    calls = contacts_in(
        "Secretary Blinken met Prime Minister Benjamin Netanyahu and President Mahmoud Abbas "
        "on Monday before a joint press conference.",
        published="2024-05-20",
    )
    assert pairs(calls) == {pair(BLINKEN, NETANYAHU), pair(BLINKEN, ABBAS)}


def test_a_contact_dated_only_by_an_old_year_is_history_in_an_undated_text():
    calls = contacts_in(
        "Prime Minister Benjamin Netanyahu and President Donald Trump spoke by phone on Sunday.",
        "Netanyahu and Trump met in New York in September 2016, when Trump was still a candidate.",
    )
    assert [c.mode for c in calls if c.status == "held"] == ["phone"]


# ---------------------------------------------------------------------------------------------
# The contact vocabulary, and what may stand between a contact word and the other side.


@pytest.mark.parametrize(
    ("texts", "published", "expected"),
    [
        (
            ["Katz discussed the hostage deal by phone with Special Envoy Amos Hochstein."],
            "2024-01-10",
            {pair("israel-katz", HOCHSTEIN)},
        ),
        (
            ["Blinken saw Prime Minister Benjamin Netanyahu in Jerusalem on Tuesday."],
            "2024-01-10",
            {pair(BLINKEN, NETANYAHU)},
        ),
        (
            ["Blinken sat down with Netanyahu for three hours."],
            "2024-01-10",
            {pair(BLINKEN, NETANYAHU)},
        ),
        # "called on" someone is a visit (Lew is not in this reference: a titled newcomer).
        (
            ["Ambassador Lew called on Prime Minister Benjamin Netanyahu at his office."],
            "2024-01-10",
            {pair("lew", NETANYAHU)},
        ),
        (
            ["Sullivan huddled with Dermer at the White House."],
            "2024-01-10",
            {pair(SULLIVAN, "ron-dermer")},
        ),
        (
            [
                "Secretary Blinken also held a working session with Foreign Minister Nasser "
                "Bourita on regional security."
            ],
            "2024-02-14",
            {pair(BLINKEN, "nasser-bourita")},
        ),
        (
            ["Secretary Blinken hosted Minister Ron Dermer for a working lunch at the Department."],
            "2024-02-14",
            {pair(BLINKEN, "ron-dermer")},
        ),
        (
            ["Ambassador Blinken presented his letter of credence today to President Herzog."],
            "2024-02-14",
            {pair(BLINKEN, HERZOG)},
        ),
        # The passive voice: the agent after "by" is the other side.
        (
            ["Blinken was received by Foreign Minister Nasser Bourita at the ministry."],
            "2024-02-14",
            {pair(BLINKEN, "nasser-bourita")},
        ),
        # A second verb with no subject of its own shares the first clause's subject.
        (
            [
                "Blinken was received by Foreign Minister Nasser Bourita in Rabat, and "
                "afterwards held talks with Sheikh Abdullah bin Zayed Al Nahyan."
            ],
            "2024-02-14",
            {pair(BLINKEN, "nasser-bourita"), pair(BLINKEN, "abdullah-bin-zayed")},
        ),
        # Words between "sat down" and its "with".
        (
            ["Blinken sat down on Tuesday with Netanyahu in Jerusalem."],
            "2024-01-10",
            {pair(BLINKEN, NETANYAHU)},
        ),
    ],
)
def test_words_that_tell_a_contact(texts, published, expected):
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


# ---------------------------------------------------------------------------------------------
# Posts read on the day of the text.


def test_a_date_line_is_the_day_posts_are_held_on():
    calls = contacts_in(
        "Riyadh, February 17, 2025, SPA -- The Minister of Foreign Affairs, Prince Faisal bin "
        "Farhan bin Abdullah, received at his office in Riyadh today the Secretary of State of "
        "the United States of America."
    )
    assert pairs(calls) == {pair("faisal-bin-farhan", "marco-rubio")}


# ---------------------------------------------------------------------------------------------
# The status of a contact, read from the tree: the verbs that govern the contact word decide,
# however many words stand between them.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A future auxiliary on the verb whose subject the contact noun is.
        (
            "The meeting between Secretary Blinken and Prime Minister Netanyahu will take place "
            "in Jerusalem on Monday.",
            {("scheduled", pair(BLINKEN, NETANYAHU))},
        ),
        # A purpose infinitive under a future verb.
        (
            "Secretary Blinken will travel to Ramallah on Monday to meet President Mahmoud Abbas.",
            {("scheduled", pair(BLINKEN, ABBAS))},
        ),
        # A plan verb far from its infinitive.
        (
            "Secretary Blinken said he was hoping, as he has for weeks, to speak with Prime "
            "Minister Netanyahu.",
            set(),
        ),
        (
            "Prime Minister Netanyahu agreed on Tuesday, after a long discussion with his aides, "
            "to hold a meeting with Secretary Blinken.",
            set(),
        ),
        # A headline's infinitive with no verb above it.
        (
            "Blinken to meet Netanyahu in Jerusalem on Monday",
            {("scheduled", pair(BLINKEN, NETANYAHU))},
        ),
        # A hypothetical.
        (
            "If Secretary Blinken meets Prime Minister Netanyahu, the talks will go well.",
            set(),
        ),
        # A habit, not one contact.
        (
            "Secretary Blinken has spoken regularly with Foreign Minister Lapid since the war began.",
            set(),
        ),
        # A bare earlier year of the contact's clause, however far after the contact word.
        (
            "It is worth mentioning that President Abbas met U.S. President Joe Biden in New York "
            "in September 2022 on the margins of the UN General Assembly.",
            set(),
        ),
        # A denial in the first of two coordinated clauses leaves the second held.
        (
            "Secretary Blinken did not travel to Gaza but met Prime Minister Netanyahu in "
            "Jerusalem on Monday.",
            {("held", pair(BLINKEN, NETANYAHU))},
        ),
    ],
)
def test_the_status_of_a_contact_comes_from_the_verbs_that_govern_it(text, expected):
    calls = contacts_in(text, published="2024-04-20")
    assert {(c.status, frozenset(p.slug for p in c.participants)) for c in calls} == expected


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Secretary Blinken met Prime Minister Netanyahu in Jerusalem on Monday.", "held"),
        ("Secretary Blinken didn’t meet Prime Minister Netanyahu during the visit.", None),
        (
            "Secretary Blinken will meet Prime Minister Netanyahu in Jerusalem on Monday.",
            "scheduled",
        ),
        ("Secretary Blinken is expected to meet Prime Minister Netanyahu on Monday.", "scheduled"),
        ("Secretary Blinken hopes to meet Prime Minister Netanyahu soon.", None),
    ],
)
def test_a_sentence_without_a_parse_is_read_from_the_words_before_its_contact_word(text, status):
    article, sentences = article_of(text, published="2024-04-20")
    calls = find_contacts(article, sentences, WORLD, parses={})
    assert [c.status for c in calls] == ([status] if status else [])


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # A group of officials named by their places, its members in the next sentence's
        # opening list (one for each place), and the host of its meeting: one contact.
        (
            [
                "Leaders from Israel, the United Arab Emirates and Saudi Arabia met at the White "
                "House on Tuesday to sign agreements, in a ceremony on the South Lawn hosted by "
                "President Joe Biden.",
                "Prime Minister Benjamin Netanyahu, Foreign Minister Abdullah bin Zayed Al Nahyan "
                "and Foreign Minister Faisal bin Farhan signed the documents at a long table.",
            ],
            {pair(NETANYAHU, "abdullah-bin-zayed", "faisal-bin-farhan", "joe-biden")},
        ),
        (
            [
                "Envoys from Israel and the United Arab Emirates met in Abu Dhabi on Monday, in "
                "talks chaired by Secretary Antony Blinken.",
                "Eli Cohen and Abdullah bin Zayed Al Nahyan agreed to open embassies.",
            ],
            {pair("eli-cohen", "abdullah-bin-zayed", BLINKEN)},
        ),
        # Fewer people than places, or people who do not open the next sentence: who met is
        # not said.
        (
            [
                "Leaders from Israel, the United Arab Emirates and Saudi Arabia met at the White "
                "House on Tuesday.",
                "Prime Minister Benjamin Netanyahu and Foreign Minister Faisal bin Farhan signed "
                "the documents.",
            ],
            set(),
        ),
        (
            [
                "Officials from Israel and Egypt met in Cairo on Tuesday.",
                "In Jerusalem, Prime Minister Benjamin Netanyahu and Secretary Blinken praised "
                "the talks.",
            ],
            set(),
        ),
    ],
)
def test_a_group_whose_members_the_next_sentence_names(texts, expected):
    assert pairs(contacts_in(*texts, published="2020-09-16")) == expected
