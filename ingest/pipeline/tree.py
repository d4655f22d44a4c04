"""Reading a contact off the parse tree: its predicate, the people on each side, and the time
words that belong to it. Small named walks over parse.ParsedSentence; no patterns over text."""

from dataclasses import dataclass

from ingest.pipeline.date_logic import MONTH_NAMES, WEEKDAY_NAMES
from ingest.pipeline.parse import ParsedSentence, Token

# Prepositions that introduce the other side of a contact ("spoke with", "a call to", "talks
# between", "a meeting among"), and "by" for the agent of a passive ("was received by").
OTHER_SIDE = {"with", "to", "between", "among", "amongst", "from", "alongside"}
SYMMETRIC_SIDE = {"between", "among", "amongst"}
# Where a list goes on after a head that is not itself a person ("the team, including X").
LIST_INTRODUCERS = {"including", "like", "namely", "notably", "especially"}
# Verbs whose object is a contact noun make that noun the predicate ("held talks", "convened a
# virtual meeting", "joined the President for a private meeting").
LIGHT_VERBS = {
    "held", "hold", "holds", "holding", "had", "have", "has", "having", "conducted", "conduct",
    "convened", "convene", "convenes", "chaired", "hosted", "host", "hosts", "joined", "join",
    "joins", "attended", "attend", "attends", "made", "make", "makes", "placed", "received",
    "took", "paid", "pays", "participated", "began", "opened", "concluded", "wrapped",
}  # fmt: skip
# Contact verbs that tell a contact with nobody after them ("Blinken and Abbas spoke", "the two
# met"); "welcomed the ceasefire" or "discussed measures" tell none.
SYMMETRIC_VERBS = {
    "spoke", "speak", "speaks", "spoken", "speaking", "met", "meet", "meets", "meeting",
    "talked", "talk", "talking", "conferred", "confer", "huddled", "sat", "sit", "sits",
}  # fmt: skip
# Verbs that join a contact already told ("joined the president on the call"): with a definite
# contact noun they add people to it, they do not report a new one.
JOIN_VERBS = {"joined", "join", "joins", "attended", "attend", "participated", "took", "joining"}
# Labels through which one person's list goes on. The small model labels an appositive or the
# second of two names as nmod or compound; a mention there is the same list, not an owner.
_LIST_LABELS = {"conj", "appos"}
_REPAIR_LABELS = {"nmod", "compound", "npadvmod", "dep"}
_SUBJECT_LABELS = {"nsubj", "nsubjpass", "csubj"}
# Time nouns a date's words hang from on the way up to their verb ("on Thursday, March 3").
_TIME_WORDS = {
    *(name.lower() for name in (*WEEKDAY_NAMES, *MONTH_NAMES)),
    *(name[:3].lower() + dot for name in MONTH_NAMES for dot in ("", ".")),
    "sept", "sept.", "today", "yesterday", "tonight", "morning", "afternoon", "evening",
    "night", "day", "week", "weekend", "month", "year",
}  # fmt: skip


@dataclass
class Sides:
    """The people a predicate joins: its subject side and its other side."""

    subjects: list  # people.Mention
    objects: list
    between: bool = False  # "talks between A and B": everyone on one side
    symmetric: bool = False  # the predicate may tell a contact among its subjects alone
    joins: bool = False  # "joined the president on the call": a joiner of a known contact


def predicate_at(parse: ParsedSentence, start: int, end: int) -> Token | None:
    """The token heading the contact words at these body offsets ("phone call" → "call")."""
    inside = [t for t in parse.covering(start, end) if t.mention is None]
    if not inside:
        return None
    ids = {t.i for t in inside}
    heads = [t for t in inside if t.head not in ids or t.head == t.i]
    return heads[0] if heads else inside[0]


def people_in(parse: ParsedSentence, token: Token, _seen=None) -> list:
    """The mentions a noun phrase names: its own, and those of its list (conjuncts,
    appositions, "including ..."), never an owner's ("Biden's envoy", "the envoy of Trump")."""
    seen = _seen if _seen is not None else set()
    if token.i in seen:
        return []
    seen.add(token.i)
    found = []
    if token.mention is not None:
        found.append(parse.mentions[token.mention])
    for child in parse.children(token):
        if _negated(parse, child):
            continue  # "with A, but not with B"
        if child.dep in _LIST_LABELS or (
            child.dep in _REPAIR_LABELS and _names_someone(parse, child)
        ):
            found += people_in(parse, child, seen)
        elif child.dep == "prep" and _introduces_list(parse, child):
            for obj in parse.children(child, "pobj"):
                found += people_in(parse, obj, seen)
    return _unique(found)


def _negated(parse, token: Token) -> bool:
    """A conjunct the text denies: "but not with B", "not B"."""
    return any(c.dep == "neg" for c in parse.children(token)) or (
        token.i > 0 and parse.tokens[token.i - 1].lower in ("not", "never")
    )


def _names_someone(parse, token):
    return token.mention is not None or any(
        c.mention is not None for c in parse.children(token, *_LIST_LABELS)
    )


def _introduces_list(parse, prep: Token) -> bool:
    if prep.lower in LIST_INTRODUCERS:
        return True
    # "such as": the model hangs "as" under "such" or the other way round.
    return (
        prep.lower == "as"
        and any(c.lower == "such" for c in parse.children(prep))
        or prep.lower == "such"
    )


def _unique(mentions):
    seen, out = set(), []
    for m in mentions:
        if id(m) not in seen:
            seen.add(id(m))
            out.append(m)
    return out


def governor(parse: ParsedSentence, predicate: Token) -> Token | None:
    """The verb a contact noun belongs to: the light verb whose object it is ("held talks"),
    or the verb of the clause whose phrase it heads ("In a meeting with X, Mattis said")."""
    token = predicate
    for head in parse.ancestors(predicate):
        if head.pos in ("VERB", "AUX"):
            return head
        if head.pos in ("NOUN", "PROPN") and token.dep not in ("pobj", "prep"):
            return None
        token = head
    return None


def is_noun(predicate: Token) -> bool:
    return predicate.pos in ("NOUN", "PROPN") or predicate.tag in ("NN", "NNS")


def sides(parse: ParsedSentence, predicate: Token) -> Sides:
    """Who the predicate joins, read from the tree."""
    objects, between = [], False
    holders = [predicate]
    verb = governor(parse, predicate) if is_noun(predicate) else None
    if is_noun(predicate):
        # "the consultations Sullivan held last Friday with Hulata": a light verb's clause
        # on the noun gives its people.
        verb = next((c for c in parse.children(predicate, "relcl") if c.lower in LIGHT_VERBS), verb)
    if verb is not None and verb.lower in LIGHT_VERBS:
        holders.append(verb)  # "held a call on Tuesday with X": "with" may hang on "held"
    for holder in holders:
        for child in parse.children(holder):
            if child.dep == "dobj" and holder is predicate and not is_noun(predicate):
                objects += people_in(parse, child)
            elif child.dep == "dobj" and holder is verb and child.i != predicate.i:
                objects += people_in(parse, child)  # "joined the President for a meeting"
            elif child.dep in ("prep", "agent") and child.lower in OTHER_SIDE | {"by"}:
                if child.lower == "by" and not _passive(parse, holder):
                    continue
                # "with A and with B": the second preposition is the first one's conjunct.
                for prep in [child, *parse.children(child, "conj")]:
                    if _negated(parse, prep):
                        continue
                    for obj in parse.children(prep, "pobj"):
                        objects += people_in(parse, obj)
                between = between or child.lower in SYMMETRIC_SIDE
    subjects = _subject_side(parse, predicate, verb)
    heading = is_noun(predicate) and verb is None and not subjects
    if heading:
        subjects = _heading_side(parse, predicate)
    if is_noun(predicate):
        symmetric = (verb is not None and verb.lower in LIGHT_VERBS) or (heading and bool(subjects))
    else:
        symmetric = predicate.lower in SYMMETRIC_VERBS and not parse.children(predicate, "dobj")
    definite = any(c.lower in ("the", "this", "that") for c in parse.children(predicate, "det"))
    joins = bool(verb is not None and verb.lower in JOIN_VERBS and definite)
    return Sides(_unique(subjects), _unique(objects), between, symmetric, joins)


def _passive(parse, verb: Token) -> bool:
    return any(c.dep in ("auxpass", "nsubjpass") for c in parse.children(verb))


def _subject_side(parse, predicate: Token, verb: Token | None) -> list:
    """The people who are the subject of the predicate's clause: its own, a light verb's, the
    verb it is coordinated with or subordinate to ("A met B and spoke with C", "after meeting
    B, A flew"), or the owner of a contact noun ("Blinken's call with X")."""
    if is_noun(predicate):
        owner = parse.children(predicate, "poss")
        if owner:
            return people_in(parse, owner[0])
        if verb is None:
            return []
        predicate = verb
    token = predicate
    for _step in range(4):
        subject = parse.children(token, *_SUBJECT_LABELS)
        if subject:
            return people_in(parse, subject[0])
        if token.dep not in ("conj", "xcomp", "advcl", "pcomp", "acl") or token.head == token.i:
            break
        token = parse.tokens[token.head]
    return []


def _heading_side(parse, predicate: Token) -> list:
    """A verbless heading's people ("A and B at a Press Availability", "Blinken with Safadi
    in a meeting"): those the root names when the contact noun hangs from it by a preposition.
    A photo's caption says the same with a full stop, and shows another day's event."""
    if predicate.dep != "pobj" or parse.tokens[-1].text in (".", "!"):
        return []
    prep = parse.tokens[predicate.head]
    root = parse.tokens[prep.head]
    if prep.dep != "prep" or root.head != root.i:
        return []
    return people_in(parse, root)


def attached_to(parse: ParsedSentence, start: int, end: int, predicate: Token) -> bool | None:
    """Whether the time words at these offsets belong to the predicate's clause: they do when
    the first verb or noun above them is the predicate or a verb that governs it; "the attack on
    April 13" and "the hostages released yesterday" date something else. None when the words
    are not in the parse."""
    tokens = parse.covering(start, end)
    if not tokens:
        return None
    ids = {t.i for t in tokens}
    top = next((t for t in tokens if t.head not in ids or t.head == t.i), tokens[0])
    governors = {predicate.i, *(t.i for t in parse.ancestors(predicate))}
    # A coordinated verb shares the clause's time words ("met and spoke with X on Monday").
    governors |= {c.i for c in parse.children(predicate, "conj")}
    for head in parse.ancestors(top):
        if head.i in governors:
            return True
        if head.lower in _TIME_WORDS or head.tag == "CD":
            continue
        if head.pos in ("VERB", "AUX"):
            return head.i in governors
        if head.pos in ("NOUN", "PROPN") and head.mention is None:
            if head.i in governors:
                return True
            # A noun inside the contact's clause ("to discuss the attack on April 13") dates
            # what it names; one outside it (a date line's place) says nothing of the contact.
            return False if predicate.i in {a.i for a in parse.ancestors(head)} else None
    return top.i in governors or top.head == top.i
