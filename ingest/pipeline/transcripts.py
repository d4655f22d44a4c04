"""Transcripts: officials of different countries who take turns speaking in one text were
together (remarks before a meeting, a joint press availability, a virtual summit)."""

import re

from ingest.pipeline.people import Mention
from ingest.pipeline.records import ArticleText, ExtractedCall, Sentence

# What follows a speaker's label at the start of a paragraph: "SECRETARY POMPEO: Thank you",
# "Prime Minister Lapid. We can't hear him."
_AFTER_LABEL = re.compile(r"(?::|\.)\s+\S")
# The setting a transcript's heading gives; anything else is people in one room.
_MODES = (
    ("video", re.compile(r"\b(?:virtual(?:ly)?|video|videoconference|online)\b", re.I)),
    ("phone", re.compile(r"\b(?:phone|telephone|call)\b", re.I)),
)
_HEADING_CHARS = 400  # a transcript's heading and its first exchange lie within this


def speaker_turns(body: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions that open a paragraph as its speaker's label, in order."""
    turns = []
    for mention in mentions:
        at_start = mention.start == 0 or body[mention.start - 1] == "\n"
        if (
            at_start
            and mention.kind != "group"
            and _AFTER_LABEL.match(body, mention.end)
            # "Blinken. The Secretary left": a label stands alone on its side of the stop.
            and mention.end - mention.start < 60
        ):
            turns.append(mention)
    return turns


def transcript_contacts(
    article: ArticleText,
    sentences: list[Sentence],
    mentions: list[Mention],
    calls: list[ExtractedCall],
) -> list[ExtractedCall]:
    """`calls` with one contact added for the officials speaking in turn, when they are of
    two countries or more; the calls it takes in (only these people, held) are folded into it."""
    turns = speaker_turns(article.body, mentions)
    if len(turns) < 2:
        return calls
    for call in calls:
        # The heading's contact ("A and B at a Press Availability") is the exchange below it.
        if all(s.start < turns[0].start for s in call.evidence[:1]):
            call.setting = "transcript"
    speakers = {}
    for turn in turns:
        person = turn.person
        if not turn.spokesperson and not person.is_new:
            speakers.setdefault(person.slug, person)
    if len({p.country for p in speakers.values()}) < 2:
        return calls
    people = dict(speakers)
    absorbed = []
    for call in calls:
        slugs = {p.slug for p in call.participants}
        # A contact a speaker tells inside a turn ("I spoke with Lapid last week") is theirs,
        # not the exchange's; only the heading's contact takes in someone who does not speak.
        heading = any(s.start < min(_HEADING_CHARS, turns[0].start) for s in call.evidence)
        if call.status == "held" and (slugs <= set(speakers) or (heading and slugs & set(people))):
            absorbed.append(call)
            for p in call.participants:
                people.setdefault(p.slug, p)
    heading = article.title + "\n" + article.body[: turns[0].start]
    mode = next((m for m, pattern in _MODES if pattern.search(heading)), "meeting")
    evidence = [sentences[turns[0].sentence]]
    for call in absorbed:
        evidence += [s for s in call.evidence if s not in evidence]
    merged = ExtractedCall(
        participants=list(people.values()),
        mode=mode,
        evidence=evidence,
        setting="transcript",
    )
    return [c for c in calls if c not in absorbed] + [merged]
