"""Tag each contact with the topics whose phrases its evidence sentences use."""

import re

from ingest.pipeline.records import ExtractedCall, Reference

_CACHE: dict[int, tuple[Reference, list]] = {}


def _loose(text):
    # Spaces and hyphens vary between outlets ("two-state", "two state").
    return re.sub(r"[\s-]+", " ", text.lower())


def _patterns(reference: Reference):
    """Per topic: its phrases for a quick substring test, and one whole-word pattern."""
    cached = _CACHE.get(id(reference))
    if cached and cached[0] is reference:
        return cached[1]
    compiled = []
    for topic in reference.topics:
        phrases = sorted({_loose(p).strip() for p in topic.phrases if p.strip()}, key=len)
        if not phrases:
            continue
        body = "|".join(re.escape(p).replace(r"\ ", " ") for p in reversed(phrases))
        compiled.append((topic.slug, phrases, re.compile(rf"(?<!\w)(?:{body})(?!\w)")))
    if len(_CACHE) > 8:
        _CACHE.clear()
    _CACHE[id(reference)] = (reference, compiled)
    return compiled


def assign_topics(calls: list[ExtractedCall], reference: Reference) -> list[ExtractedCall]:
    """Add to each call's topics the slugs of topics named in its evidence; returns the calls."""
    patterns = _patterns(reference)
    for call in calls:
        text = _loose("\n".join(sentence.text for sentence in call.evidence))
        for slug, phrases, pattern in patterns:
            if slug in call.topics:
                continue
            # A loop, not any(): this test runs for every topic of every call.
            for phrase in phrases:
                if phrase in text:
                    if pattern.search(text):
                        call.topics.append(slug)
                    break
    return calls
