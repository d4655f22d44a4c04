"""Find the contacts an article reports: who called, met or spoke with whom, how and where.

Works sentence by sentence on the people stage's mentions: a contact word ("spoke with",
"met", "call with", "conversation with") joins a subject to the officials it names; plans,
denials, history and teasers make nothing; mentions of one contact are merged into one call.
"""

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from contacts.countries import Country
from ingest.pipeline import tree
from ingest.pipeline.date_logic import MONTH_NAMES, WEEKDAY_NAMES
from ingest.pipeline.parse import parse_sentences
from ingest.pipeline.people import TITLE_WORDS, Mention, find_mentions
from ingest.pipeline.records import (
    ArticleText,
    ExtractedCall,
    ExtractedParticipant,
    Reference,
    Sentence,
)
from ingest.pipeline.status import status_by_words, status_of
from ingest.pipeline.transcripts import speaker_turns

# The contact vocabulary, one row per kind of contact word: the mode it reports, how sure that
# mode is (2 said outright, 1 by readout convention: "spoke with" in a readout is a phone call
# unless a meeting is said; 0 noncommittal), the particles that introduce its other side, its
# forms, and which of them take a person directly ("met Netanyahu", "saw King Abdullah").
# Forms are regular expressions over one or a few words; order matters only inside a row.
_VOCABULARY = {
    "video": (
        "video", 2, ("with", "between"),
        [r"video[\s-]?(?:call|conference|link)s?", r"videoconferences?",
         r"virtual(?:ly)?\s+(?:meeting|met|call|summit)s?"],
        [],
    ),
    "call": ("phone", 2, ("with", "between", "from"), [r"(?:(?:phone|telephone)\s+)?calls?"], []),
    "speak": (
        "phone", 1, ("with", "to"),
        [r"spoke", r"speaks?", r"speaking", r"spoken", r"talked", r"talking"],
        [],
    ),
    "meet": (
        "meeting", 2, ("with", "between"),
        [r"met", r"meets?", r"meetings?", r"summits?", r"visited", r"hosted", r"hosts", r"hosting",
         r"received", r"receives", r"welcomed", r"welcomes", r"saw", r"sees", r"seen",
         # "sat down" reports a meeting wherever its "with" is ("sat down at the White House,
         # for more than an hour, with X"); a bare "sat" only right before it.
         r"(?:sat|sits?|sitting)\s+down", r"(?:sat|sits?|sitting)(?=\s+(?:[\w.,]+\s+){0,3}with\b)",
         r"sit-downs?", r"huddled",
         r"called\s+on",
         r"paid\s+(?:a|an)\s+(?:courtesy\s+)?(?:call|visit)\s+(?:on|to)",
         r"working\s+(?:sessions?|dinners?|lunch(?:es)?|breakfasts?)", r"lunched", r"dined",
         r"breakfasted"],
        [r"met", r"meets?", r"hosted", r"hosts", r"hosting", r"received", r"receives",
         r"welcomed", r"welcomes", r"saw", r"sees", r"seen", r"called\s+on",
         r"paid\s+an?\s+(?:courtesy\s+)?(?:call|visit)\s+(?:on|to)"],
    ),
    # Officials of two countries answering the press together were in one room.
    "appear": (
        "meeting", 2, ("with",),
        [r"(?:joint\s+)?press\s+(?:availability|availabilities|conferences?)",
         r"joint\s+press\s+(?:statements?|remarks)"],
        [],
    ),
    # A new envoy's ceremony with the head of state: "presented his letter of credence to".
    "credence": (
        "meeting", 2, ("to",),
        [r"present(?:ed|s)\s+(?:his|her|their)\s+(?:(?:letters?|copy|copies)\s+of\s+)?"
         r"(?:credence|credentials)(?:\s+letters?)?"],
        [],
    ),
    # Talks that bring several people together make every one of them a participant.
    "gather": (
        "unknown", 0, (),
        [r"(?:brought|brings|bringing|bring)\s+together", r"gathered", r"gathers"],
        [r"(?:brought|brings|bringing|bring)\s+together", r"gathered", r"gathers"],
    ),
    "dial": (
        "phone", 2, (),
        [r"phoned", r"telephoned", r"called", r"rang"],
        [r"phoned", r"telephoned", r"called", r"calls", r"rang"],
    ),
    "talk": (
        "unknown", 0, ("with", "between"),
        [r"conversations?", r"discussions?", r"dialogues?", r"talks", r"consultations",
         r"discussed", r"discusses", r"conferred", r"confers"],
        [],
    ),
}  # fmt: skip
_ANCHOR = re.compile(
    r"\b(?:"
    + "|".join(f"(?P<{kind}>{'|'.join(row[3])})" for kind, row in _VOCABULARY.items())
    + r")\b",
    re.I,
)
CONTACT_ANCHOR = _ANCHOR  # for the stages that only ask whether a text reports a contact
_CONNECTOR = {kind: row[2] for kind, row in _VOCABULARY.items()}
_MODE = {kind: (row[0], row[1]) for kind, row in _VOCABULARY.items()}
_TRANSITIVE = re.compile(
    r"^(?:" + "|".join(form for row in _VOCABULARY.values() for form in row[4]) + r")$", re.I
)
_NOUN_ANCHORS = {"call", "talk", "video"}

# Words allowed between a contact word and its connector or person ("spoke again with",
# "met today in Ramallah with", "spoke with his Israeli counterpart this morning, Benjamin Gantz").
_GAP_WORDS = (
    set(
        [
            "a",
            "an",
            "the",
            "his",
            "her",
            "their",
            "its",
            "my",
            "our",
            "again",
            "also",
            "separately",
            "separate",
            "today",
            "yesterday",
            "tonight",
            "this",
            "morning",
            "afternoon",
            "evening",
            "night",
            "last",
            "on",
            "in",
            "at",
            "by",
            "over",
            "via",
            "phone",
            "telephone",
            "video",
            "virtually",
            "person",
            "first",
            "second",
            "third",
            "fourth",
            "earlier",
            "later",
            "briefly",
            "jointly",
            "during",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "israeli",
            "palestinian",
            "american",
            "us",
            "u",
            "s",
            "counterpart",
            "counterparts",
            "colleague",
            "colleagues",
            "officials",
            "official",
            "senior",
            "top",
            "including",
            "two",
            "three",
            "several",
            "new",
            "incoming",
            "outgoing",
            "visiting",
            "of",
            "and",
            "d",
            "c",
            "dc",
            "same",
            "day",
            # "spoke from the Oval Office with", "met here with", "received at his office ...
            # the Secretary", "met with a Hamas delegation headed by", "my meeting as envoy with"
            "from",
            "here",
            "there",
            "as",
            "office",
            "residence",
            "palace",
            "headquarters",
            "delegation",
            "headed",
            "led",
            "political",
            "bureau",
            "politburo",
        ]
    )
    | TITLE_WORDS
)
# What may not stand between a contact word and its other side: a finite verb or auxiliary
# opens another clause ("met reporters, then flew to Amman with"); any other words may (the topic
# of "discussed the hostage deal by phone with", the place of "met today at the palace with").
_CLAUSE_WORDS = {
    "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "will",
    "would", "shall", "should", "can", "could", "may", "might", "must", "do", "does", "did",
    "said", "says", "told", "tells", "flew", "went", "goes", "left", "leaves", "took", "takes",
    "gave", "gives", "made", "makes", "came", "comes", "got", "gets", "sent", "sends", "wrote",
    "writes", "began", "begins", "became", "becomes", "brought", "brings", "thought", "knew",
    "found", "kept", "stood", "won", "lost", "held", "holds", "met", "spoke", "saw", "sat", "ran",
    "then", "so", "that", "where", "when", "if", "whether", "what",
}  # fmt: skip


def _open_gap(words):
    """Whether these words can stand between a contact word and its other side in one clause;
    another contact word ("received a phone call from") reads its own other side."""
    if _ANCHOR.search(" ".join(words)):
        return False
    for word in words:
        lower = word.lower()
        if lower in _GAP_WORDS or word[:1].isupper() or word.isdigit():
            continue
        if lower in _CLAUSE_WORDS or (len(lower) > 4 and lower.endswith(("ed", "ing"))):
            return False
    return True


_BREAK = re.compile(
    r"\b(?:but|not|n't|never|which|who|whom|whose|although|though|because|while|after|before)\b|[;:\"\u201c\u201d()?]",
    re.I,
)
_HE_AND = re.compile(r"\b(?:that|,)\s+(?:he|she)\s+and\s+(?:[A-Za-z.]+\s+){0,5}$")
_GATHERING_NOUN = re.compile(
    r"\b(?:talks|meetings?|summit|session|conference|negotiations|discussions|consultations)\b"
    r"[^.;]*$",
    re.I,
)
# The passive voice: "were received by el-Sisi", "was hosted by the King".
_PASSIVE = re.compile(
    r"\b(?:was|were|been|being|is|are)\s+(?:(?:also|then|later|first|warmly|officially)\s+)?$",
    re.I,
)
_ABBREVIATION = re.compile(r"\([A-Z]{1,6}\)")
_LIST_GAP = re.compile(
    r"^(?:\s*,\s*(?:and\s+(?:with\s+)?)?|\s+and\s+(?:with\s+)?|\s*&\s*|\s*,?\s+as well as\s+"
    r"|\s*,?\s+(?:along|together)\s+with\s+)$",
    re.I,
)
# The same separators followed by what introduces the next person: a possessive country
# ("Egypt's Sameh Shoukry", "the UAE's Sheikh Abdullah") or title words ("peace envoy").
_LIST_SEPARATOR = re.compile(
    r"^(?:\s*,\s*(?:and\s+(?:with\s+)?)?|\s+and\s+(?:with\s+)?|\s*&\s*|\s*,?\s+as well as\s+"
    r"|\s*,?\s+(?:along|together)\s+with\s+)",
    re.I,
)
_POSSESSIVE_PLACE = re.compile(r"^[A-Z][\w.-]*(?:['\u2019]s)$")


_DATED_LIST_GAP = re.compile(
    r"^\s+(?:on\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\s*,?\s+and\s+(?:with\s+)?$",
    re.I,
)


# "met with Berri in Ain el-Tineh, and with Salam": where the previous contact took place.
_PLACE_BEFORE_SEPARATOR = re.compile(
    r"^\s+(?:in|at|of)\s+(?:the\s+)?[A-Z][\w'\u2019-]*(?:[\s-]+[A-Za-z][\w'\u2019-]*){0,3}?(?=\s*,)"
)
_APPOSITION_WORDS = {"of", "for", "the", "and", "to", "in", "on"}


def _without_apposition(gap):
    """The gap without a leading apposition of the previous name (", Crown Prince of Abu Dhabi,"):
    title words, capitalised words and their connectors between two commas."""
    if not gap.lstrip().startswith(","):
        return gap
    first = gap.index(",")
    second = gap.find(",", first + 1)
    if second < 0:
        return gap
    words = gap[first + 1 : second].split()
    if not words or len(words) > 16:
        return gap
    if all(
        w[:1].isupper() or w.lower() in TITLE_WORDS or w.lower() in _APPOSITION_WORDS for w in words
    ):
        return gap[second:]
    return gap


def _is_list_gap(gap):
    """Whether the text between two mentions joins them in one list."""
    if _LIST_GAP.match(gap) or _DATED_LIST_GAP.match(gap):
        return True
    place = _PLACE_BEFORE_SEPARATOR.match(gap)
    if place and place.end() < len(gap):
        return _is_list_gap(gap[place.end() :])
    bare = _without_apposition(gap)
    if bare is not gap:
        return _is_list_gap(bare)
    separator = _LIST_SEPARATOR.match(gap)
    if not separator:
        return False
    words = gap[separator.end() :].split()
    if not words or len(words) > 8 or not gap[separator.end() :].endswith(" "):
        return False
    # Title words the people stage does not know are capitalised: "Sudan's Sovereign Council chief".
    return all(
        w.lower().strip(",") in TITLE_WORDS or _POSSESSIVE_PLACE.match(w) or w[:1].isupper()
        for w in words
    ) and not any(w.endswith(",") for w in words)


_SAYS = re.compile(
    r"(?:['\u2019]s\b|\s+(?:said|says|told|stated|added|noted|wrote|tweeted)\b)", re.I
)

_BARE_YEAR = re.compile(
    r"\b(?:in|since|during|by)\s+(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+)?"
    r"((?:19|20)\d\d)\b(?!\s*[-/])",
    re.I,
)
_DATE_WORDS = re.compile(
    r"\b(?:today|yesterday|tonight|this (?:morning|afternoon|evening)|last night|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|"
    r"dec)\w*\b|\b\d{1,2}\b",
    re.I,
)
_PLACE = r"(?P<place>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2}(?:,\s*D\.C\.)?)"
_IN_PLACE = re.compile(r"\bin\s+" + _PLACE)
_NOT_PLACES = {
    *MONTH_NAMES,
    *(name[:3] for name in MONTH_NAMES),
    "Sept",
    *WEEKDAY_NAMES,
    "His",
    "Her",
    "Their",
    "The",
    "A",
    "An",
    "This",
    "That",
    "Hebrew",
    "English",
    "Arabic",
}
_DURING = re.compile(
    r"\b(?:in|during|on|over)\s+(?:a|an|the|their|his|her)\s+(?:[\w-]+\s+){0,2}$", re.I
)
_TOLD = re.compile(
    r"\s+(?:told|urged|assured|reassured|pressed|warned|thanked|asked|informed|congratulated|"
    r"briefed|updated|reiterated to|stressed to|emphasized to|underscored to)\s+",
    re.I,
)
# What may stand between a subject and its verb: "Blinken and Abbas also met".
_SUBJECT_GAP = re.compile(
    r"^\s*,?\s*(?:(?:also|then|again|today|yesterday|jointly|together|separately|both|have|has|had"
    r"|first|later|earlier|each|subsequently)\s+)*"
    r"(?:(?:held|hold|holds|had|have|has|conducted)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2})?$",
    re.I,
)
# "held a secure video call", "had a meeting": the verb before a contact noun.
_HELD_NOUN = re.compile(
    r"\b(?:held|hold|holds|had|conducted)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}$", re.I
)
# "Kushner and Special Representative for International Negotiations Greenblatt": the second
# name's title may hold words the people stage does not know as title words.
_TITLED_LIST_GAP = re.compile(
    r"^\s*,?\s*and\s+(?:[A-Z][\w'\u2019.-]*\s+|(?:of|for|the|and|on|to)\s+){1,10}$"
)
_NEW_CLAUSE_PRONOUN = re.compile(
    r"(?:[,;]\s*(?:and|but|then)?|\s+and)\s+(?:(?:on|in|at|later|then|also|the\s+next|the\s+following)"
    r"(?:\s+\w+){0,2}\s*,?\s+)?(?:he|she|they)\s+(?:\w+ly\s+|also\s+|then\s+)?"
    r"(?:(?:held|had|conducted)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2})?$",
    re.I,
)
# "Harris and Blinken joined the president on the call"; "They were joined by Ambassador X".
# Where a clause of its own opens in a sentence that also tells the contact it joins.
_JOINER_CLAUSE = re.compile(r",\s+(?:while|and|as|whereas)\s+|;\s+")
_JOINED = re.compile(
    r"\bjoined\s+(?:(?:him|her|them|the\s+\w+|[A-Z][\w'\u2019-]+)\s+)?(?:(?:on|in|for)\s+)?the\s+"
    r"(?:call|meeting|conversation|talks|discussion|lunch|dinner|breakfast|session)\b"
    r"|\b(?:took|takes|taking)\s+part\s+in\s+the\s+(?:call|meeting|conversation|talks|discussion)\b"
    r"|\bparticipated\s+in\s+the\s+(?:call|meeting|conversation|talks|discussion)\b"
    # With nothing after it, the contact is the one just told: "Blinken took part as well."
    r"|\b(?:took|takes|taking)\s+part(?=\s+(?:as\s+well|too)\b|\s*[.;]|\s*$)"
    r"|\b(?:joined|participated)(?=\s+(?:as\s+well|too)\b)",
    re.I,
)
_JOINED_BY = re.compile(
    r"\b(?:was|were)\s+(?:also\s+)?(?:joined|accompanied)\s+"
    r"(?:in\s+(?:the|his|her|their)\s+\w+\s+(?:with\s+[A-Z][\w'\u2019-]+\s+)?)?by\s+"
    # The same said the other way round: "Joining the video call were A, B and C."
    r"|^\W*(?:also\s+)?(?:joining|taking\s+part\s+in|participating\s+in)\s+"
    r"(?:(?:him|her|them)\s+)?(?:(?:on|in|for)\s+)?the\s+(?:[\w-]+\s+){0,2}?"
    r"(?:call|meeting|conversation|talks|discussion|session|conference)s?\s+(?:was|were)\s+"
    # A relative clause of the contact noun: "in a call that also included Witkoff".
    r"|\b(?:call|meeting|conversation|talks|discussion|session|conference)s?,?\s+(?:that|which)"
    r"\s+(?:also\s+)?(?:included|includes|involved|involves)\s+",
    re.I,
)
# "took part in the meeting with Netanyahu": which of the article's contacts was joined.
_JOINED_WITH = re.compile(r"\bwith\s+$", re.I)
_CLAUSE_VERB = re.compile(
    r"\s+(?:(?:also|then|later|separately)\s+)?(?:met|meets|spoke|speaks|called|calls|phoned"
    r"|hosted|hosts|held|holds|received|receives|told|tells|visited|welcomed|talked|discussed)\b",
    re.I,
)
_OBJECT_LEAD = re.compile(r"\b(?:with|between|to|from|and)\s*$", re.I)
_THEY = re.compile(
    r"(?:^|[,;]\s*|\b(?:then|and|later|also|where|when)\s+)they\s+(?:\w+ly\s+|also\s+|then\s+)?"
    r"(?:(?:were|was|had|have)\s+(?:also\s+)?)?$",
    re.I,
)
_JOINING = re.compile(
    r"^\W*(?:also\s+)?(?:joining|taking\s+part\s+in|participating\s+in)\s+"
    r"(?:(?:him|her|them)\s+)?(?:(?:on|in|for)\s+)?the\s+(?:[\w-]+\s+)?$"
    r"|\b(?:joined|accompanied)\s+(?:\w+\s+)?in\s+(?:the|his|her|their)\s+$"
    r"|\b(?:joined|attended|(?:took|takes|taking)\s+part\s+in|participated\s+in)\s+the\s+$",
    re.I,
)
_POSSESSOR = re.compile(r"\b(?:his|her)\s+(?:[\w-]+\s+)?$", re.I)
# "The two ministers last met in Cairo on 6 February": another, earlier contact of the same people.
_OTHER_CONTACT = re.compile(
    r"\b(?:last|previously|had(?:\s+\w+)?)\s+(?:met|spoke|spoken|talked|hosted|visited)\b", re.I
)
_FIRST_PERSON = re.compile(r"\b(?:I|my|we|our|me|us)\b")
_PRONOUN = re.compile(r"\b(?:he|she|his|her)\b", re.I)
_FOLLOW_START = re.compile(r"^\W*(?:he|she|they|both|the two|the pair|together)\b", re.I)
# Asides that stand between a contact word and its other side without changing the contact:
# "held a phone call, at the request of the U.S. side, with Rubio", "a trilateral call among the
# United States, Egypt, and Qatar with". They are blanked (same length) before reading.
_ASIDE = re.compile(
    r",\s*(?:at the (?:request|invitation|initiative) of|upon the (?:request|invitation) of"
    r"|according to)\b[^,;]{0,60},"
    # A blessing after a sovereign's name: "King Mohammed VI, may God assist Him, received".
    r"|,\s*(?:may\s+(?:God|Allah)|God\s+(?:bless|protect|preserve|save))\b[^,;]{0,40},"
    r"|\(\s*may\s+(?:God|Allah)\b[^()]{0,40}\)"
    r"|\bamong\s+(?:the\s+)?[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*)*"
    r"(?:,?\s+(?:and\s+)?(?:the\s+)?[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*)*)+(?=\s+with\b)",
)
# Owners named inside another official's title: "Biden's envoy X", "the Envoy of Trump to Y, X".
_OWNED_BY_POSSESSIVE = re.compile(r"^['\u2019]s\s+(?:[a-z][\w-]*\s+){0,4}$")
_OWNER_OF = re.compile(r"\bof\s+(?:the\s+)?(?:[A-Z][\w.]*[\s-]+)?$")
_OWNED_AFTER_OF = re.compile(r"^\s+(?:to|for|of|on|in)\s+[^,.;]{0,60},\s*$")
# One contact of everyone named: "a trilateral call", "met A and B together".
_JOINT = re.compile(
    r"\b(?:trilateral|three-way|four-way|quadrilateral|multilateral|joint)\s+(?:[\w-]+\s+)?$", re.I
)
_TOGETHER = re.compile(r"\s*,?\s*(?:together|jointly|at the same time)\b", re.I)
# "Trump's incoming envoy met Netanyahu": the owner of the subject is not the subject.
_OWNER = re.compile(r"^['\u2019]s\s+(?:[\w-]+\s+){0,4}[\w-]+,?\s+$")
_OWNER_VERB = re.compile(
    r"\b(?:said|says|told|tells|stated|announced|confirmed|added|he|she|they)\b", re.I
)
_SAYS_THAT = re.compile(
    r"\s+(?:said|says|announced|told reporters)\b[^.;]*,\s+(?:after|when|as)\s+(?:he|she)\s+", re.I
)
_STATEMENT_BY = re.compile(
    r"\W*(?:joint\s+)?(?:statement|remarks|message)\s+(?:by|from|of)\b", re.I
)
_HEADER_LINE = re.compile(r"^[^\n]{0,80}\(@\w+\)[^\n]*$", re.M)
# A post that drops its subject: "Spoke again with ...", "Also had a productive call with ...".
_BARE_VERB = re.compile(
    r"^\W*(?:(?:also|just|again)\s+)?(?:spoke|met|had|held|hosted|called|welcomed|talked"
    r"|received|joined|sat)\b",
    re.I,
)
_SIGN_OFF = re.compile(r"^\s*[\u2014\u2013-]+\s*(?P<line>[^\n]*\(@\w+\)[^\n]*)$", re.M)


# A group of officials as the subject, named by the places they come from.
_GROUP_SUBJECT = re.compile(
    r"\b(?i:leaders|heads\s+of\s+(?:state|government)|(?:foreign\s+|defen[cs]e\s+)?ministers"
    r"|officials|envoys|delegations|representatives)\s+(?:from|of)\s+"
    r"(?P<places>(?:the\s+)?[A-Z][\w.'\u2019-]*(?:(?:\s+|,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?"
    r"[A-Z][\w.'\u2019-]*)*)\s+(?:(?:also|today|then)\s+)?$"
)
_HOSTED_BY = re.compile(r"\b(?:hosted|chaired|convened|moderated)\s+by\s+(?:the\s+)?$", re.I)
# The verb after a sentence's opening list of people: "A, B and C signed the documents".
_OPENING_VERB = re.compile(r"\s+(?:(?:also|then|jointly|together)\s+)?[a-z]+ed\b")


_DAY_NAME = re.compile(
    r"\b(?:(?P<weekday>(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
    r"|(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?P<day>\d{1,2})\b"
    r"|(?P<day2>\d{1,2})\s+(?P<month2>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)",
    re.I,
)
_CLAUSE_SPLIT = re.compile(r";|\s[\u2014\u2013]\s|,\s+(?:and|but|then|while|before|after)\s", re.I)


def _means(word, gap, mode, strength):
    """The mode the words between a contact word and its other side say ("spoke by phone
    with"); None for "discussed ... with" that names no means of contact."""
    if word in ("discussed", "discusses") and not re.search(
        r"\b(?:phone|telephone|video|virtual\w*|in person)\b", gap, re.I
    ):
        return None
    if re.search(r"\b(?:phone|telephone)\b", gap, re.I):
        return "phone", 2
    if re.search(r"\bvideo|\bvirtual", gap, re.I):
        return "video", 2
    if re.search(r"\bin person\b", gap, re.I):
        return "meeting", 2
    return mode, strength


def _day_names(text):
    names = set()
    for m in _DAY_NAME.finditer(text):
        if m.group("weekday"):
            names.add(m.group("weekday").lower())
        elif m.group("month") and (m.group("month") != "may" or m.group(0)[:1].isupper()):
            names.add(f"{m.group('month').lower()} {int(m.group('day'))}")
        elif m.group("month2"):
            names.add(f"{m.group('month2').lower()} {int(m.group('day2'))}")
    return names


def _clause_days(text, position):
    """The days a sentence names for the contact word at this position: those of its own clause
    ("On Tuesday he met A, and on Wednesday he toured B"), else those of the whole sentence; a
    chronology line's date ("Oct. 18 \u2014 Biden meets ...") counts for its line."""
    cuts = [0, *(m.end() for m in _CLAUSE_SPLIT.finditer(text)), len(text) + 1]
    for start, end in zip(cuts, cuts[1:], strict=False):
        if start <= position < end:
            own = _day_names(text[start:end])
            if own:
                return frozenset(own)
            # The clause that opens the sentence may carry its day ("Oct. 18 \u2014 ...").
            return frozenset(_day_names(text[: cuts[1]]) if start else _day_names(text))
    return frozenset(_day_names(text))


@dataclass
class _Report:
    """One sentence's report of one contact, before merging."""

    people: list[ExtractedParticipant]
    sentence: int
    mode: str  # phone | video | meeting | unknown
    strength: int  # 2 said outright, 1 by readout convention, 0 noncommittal
    status: str = "held"
    location: str = ""
    shared: bool = False  # one contact word for several contacts ("spoke with A and B")
    year_only: bool = False  # dated by a bare year ("met in September 2016")
    days: frozenset = frozenset()  # the day words of its own clause ("on Tuesday he met ...")
    anchor: tuple[int, int] | None = None  # body offsets of the contact word
    told_subjects: frozenset = frozenset()  # the subject side as the tree labels it, if it does
    group: bool = False  # a group's members named in the next sentence, and its host

    @property
    def key(self):
        return frozenset(p.slug for p in self.people)


@dataclass
class _Call:
    key: frozenset
    status: str
    people: list[ExtractedParticipant]
    reports: list[_Report] = field(default_factory=list)
    follow_ups: list[int] = field(default_factory=list)


class _Finder:
    def __init__(self, article, sentences, reference, mentions, parses):
        self.article = article
        self.parses = parses
        self.body = article.body
        self.sentences = sentences
        self.reference = reference
        self.by_sentence: dict[int, list[Mention]] = {}
        for mention in mentions:
            self.by_sentence.setdefault(mention.sentence, []).append(mention)
        self.mentions = mentions
        counts = Counter(
            m.person.slug
            for m in mentions
            if m.kind != "group" and not m.spokesperson and not m.person.is_new
        )
        self.salience = counts
        self.last_subject: ExtractedParticipant | None = None
        self.last_subjects: list[ExtractedParticipant] = []
        self.year = article.published.year if article.published else None

    # Reports in one sentence -----------------------------------------------------------------
    def reports_in(self, index):
        sentence = self.sentences[index]
        text = sentence.text
        if text.rstrip().endswith("?"):
            return []  # a teaser headline or a question, not a report
        mentions = [m for m in self.by_sentence.get(index, [])]
        masked = _ASIDE.sub(lambda m: " " * len(m.group()), text)
        if masked != text:
            sentence = Sentence(masked, sentence.start, sentence.end)
        reports = []
        for anchor in _ANCHOR.finditer(masked):
            kind = anchor.lastgroup
            found = self._report(index, sentence, anchor, kind, mentions)
            reports.extend(found)
        # A group's contact told in full ("leaders from A and B met ..., hosted by C") is the
        # contact its other words tell in part.
        groups = [r.key for r in reports if r.group]
        return [r for r in reports if r.group or not any(r.key < key for key in groups)]

    def _report(self, index, sentence, anchor, kind, mentions):
        # A group told in full (its members named next, its host) is read as one contact first.
        reports = self._group_report(index, sentence, anchor, kind) or self._read_report(
            index, sentence, anchor, kind, mentions
        )
        after = sentence.text[anchor.end() : anchor.end() + 60]
        days = _clause_days(sentence.text, anchor.start())
        for report in reports:
            report.year_only = bool(_BARE_YEAR.search(after))
            report.days = days
            report.anchor = (sentence.start + anchor.start(), sentence.start + anchor.end())
        return reports

    def _group_report(self, index, sentence, anchor, kind):
        """ "Leaders from Israel, the UAE and Bahrain met at the White House, hosted by Trump.
        Netanyahu, Sheikh Abdullah and Al Zayani signed ...": one contact of the members the
        next sentence opens with (one for each place the group names) and the host."""
        text = sentence.text
        group = _GROUP_SUBJECT.search(text[: anchor.start()])
        if kind != "meet" or not group or index + 1 >= len(self.sentences):
            return []
        if any(
            m.start < sentence.start + anchor.start() and m.kind != "group"
            for m in self.by_sentence.get(index, [])
        ):
            return []  # a person before the contact word is its subject
        places = len(re.findall(r"[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*)*", group["places"]))
        members = self._opening_list(index + 1)
        if len(members) < 2 or len(members) != places:
            return []
        # One member from each place the group names.
        countries = {p.country for p in members}
        named = all(c in Country.values and Country(c).label in group["places"] for c in countries)
        if len(countries) != places or not named:
            return []
        hosts = [
            m.person
            for m in self.by_sentence.get(index, [])
            if m.start > sentence.start + anchor.end()
            and not m.spokesperson
            and m.kind != "group"
            and _HOSTED_BY.search(self.body[max(0, m.start - 40) : m.start])
        ]
        status = self._status(index, text, anchor)
        people = self._unique([*members, *hosts])
        if status is None or len(people) < 2:
            return []
        return [_Report(people, index, "meeting", 2, status, group=True)]

    def _opening_list(self, index):
        """The people a sentence opens with as the subject of its verb ("A, B and C signed")."""
        sentence = self.sentences[index]
        named = [m for m in self.by_sentence.get(index, []) if not m.spokesperson]
        if not named or len(self.body[sentence.start : named[0].start].split()) > 3:
            return []
        listed = [named[0]]
        for later in named[1:]:
            if not _is_list_gap(self.body[listed[-1].end : later.start]):
                break
            listed.append(later)
        if not _OPENING_VERB.match(self.body, listed[-1].end):
            return []
        if any(m.kind == "group" for m in listed):
            return []
        return self._unique([m.person for m in listed])

    def _read_report(self, index, sentence, anchor, kind, mentions):
        """The tree's reading of the contact, checked against the word-order reading: the one
        that names everybody the other names wins. Where they name different people, the
        small model's tree is the less reliable (a long title hung on the wrong verb), except
        where both agree on the other side and the tree labels a subject: the nearest name
        before a contact word is often another clause's ("A met B, hours after holding talks
        with C"; "A, accompanied by B, held talks with C"; "A met B, and was received by C")."""
        parse = self.parses.get(index)
        by_tree = parse and self._tree_report(index, sentence, anchor, kind, mentions, parse)
        state = self.last_subject, self.last_subjects
        by_order = self._text_report(index, sentence, anchor, kind, mentions)
        if not by_tree or not by_order:
            return by_tree or by_order or []
        tree_people = set().union(*(r.key for r in by_tree))
        order_people = set().union(*(r.key for r in by_order))
        if tree_people >= order_people:
            return by_tree
        told = set().union(*(r.told_subjects for r in by_tree))
        if told and not told & order_people and order_people & (tree_people - told):
            self.last_subject, self.last_subjects = state
            return by_tree
        return by_order

    def _text_report(self, index, sentence, anchor, kind, mentions):
        text = sentence.text
        base = sentence.start
        a_end = base + anchor.end()
        word = anchor.group().lower()
        mode, strength = _MODE[kind]
        if kind == "talk" and word == "talks" and self._verb_position(text, anchor.start()):
            mode, strength = "phone", 1
        if _JOINING.search(text[: anchor.start()]):
            return []  # "took part in the meeting with X": a joiner, read by _joiners
        people_after = [m for m in mentions if m.start >= a_end]
        connector_end, gap_text, between = self._connector(text, anchor, kind)
        if (
            connector_end is None
            and _TRANSITIVE.match(word)
            and not self._is_noun_use(text, anchor)
        ):
            connector_end, gap_text = anchor.end(), ""
        if kind == "gather":
            # "talks brought together A, B and C", "a meeting in Rome gathered A, B and C":
            # everyone named took part, when what gathered them is a contact.
            if not _GATHERING_NOUN.search(text[: anchor.start()]):
                return []
            between = True
        if connector_end is None and word in ("discussed", "discusses"):
            return []  # "discussed Iran": a contact only when its other side is named
        if connector_end is None:
            told = self._told_during(index, sentence, anchor, mode, strength, mentions)
            return told or self._symmetric(index, sentence, anchor, mode, strength, mentions)
        means = _means(word, gap_text, mode, strength)
        if means is None:
            return []  # "discussed Iran with": talk about a topic, a contact only by its means
        mode, strength = means
        objects = self._objects(people_after, base + connector_end)
        if not objects:
            if not between:
                # "he and Witkoff spoke on Thursday night about the situation with Iran"
                return self._symmetric(index, sentence, anchor, mode, strength, mentions)
            return []
        status = self._status(index, text, anchor)
        if status is None:
            return []
        if between:
            people = self._unique([o.person for o in objects])
            if len(people) < 2:
                return []
            subject = None
        else:
            subject = self._subject(index, sentence, anchor, mentions, objects)
            if subject is None:
                return []
        location = ""
        if mode == "meeting":
            location = self._location(text, anchor, objects, base)
        reports = []
        shared = len(objects) > 1 and not between
        joint = len(objects) > 1 and (
            _JOINT.search(text[: anchor.start()]) or _TOGETHER.match(self.body, objects[-1].end)
        )
        if joint and not between:
            subjects = self._subject_group(sentence, anchor, mentions, subject)
            self.last_subject, self.last_subjects = subject, subjects
            people = self._unique([*subjects, *(o.person for o in objects)])
            return [_Report(people, index, mode, strength, status, location)]
        if between:
            reports.append(_Report(people, index, mode, strength, status, location))
        else:
            subjects = self._subject_group(sentence, anchor, mentions, subject)
            self.last_subject, self.last_subjects = subject, subjects
            for obj in objects:
                if obj.person.slug in {s.slug for s in subjects}:
                    continue
                reports.append(
                    _Report(
                        [*subjects, obj.person], index, mode, strength, status, location, shared
                    )
                )
        return reports

    def _tree_report(self, index, sentence, anchor, kind, mentions, parse):
        """The contact at this anchor as the parse tree tells it; None where the tree does not
        say who is on either side."""
        text, base = sentence.text, sentence.start
        predicate = tree.predicate_at(parse, base + anchor.start(), base + anchor.end())
        if predicate is None:
            return None
        word = anchor.group().lower()
        mode, strength = _MODE[kind]
        if kind == "talk" and word == "talks" and not tree.is_noun(predicate):
            mode, strength = "phone", 1
        if _JOINING.search(text[: anchor.start()]):
            return []  # "took part in the meeting with X": a joiner, read by _joiners
        found = tree.sides(parse, predicate)
        if found.joins:
            return []  # read by _joiners
        objects = [m for m in found.objects if not m.spokesperson and m.kind != "group"]
        if found.pronoun is not None and self.last_subject is not None:
            # "..., and he arrived in Beirut, where Berri received him": the subject before.
            pronoun = Mention(
                found.pronoun.start, found.pronoun.end, index, (self.last_subject,), "name"
            )
            objects = [pronoun]
        between = found.between or kind == "gather"
        if kind == "gather" and not _GATHERING_NOUN.search(text[: anchor.start()]):
            return []
        subjects = [p for m in found.subjects if not m.spokesperson for p in m.people]
        if not objects and not between and len(self._unique(subjects)) < 2:
            return None
        gap = (
            self.body[base + anchor.end() : objects[0].start]
            if objects
            else text[anchor.end() : anchor.end() + 40]
        )
        means = _means(word, gap, mode, strength)
        if means is None:
            return []  # "discussed Iran with": talk about a topic, a contact only by its means
        mode, strength = means
        status = self._status(index, text, anchor)
        if status is None:
            return []
        if not objects and not between and not found.symmetric:
            return []
        if between or not objects:
            people = self._unique([*subjects, *(o.person for o in objects)])
            if len(people) < 2:
                return []
            if not objects:
                self.last_subject, self.last_subjects = people[0], people
            return [_Report(people, index, mode, strength, status)]
        told = frozenset(p.slug for p in subjects)
        if subjects:
            subjects = self._unique(subjects)
        else:
            subject = self._subject(index, sentence, anchor, mentions, objects)
            if subject is None:
                return []
            subjects = self._subject_group(sentence, anchor, mentions, subject)
        self.last_subject, self.last_subjects = subjects[0], subjects
        location = self._location(text, anchor, objects, base) if mode == "meeting" else ""
        joint = len(objects) > 1 and (
            found.joint
            or _JOINT.search(text[: anchor.start()])
            or _TOGETHER.match(self.body, objects[-1].end)
        )
        if joint:
            people = self._unique([*subjects, *(o.person for o in objects)])
            return [_Report(people, index, mode, strength, status, location, told_subjects=told)]
        shared = len(objects) > 1
        slugs = {s.slug for s in subjects}
        return [
            _Report(
                [*subjects, o.person],
                index,
                mode,
                strength,
                status,
                location,
                shared,
                told_subjects=told,
            )
            for o in self._unique(objects, key=lambda m: m.person.slug)
            if o.person.slug not in slugs
        ]

    def _subject_group(self, sentence, anchor, mentions, subject):
        """Everyone the subject stands for: "A and B met with C" is one meeting of three, and
        "they met" right after such a meeting is the same pair again."""
        a_start = sentence.start + anchor.start()
        before = [
            m for m in mentions if m.end <= a_start and not m.spokesperson and m.kind != "group"
        ]
        group = self._group_subject(
            [m for m in mentions if m.end <= a_start and not m.spokesperson], a_start
        )
        if group is not None and subject.slug == group.people[0].slug:
            return list(group.people)  # "the two envoys sat down with C"
        # "..., and on Friday they sat down with C": "they" are the earlier clause's subjects.
        if (
            before
            and len(self.last_subjects) > 1
            and subject.slug in {s.slug for s in self.last_subjects}
            and re.search(r"\bthey\b", self.body[before[-1].end : a_start])
            and _NEW_CLAUSE_PRONOUN.search(self.body[before[-1].end : a_start])
        ):
            return list(self.last_subjects)
        if before and before[-1].person.slug == subject.slug:
            if not _SUBJECT_GAP.match(self.body[before[-1].end : a_start]):
                return [subject]
            group = [before[-1]]
            for earlier in before[-2::-1]:
                gap = self.body[earlier.end : group[0].start]
                if not (_is_list_gap(gap) or _TITLED_LIST_GAP.match(gap)):
                    break
                group.insert(0, earlier)
            # "met with A and B met ...": a list that is a previous verb's object is no subject.
            lead = self.body[max(sentence.start, group[0].start - 30) : group[0].start]
            if len(group) > 1 and (_OBJECT_LEAD.search(lead) or _ANCHOR.search(lead)):
                return [subject]
            return self._unique([m.person for m in group])
        they = _THEY.search(sentence.text[: anchor.start()])
        if (
            they
            and len(self.last_subjects) > 1
            and (not before or subject.slug in {s.slug for s in self.last_subjects})
        ):
            return list(self.last_subjects)
        return [subject]

    def _group_subject(self, before, a_start):
        """ "the two envoys" right before the contact word: the group is the subject."""
        if (
            before
            and before[-1].kind == "group"
            and len(before[-1].people) > 1
            and _SUBJECT_GAP.match(self.body[before[-1].end : a_start])
        ):
            return before[-1]
        return None

    @staticmethod
    def _verb_position(text, start):
        before = text[:start].rstrip()
        return bool(re.search(r"(?:[A-Z][\w'\u2019]*|\bhe|\bshe)$", before)) and not re.search(
            r"\b(?:separate|peace|held|holds|hold|the|in|of|for)$", before, re.I
        )

    @staticmethod
    def _is_noun_use(text, anchor):
        # "the meeting", "a call" are nouns; transitive use needs the verb form.
        before = text[: anchor.start()].rstrip().lower()
        return bool(re.search(r"\b(?:a|an|the|his|her|their|its|of)$", before))

    def _connector(self, text, anchor, kind):
        """Where the contact's other side starts: after "with", "to", "from" or "between"."""
        allowed = _CONNECTOR[kind]
        if kind not in ("talk", "gather") and _PASSIVE.search(text[: anchor.start()]):
            allowed = (*allowed, "by")  # "were received by el-Sisi": the agent is the other side
        if not allowed:
            return None, "", False
        rest = text[anchor.end() : anchor.end() + 90]
        for m in re.finditer(r"\b(with|to|from|between|by)\b", rest, re.I):
            gap = rest[: m.start()]
            if m.group(1).lower() not in allowed:
                if m.group(1).lower() == "to" and kind in ("meet", "talk", "video", "call"):
                    return None, "", False  # "meeting to discuss": no contact named here
                continue
            following = re.match(r"\s+([a-z][\w-]*)", rest[m.end() :])
            if m.group(1).lower() == "to" and following and following.group(1) not in _GAP_WORDS:
                return None, "", False  # "spoken ... to prepare the visit": an infinitive
            if (
                _BREAK.search(gap)
                or "," in gap.replace(", D.C.", "").replace(",D.C.", "")
                and len(gap.split()) > 6
            ):
                return None, "", False
            words = re.findall(r"[\w'\u2019]+", gap)
            if len(words) > 10 or not _open_gap(words):
                return None, "", False
            return anchor.end() + m.end(), gap, m.group(1).lower() == "between"
        return None, "", False

    def _objects(self, mentions, start):
        """The officials named right after the connector, as a list ("A, B and C")."""
        objects = []
        cursor = start
        owned = False
        for k, mention in enumerate(mentions):
            if mention.start < cursor:
                continue
            # An abbreviation in brackets is part of the title: "Palestinian Authority (PA) President".
            gap = _ABBREVIATION.sub(" ", self.body[cursor : mention.start])
            if owned:
                owned = False  # the official an owner's title introduced
            elif not objects:
                words = re.findall(r"[\w'\u2019]+", gap)
                # A long title before the name ("the Senior Advisor to the President of the
                # United States, Mr.") is mostly capitalised words; plain words count.
                plain = [w for w in words if not w[:1].isupper()]
                if _BREAK.search(gap) or len(plain) > 12 or len(words) > 28:
                    break
                if not _open_gap(words):
                    break
            elif not _is_list_gap(gap):
                break
            elif "and" not in gap and not re.match(
                r"\s*(?:,|and\b|as well as\b|[.!]?\s*$)", self.body[mention.end : mention.end + 12]
            ):
                break  # "with Netanyahu, Blinken reaffirmed": the main clause's subject
            following = next((m for m in mentions[k + 1 :] if m.start >= mention.end), None)
            if following is not None and self._is_owner(mention, following):
                cursor, owned = mention.end, True
                continue
            if _SAYS.match(self.body, mention.end):
                break  # "Blinken's planned travel", "Netanyahu said": not the other side
            if objects and _CLAUSE_VERB.match(self.body, mention.end):
                break  # "met with A and B met with C": B opens the next clause
            cursor = mention.end
            if mention.kind == "group" or mention.spokesperson:
                continue
            objects.append(mention)
        return objects

    def _is_owner(self, mention, following):
        """Whether a mention only names whose post the next one holds: "President Joe Biden's
        envoy Brett McGurk", "the Special Envoy of President-elect Donald Trump to the Middle
        East, Steve Witkoff"."""
        between = self.body[mention.end : following.start]
        if _OWNED_BY_POSSESSIVE.match(between):
            return True
        if between == " " and following.title[:1].islower():
            return True  # a headline's "Trump envoy Witkoff"
        before = self.body[max(0, mention.start - 40) : mention.start]
        of_owner = _OWNER_OF.search(before) or re.search(r"\bof\b", mention.title)
        return bool(of_owner and _OWNED_AFTER_OF.match(between))

    def _status(self, index, text, anchor):
        """held, scheduled, or None for a denial, a plan or history: the tree's reading where
        the sentence has a parse, else the words right before the contact word."""
        parse = self.parses.get(index)
        base = self.sentences[index].start
        predicate = parse and tree.predicate_at(parse, base + anchor.start(), base + anchor.end())
        if predicate is None:
            return status_by_words(re.findall(r"[\w'\u2019-]+", text[: anchor.start()])[-6:])
        if self._earlier_year(parse, predicate, text, base, anchor):
            return None
        return status_of(parse, predicate)

    def _earlier_year(self, parse, predicate, text, base, anchor):
        """A bare year of the contact's clause before the publication's ("met in 2019"); with
        no publication date, any bare year of its clause said before the contact word."""
        for m in _BARE_YEAR.finditer(text):
            if self.year is None and m.start() >= anchor.start():
                continue
            if self.year is not None and int(m.group(1)) >= self.year:
                continue
            if tree.attached_to(parse, base + m.start(1), base + m.end(1), predicate):
                return True
        return False

    def _subject(self, index, sentence, anchor, mentions, objects):
        base = sentence.start
        a_start = base + anchor.start()
        # "a day after her talks with A": the owner of the talks is the clause's subject.
        earlier = self.last_subject
        nearest_named = [
            m for m in mentions if m.end <= a_start and not m.spokesperson and m.kind != "group"
        ]
        if (
            earlier
            and _POSSESSOR.search(sentence.text[: anchor.start()])
            and not (
                nearest_named and _SUBJECT_GAP.match(self.body[nearest_named[-1].end : a_start])
            )
            and earlier.slug not in {o.person.slug for o in objects}
            and any(
                m.person.slug == earlier.slug and m.end <= a_start
                for i in (index - 1, index)
                for m in self.by_sentence.get(i, [])
            )
        ):
            return earlier
        before = [m for m in mentions if m.end <= a_start and not m.spokesperson]
        group = self._group_subject(before, a_start)
        if group is not None:
            return group.people[0]
        named = [m for m in before if m.kind != "group"]
        if named:
            nearest = named[-1]
            between = self.body[nearest.end : a_start]
            verb = anchor.lastgroup not in _NOUN_ANCHORS and not anchor.group().lower().startswith(
                "meeting"
            )
            if verb and _OWNER.match(between) and not _OWNER_VERB.search(between):
                # "Witkoff, Trump's incoming envoy, met": the subject is the one in apposition.
                if (
                    between.rstrip().endswith(",")
                    and len(named) > 1
                    and self.body[named[-2].end : nearest.start].strip() == ","
                ):
                    return named[-2].person
                return None  # the subject is someone the owner sent, not named here
            # "A and B saw C, then flew to Cairo, where they were received by D": "they" are the
            # earlier clause's subjects, not the nearest name.
            if (
                len(self.last_subjects) > 1
                and _THEY.search(between)
                and not {s.slug for s in self.last_subjects} & {o.person.slug for o in objects}
            ):
                return self.last_subjects[0]
            pronoun = _PRONOUN.search(between)
            # "A held talks with B, and on Tuesday he met C": "he" is the first clause's subject.
            earlier = self.last_subject
            if (
                earlier
                and _NEW_CLAUSE_PRONOUN.search(between)
                and earlier.slug not in {o.person.slug for o in objects}
            ):
                return earlier
            if not (pronoun and len(between) > 60):
                return nearest.person
            # "Trump said on Friday that ..., after he spoke with": "he" is who said it.
            if nearest is named[0] and _SAYS_THAT.match(between):
                return nearest.person
        # The main clause after an opening phrase: "During a meeting with X, Blinken said".
        after_objects = [
            m
            for m in mentions
            if m.start > objects[-1].end and not m.spokesperson and m.kind != "group"
        ]
        text_before = sentence.text[: anchor.start()]
        if (
            after_objects
            and "," in self.body[objects[-1].end : after_objects[0].start]
            and not re.search(r"\b(?:he|she|they)\b", text_before, re.I)
        ):
            return after_objects[0].person
        if _PRONOUN.search(text_before) and self.last_subject:
            return self.last_subject
        if _PRONOUN.search(text_before):
            previous = self._previous_person(index, exclude={o.person.slug for o in objects})
            if previous:
                return previous
        speaker = self._speaker(index, sentence)
        if speaker:
            return speaker
        return self._salient(exclude={o.person.slug for o in objects})

    def _symmetric(self, index, sentence, anchor, mode, strength, mentions):
        """ "Blinken and Ashkenazi spoke", "the two leaders met": a contact with no object."""
        word = anchor.group().lower()
        # "Austin and Gantz held a secure video call": the verb stands before the noun.
        held = None
        if anchor.lastgroup in _NOUN_ANCHORS or word.startswith("meeting"):
            held = _HELD_NOUN.search(sentence.text[: anchor.start()])
        if held is None and (
            anchor.lastgroup not in ("speak", "meet")
            or word not in ("spoke", "spoken", "met", "talked", "meet", "speak")
        ):
            return []
        after = sentence.text[anchor.end() : anchor.end() + 40]
        if re.match(r"\s+(?:by|over the|on the)\s+(?:tele)?phone\b", after, re.I):
            mode, strength = "phone", 2
        elif re.match(r"\s+(?:by|via|over)\s+(?:a\s+)?video", after, re.I):
            mode, strength = "video", 2
        base = sentence.start
        a_start = base + (held.start() if held else anchor.start())
        before = [m for m in mentions if m.end <= a_start and not m.spokesperson]
        if not before:
            return []
        last = before[-1]
        # "A, B and C, Crown Prince of Abu Dhabi, spoke today": an apposition of the last name.
        gap = _without_apposition(self.body[last.end : a_start])
        if gap.startswith(","):
            gap = gap[1:]
        if not re.fullmatch(r"\s*(?:(?:also|then|again|today|had|have|has|both|first)\s+)*", gap):
            return []
        if last.kind == "group":
            people = list(last.people)
        else:
            people = [last.person]
            for earlier, later in zip(before[-2::-1], before[::-1], strict=False):
                gap = self.body[earlier.end : later.start]
                if not _is_list_gap(gap):
                    # "Dermer said that he and envoy Witkoff spoke": "he" is the one who said it.
                    if _HE_AND.search(gap):
                        people.insert(0, earlier.person)
                    break
                people.insert(0, earlier.person)
        people = self._unique(people)
        if len(people) < 2:
            return []
        status = self._status(index, sentence.text, anchor)
        if status is None:
            return []
        return [_Report(people, index, mode, strength, status)]

    def _told_during(self, index, sentence, anchor, mode, strength, mentions):
        """ "Biden told Netanyahu in a call on Tuesday that ...": both sides before the noun."""
        during = _DURING.search(sentence.text[: anchor.start()])
        if not during:
            return []
        a_start = sentence.start + anchor.start()
        named = [
            m for m in mentions if m.end <= a_start and not m.spokesperson and m.kind != "group"
        ]
        if len(named) < 2:
            return []
        speaker, listener = named[-2], named[-1]
        if not _TOLD.fullmatch(self.body[speaker.end : listener.start]):
            return []
        if self.body[listener.end : sentence.start + during.start()].strip():
            return []
        status = self._status(index, sentence.text, anchor)
        if status is None or speaker.person.slug == listener.person.slug:
            return []
        return [_Report([speaker.person, listener.person], index, mode, strength, status)]

    def _location(self, text, anchor, objects, base):
        spans = [text[: anchor.start()], text[anchor.end() : objects[0].start - base]]
        tail = text[objects[-1].end - base :]
        head = re.match(
            r"\s*,?\s*(?:(?:today|yesterday|tonight|this \w+|on \w+(?: \d+)?)\s+)?(?=in\s)", tail
        )
        if head:
            spans.append(tail[head.end() : head.end() + 40])
        opening = re.match(r"\s*In\s+" + _PLACE + r"\s*,", text)
        if opening and opening.group("place") not in _NOT_PLACES:
            return opening.group("place")
        for part in spans[1:]:
            for m in _IN_PLACE.finditer(part):
                place = m.group("place")
                if place.split()[0] not in _NOT_PLACES:
                    return place
        return ""

    def _speaker(self, index, sentence):
        """Who says "I" here: the quote's attribution or the tweet's signer."""
        text = sentence.text
        if (
            not _FIRST_PERSON.search(text)
            and not _BARE_VERB.match(text)
            and not re.match(
                r"\W*(?:great|good|important|productive|excellent|useful|constructive|fruitful|warm)\b",
                text,
                re.I,
            )
        ):
            return None
        for m in self.by_sentence.get(index, []):
            if m.spokesperson or m.kind == "group":
                continue
            after = self.body[m.end : m.end + 30]
            if re.match(r"\s+(?:said|says|tweeted|wrote|posted|added|stated)\b", after):
                return m.person
        # In a transcript (speakers taking turns), the speaker of the turn the sentence is in.
        turns = self.turns
        before = [t for t in turns if t.start <= sentence.start]
        if len(turns) > 1 and before and not before[-1].spokesperson:
            return before[-1].person
        issuer = self._statement_issuer()
        if issuer is not None:
            return issuer
        following = self.body[sentence.end : sentence.end + 600]
        sign = _SIGN_OFF.search(following)
        if sign:
            start = sentence.end + sign.start("line")
            end = sentence.end + sign.end("line")
            for m in self.mentions:
                if start <= m.start < end and not m.spokesperson and m.kind != "group":
                    return m.person
        # A thread under a header naming its author: "Antony Blinken (@SecBlinken) · May 20".
        earlier = self.body[max(0, sentence.start - 1500) : sentence.start]
        headers = list(_HEADER_LINE.finditer(earlier))
        if headers:
            offset = sentence.start - len(earlier)
            start, end = offset + headers[-1].start(), offset + headers[-1].end()
            for m in self.mentions:
                if start <= m.start < end and not m.spokesperson and m.kind != "group":
                    return m.person
        # A quote whose attribution follows it: '"It was good speaking with ..." Ashkenazi tweeted.'
        for m in self.by_sentence.get(index + 1, []):
            if m.spokesperson or m.kind == "group":
                continue
            if re.match(r"\s+(?:said|says|tweeted|wrote|posted)\b", self.body[m.end : m.end + 30]):
                return m.person
        return None

    @functools.cached_property
    def turns(self):
        """The speakers' labels, when the text is a transcript."""
        return speaker_turns(self.body, self.mentions)

    def _statement_issuer(self):
        """Who a "Statement by Ambassador X" speaks for: its "I" is X."""
        if not hasattr(self, "_issuer"):
            self._issuer = None
            title = self.article.title
            # A statement's title, or a thread's header: "Antony Blinken (@SecBlinken) · May 20".
            if _STATEMENT_BY.match(title) or _HEADER_LINE.match(title):
                heading = ArticleText(body=title, published=self.article.published)
                found = find_mentions(heading, [Sentence(title, 0, len(title))], self.reference)
                named = [m for m in found if m.kind != "group" and not m.spokesperson]
                if named:
                    self._issuer = named[-1].person
        return self._issuer

    def _previous_person(self, index, exclude):
        for i in range(index - 1, max(-1, index - 4), -1):
            for m in reversed(self.by_sentence.get(i, [])):
                if not m.spokesperson and m.kind != "group" and m.person.slug not in exclude:
                    return m.person
        return None

    def _salient(self, exclude):
        for slug, _count in self.salience.most_common():
            if slug not in exclude:
                for m in self.mentions:
                    if m.kind != "group" and m.person.slug == slug:
                        return m.person
        return None

    @staticmethod
    def _unique(items, key=lambda p: p.slug):
        seen, out = set(), []
        for item in items:
            if key(item) not in seen:
                seen.add(key(item))
                out.append(item)
        return out

    # Merging and evidence --------------------------------------------------------------------
    def calls(self):
        merged: list[_Call] = []
        anchor_sentences = set()
        for index in range(len(self.sentences)):
            reports = self.reports_in(index)
            if reports:
                anchor_sentences.add(index)
            for report in reports:
                call = self._same_call(merged, report)
                if call is None:
                    call = _Call(report.key, report.status, list(report.people))
                    merged.append(call)
                call.reports.append(report)
        if self.year is None:
            merged = self._without_history(merged)
        held = {c.key for c in merged if c.status == "held"}
        merged = [c for c in merged if c.status == "held" or c.key not in held]
        self._joiners(merged, anchor_sentences)
        self._follow_ups(merged, anchor_sentences)
        return [self._extracted(c) for c in merged]

    @staticmethod
    def _without_history(calls):
        """With no publication date to compare a year with, a contact dated only by a year
        ("met in New York in September 2016") after a fresher contact is background."""
        fresh = [
            min(r.sentence for r in c.reports)
            for c in calls
            if c.status == "held" and not all(r.year_only for r in c.reports)
        ]
        if not fresh:
            return calls
        return [
            c
            for c in calls
            if not (
                all(r.year_only for r in c.reports)
                and min(r.sentence for r in c.reports) > min(fresh)
            )
        ]

    def _joiners(self, calls, anchor_sentences):
        """Officials said to have joined the contact just reported take part in it."""
        for index, sentence in enumerate(self.sentences):
            joined_by = _JOINED_BY.search(sentence.text)
            joined = None if joined_by else _JOINED.search(sentence.text)
            if not (joined or joined_by):
                continue
            # In a sentence that reports a contact itself, only a clause of its own counts:
            # "... met Herzog, and was joined in the meeting with Netanyahu by Witkoff", "...
            # met B and C, while the Minister of State, D, joined the meeting by video link".
            clause = 0
            if index in anchor_sentences and not joined_by:
                openers = list(_JOINER_CLAUSE.finditer(sentence.text, 0, joined.start()))
                if not openers:
                    continue
                clause = openers[-1].end()
            mentions = [
                m
                for m in self.by_sentence.get(index, [])
                if not m.spokesperson and m.kind != "group"
            ]
            last = index if index in anchor_sentences else index - 1
            recent = [
                c
                for c in calls
                if c.status == "held" and any(index - 2 <= r.sentence <= last for r in c.reports)
            ]
            span = (joined or joined_by).span()
            named_with = {
                m.person.slug
                for m in mentions
                if sentence.start + span[0] <= m.start < sentence.start + span[1] + 40
                and _JOINED_WITH.search(self.body[max(0, m.start - 8) : m.start])
            }
            if named_with:
                recent = [
                    c
                    for c in calls
                    if c.status == "held"
                    and named_with <= c.key
                    and any(index - 3 <= r.sentence <= last for r in c.reports)
                ]
            if not recent:
                continue
            # "A met B on Wednesday. On Tuesday, C welcomed A. D joined the meeting.": the
            # contact told last is the one joined.
            latest = max(r.sentence for c in recent for r in c.reports if r.sentence <= last)
            recent = [c for c in recent if any(r.sentence == latest for r in c.reports)]
            # One contact word may tell several contacts ("convened a meeting with A and B"):
            # a joiner of that word's contact joins each of them.
            words = {r.anchor for c in recent for r in c.reports if r.sentence == latest}
            if len(recent) != 1 and len(words) != 1:
                continue  # which of several contacts they joined is not said
            if joined:
                cut = sentence.start + joined.start()
                people = [
                    m.person
                    for m in mentions
                    if sentence.start + clause <= m.start and m.end <= cut
                ]
            else:
                cut = sentence.start + joined_by.end()
                people = [m.person for m in self._objects(mentions, cut)]
            for call in recent:
                known = {p.slug for p in call.people}
                added = [p for p in self._unique(people) if p.slug not in known]
                if added:
                    call.people.extend(added)
                    call.key = frozenset(p.slug for p in call.people)
                    call.follow_ups.append(index)

    def _same_call(self, merged, report):
        days = report.days
        for call in merged:
            if call.key != report.key or call.status != report.status:
                continue
            # "On Sunday evening, A met B separately" after "A met B on Monday": two contacts.
            known = set().union(*(r.days for r in call.reports))
            if days and known and not days & known:
                continue
            strong = {r.mode for r in call.reports if r.strength == 2}
            if report.strength == 2 and strong and report.mode not in strong:
                continue
            return call
        return None

    def _follow_ups(self, calls, anchor_sentences):
        """The sentences after a report that go on about the same contact."""
        last_calls: list[_Call] = []
        for index, _sentence in enumerate(self.sentences):
            starting = [c for c in calls if any(r.sentence == index for r in c.reports)]
            if starting:
                last_calls = starting
                continue
            mentioned = {
                p.slug
                for m in self.by_sentence.get(index, [])
                if not m.spokesperson
                for p in m.people
            }
            text = self.sentences[index].text
            if _OTHER_CONTACT.search(text) or self._tells_unheld_contact(index, text):
                last_calls = []
                continue
            chained = [c for c in last_calls if mentioned & c.key or _FOLLOW_START.match(text)]
            if chained and index not in anchor_sentences:
                for call in chained:
                    call.follow_ups.append(index)
                continue
            last_calls = []
            # A sentence naming both sides of an earlier contact goes on about it.
            for call in calls:
                if len(call.key) >= 2 and call.key <= mentioned:
                    call.follow_ups.append(index)

    def _tells_unheld_contact(self, index, text):
        """Whether the sentence's contact words all tell a contact not held: "will travel to
        Beirut on Friday, where he plans to meet Lebanese leaders" goes on about a plan."""
        anchors = list(_ANCHOR.finditer(text))
        return bool(anchors) and all(self._status(index, text, a) != "held" for a in anchors)

    def _extracted(self, call: _Call) -> ExtractedCall:
        strong = [r.mode for r in call.reports if r.strength == 2]
        if strong:
            mode = Counter(strong).most_common(1)[0][0]
        elif any(r.strength == 0 for r in call.reports):
            mode = "unknown"
        else:
            mode = "phone"
        report_sentences = sorted({r.sentence for r in call.reports})
        evidence = [self.sentences[i] for i in report_sentences]
        evidence += [
            self.sentences[i] for i in sorted(set(call.follow_ups) - set(report_sentences))
        ]
        # Date words said of this contact alone beat those of a sentence reporting several.
        specific = not any(r.shared for r in call.reports) or any(
            not r.shared and _DATE_WORDS.search(self.sentences[r.sentence].text)
            for r in call.reports
        )
        location = next((r.location for r in call.reports if r.location), "")
        return ExtractedCall(
            participants=list(call.people),
            mode=mode,
            status=call.status,
            date_specific=specific,
            location=location,
            evidence=[Sentence(s.text, s.start, s.end) for s in evidence],
            anchors=sorted({r.anchor for r in call.reports if r.anchor}),
        )


def find_contacts(
    article: ArticleText,
    sentences: list[Sentence],
    reference: Reference,
    mentions: list[Mention] | None = None,
    parses: dict | None = None,
) -> list[ExtractedCall]:
    """The contacts the article reports, one per contact, each with its evidence sentences."""
    if mentions is None:
        mentions = find_mentions(article, sentences, reference)
    if parses is None:
        parses = ParsedOnDemand(sentences, mentions)
    return _Finder(article, sentences, reference, mentions, parses).calls()


def candidate_sentences(sentences: list[Sentence], mentions: list[Mention]) -> set[int]:
    """The sentences worth parsing: a contact word and a person mention."""
    named = {m.sentence for m in mentions if not m.spokesperson}
    return {i for i in named if _ANCHOR.search(sentences[i].text)}


class ParsedOnDemand:
    """The candidate sentences' parses, made in one batch when a reading first needs the tree;
    a text with no candidate sentence is never parsed. Another sentence (one that goes on about
    a contact, read for its dates) is parsed alone when asked for."""

    def __init__(self, sentences, mentions):
        self.sentences, self.mentions = sentences, mentions
        self.parses = None

    def get(self, index):
        if self.parses is None:
            candidates = candidate_sentences(self.sentences, self.mentions)
            self.parses = parse_sentences(self.sentences, self.mentions, candidates)
        if index not in self.parses and 0 <= index < len(self.sentences):
            self.parses.update(parse_sentences(self.sentences, self.mentions, {index}))
        return self.parses.get(index)

    def at(self, offset: int):
        """The parse of the candidate sentence starting at this body offset, if any."""
        index = next((i for i, s in enumerate(self.sentences) if s.start == offset), None)
        return None if index is None else self.get(index)
