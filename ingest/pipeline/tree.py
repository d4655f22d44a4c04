"""Reading a contact off the parse tree: its predicate, the people on each side, and the time
words that belong to it. Small named walks over parse.ParsedSentence; the only pattern over text
reads a mention's own title."""

import re
from dataclasses import dataclass, replace

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
    joint: bool = False  # "hosted A and B for a trilateral meeting": one contact of everyone
    # "A arrived, where B received him": an object pronoun whose antecedent is itself a
    # pronoun ("he arrived"), for the reader who knows whom that one stands for.
    pronoun: Token | None = None


def predicate_at(parse: ParsedSentence, start: int, end: int) -> Token | None:
    """The token heading the contact words at these body offsets ("phone call" → "call")."""
    inside = [t for t in parse.covering(start, end) if t.mention is None]
    if not inside:
        return None
    ids = {t.i for t in inside}
    heads = [t for t in inside if t.head not in ids or t.head == t.i]
    return heads[0] if heads else inside[0]


def people_in(parse: ParsedSentence, token: Token) -> list:
    """The mentions a noun phrase names, collected over its whole subtree: its own, its list's
    (conjuncts, appositions, "including ...", whatever label the small model gives them), the
    holders of the posts it names ("the head of Israel's Mossad, Barnea"); never an owner
    ("Biden's envoy", "the envoy of Trump, Witkoff"), a denied conjunct ("but not B") or the
    people of a clause or place inside it ("Lapid, who met Biden", "at the home of B")."""
    found = []
    for t in parse.tokens:
        if t.mention is None or _opens_clause(parse, t):
            continue
        path = _path_up(parse, t, token)
        if path is None or any(_closes(parse, step) for step in path):
            continue
        if _SUBORDINATE_POST.search(parse.mentions[t.mention].title) and _holder_follows(
            parse, t.i
        ):
            continue  # "the Special Envoy of President Trump to the Middle East, Witkoff"
        if not _modifies_title(parse, [*path, token]):
            found.append(parse.mentions[t.mention])
    return _unique(found)


# Labels below which a mention belongs to another clause or phrase than the noun phrase's list.
_CLAUSE_LABELS = {
    "relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis", "nsubj", "nsubjpass",
    "dobj", "agent", "dative", "attr", "oprd",
}  # fmt: skip
# Prepositions inside a noun phrase that keep its list going ("members of the team, including
# X", "the head of Israel's Mossad, Barnea"); any other ("at the home of B") leaves it.
_LIST_PREPOSITIONS = {"of", *LIST_INTRODUCERS, "as", "such"}


# A post named by whom it serves: the person after it owns the post, another one holds it.
_SUBORDINATE_POST = re.compile(
    r"\b(?:of|to)\s+(?:the\s+)?(?:president|prime\s+minister|king|crown\s+prince|emir)\b",
    re.I,
)


def _opens_clause(parse, token: Token) -> bool:
    """ "Blinken met with Gantz and Netanyahu met with Sullivan": the small model makes the
    second name a conjunct of the first and its verb one of the first verb; a name right
    before a verb with no subject of its own is that verb's subject."""
    if token.mention is None or token.i + 1 >= len(parse.tokens):
        return False
    verb = parse.tokens[token.i + 1]
    return (
        verb.pos == "VERB"
        and verb.dep == "conj"
        and not parse.children(verb, *_SUBJECT_LABELS)
        and token.dep == "conj"
    )


def _path_up(parse, token: Token, top: Token):
    """The tokens from token up to (not including) top; None when top is not above it."""
    path = [token]
    if token.i == top.i:
        return []
    for above in parse.ancestors(token):
        if above.i == top.i:
            return path
        path.append(above)
    return None


def _closes(parse, step: Token) -> bool:
    """Whether the list of a noun phrase stops at this token on the way up from a mention."""
    if _negated(parse, step):
        return True  # "with A, but not with B"
    if step.dep == "poss":
        return True  # "Netanyahu's War Cabinet": the owner is not in the meeting
    if step.dep in _CLAUSE_LABELS:
        return True
    if step.dep == "prep" and not _introduces_list(parse, step):
        return step.lower not in _LIST_PREPOSITIONS
    if step.dep == "pobj" and parse.tokens[step.head].lower == "of":
        return _owned_post(parse, parse.tokens[parse.tokens[step.head].head], step)
    return False


def _owned_post(parse, post: Token, owner: Token) -> bool:
    """ "the envoy of Trump, Witkoff": a post named with its own holder has the person after
    "of" as its owner; "the head of the Mossad, Barnea" names its holder after "of"."""
    if post.mention is not None:
        return True  # "Witkoff of Trump's team" is no list of two
    inside = [t for t in parse.tokens if _path_up(parse, t, post) is not None]
    holders = [t for t in inside if t.mention is not None and _path_up(parse, t, owner) is None]
    return bool(holders) or _holder_follows(parse, max(t.i for t in inside))


def _holder_follows(parse, end: int) -> bool:
    """Whether the post's holder comes after a comma, wherever the model hung it ("the Special
    Envoy of Trump to the Middle East, Witkoff"), before any verb."""
    comma = False
    for t in parse.tokens[end + 1 :]:
        if t.mention is not None:
            return comma
        if t.pos in ("VERB", "AUX"):
            return False
        comma = comma or t.text == ","
    return False


_MODIFIERS = {"compound", "nmod", "poss", "amod"}


def _modifies_title(parse, path) -> bool:
    """ "Trump envoy Witkoff": a mention that modifies the title of another mention is its
    owner, not a member of a list."""
    for below, above in zip(path, path[1:], strict=False):
        if above.mention is not None and below.mention is None and below.dep in _MODIFIERS:
            return True
        if above.mention is not None and below.mention is not None and below.dep == "compound":
            return True  # the title word went into the holder's mention: "Trump envoy Witkoff"
    return False


def _negated(parse, token: Token) -> bool:
    """A conjunct the text denies: "but not with B", "not B"."""
    return any(c.dep == "neg" for c in parse.children(token)) or (
        token.i > 0 and parse.tokens[token.i - 1].lower in ("not", "never")
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
            elif _other_side_preposition(child):
                if child.lower == "by" and not _passive(parse, holder):
                    continue
                # "with A and with B": the second preposition is the first one's conjunct.
                for prep in [child, *parse.children(child, "conj")]:
                    if _negated(parse, prep):
                        continue
                    for obj in parse.children(prep, "pobj"):
                        objects += people_in(parse, obj)
                between = between or child.lower in SYMMETRIC_SIDE
            elif child.dep == "prep" and child.lower in PLACE_PREPOSITIONS:
                objects += _hung_on_place(parse, child)
        objects += _stray_conjuncts(parse, holder)
    subjects = _subject_side(parse, predicate, verb)
    pronoun = None if objects or is_noun(predicate) else _object_pronoun(parse, predicate)
    antecedent = pronoun and _antecedent(parse, predicate)
    if antecedent is None:
        pronoun = None  # "Berri received her." names nobody she may be
    elif antecedent.mention is not None:
        named = [m for m in people_in(parse, antecedent) if m not in subjects]
        # The pronoun stands where its antecedent would: its offsets, the antecedent's people.
        objects = [replace(m, start=pronoun.start, end=pronoun.end) for m in named[:1]]
        pronoun = None
    heading = is_noun(predicate) and verb is None and not subjects
    if heading:
        subjects = _heading_side(parse, predicate)
    if is_noun(predicate):
        symmetric = (verb is not None and verb.lower in LIGHT_VERBS) or (heading and bool(subjects))
    else:
        symmetric = predicate.lower in SYMMETRIC_VERBS and not parse.children(predicate, "dobj")
    definite = any(c.lower in ("the", "this", "that") for c in parse.children(predicate, "det"))
    joins = bool(verb is not None and verb.lower in JOIN_VERBS and definite)
    joint = any(_joint_noun(parse, noun) for holder in holders for noun in _purposes(parse, holder))
    return Sides(
        _unique(subjects), _unique(objects), between, symmetric, joins, joint=joint, pronoun=pronoun
    )


# Words that make one contact of everyone a predicate names ("a trilateral meeting").
JOINT_WORDS = {
    "trilateral", "quadrilateral", "multilateral", "joint", "tripartite", "three-way", "four-way",
}  # fmt: skip


def _purposes(parse, holder: Token) -> list:
    """The holder and the nouns of its "for" or "in" phrases ("hosted A and B for a trilateral
    meeting")."""
    nouns = [holder]
    for prep in parse.children(holder, "prep"):
        if prep.lower in ("for", "in"):
            nouns += parse.children(prep, "pobj")
    return nouns


def _joint_noun(parse, noun: Token) -> bool:
    """A contact noun marked joint: "trilateral meeting", "three-way call" (the model splits
    the hyphen off: "three - way")."""
    if not is_noun(noun):
        return False
    for c in parse.children(noun, "amod", "compound", "nmod"):
        numbered = [t.lower for t in parse.tokens[max(0, c.i - 2) : c.i + 1]]
        if c.lower in JOINT_WORDS or "-".join((numbered[0], c.lower)) in JOINT_WORDS:
            return True
    return False


OBJECT_PRONOUNS = {"him", "her", "them"}
# Clauses that hang from another one ("where B received her", "said B received her").
_SUBORDINATE_LABELS = {"relcl", "advcl", "ccomp"}


def _object_pronoun(parse, verb: Token) -> Token | None:
    """ "received her", "met with him": the pronoun the predicate takes as its other side."""
    for child in parse.children(verb):
        if child.dep == "dobj" and child.lower in OBJECT_PRONOUNS:
            return child
        if child.dep == "prep" and child.lower in OTHER_SIDE - SYMMETRIC_SIDE:
            found = [o for o in parse.children(child, "pobj") if o.lower in OBJECT_PRONOUNS]
            if found:
                return found[0]
    return None


def _antecedent(parse, verb: Token) -> Token | None:
    """Whom an object pronoun in a subordinate clause stands for: the subject of the clause
    it hangs from ("A arrived in Beirut, where B received her": A). None when the predicate
    heads the sentence or a clause coordinated with it ("A received B, and C hosted him"), or
    when that clause names another person it may stand for ("A hosted B at the White House,
    where C also met him")."""
    if verb.dep not in _SUBORDINATE_LABELS:
        return None
    for above in parse.ancestors(verb):
        subject = parse.children(above, *_SUBJECT_LABELS)
        if above.pos in ("VERB", "AUX") and subject:
            # People of the clause itself, not of its subject or of a clause inside it.
            others = [
                t
                for t in parse.tokens
                if t.mention is not None
                and t.i != subject[0].i
                and _path_up(parse, t, subject[0]) is None
                and not any(
                    step.dep in _SUBORDINATE_LABELS | {"acl"}
                    for step in (_path_up(parse, t, above) or [verb])
                )
            ]
            return None if others else subject[0]
    return None


def _other_side_preposition(token: Token) -> bool:
    """ "with X", "by X" under the predicate; the small model hangs the second of "with A, and
    with B" on the verb as a conjunct, and that preposition opens the other side too."""
    return token.lower in OTHER_SIDE | {"by"} and (
        token.dep in ("prep", "agent") or (token.dep == "conj" and token.pos == "ADP")
    )


# Prepositions of a place or time phrase after the predicate ("met at Blair House with X").
PLACE_PREPOSITIONS = {"at", "in", "on"}


def _hung_on_place(parse, prep: Token) -> list:
    """ "held talks at Blair House with X": the small model hangs the other side's "with" on
    the place right before it; a place's "with" is still the predicate's."""
    found = []
    for place in parse.children(prep, "pobj"):
        if place.mention is not None:
            continue
        for inner in parse.children(place, "prep"):
            if inner.lower in OTHER_SIDE - SYMMETRIC_SIDE and not _negated(parse, inner):
                for obj in parse.children(inner, "pobj"):
                    found += people_in(parse, obj)
    return found


def _stray_conjuncts(parse, holder: Token) -> list:
    """ "saw A in Amman on Tuesday and B in Cairo on Wednesday": the small model makes B a
    conjunct of the place or day before it; a person conjoined to a phrase of the predicate
    is another of its objects."""
    found = []
    for t in parse.tokens:
        if t.mention is None or t.dep != "conj" or parse.tokens[t.head].mention is not None:
            continue
        path = _path_up(parse, parse.tokens[t.head], holder)
        if (
            path
            and all(step.dep in ("pobj", "prep") for step in path)
            and path[-1].dep == "prep"
            and path[-1].lower not in OTHER_SIDE | {"by"}
        ):
            found += people_in(parse, t)
    return found


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
    for _step in range(6):
        subject = parse.children(token, *_SUBJECT_LABELS)
        if subject:
            return people_in(parse, subject[0])
        before = parse.tokens[token.i - 1] if token.i else None
        if before is not None and _opens_clause(parse, before):
            return [parse.mentions[before.mention]]
        if token.dep not in _CLIMB_LABELS or token.head == token.i:
            break
        token = parse.tokens[token.head]
    return []


# Labels a contact verb's clause climbs through to the subject it shares: a coordinated or
# subordinate verb, and a participle after a preposition ("a day after meeting B").
_CLIMB_LABELS = {"conj", "xcomp", "advcl", "pcomp", "acl", "prep", "npadvmod"}


def _heading_side(parse, predicate: Token) -> list:
    """A verbless heading's people ("A and B at a Press Availability", "Blinken with Safadi
    in a meeting", "Remarks by A in a Meeting With B"): those the root names, or names as its
    speaker, when the contact noun hangs from it by a preposition.
    A photo's caption says the same with a full stop, and shows another day's event."""
    if predicate.dep != "pobj" or parse.tokens[-1].text in (".", "!"):
        return []
    prep = parse.tokens[predicate.head]
    root = parse.tokens[prep.head]
    if prep.dep != "prep" or root.head != root.i:
        return []
    # "Remarks by A in a Meeting With B": the speaker of the heading's remarks.
    speakers = [
        o
        for by in parse.children(root, "prep")
        if by.lower == "by"
        for o in parse.children(by, "pobj")
    ]
    return _unique([*people_in(parse, root), *(m for o in speakers for m in people_in(parse, o))])


def root(parse: ParsedSentence) -> Token | None:
    """The sentence's main verb, or its root whatever it is."""
    return next((t for t in parse.tokens if t.head == t.i), None)


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
