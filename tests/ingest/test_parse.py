"""The parse stage and the tree readings: who is on each side of a contact word, and which time
words belong to it, read from a real spaCy parse of sentences with placeholders for people."""

import pytest

from ingest.pipeline import status, tree
from ingest.pipeline.contacts import candidate_sentences, find_contacts
from ingest.pipeline.parse import parse_sentences
from ingest.pipeline.people import find_mentions
from tests.ingest.extract_helpers import article_of, pair, pairs
from tests.ingest.reference_fixture import REFERENCE

AUSTIN, LAPID, GANTZ, GALLANT = "lloyd-austin", "yair-lapid", "benny-gantz", "yoav-gallant"
BLINKEN, NETANYAHU, DERMER = "antony-blinken", "benjamin-netanyahu", "ron-dermer"
BIDEN, SULLIVAN = "joe-biden", "jake-sullivan"
TRUMP, MCGURK, YOSSI_COHEN = "donald-trump", "brett-mcgurk", "yossi-cohen"


def parsed(text):
    article, sentences = article_of(text, published="2024-04-20")
    mentions = find_mentions(article, sentences, REFERENCE)
    return parse_sentences(sentences, mentions, {0})[0]


def sides_of(text, word):
    parse = parsed(text)
    start = text.index(word)
    predicate = tree.predicate_at(parse, start, start + len(word))
    found = tree.sides(parse, predicate)
    return (
        {p.slug for m in found.subjects for p in m.people},
        {p.slug for m in found.objects for p in m.people},
    )


def test_each_person_stands_as_one_token_that_points_back_to_its_mention():
    text = "Israeli Foreign Minister Yair Lapid met Secretary Blinken in Jerusalem."
    parse = parsed(text)
    people = [t for t in parse.tokens if t.mention is not None]
    assert [parse.mentions[t.mention].person.slug for t in people] == [LAPID, BLINKEN]
    assert "Yair Lapid" in text[people[0].start : people[0].end]
    # Offsets of the words after a placeholder are the body's, not the masked text's.
    place = next(t for t in parse.tokens if t.text == "Jerusalem")
    assert (place.start, place.end) == (text.index("Jerusalem"), text.index("Jerusalem") + 9)


def test_only_sentences_with_a_contact_word_and_a_person_are_parsed():
    article, sentences = article_of(
        "Blinken spoke with Lapid.", "The weather in Jerusalem was mild.", "Lapid said nothing."
    )
    mentions = find_mentions(article, sentences, REFERENCE)
    assert candidate_sentences(sentences, mentions) == {0}


@pytest.mark.parametrize(
    ("text", "word", "subjects", "objects"),
    [
        # Words between the contact word and its other side.
        (
            "Secretary of Defense Lloyd J. Austin III spoke by phone on Thursday, March 3, 2022, "
            "with Israeli Foreign Minister Yair Lapid.",
            "spoke",
            {AUSTIN},
            {LAPID},
        ),
        # A list of counterparts with titles.
        (
            "Secretary Blinken met Prime Minister Netanyahu, Defense Minister Gallant, "
            "Minister Gantz and Minister Dermer.",
            "met",
            {BLINKEN},
            {NETANYAHU, GALLANT, GANTZ, DERMER},
        ),
        # "with A and with B": the second preposition is a conjunct of the first.
        (
            "Secretary Blinken met in Tel Aviv with Prime Minister Netanyahu and with "
            "Defense Minister Gallant.",
            "met",
            {BLINKEN},
            {NETANYAHU, GALLANT},
        ),
        # A denied conjunct is no participant.
        (
            "President Biden has held a phone call with Secretary Blinken, but not with "
            "Prime Minister Netanyahu.",
            "call",
            {BIDEN},
            {BLINKEN},
        ),
        # A subject list, and a light verb before a contact noun.
        (
            "Jake Sullivan and Ron Dermer held talks on Tuesday with Yoav Gallant.",
            "talks",
            {SULLIVAN, DERMER},
            {GALLANT},
        ),
        # The passive voice: the agent is the other side.
        (
            "Secretary Blinken was received by Prime Minister Netanyahu in Jerusalem.",
            "received",
            {BLINKEN},
            {NETANYAHU},
        ),
        # A light verb's clause on the contact noun.
        (
            "The ceasefire follows the consultations Jake Sullivan held last Friday with "
            "Defense Minister Yoav Gallant.",
            "consultations",
            {SULLIVAN},
            {GALLANT},
        ),
        # A post's holder after "of" is in the list; a post's owner is not.
        (
            "Secretary Blinken met the head of Israel's Mossad, Yossi Cohen, and Minister Dermer.",
            "met",
            {BLINKEN},
            {YOSSI_COHEN, DERMER},
        ),
        (
            "Prime Minister Netanyahu met the Special Envoy of President Trump to the Middle "
            "East, Brett McGurk.",
            "met",
            {NETANYAHU},
            {MCGURK},
        ),
        (
            "Prime Minister Netanyahu met with President Biden's envoy Brett McGurk.",
            "met",
            {NETANYAHU},
            {MCGURK},
        ),
        # A headline's owner before the title of the one who met.
        ("Biden envoy McGurk meets Netanyahu in Jerusalem", "meets", {MCGURK}, {NETANYAHU}),
        # A list after "including" under a group noun.
        (
            "Secretary Blinken met members of the war cabinet, including Minister Gantz and "
            "Minister Dermer.",
            "met",
            {BLINKEN},
            {GANTZ, DERMER},
        ),
        # The second of "with A ..., and with B" hung on the verb.
        (
            "Secretary Blinken later met with Minister Dermer in Tel Aviv, and with Prime "
            "Minister Netanyahu at his office.",
            "met",
            {BLINKEN},
            {DERMER, NETANYAHU},
        ),
        # A participle after a preposition shares the main clause's subject.
        (
            "Secretary Blinken met Prime Minister Netanyahu on Monday, a day after meeting "
            "Defense Minister Gallant.",
            "meeting",
            {BLINKEN},
            {GALLANT},
        ),
        # A subject list with appositions.
        (
            "Yair Lapid, the opposition leader, and Antony Blinken, the U.S. Secretary of State, "
            "spoke today.",
            "spoke",
            {LAPID, BLINKEN},
            set(),
        ),
        # A name right before a second verb opens its clause, whatever the model hangs it on.
        (
            "Blinken met with Gantz and Netanyahu met with Sullivan in Jerusalem on Monday.",
            "met with Sullivan",
            {NETANYAHU},
            {SULLIVAN},
        ),
        # A transcript's heading names its speaker after "by".
        (
            "Remarks by Secretary Blinken in a Meeting With Prime Minister Netanyahu",
            "Meeting",
            {BLINKEN},
            {NETANYAHU},
        ),
        # A verbless heading: the people the contact noun's phrase hangs from.
        (
            "Secretary Blinken and Defense Minister Gallant at a Joint Press Conference",
            "Conference",
            {BLINKEN, GALLANT},
            set(),
        ),
    ],
)
def test_the_sides_of_a_contact_come_from_the_tree(text, word, subjects, objects):
    assert sides_of(text, word) == (subjects, objects)


@pytest.mark.parametrize(
    ("text", "contact", "when", "belongs"),
    [
        ("Blinken met Netanyahu on Monday after the attack on April 13.", "met", "April 13", False),
        ("Blinken met Netanyahu on Monday after the attack on April 13.", "met", "Monday", True),
        (
            "Blinken met Netanyahu today about the hostages released yesterday.",
            "met",
            "yesterday",
            False,
        ),
        (
            "In a meeting with Netanyahu today, Blinken stressed the need for aid.",
            "meeting",
            "today",
            True,
        ),
        (
            "Blinken discussed Netanyahu's Feb. 15 visit with Gallant.",
            "discussed",
            "Feb. 15",
            False,
        ),
        (
            "Austin spoke by phone on Thursday, March 3, 2022, with Gantz.",
            "spoke",
            "March 3, 2022",
            True,
        ),
    ],
)
def test_time_words_date_a_contact_only_when_they_hang_from_its_clause(
    text, contact, when, belongs
):
    parse = parsed(text)
    c, w = text.index(contact), text.index(when)
    predicate = tree.predicate_at(parse, c, c + len(contact))
    assert tree.attached_to(parse, w, w + len(when), predicate) is belongs


def test_the_tree_finds_a_contact_the_word_order_reading_misses():
    article, sentences = article_of(
        "Secretary of Defense Lloyd J. Austin III spoke by phone on Thursday, March 3, 2022, "
        "in the evening, after a long day of consultations in Brussels, with Israeli Foreign "
        "Minister Yair Lapid.",
        published="2022-03-04",
    )
    assert pairs(find_contacts(article, sentences, REFERENCE)) == {pair(AUSTIN, LAPID)}


def status_at(text, word):
    parse = parsed(text)
    start = text.index(word)
    return status.status_of(parse, tree.predicate_at(parse, start, start + len(word)))


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # Negation, on the contact word or on a verb that governs it.
        (
            "Secretary Blinken did not meet with Prime Minister Netanyahu during the visit.",
            "meet",
            None,
        ),
        ("Blinken never spoke with Foreign Minister Lapid about the plan.", "spoke", None),
        ("Netanyahu has yet to get a call from President Biden.", "call", None),
        # The small model hangs this gerund on the person after it, as a compound.
        ("Prime Minister Netanyahu denied meeting President Biden.", "meeting", None),
        ("Blinken failed to meet with Prime Minister Netanyahu in Jerusalem.", "meet", None),
        ("Minister Gallant declined to speak with Jake Sullivan on Tuesday.", "speak", None),
        (
            "Secretary Blinken left Israel without meeting Prime Minister Netanyahu.",
            "meeting",
            None,
        ),
        ("Foreign Minister Lapid cancelled his meeting with Secretary Blinken.", "meeting", None),
        ("There was no call between President Biden and Prime Minister Netanyahu.", "call", None),
        (
            "The Prime Minister's Office denied that Netanyahu spoke with Biden on Sunday.",
            "spoke",
            None,
        ),
        # Modal and future auxiliaries.
        (
            "Secretary Blinken will meet Prime Minister Netanyahu in Jerusalem on Monday.",
            "meet",
            "scheduled",
        ),
        (
            "The meeting between Blinken and Netanyahu will take place on Monday.",
            "meeting",
            "scheduled",
        ),
        (
            "President Biden would meet Prime Minister Netanyahu if he came to Washington.",
            "meet",
            None,
        ),
        (
            "Secretary Blinken could speak with Foreign Minister Lapid later this week.",
            "speak",
            None,
        ),
        # Plan verbs with an infinitive, a gerund or a noun's infinitive.
        ("Blinken and Lapid agreed to meet in person as soon as possible.", "meet", None),
        (
            "Secretary Austin is expected to travel to Israel next week to meet Minister Gantz.",
            "meet",
            "scheduled",
        ),
        (
            "Secretary Blinken will travel to Jordan on Monday to meet President Abbas.",
            "meet",
            "scheduled",
        ),
        (
            "Amos Hochstein plans to fly to Israel on Thursday to meet with Prime Minister Netanyahu.",
            "meet",
            None,
        ),
        ("Minister Gallant was scheduled to speak with Jake Sullivan.", "speak", "scheduled"),
        ("Jake Sullivan is due to meet Prime Minister Netanyahu on Sunday.", "meet", "scheduled"),
        ("Secretary Blinken looks forward to meeting Foreign Minister Lapid.", "meeting", None),
        (
            "Minister Gallant described his plans to meet with Secretary Austin as important.",
            "meet",
            None,
        ),
        ("Foreign Minister Lapid hopes to speak with Secretary Blinken soon.", "speak", None),
        (
            "Minister Gallant described the upcoming meeting with Secretary Austin as critical.",
            "meeting",
            None,
        ),
        # A headline's infinitive is its future.
        ("Blinken to meet Netanyahu on Monday", "meet", "scheduled"),
        (
            "Secretary Blinken to travel to Israel to meet Prime Minister Netanyahu",
            "meet",
            "scheduled",
        ),
        ("Blinken became the first official to meet Netanyahu since the war.", "meet", "held"),
        # A habit.
        ("Secretary Blinken has spoken regularly with Lapid since the war began.", "spoken", None),
        # Hypotheticals.
        (
            "If Secretary Blinken meets Prime Minister Netanyahu, the talks will go well.",
            "meets",
            None,
        ),
        # History: the pluperfect without a day of the story, "last met", repeated and earlier
        # contacts, background phrases.
        (
            "Secretary Blinken had met Prime Minister Netanyahu in Jerusalem in February.",
            "met",
            None,
        ),
        ("The two ministers last met in Cairo on 6 February.", "met", None),
        ("Secretary Blinken has met Prime Minister Netanyahu many times since 2021.", "met", None),
        ("Like in prior meetings, Gallant and Austin discussed Iran.", "meetings", None),
        (
            "Mattis noted Lieberman shared his perspective, following up on recent discussions "
            "between President Trump and Prime Minister Netanyahu.",
            "discussions",
            None,
        ),
        (
            "Blinken has spoken often with Lapid since their meeting with Netanyahu in May.",
            "meeting",
            None,
        ),
        # Held contacts that must stay held.
        ("Secretary Blinken met Prime Minister Netanyahu in Jerusalem on Monday.", "met", "held"),
        (
            "Secretary Blinken had met Prime Minister Netanyahu in Jerusalem on Sunday morning.",
            "met",
            "held",
        ),
        (
            "Minister Dermer had held talks with Amos Hochstein in Washington earlier in the week.",
            "talks",
            "held",
        ),
        ("Austin and Gantz held a secure video call on Tuesday.", "call", "held"),
        (
            "Secretary Blinken is in Israel for talks with Prime Minister Netanyahu.",
            "talks",
            "held",
        ),
        ("Secretary Austin traveled to Israel to meet Minister Gantz.", "meet", "held"),
        (
            "Foreign Minister Lapid hosted Secretary Blinken in Jerusalem on Monday for more than "
            "two hours of talks on the war.",
            "talks",
            "held",
        ),
        (
            "During a meeting with Prime Minister Netanyahu, Secretary Blinken did not raise the issue.",
            "meeting",
            "held",
        ),
        (
            "Secretary Blinken did not meet Minister Gantz but spoke with Lapid on Tuesday.",
            "spoke",
            "held",
        ),
        (
            "President Biden spoke with Netanyahu on Monday and agreed to meet again soon.",
            "spoke",
            "held",
        ),
        (
            "President Biden spoke with Netanyahu on Monday and agreed to meet again soon.",
            "meet",
            None,
        ),
    ],
)
def test_the_status_of_a_contact_comes_from_its_predicate_and_the_verbs_above_it(
    text, word, expected
):
    assert status_at(text, word) == expected
