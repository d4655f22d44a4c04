"""The officials' names, aliases and handles as a spaCy span ruler over the article's sentences.

The pipeline is spaCy's English tokenizer and a SpanRuler whose phrase patterns are the
reference data's names with each official's slug as the pattern's id; it is compiled per
Reference, so an alias an editor adds is a pattern in the next ingest. Matching is on the
tokens' NORM, which here is `normalize_name` of the word: case, accents and apostrophes do not
count ("Sa’ar" = "Saar"), an initial's period neither ("Antony J. Blinken"), and a possessive
"'s" is a token of its own. A SpanRuler rather than an EntityRuler: doc.ents cannot overlap, and
the people stage needs every match, two namesakes over the same words included, to choose.
"""

import bisect
import functools
import re
from dataclasses import dataclass

from contacts.names import normalize_name

_SPANS_KEY = "officials"
_EDGES = re.compile(r"(?P<lead>[^\w@]*).*?(?P<trail>\W*)$", re.S)


@dataclass(frozen=True)
class NameSpan:
    """Where a sentence has one official's name: offsets into the sentence's text."""

    start: int
    end: int
    label: str  # NAME | SURNAME | HANDLE
    slug: str


@functools.cache
def _language():
    """spaCy's blank English with name norms, loaded once per process (no model needed)."""
    from spacy.attrs import NORM
    from spacy.lang.char_classes import ALPHA, HYPHENS
    from spacy.lang.en import English
    from spacy.util import compile_infix_regex

    nlp = English()
    # The special cases ("don't", "Jan.") exist for a tagger and would give some words a norm
    # of their own; names are read with the plain affix rules.
    nlp.tokenizer.rules = {}
    # A hyphen inside a name stays on the word before it ("Ben-" "Gvir"), so that its norms are
    # those of "Ben Gvir"; a dash between words is still a token of its own.
    infixes = [rule for rule in nlp.Defaults.infixes if f"(?:{HYPHENS})" not in rule]
    dashes = HYPHENS.replace("-|", "", 1)
    infixes += [
        f"(?<=[{ALPHA}0-9])(?:{dashes})(?=[{ALPHA}])",
        f"(?<=[{ALPHA}0-9]-)(?=[{ALPHA}])",
        # Any other sign between two words parts them, as in the people stage's own tokens
        # ("Blinken&Netanyahu", "BLINKEN.Gallant"); an apostrophe inside a name does not.
        f"(?<=[{ALPHA}0-9])[^\\w\\s'\u2019@-](?=[{ALPHA}0-9])",
        f"(?<=[{ALPHA}0-9])(?=@\\w)",
    ]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.vocab.lex_attr_getters[NORM] = normalize_name
    for lexeme in nlp.vocab:
        lexeme.norm_ = normalize_name(lexeme.orth_)
    return nlp


def compile_ruler(names):
    """A SpanRuler for (label, name, slug) triples, every name a phrase pattern with the slug as
    its id."""
    from spacy.pipeline import SpanRuler

    nlp = _language()
    ruler = SpanRuler(
        nlp, "officials", spans_key=_SPANS_KEY, phrase_matcher_attr="NORM", overwrite=True
    )
    patterns = []
    for label, name, slug in names:
        norm = normalize_name(name)
        if norm:
            patterns.append({"label": label, "pattern": norm, "id": slug})
    ruler.add_patterns(patterns)
    return ruler


def find_names(ruler, texts) -> list[list[NameSpan]]:
    """Every match of the ruler in each text, overlapping ones and namesakes included."""
    # One Doc for all the texts: a line break is a token no name crosses. A no-break space
    # joins two words of a name like a space (same length: the offsets hold).
    starts, cursor = [], 0
    for text in texts:
        starts.append(cursor)
        cursor += len(text) + 1
    doc = _language().tokenizer("\n".join(texts).replace("\u00a0", " "))
    found: list[list[NameSpan]] = [[] for _ in starts]
    for span in ruler(doc).spans[_SPANS_KEY]:
        # A sign at either end ("Biden-led", "-Blinken", "Blinken%") is no part of the name.
        lead, trail = _EDGES.match(span.text).group("lead", "trail")
        start, end = span.start_char + len(lead), span.end_char - len(trail)
        k = bisect.bisect_right(starts, start) - 1
        found[k].append(NameSpan(start - starts[k], end - starts[k], span.label_, span.id_))
    return found
