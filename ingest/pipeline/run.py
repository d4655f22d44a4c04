"""The whole extraction of one document, stage after stage: decode → clean → metadata →
sentences → people → contacts → transcripts → dates → topics."""

import dataclasses
import re

from ingest.pipeline.clean import extract_main_text
from ingest.pipeline.contacts import CONTACT_ANCHOR, ParsedOnDemand, find_contacts
from ingest.pipeline.dates import assign_dates
from ingest.pipeline.decode import decode_bytes
from ingest.pipeline.metadata import SPEECH_TITLE, complete_metadata
from ingest.pipeline.people import find_mentions
from ingest.pipeline.records import (
    ExtractedArticle,
    ExtractedCall,
    IngestError,
    Reference,
    Sentence,
    SourceInput,
)
from ingest.pipeline.sentences import split_sentences
from ingest.pipeline.topics import assign_topics
from ingest.pipeline.transcripts import transcript_contacts


def extract(source: SourceInput, reference: Reference) -> ExtractedArticle:
    """One document's article text and contacts; IngestError when it cannot be read at all.

    Reference-derived matchers are compiled on the first call and reused for the same Reference.
    """
    try:
        text, kind = decode_bytes(source.raw)
        article = extract_main_text(text, kind)
        article = complete_metadata(article, source, reference.outlets)
        sentences = split_sentences(article.body)
    except IngestError:
        raise
    except Exception as exc:  # a stage's bug must reach the editor as words, not a traceback
        raise IngestError(f"The document could not be read: {exc}") from exc

    warnings = list(article.warnings)
    try:
        mentions = find_mentions(article, sentences, reference)
        parses = ParsedOnDemand(sentences, mentions)
        calls = find_contacts(article, sentences, reference, mentions=mentions, parses=parses)
        calls += _headline_contacts(article, reference, calls)
        calls = transcript_contacts(article, sentences, mentions, calls)
    except Exception as exc:
        raise IngestError(f"The contacts in this document could not be extracted: {exc}") from exc
    try:
        warnings += assign_dates(calls, article, sentences, reference, parses) or []
    except Exception as exc:
        warnings.append(
            f"the dates of its contacts could not be worked out ({exc}): left for review"
        )
        for call in calls:
            call.needs_review = True
            call.review_reasons.append("date not established")
    assign_topics(calls, reference)
    warnings += _newcomer_warnings(calls)
    if article.published is None and not any("publication date" in w for w in warnings):
        warnings.append("no publication date")
    if not calls:
        warnings.append("no contact between officials found")
    return ExtractedArticle(text=article, calls=calls, warnings=list(dict.fromkeys(warnings)))


_HEADLINE_LEAD = 1500  # characters of the body read with a headline


def _headline_contacts(article, reference, calls: list[ExtractedCall]) -> list[ExtractedCall]:
    """Contacts only the headline reports ("Esper hosts Gantz at Pentagon"), read with the lead
    that follows it; their evidence is the headline (no body offsets) and the body sentences."""
    # The site's name after a bar or a dash is no part of the headline.
    title = re.split(
        r"\s+[|\u2013\u2014]\s+|\s+-\s+(?=[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3}$)",
        " ".join(article.title.split()),
    )[0]
    if not title or not CONTACT_ANCHOR.search(title) or article.body.lstrip().startswith(title):
        return []
    if _told_in_body(title, article, reference, calls):
        return []
    title = _with_speaker(title, article.authors)
    prefix = title + "\n\n"
    # The headline is read with its lead; the rest of a long text cannot tell its contact and
    # would only cost a second reading.
    cut = article.body.find("\n\n", _HEADLINE_LEAD)
    lead = article.body if cut < 0 else article.body[:cut]
    shifted = dataclasses.replace(article, body=prefix + lead, captions=[])
    sentences = split_sentences(shifted.body)
    mentions = find_mentions(shifted, sentences, reference)
    known = [frozenset(p.slug for p in c.participants) for c in calls]
    found = []
    for call in find_contacts(shifted, sentences, reference, mentions=mentions):
        key = frozenset(p.slug for p in call.participants)
        if not call.evidence or call.evidence[0].start >= len(prefix):
            continue
        # The body tells the same contact more fully; a headline's short form of a name the
        # body gives in full ("Albusaidi") would otherwise be a second person.
        if any(key <= other for other in known) or (
            known and any(p.is_new for p in call.participants)
        ):
            continue
        call.evidence = [
            Sentence(s.text, s.start - len(prefix), s.end - len(prefix))
            if s.start >= len(prefix)
            else Sentence(s.text, -1, -1)
            for s in call.evidence
        ]
        found.append(call)
    return found


def _with_speaker(title: str, authors: list[str]) -> str:
    """A transcript's title in the White House's form, which names its speaker: "Remarks in a
    Virtual Meeting With A" under the line "Joe Biden" reads "Remarks by Joe Biden in ..."."""
    first = SPEECH_TITLE.match(title)
    if not first or not authors or re.match(r"\s+by\b", title[first.end() :], re.I):
        return title
    return f"{title[: first.end()]} by {authors[0]}{title[first.end() :]}"


def _told_in_body(title, article, reference, calls) -> bool:
    """Whether one contact of the body already has everybody the headline names; the headline
    then adds nothing, and the second reading with the lead can be skipped."""
    if not calls:
        return False
    alone = dataclasses.replace(article, body=title, captions=[])
    named = {
        person.slug
        for mention in find_mentions(alone, [Sentence(title, 0, len(title))], reference)
        for person in mention.people
    }
    return bool(named) and any(named <= {p.slug for p in call.participants} for call in calls)


def _newcomer_warnings(calls: list[ExtractedCall]) -> list[str]:
    """Officials missing from the reference data are created, and the editor is told."""
    warnings = []
    for call in calls:
        for person in call.participants:
            if person.is_new:
                role = f" introduced as {person.title}" if person.title else ""
                warnings.append(f"unknown person '{person.name}'{role}: created for review")
                reason = f"new official '{person.name}'"
                if reason not in call.review_reasons:
                    call.needs_review = True
                    call.review_reasons.append(reason)
    return warnings
