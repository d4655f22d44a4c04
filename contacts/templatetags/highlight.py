"""An article body cut into plain and highlighted segments, one per stretch of evidence."""

from dataclasses import dataclass, field

from django import template

register = template.Library()


@dataclass
class Segment:
    """A stretch of the body; `calls` are the calls whose evidence covers it, `anchors` start here."""

    text: str
    calls: list = field(default_factory=list)
    anchors: list = field(default_factory=list)


@dataclass
class Highlighted:
    segments: list
    missing: list


def locate(body, evidence):
    """(start, end) of one evidence sentence in `body`: its offsets if they match, else a search."""
    text = evidence.get("text") or ""
    start, end = evidence.get("start"), evidence.get("end")
    in_range = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(body)
    if in_range and (not text or body[start:end] == text):
        return start, end
    # Offsets go stale when an editor corrects the body; the sentence itself may still be there.
    if text:
        found = body.find(text)
        if found >= 0:
            return found, found + len(text)
    return None


def evidence_segments(body, reports):
    """Split `body` at every evidence boundary; sentences that cannot be found are listed apart."""
    body = body or ""
    spans, missing = [], []
    for report in reports:
        for index, evidence in enumerate(report.evidence or []):
            if not isinstance(evidence, dict):
                continue
            place = locate(body, evidence)
            if place is None:
                missing.append((report.call, evidence.get("text") or ""))
                continue
            spans.append((*place, f"ev-{report.pk}-{index}", report.call))
    cuts = sorted({0, len(body)} | {s[0] for s in spans} | {s[1] for s in spans})
    segments = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [s for s in spans if s[0] <= start and s[1] >= end]
        calls = list({s[3].pk: s[3] for s in covering}.values())
        anchors = [s[2] for s in spans if s[0] == start]
        segments.append(Segment(body[start:end], calls, anchors))
    return Highlighted(segments, missing)


@register.simple_tag
def highlight(article):
    """`{% highlight article as text %}`: the article's body with its reports' evidence marked."""
    return evidence_segments(article.body, article.reports.all())
