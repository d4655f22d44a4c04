"""Whether a contact word tells a held contact, read from the parse tree: the predicate and the
verbs that govern it ("agreed to meet", "is expected to travel ... to meet") carry the denial,
the modal, the plan or the history that makes it no held call. Tables of words and labels; the
small model has no lemmatizer here, so the tables list word forms."""

from ingest.pipeline.date_logic import MONTH_NAMES, WEEKDAY_NAMES
from ingest.pipeline.parse import ParsedSentence, Token

HELD, SCHEDULED = "held", "scheduled"

# Auxiliaries and modals: a future one makes a scheduled contact, any other modal none.
FUTURE = {"will", "shall", "'ll", "wo"}
MODAL = {"would", "could", "might", "may", "should", "must", "can", "ca", "'d"}
# Verbs and adjectives that take the contact as an infinitive or a gerund. Expected, scheduled
# and set contacts are scheduled ("is expected to travel ... to meet", "is to meet"); plans,
# hopes, offers and failures are not contacts ("agreed to meet", "failed to meet", "has yet to
# get a call", "looks forward to meeting").
SCHEDULING = {"expected", "scheduled", "set", "slated", "due", "is", "are"}
# "is" and "are" schedule only an infinitive: "is to meet", not "is in Israel for talks".
_COPULAS = {"is", "are"}
NOT_HELD = {
    "agree", "agreed", "agrees", "plan", "plans", "planned", "planning", "hope", "hopes",
    "hoped", "hoping", "intend", "intends", "intended", "want", "wants", "wanted", "wish",
    "invite", "invited", "invites", "invitation", "ask", "asked", "asks", "offer", "offered",
    "offers", "propose", "proposed", "proposes", "proposal", "seek", "seeks", "sought", "going",
    "look", "looks", "looked", "looking", "expect", "expects", "try", "tried", "tries", "trying",
    "aim", "aims", "request", "requested", "requests", "promise", "promised", "pledged", "vowed",
    "fail", "failed", "fails", "decline", "declined", "declines", "refuse", "refused", "refuses",
    "unable", "reluctant", "unwilling", "ready", "willing", "eager", "keen", "likely",
    "deny", "denied", "denies", "cancel", "cancelled", "canceled", "cancels", "postpone",
    "postponed", "postpones", "reject", "rejected", "rejects", "demand", "demanded", "urge",
    "urged",
}  # fmt: skip
# Words before a contact noun, or a noun it belongs to, that make it a plan or a denial ("the
# upcoming meeting", "the next round of talks", "no call").
PLAN_MODIFIERS = {
    "upcoming", "forthcoming", "future", "next", "planned", "proposed", "possible", "potential",
    "pending", "expected", "scheduled", "requested", "no",
}  # fmt: skip
# Words before the contact noun itself that make it history ("in previous meetings", "many
# conversations"); "two hours of talks" is one contact.
HISTORY_MODIFIERS = {
    "previous", "prior", "past", "earlier", "former", "recent", "last", "two", "three",
    "several", "many", "numerous", "multiple",
}  # fmt: skip
# Negation words, for a sentence read without its tree.
NEGATIONS = {"not", "never", "no", "without", "instead", "rather", "n't"}
# An adverb on a verb above an infinitive that denies it: "has yet to get a call".
DENYING_ADVERBS = {"yet"}
# Verbs of a reported clause that deny it: "denied that they met", "denies report X spoke".
DENIALS = {"deny", "denies", "denied", "denying", "dismissed", "rejected", "refuted"}
# Adverbs that make a contact verb tell an earlier contact or a habit ("last met in February",
# "have spoken regularly since the war began").
HISTORY_ADVERBS = {
    "last", "previously", "formerly", "often", "regularly", "repeatedly", "frequently",
}  # fmt: skip
# "have met many times": a history of contacts.
REPEATED = {"many", "several", "numerous", "multiple", "countless"}
# Clause openers of a hypothetical or a background ("if they meet", "since they met").
CONDITIONS = {"if", "unless", "whether", "since"}
# Prepositions before a gerund or a contact noun that deny it or make it background, with the
# word they hang from where that matters ("instead of meeting", "following up on discussions").
DENYING_PREPOSITIONS = {
    ("without", None), ("of", "instead"), ("than", "rather"), ("since", None),
    ("on", "following"), ("on", "building"), ("to", "follow-up"),
}  # fmt: skip
# The labels a contact word climbs to the verbs that govern it: an infinitive or a gerund
# complement ("agreed to meet", "looking forward to meeting"), a purpose clause ("travel to
# Israel to meet"), a noun's infinitive ("his plans to meet"), and for a contact noun the
# argument it is of a verb ("held talks", "the meeting will take place", "cancelled the call").
_COMPLEMENT = {"xcomp"}
# "compound": the small model hangs a gerund on the person after it ("denied meeting Biden").
_ARGUMENT = {"dobj", "nsubj", "nsubjpass", "attr", "oprd", "pobj", "appos", "conj", "compound"}
_OBJECTS = {"dobj", "nsubj", "nsubjpass", "attr"}
_CLIMB = {*_COMPLEMENT, *_ARGUMENT, "prep", "pcomp", "ccomp"}
# Prepositions through which a noun or a gerund takes the status of the verb above it.
_PASSING_PREPOSITIONS = {"to", "of", "for"}
_DAY_WORDS = {
    *(name.lower() for name in WEEKDAY_NAMES),
    "today", "yesterday", "tonight",
}  # fmt: skip
_DAY_SHIFTS = {"earlier", "later", "before", "after", "same", "next", "following", "previous"}
_MONTHS = {
    *(name.lower() for name in MONTH_NAMES),
    *(name[:3].lower() + dot for name in MONTH_NAMES for dot in ("", ".")),
    "sept",
    "sept.",
}


# What puts a clause ahead of its telling: "is due in Israel on Wednesday", "plans to".
_AHEAD = (SCHEDULING - _COPULAS) | {"plan", "plans", "planned", "intend", "intends", "intended"}


def looks_ahead(parse: ParsedSentence, verb: Token) -> bool:
    """Whether a clause's verb tells what is still to come: a modal ("will travel") or a plan
    or scheduling word ("is due in Israel on Wednesday")."""
    if verb.lower in _AHEAD:
        return True
    ahead = FUTURE | MODAL | _AHEAD
    return any(
        c.lower in ahead for c in parse.children(verb, "aux", "auxpass", "acomp", "xcomp", "oprd")
    )


def status_of(parse: ParsedSentence, predicate: Token) -> str | None:
    """held, scheduled, or None when the tree says the contact was denied, only planned or
    hoped for, hypothetical, or an earlier one than the text reports."""
    verdict = HELD
    for token, via in _governing(parse, predicate):
        found = _marked(parse, token, via, first=token.i == predicate.i)
        if found is None:
            return None
        if found == SCHEDULED or _headline_future(parse, token):
            verdict = SCHEDULED
    return verdict


def _headline_future(parse, token: Token) -> bool:
    """ "Blinken to meet Netanyahu on Monday": an infinitive with no verb above it, which the
    small model hangs on the person before it, is a headline's future."""
    if not any(c.dep == "aux" and c.lower == "to" for c in parse.children(token)):
        return False
    head = parse.tokens[token.head]
    return token.head == token.i or (head.mention is not None and head.head == head.i)


def status_by_words(before: list[str]) -> str | None:
    """The same tables read in word order, for a sentence with no parse: the few words right
    before the contact word deny it, schedule it ("will", "expected to") or only plan it."""
    words = [w.lower().replace("\u2019", "'") for w in before]
    if any(w in NEGATIONS | DENIALS or w.endswith("n't") for w in words):
        return None
    after_to = {
        w for w, following in zip(words, [*words[1:], ""], strict=True) if following == "to"
    }
    if FUTURE & set(words) or after_to & SCHEDULING:
        return SCHEDULED
    return None if set(words) & (NOT_HELD | MODAL | PLAN_MODIFIERS | {"soon"}) else HELD


def _governing(parse, predicate: Token):
    """The predicate and the words above it whose markers it takes, each with the label or
    preposition it was reached by."""
    yield predicate, None
    token = predicate
    for head in parse.ancestors(predicate):
        if token.dep == "conj" and token.tag != "VB" and token.pos in ("VERB", "AUX"):
            return  # "did not meet A but spoke with B": a finite conjunct has its own markers
        if token.dep == "prep" and not _passes(token, head):
            return  # "in a meeting with X, Mattis said": an adverbial phrase of another verb
        if token.dep not in _CLIMB and not _infinitive(parse, token):
            return
        yield head, token
        if token.dep == "ccomp":
            return  # only a denial above a reported clause counts
        if head.pos in ("VERB", "AUX") and token.dep in _OBJECTS and not _complement(parse, head):
            return  # "held talks", "the meeting will take place": the verb's clause ends there
        token = head


def _complement(parse, verb: Token) -> bool:
    return verb.dep in _COMPLEMENT or _infinitive(parse, verb)


def _passes(prep: Token, head: Token) -> bool:
    return prep.lower in _PASSING_PREPOSITIONS or any(
        prep.lower == word and above in (None, head.lower) for word, above in DENYING_PREPOSITIONS
    )


def _infinitive(parse, token: Token) -> bool:
    """ "to meet" hung as a purpose clause or a noun's complement ("travel to Israel to meet",
    "his plans to meet")."""
    return token.dep in ("advcl", "acl") and any(
        c.lower == "to" and c.dep == "aux" for c in parse.children(token)
    )


def _marked(parse, token: Token, via: Token | None, *, first: bool) -> str | None:
    """What one governing word says of the contact below it."""
    children = parse.children(token)
    if via is not None and via.dep == "ccomp":
        words = {token.lower, *(c.lower for c in children if c.dep in ("aux", "neg"))}
        return None if words & DENIALS else HELD
    if via is not None and via.dep == "prep":
        above = token.lower
        for word, head in DENYING_PREPOSITIONS:
            if via.lower == word and head in (None, above):
                return None
    if any(c.dep == "neg" for c in children):
        return None
    if any(c.dep == "det" and c.lower == "no" for c in children):
        return None
    if any(c.dep == "mark" and c.lower in CONDITIONS for c in children):
        return None
    auxiliaries = [c.lower for c in children if c.dep in ("aux", "auxpass")]
    if any(a in MODAL for a in auxiliaries):
        return None
    modifiers = {c.lower for c in children if c.dep in ("amod", "nummod", "det")}
    if modifiers & PLAN_MODIFIERS or (first and modifiers & HISTORY_MODIFIERS):
        return None
    below = via is not None and (
        via.dep in _COMPLEMENT | {"pcomp", "prep"} or _infinitive(parse, via)
    )
    if below and any(c.dep == "advmod" and c.lower in DENYING_ADVERBS for c in children):
        return None
    if below and token.lower in SCHEDULING and (token.lower not in _COPULAS or via.dep == "xcomp"):
        return SCHEDULED
    if not first and token.lower in NOT_HELD:
        return None
    verb = token.pos in ("VERB", "AUX") and (first or via.dep in _ARGUMENT)
    if verb and _history(parse, token, children, auxiliaries, pluperfect=first):
        return None
    if any(a in FUTURE for a in auxiliaries):
        return SCHEDULED
    return HELD


def _history(parse, verb: Token, children, auxiliaries, *, pluperfect: bool) -> bool:
    """ "last met", "have met many times", "had met in February" (but "had met him on Monday"
    is the story's own contact). The pluperfect counts on a contact verb only: "had held talks
    earlier in the week", "had received a call in January" are told as contacts of the story."""
    # "He last spoke with Dermer on Sunday" tells a contact of the story's week all the same;
    # "last met in Cairo on 6 February" is background.
    if any(c.dep == "advmod" and c.lower in HISTORY_ADVERBS for c in children):
        return not _day_told(parse, verb, this_week=True)
    # The small model takes "last" in "the two last met" for the subject.
    if verb.i and parse.tokens[verb.i - 1].lower in HISTORY_ADVERBS:
        return not _day_told(parse, verb, this_week=True)
    for c in children:
        if c.lower == "times" and any(m.lower in REPEATED for m in parse.children(c)):
            return True
    if pluperfect and "had" in auxiliaries and verb.tag == "VBN":
        return not _day_told(parse, verb)
    return False


def _day_told(parse, verb: Token, *, this_week: bool = False) -> bool:
    """Whether a day's words hang from this verb ("on Monday", "on March 3", "yesterday");
    with `this_week`, only the words that name a day of the story's week."""
    for t in parse.tokens:
        day = (
            t.lower in _DAY_WORDS
            # "a day earlier", "the day before": counted from a day the story tells.
            or t.lower == "day"
            and any(n.lower in _DAY_SHIFTS for n in _neighbours(parse, t))
        ) or (
            not this_week
            and t.tag == "CD"
            and t.text.isdigit()
            and int(t.text) <= 31
            and any(n.lower in _MONTHS for n in _neighbours(parse, t))
        )
        above = _first_verb_above(parse, t)
        if day and above is not None and above.i == verb.i:
            return True
    return False


def _neighbours(parse, token: Token):
    return [
        parse.tokens[token.head],
        *parse.children(token),
        *(parse.tokens[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(parse.tokens)),
    ]


def _first_verb_above(parse, token: Token) -> Token | None:
    for head in parse.ancestors(token):
        if head.pos in ("VERB", "AUX"):
            return head
    return None
