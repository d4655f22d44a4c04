"""The whole extraction of one document, stage after stage: decode → clean → metadata →
sentences → people → contacts → dates → topics."""

from ingest.pipeline.clean import extract_main_text
from ingest.pipeline.contacts import find_contacts
from ingest.pipeline.dates import assign_dates
from ingest.pipeline.decode import decode_bytes
from ingest.pipeline.metadata import complete_metadata
from ingest.pipeline.people import find_mentions
from ingest.pipeline.records import (
    ExtractedArticle,
    ExtractedCall,
    IngestError,
    Reference,
    SourceInput,
)
from ingest.pipeline.sentences import split_sentences
from ingest.pipeline.topics import assign_topics


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
        calls = find_contacts(article, sentences, reference, mentions=mentions)
    except Exception as exc:
        raise IngestError(f"The contacts in this document could not be extracted: {exc}") from exc
    try:
        warnings += assign_dates(calls, article, sentences, reference) or []
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
