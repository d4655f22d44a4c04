"""The held-out texts (tests/ingest/heldout) through the real ingest command and reference data,
scored per contact dyad against their gold, as the evaluation scores texts nobody here has."""

import json
import unicodedata
from io import StringIO
from itertools import combinations
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

HELDOUT = Path(__file__).resolve().parent / "heldout"
# What the pipeline reached when this set was written, less a small margin (README.md there).
MIN_LOOSE_F1 = 0.93
MIN_STRICT_F1 = 0.93

pytestmark = pytest.mark.django_db

_PARTICLES = {"ben", "bin", "bar", "al", "el", "abu", "van", "von", "de", "da", "del", "le", "la"}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def name_tokens(name):
    """Lower-case name words without accents, particles, suffixes and initials."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    for ch in "'\u2019`.,":
        text = text.replace(ch, "")
    words = text.replace("-", " ").split()
    return frozenset(w for w in words if len(w) > 1 and w not in _PARTICLES | _SUFFIXES)


class GoldPeople:
    """Any spelling of a gold participant is that participant; anyone else stays apart."""

    def __init__(self, gold):
        self.countries = gold["countries"]
        self.spellings = [(name, name) for name in self.countries]
        for name, others in gold.get("aliases", {}).items():
            self.spellings += [(other, name) for other in others]

    def canon(self, name):
        mine = name_tokens(name)
        hits = set()
        for spelling, gold_name in self.spellings:
            theirs = name_tokens(spelling)
            if mine and theirs and len(mine & theirs) >= min(2, len(mine), len(theirs)):
                hits.add(gold_name)
        if len(hits) > 1:
            hits = {g for s, g in self.spellings if name_tokens(s) == mine} or hits
        return hits.pop() if len(hits) == 1 else "unknown: " + name

    def dyads(self, names):
        people = sorted({self.canon(n) for n in names})
        return [
            (a, b)
            for a, b in combinations(people, 2)
            if self.countries.get(a, a) != self.countries.get(b, b)
        ]


def score(gold, calls):
    """Loose and strict F1 over dyads; dyads of optional gold calls count neither way."""
    people = GoldPeople(gold)
    gold_total = predicted = right = right_day = 0
    for document in gold["documents"]:
        wanted = [
            [pair, {call["date"], *call.get("date_also", [])}]
            for call in document["calls"]
            for pair in people.dyads(call["participants"])
        ]
        optional = {
            pair
            for call in document.get("optional", [])
            for pair in people.dyads(call["participants"])
        }
        gold_total += len(wanted)
        found = [
            c
            for c in calls
            if c["status"] == "held" and any(s["file"] == document["file"] for s in c["sources"])
        ]
        for call in found:
            for pair in people.dyads(p["name"] for p in call["participants"]):
                free = [w for w in wanted if w[0] == pair]
                if free:
                    match = next((w for w in free if call["date"] in w[1]), free[0])
                    wanted.remove(match)
                    predicted += 1
                    right += 1
                    right_day += call["date"] in match[1]
                elif pair not in optional:
                    predicted += 1

    def f1(hits):
        precision, recall = hits / max(predicted, 1), hits / max(gold_total, 1)
        return 2 * precision * recall / (precision + recall) if hits else 0.0

    return f1(right), f1(right_day)


@pytest.fixture
def exported():
    out, err = StringIO(), StringIO()
    try:
        call_command("ingest", str(HELDOUT), stdout=out, stderr=err)
    except CommandError as exc:
        pytest.fail(f"ingest of the held-out set failed: {exc}\n{err.getvalue()}")
    printed = StringIO()
    call_command("export_calls", stdout=printed)
    return json.loads(printed.getvalue())["calls"]


@pytest.fixture
def gold():
    return json.loads((HELDOUT / "gold.json").read_text())


def test_every_heldout_text_has_a_gold_entry_and_every_participant_a_country(gold):
    files = {p.name for p in HELDOUT.glob("*.txt")}
    assert files == {d["file"] for d in gold["documents"]}
    named = {
        name
        for d in gold["documents"]
        for c in d["calls"] + d.get("optional", [])
        for name in c["participants"]
    }
    assert named <= set(gold["countries"])


def test_the_heldout_contacts_are_found_with_their_dates(exported, gold):
    loose, strict = score(gold, exported)
    assert loose >= MIN_LOOSE_F1, f"loose F1 {loose:.3f}"
    assert strict >= MIN_STRICT_F1, f"strict F1 {strict:.3f} (loose {loose:.3f})"


def test_the_scorer_counts_a_wrong_day_as_loose_only(gold):
    document = gold["documents"][0]
    call = document["calls"][0]
    exported = [
        {
            "status": "held",
            "date": "1999-01-01",
            "participants": [{"name": n} for n in call["participants"]],
            "sources": [{"file": document["file"]}],
        }
    ]
    loose, strict = score({**gold, "documents": [document]}, exported)
    assert strict == 0.0 and loose == 1.0
