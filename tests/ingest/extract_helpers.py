"""Small articles built from real sentences, for the people, contacts and topics tests."""

from datetime import date

from ingest.pipeline.records import ArticleText, Sentence


def article_of(*texts, published=None, title=""):
    """An ArticleText whose body is the sentences joined by spaces, with their offsets."""
    sentences, parts, offset = [], [], 0
    for text in texts:
        sentences.append(Sentence(text, offset, offset + len(text)))
        parts.append(text)
        offset += len(text) + 1
    body = " ".join(parts)
    day = date.fromisoformat(published) if isinstance(published, str) else published
    return ArticleText(body=body, title=title, published=day), sentences


def pairs(calls, status="held"):
    """The participant slugs of each call with this status, as a set of frozensets."""
    return {frozenset(p.slug for p in c.participants) for c in calls if c.status == status}


def pair(*slugs):
    return frozenset(slugs)
