"""Stage 4: the body split into sentences with exact character offsets (body[start:end] == text).

A small rule-based splitter: line breaks always end a sentence; a full stop ends one unless it
closes an abbreviation of this field (U.S., Sec., Gen., Sept., p.m.) or an initial ("Antony J.
Blinken"). Abbreviations that can also end a sentence ("in Washington, D.C. The Secretary")
end it when the next word is one that starts sentences.
"""

import re

from ingest.pipeline.records import Sentence

# A full stop after these never ends a sentence: a title, a month or a reference comes next.
_NEVER_FINAL = {
    "mr",
    "mrs",
    "ms",
    "messrs",
    "dr",
    "prof",
    "rev",
    "hon",
    "sec",
    "secy",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "cmdr",
    "cdr",
    "adm",
    "brig",
    "sgt",
    "cpl",
    "pvt",
    "gov",
    "sen",
    "rep",
    "reps",
    "amb",
    "pres",
    "dept",
    "st",
    "mt",
    "ft",
    "ave",
    "blvd",
    "no",
    "nos",
    "vol",
    "art",
    "vs",
    "v",
    "cf",
    "ca",
    "approx",
    "est",
    "fig",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "e.g",
    "i.e",
}
# These can end a sentence too; they do when a sentence-opening word follows.
_MAYBE_FINAL = {
    "u.s",
    "u.n",
    "u.k",
    "e.u",
    "d.c",
    "a.m",
    "p.m",
    "jr",
    "sr",
    "inc",
    "ltd",
    "co",
    "corp",
    "etc",
    "u.s.a",
}
_OPENERS = {
    "the",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "in",
    "on",
    "at",
    "this",
    "that",
    "these",
    "those",
    "there",
    "but",
    "and",
    "a",
    "an",
    "his",
    "her",
    "their",
    "our",
    "its",
    "both",
    "after",
    "before",
    "during",
    "following",
    "earlier",
    "later",
    "meanwhile",
    "however",
    "when",
    "while",
    "as",
    "for",
    "according",
    "also",
    "then",
    "if",
    "since",
    "today",
    "yesterday",
}

_CANDIDATE = re.compile(r"""(?:[.!?]+|…)["'”’»)\]]*(?:[ \t]+|(?=[“‘][A-Z]))""")
_NEXT_WORD = re.compile(r"""[\s"'“‘«(\[]*([^\s"'“‘«(\[]*)""")
_INITIAL_OR_ACRONYM = re.compile(r"^(?:[A-Za-z]\.)*[A-Za-z]$")
# "... pandemic. — Secretary Antony Blinken (@SecBlinken) February 22, 2021" on one line: the
# sign-off starts at a dash after the tweet's last sentence or link.
_SIGNOFF_DASH = re.compile(r"""(?:[.!?"”]|pic\.twitter\.com/\w+|https?://\S+)\s*([—–])""")
_SIGNOFF_TAIL = re.compile(r"[—–]\s*.{1,120}?\(@\w{1,30}\)\s*.{0,40}\d{4}\s*$")


def split_sentences(body: str) -> list[Sentence]:
    """Sentences of the body in order; each line break ends a sentence."""
    sentences: list[Sentence] = []
    offset = 0
    for line in body.split("\n"):
        for start, end in _line_spans(line):
            sentences.append(Sentence(text=line[start:end], start=offset + start, end=offset + end))
        offset += len(line) + 1
    return sentences


def _line_spans(line: str) -> list[tuple[int, int]]:
    cuts = [0]
    for match in _CANDIDATE.finditer(line):
        if _ends_sentence(line, match):
            cuts.append(match.end())
    if "(@" in line:
        for dash in _SIGNOFF_DASH.finditer(line):
            if _SIGNOFF_TAIL.match(line, dash.start(1)):
                cuts.append(dash.start(1))
                break
    cuts = sorted(set(cuts)) + [len(line)]
    spans = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        piece = line[start:end]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            spans.append((start + lead, start + lead + len(stripped)))
    return spans


def _ends_sentence(line: str, match: re.Match) -> bool:
    following = _NEXT_WORD.match(line, match.end()).group(1)
    if not following:
        return False
    first = following[0]
    if first.islower():
        return False
    punctuation = match.group(0).strip()
    if not punctuation.startswith(".") or punctuation.startswith("..."):
        return True  # "?", "!", "…" and "..." end a sentence before a capital
    before = line[max(0, match.start() - 40) : match.start()].split()
    if not before:
        return True
    token = before[-1].lstrip("\"'“‘«([").rstrip(".")
    lowered = token.lower()
    if lowered in _NEVER_FINAL:
        return False
    if lowered in _MAYBE_FINAL or (_INITIAL_OR_ACRONYM.match(token) and len(token) <= 7):
        word = re.sub(r"[^\w]", "", following).lower()
        return word in _OPENERS
    return True
