"""Finding officials in sentences: names, aliases, handles, misspellings, titles, newcomers."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from contacts.models import Call, Official, OfficialAlias
from ingest.pipeline.contacts import find_contacts
from ingest.pipeline.people import find_mentions, matcher_for
from ingest.pipeline.records import PersonRef, Reference
from ingest.pipeline.ruler import compile_ruler, find_names
from tests.contacts.test_admin import form_data
from tests.ingest.extract_helpers import article_of, pair, pairs
from tests.ingest.reference_fixture import REFERENCE, WORLD, build_reference


def people_in(*texts, published=None, reference=REFERENCE, spokespeople=False):
    article, sentences = article_of(*texts, published=published)
    mentions = find_mentions(article, sentences, reference)
    return [
        m.person.slug
        for m in mentions
        if m.kind != "group" and (spokespeople or not m.spokesperson)
    ]


def names_in(*texts, published=None):
    """The names of everyone any mention refers to, groups and spokespeople included."""
    article, sentences = article_of(*texts, published=published)
    return {p.name for m in find_mentions(article, sentences, WORLD) for p in m.people}


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "US Secretary of State Antony Blinken spoke Monday with Israeli Foreign Minister Gabi Ashkenazi.",
            "2021-02-23",
            ["antony-blinken", "gabi-ashkenazi"],
        ),
        (
            "Secretary of State Antony J. Blinken spoke today with Palestinian Authority President Mahmoud Abbas.",
            "2021-05-21",
            ["antony-blinken", "mahmoud-abbas"],
        ),
        (
            "Great speaking with @Gabi_Ashkenazi today to discuss our partnership.",
            "2021-02-22",
            ["gabi-ashkenazi"],
        ),
        (
            "— Secretary Antony Blinken (@SecBlinken) February 22, 2021",
            "2021-02-23",
            ["antony-blinken", "antony-blinken"],
        ),
        (
            "— יואב גלנט – Yoav Gallant (@yoavgallant) June 24, 2024",
            "2024-06-24",
            ["yoav-gallant", "yoav-gallant"],
        ),
        (
            "Mattis and LIeberman reaffirmed their commitment to the U.S.-Israeli defense relationship.",
            "2017-03-07",
            ["jim-mattis", "avigdor-lieberman"],
        ),
        (
            "National Security Adviser Jake Sullivan's conversation with Meir Ben Shabbat, his Israeli counterpart, on Saturday.",
            "2021-01-27",
            ["jake-sullivan", "meir-ben-shabbat"],
        ),
        (
            "I think you saw that the secretary spoke again with his Israeli counterpart this morning, Benjamin Gantz.",
            "2021-05-18",
            ["benny-gantz"],
        ),
        (
            "Mr. Sullivan and Dr. Hulata also led the fourth meeting of the U.S.-Israel Strategic Consultative Group.",
            "2021-12-22",
            ["jake-sullivan", "eyal-hulata"],
        ),
        (
            "Secretary of State Marco Rubio spoke with Israeli Foreign Minister Gideon Sa'ar today.",
            "2025-01-23",
            ["marco-rubio", "gideon-saar"],
        ),
        (
            "Secretary Blinken’s Call with Israeli Foreign and Alternate Prime Minister Lapid",
            "2022-01-31",
            ["antony-blinken", "yair-lapid"],
        ),
    ],
)
def test_names_aliases_handles_and_titles_find_the_official(text, published, expected):
    assert people_in(text, published=published) == expected


def test_a_misspelt_surname_is_the_official_the_article_names_elsewhere():
    found = people_in(
        "US Secretary of State Antony Blinken spoke Monday with Israeli Foreign Minister Gabi Ashkenazi.",
        '"I thanked Blinker for the strong opposition of the US to one-sided actions."',
        published="2021-02-23",
    )
    assert found == ["antony-blinken", "gabi-ashkenazi", "antony-blinken"]


@pytest.mark.parametrize(
    "text",
    [
        # One letter from "Blinken", but nobody in the article is called Blinken.
        '"I thanked Blinker for the strong opposition of the US."',
        # Photo credit one letter from "Hochstein", in a page that never names him.
        "The goal: Deny Hamas leverage – then resume combatReuters / Evelyn Hockstein",
        # A byline: another Cohen, with a given name that is not Eli's or Yossi's.
        "by Shirit Avitan Cohen and Ariel Kahana",
        # Ordinary capitalised words one letter from a surname.
        "Hamas sources informed the Saudi newspaper Asharq Al-Awsat of the Gallery talks.",
    ],
)
def test_no_false_officials_from_near_misses_and_namesakes(text):
    assert people_in(text, published="2021-02-23") == []


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Foreign Minister Cohen spoke with Secretary Blinken.", "2023-10-07", "eli-cohen"),
        ("Mossad director Cohen visited Washington.", "2019-05-01", "yossi-cohen"),
        ("Mr. Cohen said the talks went well.", "2023-10-07", "eli-cohen"),
    ],
)
def test_namesakes_are_told_apart_by_title_and_post_held_on_the_date(text, published, expected):
    assert people_in(text, published=published)[0] == expected


@pytest.mark.parametrize(
    ("texts", "published", "expected"),
    [
        # "the Secretary" is the secretary the readout already named.
        (
            [
                "Secretary of State Antony J. Blinken spoke with Israeli Foreign Minister Yair Lapid today.",
                "The Secretary and Foreign Minister discussed the threats posed by Iran.",
            ],
            "2022-01-31",
            ["antony-blinken", "yair-lapid", "antony-blinken", "yair-lapid"],
        ),
        # "the secretary" named only later in a Pentagon briefing.
        (
            [
                "I think you saw that the secretary spoke again with his Israeli counterpart this morning, Benjamin Gantz.",
                "What has Secretary Austin learned about the bombing?",
            ],
            "2021-05-18",
            ["lloyd-austin", "benny-gantz", "lloyd-austin"],
        ),
        # "President" after a Palestinian president is him, not the U.S. president.
        (
            [
                "Secretary of State Antony J. Blinken spoke today with Palestinian Authority President Mahmoud Abbas.",
                "The Secretary and President welcomed the ceasefire.",
            ],
            "2021-05-21",
            ["antony-blinken", "mahmoud-abbas", "antony-blinken", "mahmoud-abbas"],
        ),
        # A bare title with a nationality: the holder on the article's date.
        (
            ["Blinken spoke with the Israeli prime minister."],
            "2022-08-15",
            ["antony-blinken", "yair-lapid"],
        ),
        (
            ["Blinken spoke with the Israeli prime minister."],
            "2023-09-05",
            ["antony-blinken", "benjamin-netanyahu"],
        ),
    ],
)
def test_titles_that_refer_back_resolve_to_the_right_person(texts, published, expected):
    assert people_in(*texts, published=published) == expected


def test_a_title_inside_another_title_is_not_a_person():
    found = people_in(
        "Important discussion with Senior Advisor to the U.S. President, Amos Hochstein about the north.",
        published="2024-06-24",
    )
    assert found == ["amos-hochstein"]


@pytest.mark.parametrize(
    ("text", "published", "spokesperson"),
    [
        (
            "The below is attributable to Spokesperson Ned Price: Secretary Blinken spoke today with Abbas.",
            "2021-05-21",
            "ned-price",
        ),
        (
            "Blinken spoke with Netanyahu, according to Matthew Miller, spokesman for the U.S. State Department.",
            "2023-09-05",
            "matthew-miller",
        ),
        (
            "PRESS SECRETARY JOHN F. KIRBY: Just a couple of things at the top.",
            "2021-05-18",
            "john-kirby",
        ),
    ],
)
def test_spokespeople_are_recognised_and_set_apart(text, published, spokesperson):
    assert spokesperson in people_in(text, published=published, spokespeople=True)
    assert spokesperson not in people_in(text, published=published)


def test_an_unlisted_spokesman_is_not_made_an_official():
    article, sentences = article_of(
        "Defense Secretary Jim Mattis met today with Israeli Minister of Defense Avigdor Lieberman, Pentagon spokesman Navy Capt. Jeff Davis said in a statement.",
        published="2017-03-07",
    )
    newcomers = [m for m in find_mentions(article, sentences, REFERENCE) if m.person.is_new]
    assert [(m.person.name, m.spokesperson) for m in newcomers] == [("Jeff Davis", True)]


@pytest.mark.parametrize(
    ("text", "name", "country", "title"),
    [
        (
            "Israeli Minister of Tourism Haim Katz met with the ambassador.",
            "Haim Katz",
            "IL",
            "Israeli Minister of Tourism",
        ),
        (
            "Prior to his meeting with U.S. officials, including CIA director William Burns, Gallant stated that he would discuss the hostages.",
            "William Burns",
            "US",
            "CIA director",
        ),
        (
            "He was joined by U.S. Ambassador to Israel Tom Nides.",
            "Tom Nides",
            "US",
            "U.S. Ambassador to Israel",
        ),
    ],
)
def test_a_titled_official_missing_from_the_reference_becomes_a_newcomer(
    text, name, country, title
):
    reference = build_reference(without={"william-burns"})
    article, sentences = article_of(text, published="2024-06-24")
    newcomers = [m.person for m in find_mentions(article, sentences, reference) if m.person.is_new]
    assert [(p.name, p.country, p.title) for p in newcomers] == [(name, country, title)]


@pytest.mark.parametrize(
    "text",
    [
        "by Ariel Kahana and Neta Bar",
        "Official State Department photo by Chuck Kennedy",
        "The Council on Foreign Relations reported that Fatah formed a unity government.",
        # The last word of a long title right before a known name is no name of its own.
        "Minister of Strategic Affairs and Diaspora Ron Dermer met Secretary Blinken.",
        "The Minister of Foreign Affairs and Expatriates Eli Cohen spoke with Blinken.",
    ],
)
def test_capitalised_names_without_a_title_are_not_newcomers(text):
    article, sentences = article_of(text, published="2024-06-24")
    assert [m for m in find_mentions(article, sentences, REFERENCE) if m.person.is_new] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Austin spoke with Israeli Minister of Defense Benjamin \u201cBenny\u201d Gantz.",
            "benny-gantz",
        ),
        ('Blinken met Defense Minister Yoav "Yoavi" Gallant in Tel Aviv.', "yoav-gallant"),
    ],
)
def test_a_quoted_nickname_inside_a_name_makes_no_second_person(text, expected):
    article, sentences = article_of(text, published="2024-01-10")
    mentions = find_mentions(article, sentences, REFERENCE)
    assert [m for m in mentions if m.person.is_new] == []
    assert expected in [m.person.slug for m in mentions]


def test_the_two_leaders_are_the_pair_just_named():
    article, sentences = article_of(
        "U.S. Secretary of State Antony Blinken spoke on the phone with Israeli Prime Minister Benjamin Netanyahu on Tuesday.",
        "Miller added that the two leaders discussed mutual interests.",
        "The two-state solution was not mentioned.",
        published="2023-09-05",
    )
    groups = [m for m in find_mentions(article, sentences, REFERENCE) if m.kind == "group"]
    assert [{p.slug for p in g.people} for g in groups] == [
        {"antony-blinken", "benjamin-netanyahu"}
    ]


def test_the_matcher_is_built_once_per_reference():
    assert matcher_for(REFERENCE) is matcher_for(REFERENCE)
    assert matcher_for(build_reference()) is not matcher_for(REFERENCE)


# The ruler's patterns as the people stage makes them: (label, name or alias, slug).
RULER_NAMES = [
    ("NAME", "Antony Blinken", "antony-blinken"),
    ("NAME", "Antony J. Blinken", "antony-blinken"),
    ("SURNAME", "blinken", "antony-blinken"),
    ("HANDLE", "@SecBlinken", "antony-blinken"),
    ("NAME", "Gideon Sa'ar", "gideon-saar"),
    ("NAME", "Itamar Ben Gvir", "itamar-ben-gvir"),
    ("SURNAME", "ben gvir", "itamar-ben-gvir"),
    ("NAME", "Recep Tayyip Erdoğan", "recep-tayyip-erdogan"),
    ("NAME", "Eli Cohen", "eli-cohen"),
    ("NAME", "Eli Cohen", "eli-cohen-mk"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Accents and case do not count (the people stage wants a capital, not the ruler).
        (
            "President Recep Tayyip Erdogan hosted the talks.",
            {("Recep Tayyip Erdogan", "recep-tayyip-erdogan")},
        ),
        ("RECEP TAYYIP ERDOĞAN", {("RECEP TAYYIP ERDOĞAN", "recep-tayyip-erdogan")}),
        # Apostrophes inside a name, straight or curly, or none.
        ("Foreign Minister Gideon Sa’ar said.", {("Gideon Sa’ar", "gideon-saar")}),
        ("Foreign Minister Gideon Saar said.", {("Gideon Saar", "gideon-saar")}),
        # Initials, with or without their period.
        (
            "Secretary Antony J. Blinken spoke.",
            {("Antony J. Blinken", "antony-blinken"), ("Blinken", "antony-blinken")},
        ),
        (
            "Secretary Antony J Blinken spoke.",
            {("Antony J Blinken", "antony-blinken"), ("Blinken", "antony-blinken")},
        ),
        # A possessive is no part of the name.
        ("Blinken's visit ended.", {("Blinken", "antony-blinken")}),
        ("Gideon Sa'ar’s visit ended.", {("Gideon Sa'ar", "gideon-saar")}),
        # A hyphen inside a name is a space; a dash or a comma between words is not.
        (
            "Minister Itamar Ben-Gvir's remarks",
            {("Itamar Ben-Gvir", "itamar-ben-gvir"), ("Ben-Gvir", "itamar-ben-gvir")},
        ),
        ("Ben Gvir said", {("Ben Gvir", "itamar-ben-gvir")}),
        ("the Blinken-led talks", {("Blinken", "antony-blinken")}),
        ("Blinken&Sa'ar", {("Blinken", "antony-blinken")}),
        ("Antony—Blinken", {("Blinken", "antony-blinken")}),
        ("Antony, Blinken", {("Blinken", "antony-blinken")}),
        ("Antony\nBlinken", {("Blinken", "antony-blinken")}),
        (
            "Antony\u00a0Blinken",
            {("Antony\u00a0Blinken", "antony-blinken"), ("Blinken", "antony-blinken")},
        ),
        # Handles, in any case, inside punctuation.
        ("— Secretary (@SecBlinken) May 3", {("@SecBlinken", "antony-blinken")}),
        ("thanks @secblinken!", {("@secblinken", "antony-blinken")}),
        # Namesakes: both officials over the same words, for the people stage to choose.
        ("Eli Cohen spoke.", {("Eli Cohen", "eli-cohen"), ("Eli Cohen", "eli-cohen-mk")}),
    ],
)
def test_the_ruler_finds_every_name_and_alias_as_texts_write_them(text, expected):
    [found] = find_names(compile_ruler(RULER_NAMES), [text])
    assert {(text[s.start : s.end], s.slug) for s in found} == expected


def test_the_ruler_keeps_each_text_apart():
    found = find_names(compile_ruler(RULER_NAMES), ["He met Antony", "Blinken met Eli Cohen"])
    assert [[(s.start, s.end, s.label) for s in spans] for spans in found] == [
        [],
        [(0, 7, "SURNAME"), (12, 21, "NAME"), (12, 21, "NAME")],
    ]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "Minister Itamar Ben-Gvir met Secretary Blinken.",
            "2023-02-01",
            ["itamar-ben-gvir", "antony-blinken"],
        ),
        (
            "Ben-Gvir’s remarks angered Gideon Sa’ar.",
            "2023-02-01",
            ["itamar-ben-gvir", "gideon-saar"],
        ),
        (
            "Recep Tayyip Erdogan met Antony J. Blinken.",
            "2023-02-01",
            ["recep-tayyip-erdogan", "antony-blinken"],
        ),
        # Lower case is not a name to the people stage.
        ("the antony blinken fan club", "2023-02-01", []),
    ],
)
def test_names_from_the_ruler_are_the_officials_in_the_article(text, published, expected):
    reference = build_reference()
    for slug, name in [
        ("itamar-ben-gvir", "Itamar Ben-Gvir"),
        ("recep-tayyip-erdogan", "Recep Tayyip Erdoğan"),
    ]:
        reference.people.append(PersonRef(slug, name, "XX"))
    assert people_in(text, published=published, reference=reference) == expected


@pytest.mark.django_db
def test_an_alias_an_editor_adds_in_the_admin_is_found_by_the_next_ingest(admin_client, tmp_path):
    netanyahu = Official.objects.get(name="Benjamin Netanyahu")
    # The reference data as it was before an editor knew the nickname.
    OfficialAlias.objects.filter(official=netanyahu, name="Bibi").delete()
    sentence = "Secretary of State Antony J. Blinken met with Bibi in Jerusalem on {} to discuss the hostages."
    (tmp_path / "before.txt").write_text(sentence.format("January 30, 2023"))
    (tmp_path / "after.txt").write_text(sentence.format("June 10, 2023"))

    def ingest(name):
        call_command("ingest", str(tmp_path / name), stdout=StringIO(), stderr=StringIO())
        return {
            frozenset(p.official.slug for p in call.participants.all())
            for call in Call.objects.filter(reports__article__source_documents__filename=name)
        }

    assert ingest("before.txt") == set()

    change = reverse("admin:contacts_official_change", args=[netanyahu.pk])
    data = form_data(admin_client.get(change))
    row = int(data["aliases-TOTAL_FORMS"])
    data.update({"aliases-TOTAL_FORMS": str(row + 1), f"aliases-{row}-name": "Bibi"})
    data[f"aliases-{row}-kind"] = "short"
    response = admin_client.post(change, data)
    assert response.status_code == 302, response.context and response.context.get("errors")

    assert ingest("after.txt") == {frozenset({"antony-blinken", netanyahu.slug})}


@pytest.mark.parametrize(
    ("text", "name", "country", "title"),
    [
        (
            "US envoy Amos Hochstein met Lebanese Parliament Speaker Nabih Berri in Beirut.",
            "Nabih Berri",
            "LB",
            "Lebanese Parliament Speaker",
        ),
        (
            "Hochstein also met caretaker Prime Minister Najib Mikati at the Grand Serail.",
            "Najib Mikati",
            "XX",
            "caretaker Prime Minister",
        ),
        (
            "The Secretary spoke today with Omani Foreign Minister Sayyid Badr Albusaidi.",
            "Badr Albusaidi",
            "OM",
            "Omani Foreign Minister Sayyid",
        ),
    ],
)
def test_regional_titles_and_honorifics_introduce_a_newcomer(text, name, country, title):
    article, sentences = article_of(text, published="2024-11-19")
    newcomers = [m.person for m in find_mentions(article, sentences, REFERENCE) if m.person.is_new]
    assert [(p.name, p.country, p.title) for p in newcomers] == [(name, country, title)]


@pytest.mark.parametrize(
    ("texts", "published", "expected"),
    [
        # A State Department briefing: "the Secretary" is the Secretary of State of the day.
        (
            [
                "Matthew Miller, Department Spokesperson, briefed reporters.",
                "The Secretary spoke this morning with Israeli Minister Benny Gantz.",
            ],
            "2024-01-22",
            ["antony-blinken", "benny-gantz"],
        ),
        # A Pentagon readout: the Secretary of Defense.
        (
            [
                "The Pentagon released the following readout.",
                "The Secretary spoke today with Israeli Minister of Defense Yoav Gallant.",
            ],
            "2024-02-18",
            ["lloyd-austin", "yoav-gallant"],
        ),
    ],
)
def test_a_bare_secretary_is_the_head_of_the_department_that_issued_the_text(
    texts, published, expected
):
    assert people_in(*texts, published=published) == expected


def test_a_deputy_secretary_of_state_is_not_the_secretary_of_state():
    # In 2016 Blinken was Deputy Secretary: "the Secretary of State" is someone else.
    found = people_in(
        "The Secretary of State spoke with Prime Minister Benjamin Netanyahu.",
        published="2016-05-01",
    )
    assert "antony-blinken" not in found


def test_a_name_that_runs_on_past_a_shorter_alias_is_one_mention():
    reference = Reference(
        people=[PersonRef("mohammed-al-thani", "Mohammed bin Abdulrahman Al Thani", "QA")],
        aliases={"mohammed-al-thani": ["Sheikh Mohammed bin Abdulrahman"]},
    )
    text = "Qatari Prime Minister Sheikh Mohammed bin Abdulrahman Al Thani met the envoy."
    article, sentences = article_of(text)
    mentions = find_mentions(article, sentences, reference)
    assert [text[m.start : m.end] for m in mentions] == [
        "Qatari Prime Minister Sheikh Mohammed bin Abdulrahman Al Thani"
    ]


def test_a_surname_shared_by_namesakes_is_the_one_the_article_names_in_full():
    # No publication date to tell the Cohens apart by their posts: the full name decides.
    found = people_in(
        "Israeli Foreign Minister Eli Cohen spoke with Secretary Blinken.",
        "Cohen said afterwards that the call had been useful.",
    )
    assert found == ["eli-cohen", "antony-blinken", "eli-cohen"]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # "President-elect" and "Prime Minister-designate" are not the sitting holder.
        (
            "Dermer met President-elect Donald Trump at Mar-a-Lago.",
            "2024-11-15",
            ["ron-dermer", "donald-trump"],
        ),
        (
            "Blinken met Prime Minister-designate Benny Gantz.",
            "2021-05-13",
            ["antony-blinken", "benny-gantz"],
        ),
    ],
)
def test_elect_and_designate_titles_do_not_name_the_holder(text, published, expected):
    assert people_in(text, published=published) == expected


def test_the_s_of_a_possessive_is_not_a_title():
    article, sentences = article_of("Lapid met Israel's Benny Gantz.", published="2022-03-28")
    gantz = [
        m for m in find_mentions(article, sentences, REFERENCE) if m.person.slug == "benny-gantz"
    ]
    assert gantz and article.body[gantz[0].start : gantz[0].end] == "Benny Gantz"


def test_compound_and_plural_titles_lead_to_the_name():
    article, sentences = article_of(
        "Blinken held calls today with Israeli War Cabinet members Benny Gantz and Gadi Eisenkot.",
        published="2024-03-12",
    )
    mention = next(
        m for m in find_mentions(article, sentences, REFERENCE) if m.person.slug == "benny-gantz"
    )
    assert mention.title == "Israeli War Cabinet members"


def _with_regional_ministers():
    """The fixture plus Egypt's and Jordan's foreign ministers, with their real terms."""
    from datetime import date

    from ingest.pipeline.records import PositionRef

    base = build_reference()
    extra = [
        ("sameh-shoukry", "Sameh Shoukry", "EG", date(2014, 6, 17), date(2024, 7, 3)),
        ("badr-abdelatty", "Badr Abdelatty", "EG", date(2024, 7, 3), None),
        ("ayman-safadi", "Ayman Safadi", "JO", date(2017, 1, 15), None),
    ]
    people = base.people + [PersonRef(slug=s, name=n, country=c) for s, n, c, _, _ in extra]
    positions = base.positions + [
        PositionRef(s, "Minister of Foreign Affairs", "foreign-minister", c, start, end)
        for s, _, c, start, end in extra
    ]
    return Reference(people=people, aliases=base.aliases, positions=positions, topics=base.topics)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "Secretary of State Marco Rubio spoke on Sunday with his Egyptian and Jordanian counterparts.",
            "2025-02-10",
            ["marco-rubio", "badr-abdelatty", "ayman-safadi"],
        ),
        (
            "Blinken spoke with his counterparts from Egypt and Jordan over the weekend.",
            "2024-01-22",
            ["antony-blinken", "sameh-shoukry", "ayman-safadi"],
        ),
        # Without a day the post may have had several holders: nobody is guessed.
        (
            "Blinken spoke with his Egyptian counterpart.",
            None,
            ["antony-blinken"],
        ),
    ],
)
def test_counterparts_are_the_holders_of_the_post_on_the_day(text, published, expected):
    assert people_in(text, published=published, reference=_with_regional_ministers()) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A newcomer introduced by the delegation they lead.
        (
            "Egypt's intelligence chief met a Hamas delegation headed by Khalil al-Hayya in Cairo.",
            ["khalil-al-hayya"],
        ),
        # A country after a title is no person.
        ("He received the Secretary of State of the United States of America.", []),
    ],
)
def test_newcomers_need_a_person_behind_the_title(text, expected):
    article, sentences = article_of(text, published="2025-04-13")
    mentions = find_mentions(article, sentences, REFERENCE)
    assert [m.person.slug for m in mentions if m.kind == "new"] == expected


def test_a_fathers_name_in_a_patronymic_is_not_another_official():
    text = "Prince Faisal bin Farhan bin Netanyahu received the envoy."  # an invented patronymic
    assert "benjamin-netanyahu" not in people_in(text, published="2025-02-17")


@pytest.mark.parametrize(
    ("text", "published", "absent"),
    [
        # A father's and family name inside a longer name are no one's mention.
        (
            "Prince Mohammed bin Salman bin Abdulaziz Al Saud received Jake Sullivan.",
            "2023-07-27",
            "Salman bin Abdulaziz Al Saud",
        ),
        # A capitalised place noun makes the words before it a place.
        ("Blinken was received at Al-Salam Palace in Jeddah.", "2023-07-27", "Nawaf Salam"),
        ("Netanyahu met Blinken at Rabin Square.", "2023-07-27", "Rabin"),
        # A capitalised name after "of" is a place, not a newcomer.
        (
            "He met Sheikh Mohamed bin Zayed, Crown Prince of Abu Dhabi.",
            "2023-07-27",
            "Abu Dhabi",
        ),
        # A title that ends in an abstract noun is no new person.
        (
            "Sheikh Abdullah bin Zayed Al Nahyan, Minister of Foreign Affairs and International "
            "Cooperation, received today Yair Lapid.",
            "2021-06-29",
            "Cooperation",
        ),
    ],
)
def test_names_inside_longer_names_places_and_titles_are_not_people(text, published, absent):
    assert absent not in names_in(text, published=published)


def test_a_new_official_with_a_personal_name_is_still_found():
    found = names_in("Blinken met Sudanese Foreign Minister Ali Youssef in Cairo.")
    assert "Ali Youssef" in found


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # Arab usage puts the given name after the title: the one holder of that post so named.
        ("Foreign Minister Abdullah thanked Blinken.", "2023-05-01", "abdullah-bin-zayed"),
        (
            "FOREIGN MINISTER ABDULLAH: Thank you, Mr. Secretary.",
            "2023-05-01",
            "abdullah-bin-zayed",
        ),
        # The title the name already fits keeps its holder.
        ("King Abdullah thanked Blinken.", "2023-05-01", "abdullah-ii"),
        # One letter off in the transliteration is the same given name.
        ("Crown Prince Mohammed of Abu Dhabi received Blinken.", "2016-05-01", "mohamed-bin-zayed"),
    ],
)
def test_a_title_with_a_given_name_alone_is_that_posts_holder(text, published, expected):
    assert expected in people_in(text, published=published, reference=WORLD)


def test_a_title_with_a_given_name_two_holders_share_names_nobody():
    # Mohammed bin Salman and Mohamed bin Zayed were both crown princes in 2020.
    found = people_in(
        "Crown Prince Mohammed received Blinken.", published="2020-05-01", reference=WORLD
    )
    assert "mohammed-bin-salman" not in found and "mohamed-bin-zayed" not in found


def test_a_bare_title_in_a_governments_briefing_is_that_governments_holder():
    briefing = (
        "MR. KIRBY: Let me start with Israel.",
        "The President spoke this morning with Prime Minister Naftali Bennett.",
    )
    assert "joe-biden" in people_in(*briefing, published="2021-08-02")
    # Without the spokesperson nothing says whose president it is.
    assert "joe-biden" not in people_in(briefing[1], published="2021-08-02")


def test_the_envoy_is_the_last_official_named_as_one():
    found = people_in(
        "Senior Advisor Amos Hochstein met President Isaac Herzog in Jerusalem.",
        "Earlier, the U.S. envoy held meetings with Prime Minister Benjamin Netanyahu.",
        published="2024-09-16",
    )
    assert found == ["amos-hochstein", "isaac-herzog", "amos-hochstein", "benjamin-netanyahu"]
    # Nobody named as an envoy: "the envoy" is none of those named.
    found = people_in(
        "President Isaac Herzog met Prime Minister Benjamin Netanyahu.",
        "The envoy then flew home.",
        published="2024-09-16",
    )
    assert found == ["isaac-herzog", "benjamin-netanyahu"]


def newcomers_in(*texts, published="2024-06-24", reference=REFERENCE):
    """(name, country, title) of every official the texts introduce who is not in the data."""
    article, sentences = article_of(*texts, published=published)
    mentions = find_mentions(article, sentences, reference)
    return [(m.person.name, m.person.country, m.person.title) for m in mentions if m.person.is_new]


def contact_pairs(*texts, published):
    article, sentences = article_of(*texts, published=published)
    return pairs(find_contacts(article, sentences, REFERENCE))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A list of names after a plural post: the nth name holds it in the nth country.
        (
            "Ashkenazi met in Paphos with the foreign ministers of Greece and Cyprus, Nikos "
            "Dendias and Nikos Christodoulides, to discuss energy.",
            [
                ("Nikos Dendias", "GR", "foreign minister of Greece"),
                ("Nikos Christodoulides", "CY", "foreign minister of Cyprus"),
            ],
        ),
        (
            "Austin hosted the defense ministers of Egypt, Jordan and Greece, Mohamed Zaki, "
            "Yousef Huneiti and Nikos Panagiotopoulos, at the Pentagon.",
            [
                ("Mohamed Zaki", "EG", "defense minister of Egypt"),
                ("Yousef Huneiti", "JO", "defense minister of Jordan"),
                ("Nikos Panagiotopoulos", "GR", "defense minister of Greece"),
            ],
        ),
        # One of the list is known: the newcomer still takes his own place in it.
        (
            "Sullivan convened a meeting on Tuesday with his Israeli and Russian counterparts, "
            "Tzachi Hanegbi and Nikolai Patrushev, the first of its kind.",
            [("Nikolai Patrushev", "RU", "Russian counterpart")],
        ),
        # A singular post between commas.
        (
            "The Minister of State for International Cooperation of the United Arab Emirates, "
            "Reem Al Hashimy, joined the meeting by video link.",
            [
                (
                    "Reem Al Hashimy",
                    "AE",
                    "Minister of State for International Cooperation of the United Arab Emirates",
                )
            ],
        ),
        (
            "Blinken also met the Speaker of the Parliament of Jordan, Ahmed Safadi, in Amman.",
            [("Ahmed Safadi", "JO", "Speaker of the Parliament of Jordan")],
        ),
        # The post before the comma and a rank right before the name.
        (
            "President of the Republic, General Joseph Aoun, received the envoy at Baabda.",
            [("Joseph Aoun", "XX", "President of the Republic, General")],
        ),
    ],
)
def test_a_newcomer_set_after_a_post_or_a_group_noun_takes_its_post_and_country(text, expected):
    assert newcomers_in(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # The words after the comma are a clause's subject, not an apposition.
        "After meeting the ministers, John Smith and Jane Doe flew home.",
        "Blinken thanked the foreign minister, Ahmed Safadi said on Sunday.",
        # One capitalised word after a group noun is no full name.
        "He thanked the ministers, Hamas and the mediators for their efforts.",
    ],
)
def test_names_after_a_comma_that_close_no_apposition_are_not_newcomers(text):
    assert newcomers_in(text) == []


def test_a_list_of_newcomers_after_a_post_makes_a_contact_with_each():
    found = contact_pairs(
        "Foreign Minister Gabi Ashkenazi met today in Paphos with the foreign ministers of "
        "Greece and Cyprus, Nikos Dendias and Nikos Christodoulides.",
        published="2021-04-16",
    )
    assert pair("gabi-ashkenazi", "nikos-dendias") in found
    assert pair("gabi-ashkenazi", "nikos-christodoulides") in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Secretary met in Manama with H.E. Sheikh Nasser bin Hamad Al Khalifa.",
            [("Nasser bin Hamad Al Khalifa", "XX", "H.E. Sheikh")],
        ),
        (
            "His Highness Sheikh Nasser bin Hamad Al Khalifa received Secretary Blinken.",
            [("Nasser bin Hamad Al Khalifa", "XX", "His Highness Sheikh")],
        ),
        (
            "His Excellency Abdullah Al Sabah received the American delegation.",
            [("Abdullah Al Sabah", "XX", "His Excellency")],
        ),
        # Military ranks are titles before a name.
        (
            "Lt. Gen. Michael Kurilla, the commander of CENTCOM, met Gallant.",
            [("Michael Kurilla", "XX", "Lt. Gen")],
        ),
        (
            "Major General Ghassan Alian met U.S. officials.",
            [("Ghassan Alian", "XX", "Major General")],
        ),
        ("Admiral Brad Cooper visited Israel.", [("Brad Cooper", "XX", "Admiral")]),
    ],
)
def test_honorifics_and_ranks_introduce_a_newcomer(text, expected):
    assert newcomers_in(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # An honorific inside a place's name.
        "Protests continued in Sheikh Jarrah on Friday.",
        "Blinken visited the Sheikh Zayed Grand Mosque in Abu Dhabi.",
    ],
)
def test_an_honorific_in_a_place_name_makes_no_newcomer(text):
    assert newcomers_in(text) == []


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("President of the Republic, General Joseph Aoun, received the envoy.", "Republic"),
        ("The President of the Republic received the envoy on Monday.", "Republic"),
        ("The Chief Justice of the Supreme Court met the delegation.", "Supreme"),
        ("The Speaker of the Assembly of the Republic hosted Blinken.", "Assembly"),
    ],
)
def test_the_words_of_a_title_are_no_persons_name(text, absent):
    assert all(absent not in name for name, _, _ in newcomers_in(text))


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # A name used as a modifier names whose people act; with none named, nobody does.
        (
            "Trump envoys meet Abbas, Netanyahu",
            "2017-08-25",
            ["mahmoud-abbas", "benjamin-netanyahu"],
        ),
        ("A Biden aide met Netanyahu on Monday.", "2023-09-05", ["benjamin-netanyahu"]),
        (
            "Netanyahu adviser Ron Dermer met Jake Sullivan at the White House.",
            "2023-06-22",
            ["ron-dermer", "jake-sullivan"],
        ),
        ("Blinken met Abbas officials in Ramallah.", "2023-09-05", ["antony-blinken"]),
    ],
)
def test_a_name_used_as_a_modifier_is_not_the_one_who_acts(text, published, expected):
    assert people_in(text, published=published) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Netanyahu adviser Ron Dermer met Jake Sullivan at the White House on Thursday.",
            {pair("ron-dermer", "jake-sullivan")},
        ),
        ("Trump envoys met Abbas in Ramallah on Thursday.", set()),
    ],
)
def test_a_modifiers_owner_makes_no_contact(text, expected):
    assert contact_pairs(text, published="2023-06-23") == expected


QUOTE_VISIT = (
    "Amos Hochstein met Palestinian President Mahmoud Abbas in Ramallah on Thursday.",
    "Abbas told the visitor that he remained committed to a deal.",
    "\u201cThe President is very committed to a deal,\u201d Netanyahu said at the start of "
    "his meeting with Hochstein.",
)


def test_a_title_in_an_officials_words_about_someone_else_is_not_the_last_holder_named():
    found = people_in(*QUOTE_VISIT, published="2024-09-20")
    assert found.count("mahmoud-abbas") == 2  # named twice; "The President" is not him
    assert pair("benjamin-netanyahu", "amos-hochstein") in contact_pairs(
        *QUOTE_VISIT, published="2024-09-20"
    )


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # A spokesperson's words tell the contact itself: the titles are its participants.
        (
            [
                "Blinken spoke with Prime Minister Netanyahu today.",
                '"The Secretary and the Prime Minister discussed Iran," Miller said.',
            ],
            ["antony-blinken", "benjamin-netanyahu", "antony-blinken", "benjamin-netanyahu"],
        ),
        # Words in the first person tell the speaker's own contact.
        (
            [
                "Netanyahu spoke with President Joe Biden on Sunday.",
                '"I told the President that Israel will defend itself," Netanyahu said.',
            ],
            ["benjamin-netanyahu", "joe-biden", "joe-biden", "benjamin-netanyahu"],
        ),
    ],
)
def test_a_title_in_quoted_words_that_tell_a_contact_is_resolved(texts, expected):
    assert people_in(*texts, published="2023-09-05") == expected


SULLIVAN_VISIT = (
    "U.S. National Security Adviser Jake Sullivan arrived in Israel on Wednesday for talks with "
    "Israeli officials.",
    "The Prime Minister and Mr. Sullivan met for about three hours in Jerusalem.",
)


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # The holder of the post on the day, in the country the story is about.
        (SULLIVAN_VISIT, ["jake-sullivan", "naftali-bennett", "jake-sullivan"]),
        # Or the one the story names later.
        (
            (
                SULLIVAN_VISIT[1],
                "Naftali Bennett's office said the talks focused on Iran.",
            ),
            ["naftali-bennett", "jake-sullivan", "naftali-bennett"],
        ),
    ],
)
def test_a_bare_title_beside_a_name_is_a_person_of_its_own(texts, expected):
    assert people_in(*texts, published="2021-12-22") == expected
    assert pair("naftali-bennett", "jake-sullivan") in contact_pairs(*texts, published="2021-12-22")


def _with_a_deputy_secretary():
    """The fixture plus a Deputy Secretary of State of 2024."""
    from datetime import date

    from ingest.pipeline.records import PositionRef

    base = build_reference()
    deputy = PositionRef(
        "kurt-campbell", "Deputy Secretary of State", "deputy-secretary-of-state", "US",
        date(2024, 2, 12),
    )  # fmt: skip
    return Reference(
        people=[*base.people, PersonRef("kurt-campbell", "Kurt Campbell", "US")],
        aliases=base.aliases,
        positions=[*base.positions, deputy],
        topics=base.topics,
    )


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # The department's Secretary, not the deputy the briefing names next.
        (
            [
                "Matthew Miller, Department Spokesperson, briefed reporters.",
                "The Secretary spoke this morning with Israeli Foreign Minister Israel Katz.",
                "Separately, Deputy Secretary Campbell met Ambassador Hulata.",
            ],
            ["antony-blinken", "israel-katz", "kurt-campbell", "eyal-hulata"],
        ),
        # Nothing tells which Secretary: still not the deputy.
        (
            [
                "The Secretary spoke this morning with Israeli Foreign Minister Israel Katz.",
                "Separately, Deputy Secretary Campbell met Ambassador Hulata.",
            ],
            ["israel-katz", "kurt-campbell", "eyal-hulata"],
        ),
    ],
)
def test_a_bare_secretary_is_no_deputy_secretary(texts, expected):
    found = people_in(*texts, published="2024-04-02", reference=_with_a_deputy_secretary())
    assert found == expected


SIGNING = (
    "Leaders from Israel, the United Arab Emirates and Morocco met at the White House on Tuesday.",
    "Israeli Prime Minister Benjamin Netanyahu, Emirati Foreign Minister Abdullah bin Zayed "
    "Al Nahyan and Moroccan Foreign Minister Nasser Bourita signed the documents.",
)


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # Each country's one official named next.
        (SIGNING, [{"benjamin-netanyahu", "abdullah-bin-zayed", "nasser-bourita"}]),
        # A country nobody is named for, or two officials of one: no group.
        (
            (
                "Officials from Israel and Egypt met in Cairo on Tuesday.",
                "Netanyahu and Gantz said afterwards that the talks had gone well.",
            ),
            [],
        ),
    ],
)
def test_a_group_from_a_list_of_countries_is_the_officials_named_next(texts, expected):
    article, sentences = article_of(*texts, published="2020-09-15")
    groups = [m for m in find_mentions(article, sentences, WORLD) if m.kind == "group"]
    assert [{p.slug for p in g.people} for g in groups] == expected


def test_a_group_named_next_makes_one_meeting_of_all():
    article, sentences = article_of(*SIGNING, published="2020-09-15")
    found = pairs(find_contacts(article, sentences, WORLD))
    assert pair("benjamin-netanyahu", "abdullah-bin-zayed", "nasser-bourita") in found


def test_the_two_envoys_are_not_the_president_who_sent_them():
    article, sentences = article_of(
        "Amos Hochstein, President Joe Biden's senior adviser, and Brett McGurk, the "
        "president's coordinator for the Middle East, met Netanyahu on Thursday.",
        "The two envoys had seen President Isaac Herzog on Wednesday.",
        published="2024-01-12",
    )
    groups = [m for m in find_mentions(article, sentences, REFERENCE) if m.kind == "group"]
    assert [{p.slug for p in g.people} for g in groups] == [{"amos-hochstein", "brett-mcgurk"}]
