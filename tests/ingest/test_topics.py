"""Tagging contacts with the topics their evidence sentences name."""

import pytest

from ingest.pipeline.records import (
    ExtractedCall,
    ExtractedParticipant,
    Reference,
    Sentence,
    TopicRef,
)
from ingest.pipeline.topics import assign_topics
from tests.ingest.reference_fixture import REFERENCE


def call_with(*texts):
    people = [ExtractedParticipant("a", "A"), ExtractedParticipant("b", "B")]
    return ExtractedCall(participants=people, evidence=[Sentence(t, 0, len(t)) for t in texts])


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (
            [
                "The Foreign Ministry said Ashkenazi and Blinken discussed Iran, “widening the circle of peace” and other topics."
            ],
            ["iran", "regional-integration"],
        ),
        (
            [
                "He also emphasized the Biden Administration's belief that the two-state solution is the best way to ensure Israel's future."
            ],
            ["two-state-solution"],
        ),
        (
            ["Blinken: 2-state solution is the best way to ensure Israel's future"],
            ["two-state-solution"],
        ),
        (["Both leaders expressed support for a two state solution."], ["two-state-solution"]),
        (
            [
                "The officials “discussed ongoing efforts to achieve a ceasefire in Gaza that secures the release of all hostages.”",
                "Blinken emphasized the need to protect humanitarian workers and allow Lebanese families to return home.",
            ],
            ["hostages", "gaza-ceasefire", "lebanon"],
        ),
        (
            [
                "The secretary of state “expressed continued concern about ongoing violence in the WEST BANK.”"
            ],
            ["west-bank"],
        ),
        # Whole words only: "Irani" is not Iran.
        (["He met Mr. Irani, a businessman."], []),
        (["The Secretary reaffirmed the strength of the bilateral partnership."], []),
    ],
)
def test_topics_come_from_phrases_in_the_evidence(texts, expected):
    (call,) = assign_topics([call_with(*texts)], REFERENCE)
    assert call.topics == expected


def test_topics_already_set_are_kept_and_not_repeated():
    call = call_with("They discussed Iran.")
    call.topics = ["iran"]
    assign_topics([call], REFERENCE)
    assert call.topics == ["iran"]


def test_a_topic_an_editor_adds_is_used_on_the_next_run():
    reference = Reference(
        topics=[*REFERENCE.topics, TopicRef("negev-forum", "Negev Forum", ("Negev Forum",))]
    )
    (call,) = assign_topics(
        [call_with("They discussed the continuing work of the Negev Forum.")], reference
    )
    assert call.topics == ["negev-forum"]
