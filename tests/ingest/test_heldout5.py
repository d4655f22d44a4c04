"""The fifth held-out round (tests/ingest/heldout5): a development set the rules were fixed on,
and a final set written first and scored once, both through the real ingest command."""

import contextlib
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.ingest.test_heldout import score

HELDOUT5 = Path(__file__).resolve().parent / "heldout5"
# What the pipeline reached on each set, less a small margin (README.md there). The final set
# was scored once, after the fixing; its floor guards against getting worse, not a target.
FLOORS = {"dev": (0.95, 0.92), "final": (0.80, 0.69)}  # (loose, strict)

pytestmark = pytest.mark.django_db


def exported(folder):
    with contextlib.suppress(CommandError):  # an unreadable page counts as finding nothing
        call_command("ingest", str(folder), stdout=StringIO(), stderr=StringIO())
    printed = StringIO()
    call_command("export_calls", stdout=printed)
    return json.loads(printed.getvalue())["calls"]


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_every_document_has_a_gold_entry_and_every_participant_a_country(name):
    folder = HELDOUT5 / name
    gold = json.loads((folder / "gold.json").read_text())
    files = {p.name for p in folder.iterdir() if p.suffix in (".txt", ".html")}
    assert files == {d["file"] for d in gold["documents"]}
    named = {
        person
        for d in gold["documents"]
        for c in d["calls"] + d.get("optional", [])
        for person in c["participants"]
    }
    assert named <= set(gold["countries"])


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_the_fifth_heldout_contacts_are_found_with_their_dates(name):
    folder = HELDOUT5 / name
    gold = json.loads((folder / "gold.json").read_text())
    loose, strict = score(gold, exported(folder))
    min_loose, min_strict = FLOORS[name]
    assert loose >= min_loose, f"{name}: loose F1 {loose:.3f}"
    assert strict >= min_strict, f"{name}: strict F1 {strict:.3f} (loose {loose:.3f})"
