"""Find the officials an article mentions: names, aliases, handles, misspellings, titles that
refer back ("the Secretary"), groups ("the two leaders"), and titled newcomers."""

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.utils.text import slugify

from contacts.names import normalize_name
from ingest.pipeline.records import (
    ArticleText,
    ExtractedParticipant,
    PositionRef,
    Reference,
    Sentence,
)
from ingest.pipeline.ruler import compile_ruler, find_names

# A word, a handle, or a name with an inner apostrophe ("Sa'ar"); a possessive "'s" stays outside.
_TOKEN = re.compile(r"@\w+|\w+(?:['\u2019](?![sS]\b)\w+)*")

# Concepts a title expresses, shared by the text's titles and the reference positions, so the
# reference data may word a post as it likes ("Minister of Foreign Affairs" = "Foreign Minister").
_CONCEPTS = [
    # A deputy or an assistant secretary of state is not the Secretary of State.
    (
        "secretary-of-state",
        r"(?<!deputy )(?<!assistant )(?<!under )secretary of state|state secretary",
    ),
    (
        "defense-secretary",
        r"(?<!deputy )(?<!assistant )(?<!under )secretary of defen[cs]e|defen[cs]e secretary"
        r"|pentagon chief",
    ),
    (
        "foreign-minister",
        r"foreign minister|minister of foreign affairs|minister for foreign affairs"
        r"|foreign affairs minister|\bfm\b|foreign and alternate",
    ),
    ("defense-minister", r"defen[cs]e minister|minister of defen[cs]e|minister for defen[cs]e"),
    ("alternate-prime-minister", r"alternate prime minister"),
    ("prime-minister", r"(?<!alternate )(?<!deputy )(?<!to the )prime minister|\bpremier\b|\bpm\b"),
    ("vice-president", r"vice president"),
    # "Senior Advisor to the President" is an adviser, not a president.
    ("president", r"(?<!vice )(?<!to the )president(?!ial)(?! of the united states senate)"),
    ("national-security-advisor", r"national security advis[eo]r"),
    ("cia-director", r"\bcia director|director of (?:the )?(?:cia|central intelligence)"),
    ("ambassador", r"ambassador"),
    ("crown-prince", r"crown prince"),
    ("king", r"(?<!crown )\bking\b"),
    ("spokesperson", r"spokes(?:person|man|woman)|press secretary"),
    ("secretary", r"secretary"),
    ("minister", r"minister"),
]
_CONCEPT_RES = [(name, re.compile(pattern, re.I)) for name, pattern in _CONCEPTS]
# Concepts too broad to tell two people apart.
_GENERIC = {"secretary", "minister", "ambassador", "spokesperson"}

# Words that may make up a title before a name ("White House senior advisor", "Israeli
# Minister of Defense", "Pentagon spokesman Navy Capt.").
TITLE_WORDS = set(
    [
        "secretary",
        "state",
        "defense",
        "defence",
        "minister",
        "ministers",
        "foreign",
        "affairs",
        "prime",
        "president",
        "vice",
        "national",
        "security",
        "advisor",
        "adviser",
        "advisers",
        "advisors",
        "director",
        "cia",
        "deputy",
        "assistant",
        "senior",
        "special",
        "envoy",
        "ambassador",
        "coordinator",
        "chief",
        "staff",
        "alternate",
        "war",
        "cabinet",
        "member",
        "head",
        "leader",
        "opposition",
        "chairman",
        "chair",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "press",
        "principal",
        "acting",
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "general",
        "lt",
        "col",
        "capt",
        "captain",
        "navy",
        "adm",
        "admiral",
        "sen",
        "senator",
        "rep",
        "representative",
        "king",
        "crown",
        "prince",
        "strategic",
        "tourism",
        "finance",
        "justice",
        "energy",
        "intelligence",
        "mossad",
        "authority",
        "palestinian",
        "israeli",
        "israel's",
        "us",
        "u",
        "s",
        "american",
        "white",
        "house",
        "pentagon",
        "department",
        "pa",
        "fm",
        "pm",
        "counterpart",
        "colleague",
        "his",
        "her",
        "their",
        "its",
        "middle",
        "east",
        "north",
        "africa",
        "near",
        "eastern",
        "affairs",
        "regional",
        "presidential",
        "council",
        "nsc",
        "idf",
        "military",
        "economy",
        "interior",
        "transportation",
        "health",
        "education",
        "agriculture",
        "environmental",
        "protection",
        "communications",
        "culture",
        "sports",
        "welfare",
        "diaspora",
        "immigration",
        "absorption",
        "science",
        "technology",
        "infrastructure",
        "treasury",
        "commerce",
        "homeland",
        "attorney",
        "commander",
        "minister's",
        "under",
        "without",
        "portfolio",
        "of",
        "for",
        "to",
        "the",
        "and",
        "israel",
        "egypt",
        "jordan",
        "qatar",
        "lebanon",
        "united",
        "nations",
        "un",
        "states",
        "saudi",
        "arabia",
        "uae",
        "bahrain",
        "morocco",
        "turkey",
        # Honorifics and nationality adjectives of the region's officials ("Qatari Prime
        # Minister Sheikh Mohammed", "Lebanese Parliament Speaker", "caretaker Prime Minister").
        "sheikh",
        "sheikha",
        "sayyid",
        "highness",
        "excellency",
        "amir",
        "emir",
        "princess",
        "speaker",
        "parliament",
        "parliamentary",
        "caretaker",
        "interim",
        "outgoing",
        "incoming",
        "designate",
        "egyptian",
        "jordanian",
        "qatari",
        "emirati",
        "bahraini",
        "moroccan",
        "turkish",
        "lebanese",
        "omani",
        "kuwaiti",
        "iraqi",
        "syrian",
        "british",
        "french",
        "german",
        "italian",
        "greek",
        "cypriot",
        "russian",
        "ukrainian",
        "chinese",
        "indian",
        "iranian",
        "canadian",
        "european",
        "lebanon's",
        "egypt's",
        "jordan's",
        "qatar's",
        "international",
        "negotiations",
        "negotiator",
        "relations",
        # Plural and compound titles ("War Cabinet members", "Chairman of the Joint Chiefs of
        # Staff", "peace envoy", "President-elect") and the portfolio of an envoy ("for Iran").
        "members",
        "leaders",
        "envoys",
        "joint",
        "chiefs",
        "peace",
        "hostage",
        "hostages",
        "elect",
        "iran",
        "syria",
        "indian",
        # Military ranks ("Lt. Gen.", "Major General", "Rear Admiral") and the bodies a post
        # belongs to ("President of the Republic", "Chief of the Royal Court"): never a name.
        "major",
        "maj",
        "brigadier",
        "brig",
        "colonel",
        "lieutenant",
        "rear",
        "marshal",
        "commodore",
        "republic",
        "kingdom",
        "royal",
        "court",
        "assembly",
        "committee",
        "commission",
        "agency",
        "ministry",
        "office",
        "senate",
        "congress",
        "union",
        "league",
        "federation",
        "organization",
        "organisation",
        "forces",
        "army",
    ]
)
_COURTESY = {"mr", "mrs", "ms", "dr"}
_CONNECTORS = {"of", "for", "to", "the", "and", "his", "her", "their", "its"}
# A title's head noun: a newcomer is only created after one of these.
_HEAD_NOUNS = re.compile(
    r"\b(minister|secretary|director|ambassador|advis[eo]r|envoy|coordinator|president|"
    r"chief|head|commander|chairman|member|premier|senator|king|prince|speaker|emir|amir|"
    r"spokes(?:person|man|woman)|press secretary|"
    r"general|gen|admiral|adm|colonel|col|brigadier|brig|lt|maj|capt|captain|marshal|commodore)\b",
    re.I,
)
# Heads strong enough to introduce a newcomer by surname alone ("Prime Minister Bennett").
_STRONG_HEAD = re.compile(
    r"\b(prime minister|president|foreign minister|defen[cs]e minister|minister of \w+|"
    r"secretary of \w+|national security advis[eo]r|ambassador|speaker)\b",
    re.I,
)
_SPOKES = re.compile(r"spokes(?:person|man|woman)|press secretary", re.I)

_NATIONALITY = [
    ("IL", re.compile(r"\bisrael(?:i|'s|\u2019s)\b", re.I)),
    (
        "US",
        re.compile(
            r"\bu\.?\s?s\.?(?!\w)|\bamerican\b|\bunited states\b|\bwhite house\b|\bpentagon\b"
            r"|\bcia\b|\bstate department\b",
            re.I,
        ),
    ),
    ("PS", re.compile(r"\bpalestinian\b|\bpa\b", re.I)),
    ("EG", re.compile(r"\begyptian\b", re.I)),
    ("QA", re.compile(r"\bqatari\b", re.I)),
    ("JO", re.compile(r"\bjordanian\b", re.I)),
    ("SA", re.compile(r"\bsaudi\b", re.I)),
    ("AE", re.compile(r"\bemirati\b|\buae\b", re.I)),
    ("BH", re.compile(r"\bbahraini\b", re.I)),
    ("MA", re.compile(r"\bmoroccan\b", re.I)),
    ("TR", re.compile(r"\bturkish\b", re.I)),
    ("LB", re.compile(r"\blebanese\b|\blebanon(?:'s|\u2019s)", re.I)),
    ("OM", re.compile(r"\bomani\b", re.I)),
    ("KW", re.compile(r"\bkuwaiti\b", re.I)),
    ("IQ", re.compile(r"\biraqi\b", re.I)),
    ("SY", re.compile(r"\bsyrian\b", re.I)),
    ("GB", re.compile(r"\bbritish\b", re.I)),
    ("FR", re.compile(r"\bfrench\b", re.I)),
    ("DE", re.compile(r"\bgerman\b", re.I)),
    ("IT", re.compile(r"\bitalian\b", re.I)),
    ("GR", re.compile(r"\bgreek\b", re.I)),
    ("CY", re.compile(r"\bcypriot\b", re.I)),
    ("RU", re.compile(r"\brussian\b", re.I)),
    ("UA", re.compile(r"\bukrainian\b", re.I)),
    ("CN", re.compile(r"\bchinese\b", re.I)),
    ("IN", re.compile(r"\bindian\b", re.I)),
    ("IR", re.compile(r"\biranian\b", re.I)),
    ("CA", re.compile(r"\bcanadian\b", re.I)),
    ("EU", re.compile(r"\beuropean union\b|\beu\b", re.I)),
]
# The U.S. titles that carry no nationality word.
_US_ONLY_TITLE = re.compile(
    r"secretary of state|secretary of defen[cs]e|defen[cs]e secretary|cia director", re.I
)

# Capitalised words that are not given names, so a known surname after them is still the
# known person ("During Blinken's visit", "Monday Gallant said").
_FUNCTION_WORDS = set(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "during",
        "after",
        "before",
        "since",
        "while",
        "when",
        "with",
        "and",
        "but",
        "or",
        "as",
        "by",
        "for",
        "from",
        "of",
        "to",
        "that",
        "this",
        "these",
        "those",
        "his",
        "her",
        "their",
        "its",
        "our",
        "we",
        "i",
        "it",
        "he",
        "she",
        "they",
        "then",
        "also",
        "both",
        "said",
        "says",
        "according",
        "meanwhile",
        "earlier",
        "later",
        "today",
        "yesterday",
        "tonight",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "image",
        "photo",
        "credit",
        "file",
        "source",
        "sources",
        "read",
        "watch",
        "follow",
        "thanks",
        "thank",
        "great",
        "important",
        "good",
        "call",
        "calls",
        "meeting",
        "secretary",
        "minister",
        "president",
        "did",
        "does",
        "will",
        "would",
        "has",
        "had",
        "have",
        "is",
        "was",
        "were",
        "be",
        "mr",
        "mrs",
        "ms",
        "dr",
        "readout",
        "statement",
    ]
)
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_PARTICLES = {"ben", "bar", "bin", "al", "el", "abu", "van", "von", "de", "da", "del", "le", "la"}
# Capitalised words that look like surnames one letter away but are ordinary words.
_COMMON_WORDS = set(
    [
        "house",
        "white",
        "state",
        "states",
        "israel",
        "israeli",
        "united",
        "nations",
        "security",
        "council",
        "office",
        "minister",
        "ministry",
        "defense",
        "defence",
        "foreign",
        "affairs",
        "prime",
        "president",
        "secretary",
        "general",
        "senior",
        "special",
        "affairs",
        "middle",
        "eastern",
        "western",
        "northern",
        "southern",
        "region",
        "regional",
        "statement",
        "readout",
        "press",
        "department",
        "embassy",
        "country",
        "countries",
        "people",
        "palestinian",
        "authority",
        "cabinet",
        "member",
        "members",
        "agreement",
        "ceasefire",
        "hostages",
        "hostage",
        "border",
        "forces",
        "during",
        "after",
        "before",
        "there",
        "their",
        "these",
        "those",
        "which",
        "while",
        "where",
        "other",
        "under",
        "about",
        "above",
        "below",
        "since",
        "until",
        "again",
        "against",
        "between",
        "through",
        "without",
        "within",
        "around",
        "across",
        "behind",
        "beyond",
        "toward",
        "towards",
    ]
)

_TITLE_ONLY = re.compile(
    r"\b(?:(?P<the>the)\s+)?"
    r"(?P<nat>(?:israeli|u\.\s?s\.|us|american|palestinian(?:\s+authority)?|pa|egyptian|qatari"
    r"|jordanian|saudi|emirati|bahraini|moroccan|turkish|lebanese|omani"
    r"|(?:israel|egypt|qatar|jordan|lebanon|saudi arabia|bahrain|morocco|turkey|oman)['\u2019]s)\s+)?"
    r"(?P<title>secretary of state|secretary of defen[cs]e|defen[cs]e secretary|"
    r"foreign minister|minister of foreign affairs|defen[cs]e minister|minister of defen[cs]e|"
    r"prime minister|national security advis[eo]r|president|secretary)\b"
    # "President-elect", "Prime Minister-designate": not the holder of the post.
    r"(?![-\u2010\u2011])",
    re.I,
)
# "the envoy", "the U.S. special envoy": the envoy named last, whatever post the text gave him.
_ENVOY_BACK = re.compile(
    r"\bthe\s+(?:(?:U\.\s?S\.|US|American|special|senior|presidential|visiting)\s+)*"
    r"(?:envoy|emissary|mediator)\b",
    re.I,
)
_ENVOY_POST = re.compile(r"envoy|emissary|advis[eo]r|representative|coordinator|negotiator", re.I)
# Every match of _TITLE_ONLY holds one of these words (in lower case); most sentences none.
_TITLE_ONLY_CUES = ("secretary", "minister", "advis", "president")


def _describes_name(sentence, start: int, taken) -> bool:
    """Whether a bare title at this body offset only describes the name just before it."""
    ends = [e for s, e in taken if sentence.start <= s and e <= start]
    if not ends:
        return False
    gap = sentence.text[max(ends) - sentence.start : start - sentence.start]
    return _APPOSED_POSTS.fullmatch(gap) is not None


def _may_hold_title(text):
    # These three match an ASCII letter under IGNORECASE but are not lowered to one.
    if "\u0131" in text or "\u017f" in text or "\u0130" in text:
        return True
    lowered = text.lower()
    return any(cue in lowered for cue in _TITLE_ONLY_CUES)


# "the two" and "the officials" only as the subject of a verb: "the two-state solution", "the
# two countries" and "the leaders of Israel" are not people.
_SAME_SIDE = r"envoys|advis[eo]rs|aides|diplomats|negotiators|emissaries"
_GROUP = re.compile(
    r"\b(?:the two (?:[a-z]+\s+)?(?:leaders|officials|men|women|ministers|counterparts|presidents"
    r"|secretaries|chiefs|generals|" + _SAME_SIDE + r")\b|both (?:leaders|men)\b|"
    r"(?:the two|the officials|the leaders)(?=\s+[\"\u201c']?(?:also\s+|then\s+)?[a-z]+ed\b))",
    re.I,
)

# The departments whose head a bare "the Secretary" names, by the concept of the post.
_DEPARTMENTS = [
    (
        "secretary-of-state",
        re.compile(
            r"\bstate department\b|\bdepartment of state\b|\bdepartment spokesperson\b", re.I
        ),
    ),
    (
        "defense-secretary",
        re.compile(
            r"\bpentagon\b|\bdepartment of (?:defen[cs]e|war)\b|\b(?:defen[cs]e|war) department\b",
            re.I,
        ),
    ),
]

# Secretaries under another one: a bare "the Secretary" is never one of them.
_SUBORDINATE_SECRETARY = re.compile(
    r"\b(?:deputy|assistant|under|press|executive|vice|permanent|parliamentary)\s+"
    r"(?:\w+\s+)?secretary",
    re.I,
)

# A quotation in a sentence, and what tells whose words it gives ("..., Netanyahu said").
_QUOTATION = re.compile(r"[\"\u201c][^\"\u201c\u201d]+[\"\u201d]")
_FIRST_PERSON = re.compile(r"\b(?:I|my|we|our|me|us)\b")
_SPEECH_AFTER = re.compile(r"\s+(?:said|says|told|added|stated|wrote|tweeted|declared)\b")
_SPEECH_BEFORE = re.compile(r"\b(?:said|says|added|told)\s+$")

# "the Biden administration" names a government, not the person.
_INSTITUTION = re.compile(
    r"(?:['\u2019]s)?\s+(?:administration|government|era|campaign|doctrine|white house)\b", re.I
)


# A name set before a person noun as its modifier ("Trump envoys meet Abbas", "a Netanyahu
# aide said") names whose people they are: the owner is not the one who acts.
_OWNED_PEOPLE = re.compile(
    r"\s+(?:(?:top|senior|special|chief|peace|lead|key|close)\s+)?(?:envoys?|aides?|advis[eo]rs?"
    r"|officials?|emissar(?:y|ies)|negotiators?|all(?:y|ies)|loyalists?|confidants?|confidantes?"
    r"|son-in-law|delegation|team)\b",
    re.I,
)


# The same with a possessive ("the president's special representative"): in a group of people
# named before, the owner is not one of them.
_OWNER_OF_PERSON = re.compile(
    r"['\u2019]s\s+(?:[\w-]+\s+){0,3}?(?:son-in-law|envoys?|aides?|advis[eo]rs?|representatives?"
    r"|officials?|emissar(?:y|ies)|negotiators?|coordinators?|spokes(?:person|man|woman)|deputy|team"
    r"|delegation)\b",
    re.I,
)


# Non-state officials are often introduced by the group they lead: "a Hamas delegation headed
# by Khalil al-Hayya". That is their title for a newcomer.
_LED_BY = re.compile(
    r"\b(?P<who>(?:[A-Z][\w'\u2019-]*\s+){0,2})(?:delegation|team|negotiating team)\s+"
    r"(?:headed|led)\s+by\s+$"
)
# A quoted nickname between a given name and a surname: Benjamin “Benny” Gantz.
_NICKNAME_AFTER = re.compile(r"\s*[\"\u201c\u2018'][A-Z][\w.-]*[\"\u201d\u2019']\s+[A-Z]")
# The posts set after a name between commas ("Mohammed bin Salman, Crown Prince, Prime
# Minister, held talks"): the named person's own, no one else's mention.
_APPOSED_POSTS = re.compile(
    r"\s*,\s*(?:[A-Z][\w.'’-]*(?:\s+(?:of\s+|the\s+)*[A-Z][\w.'’-]*)*\s*,\s*){0,3}"
)
_PATRONYMIC = {"bin", "bint", "ibn"}
# Links of an Arabic name chain: "Mohammed bin Salman bin Abdulaziz Al Saud" is one name, so a
# father's or family name inside it is no one's mention.
_CHAIN_LINKS = _PATRONYMIC | {"al", "el"}
# Capitalised nouns that make the words before them a place or a building ("Al-Salam Palace",
# "Rabin Square", "Ben Gurion Airport", "Trump Tower"), not a person.
_PLACE_NOUNS = {
    "palace", "hall", "street", "square", "airport", "house", "center", "centre", "hotel",
    "tower", "towers", "building", "road", "avenue", "boulevard", "bridge", "crossing", "mosque",
    "church", "synagogue", "museum", "university", "stadium", "park", "port", "base", "gate",
    "camp", "institute", "foundation", "school", "college", "hospital", "library", "memorial",
    "plaza", "compound", "highway", "terminal", "forum", "room", "office",
}  # fmt: skip
# Country and place names that follow a title without being a person ("of America").
_PLACE_NAMES = {
    "america",
    "israel",
    "egypt",
    "jordan",
    "qatar",
    "saudi",
    "arabia",
    "emirates",
    "uae",
    "bahrain",
    "morocco",
    "turkey",
    "lebanon",
    "oman",
    "kuwait",
    "iraq",
    "iran",
    "syria",
    "palestine",
    "gaza",
    "washington",
    "jerusalem",
    "united",
    "states",
    "arab",
    "kingdom",
}
# Countries as a text names them, for "his counterparts from Egypt, Qatar and Jordan" and
# "Egypt's foreign minister"; the adjectives are in _NATIONALITY.
_COUNTRY_NAMES = {
    "israel": "IL",
    "the united states": "US",
    "america": "US",
    "egypt": "EG",
    "qatar": "QA",
    "jordan": "JO",
    "saudi arabia": "SA",
    "the uae": "AE",
    "uae": "AE",
    "the united arab emirates": "AE",
    "bahrain": "BH",
    "morocco": "MA",
    "turkey": "TR",
    "lebanon": "LB",
    "oman": "OM",
    "kuwait": "KW",
    "iraq": "IQ",
    "syria": "SY",
    "greece": "GR",
    "cyprus": "CY",
    "russia": "RU",
    "ukraine": "UA",
    "china": "CN",
    "france": "FR",
    "germany": "DE",
    "italy": "IT",
    "britain": "GB",
    "the united kingdom": "GB",
}
_COUNTRY_WORD = (
    r"(?:(?:the\s+)?(?:United\s+States|United\s+Arab\s+Emirates|UAE|United\s+Kingdom)"
    r"|Saudi\s+Arabia|Israel|Egypt|Qatar|Jordan|Bahrain|Morocco|Turkey|Lebanon|Oman|Kuwait|Iraq"
    r"|Syria|America|Greece|Cyprus|Russia|Ukraine|China|France|Germany|Italy|Britain)"
)
_ADJECTIVE_WORD = (
    r"(?:Israeli|American|U\.?S\.?|Palestinian|Egyptian|Qatari|Jordanian|Saudi|Emirati|Bahraini"
    r"|Moroccan|Turkish|Lebanese|Omani|Kuwaiti|Iraqi|Syrian|Greek|Cypriot|Russian|Ukrainian"
    r"|Chinese|French|German|Italian|British)"
)
# "his Egyptian and Jordanian counterparts", "his Jordanian counterpart", "his counterparts
# from Egypt, Qatar and Jordan": each country stands for the holder of the subject's post there.
_COUNTERPARTS_BEFORE = re.compile(
    r"\b(?:his|her|their)\s+(?P<list>"
    + _ADJECTIVE_WORD
    + r"(?:\s*(?:,|and|,\s*and)\s+"
    + _ADJECTIVE_WORD
    + r")*)\s+counterparts?\b"
)
_COUNTERPARTS_AFTER = re.compile(
    r"\b(?:his|her|their)\s+counterparts?\s+(?:from|in|of)\s+(?P<list>"
    + _COUNTRY_WORD
    + r"(?:\s*(?:,|and|,\s*and)\s+"
    + _COUNTRY_WORD
    + r")*)"
)
# "the foreign ministers of Israel, the UAE, Bahrain and Morocco": each country's holder of the post.
_PLURAL_POSTS = re.compile(
    r"\b(?:the|their|his|her)\s+(?P<post>foreign ministers|ministers of foreign affairs"
    r"|defen[cs]e ministers|ministers of defen[cs]e|prime ministers|presidents"
    r"|national security advis[eo]rs)\s+(?:of|from)\s+(?P<list>"
    + _COUNTRY_WORD
    + r"(?:\s*(?:,|and|,\s*and)\s+"
    + _COUNTRY_WORD
    + r")*)",
    re.I,
)
_PLURAL_POST_CONCEPT = [
    ("foreign", "foreign-minister"),
    ("defen", "defense-minister"),
    ("prime", "prime-minister"),
    ("president", "president"),
    ("security", "national-security-advisor"),
]
_ONE_COUNTRY = re.compile(_ADJECTIVE_WORD + r"|" + _COUNTRY_WORD)
# "Leaders from Israel, the UAE and Bahrain": a group whose members the text names next.
_GROUP_FROM = re.compile(
    r"\b(?i:leaders|officials|delegations|representatives|envoys)\s+(?i:from|of)\s+(?P<list>"
    + _COUNTRY_WORD
    + r"(?:\s*(?:,|and|,\s*and)\s+"
    + _COUNTRY_WORD
    + r")+)"
)
# The post a counterpart holds, by the concept of the subject's post.
_COUNTERPART_POST = {
    "secretary-of-state": "foreign-minister",
    "foreign-minister": "foreign-minister",
    "defense-secretary": "defense-minister",
    "defense-minister": "defense-minister",
    "national-security-advisor": "national-security-advisor",
    "prime-minister": "prime-minister",
    "president": "president",
}
_US_POST = {"foreign-minister": "secretary-of-state", "defense-minister": "defense-secretary"}


# Words before a capitalised name that make it a place or a body ("of the Republic").
_PLACE_PREPOSITIONS = {"of", "in", "at", "from"}
_DETERMINERS = {"the", "his", "her", "their", "its", "a", "an"}
# Honorifics that mark a person's name whatever post follows ("H.E. Sheikh", "His Highness").
_HONORIFIC = re.compile(
    r"\bH\.\s?E\.|\bH\.\s?R\.\s?H\.|\b(?:(?:His|Her)\s+)?(?:Royal\s+)?(?:Highness|Excellency)\b"
    r"|\bSheikha?\b|\bSayyida?\b",
    re.I,
)
# Nouns that head a post or a group a list of names can be set in apposition to ("the foreign
# ministers of Greece and Cyprus, A and B", "his counterparts, A and B").
_APPOSED_HEAD = re.compile(
    r"(?:minister|secretar(?:y|ie)|counterpart|leader|envoy|ambassador|advis[eo]r|director"
    r"|president|chief|head|commander|chairm[ae]n|coordinator|representative|speaker|king|prince"
    r"|emir|amir|official|negotiator|general|admiral)s?"
)
# What may follow a name in apposition: the comma that closes it, or the sentence's end.
_APPOSITION_CLOSES = re.compile(r"[ \t]*(?:[,.;:)\u2013\u2014\n]|$)")
_LIST_SEPARATOR = re.compile(r"\s*(?:,|,?\s*and)\s*")


def _one_post(phrase, n):
    """The post of the nth name of a list set after `phrase`, and its country: the nth country
    of a list of countries ("of Greece and Cyprus", "Israeli and Russian"), else the first."""
    found = [(m, _country_code(m.group())) for m in _ONE_COUNTRY.finditer(phrase)]
    found = [(m, code) for m, code in found if code]
    if not found:
        return phrase, ""
    listed = len(found) > 1 and all(
        _LIST_SEPARATOR.fullmatch(phrase[a.end() : b.start()])
        for (a, _), (b, _) in zip(found, found[1:], strict=False)
    )
    if not listed:
        return phrase, found[0][1]
    if n >= len(found):
        return phrase, ""
    m, code = found[n]
    return phrase[: found[0][0].start()] + m.group() + phrase[found[-1][0].end() :], code


# Endings of abstract and collective nouns ("Cooperation", "Development", "Partnership",
# "Security"), which no personal name carries.
_NOUN_ENDING = re.compile(r"(?:tion|sion|ness|ship|ism|ities|ology|ments|ity|ment)s?$")


def _personal_name(words):
    """Whether capitalised words can be a new person's name: no word of it is a country or a
    common noun (by its ending), and at most four words."""
    if not words or len([t for t in words if t.norm not in _CHAIN_LINKS]) > 4:
        return False
    for t in words:
        if t.norm in _COUNTRY_NAMES or t.norm in _PLACE_NAMES and len(words) == 1:
            return False
        if len(t.norm) > 7 and _NOUN_ENDING.search(t.norm):
            return False
    return True


def _country_code(words):
    """The country a nationality word or a country name stands for, or ""."""
    return _nationality(words) or _COUNTRY_NAMES.get(" ".join(words.lower().split()), "")


def _without_overlaps(mentions):
    """Of two mentions over the same words, the full name (else the longer) is kept."""
    kept = []
    for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        clash = next((k for k in kept if k.start < mention.end and mention.start < k.end), None)
        if clash is None:
            kept.append(mention)
        elif (mention.kind == "name") > (clash.kind == "name"):
            kept[kept.index(clash)] = mention
    return sorted(kept, key=lambda m: m.start)


@dataclass
class Mention:
    """Where a text names or refers to one official (or, for a group, several)."""

    start: int  # offsets into the article body
    end: int
    sentence: int  # index into the sentence list
    people: tuple[ExtractedParticipant, ...]
    kind: str  # name | surname | handle | misspelling | title | group | new
    title: str = ""  # the title the text used right before the name
    spokesperson: bool = False

    @property
    def person(self):
        return self.people[0]

    @property
    def slugs(self):
        return {p.slug for p in self.people}


def _concepts(text):
    return frozenset(name for name, pattern in _CONCEPT_RES if pattern.search(text))


def _specific(concepts):
    return concepts - _GENERIC


def _nationality(title):
    for code, pattern in _NATIONALITY:
        if pattern.search(title):
            return code
    if _US_ONLY_TITLE.search(title):
        return "US"
    return ""


def _held_on(position: PositionRef, day: date | None):
    if day is None:
        return True
    return position.start <= day and (position.end is None or position.end >= day)


def _surname_tokens(tokens):
    tokens = [t for t in tokens if t not in _SUFFIXES]
    if not tokens:
        return ()
    if len(tokens) >= 3 and tokens[-2] in _PARTICLES:
        return tuple(tokens[-2:])
    return (tokens[-1],)


def _within_one_edit(a, b):
    """True when `a` and `b` differ by exactly one insertion, deletion or substitution."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


@dataclass
class _Token:
    text: str
    start: int
    end: int
    norm: str

    @property
    def capitalised(self):
        return self.text[:1].isupper() or self.text[:1] == "@"


class PeopleMatcher:
    """The reference officials compiled for matching (their names as a spaCy span ruler, their
    posts as concepts); built once per Reference, so each batch has its editors' aliases."""

    def __init__(self, reference: Reference):
        self.people = {p.slug: p for p in reference.people}
        self.surnames: dict[tuple[str, ...], set[str]] = {}
        self.given: dict[str, set[str]] = {}
        self.positions: dict[str, list[tuple[PositionRef, frozenset]]] = {}
        # Every name, alias and handle, with its owner's slug: the ruler finds them in the text.
        names = []
        # First given names ("Mohamed" of "Mohamed bin Zayed"): with a title they name a person
        # where Arab usage puts the given name after the title ("President Mohammed").
        self.first_given: dict[str, set[str]] = {}
        for person in reference.people:
            for name in [person.name, *reference.aliases.get(person.slug, [])]:
                tokens = normalize_name(name).split()
                if not tokens:
                    continue
                if tokens[0].startswith("@"):
                    names.append(("HANDLE", name, person.slug))
                    continue
                names.append(("NAME", name, person.slug))
                if len(tokens) >= 2:
                    surname = _surname_tokens(tokens)
                    self.surnames.setdefault(surname, set()).add(person.slug)
                    given = {t for t in tokens[: -len(surname)] if len(t) > 1}
                    self.given.setdefault(person.slug, set()).update(given - _SUFFIXES)
                    if len(tokens[0]) >= 4:
                        self.first_given.setdefault(tokens[0], set()).add(person.slug)
        # A surname alone ("Gallant", "Ben Gvir") is found too; whose it is, the scan decides.
        names += [
            ("SURNAME", " ".join(k), slug) for k, slugs in self.surnames.items() for slug in slugs
        ]
        self.ruler = compile_ruler(names)
        for position in reference.positions:
            text = f"{position.title} {position.role.replace('-', ' ').replace('_', ' ')}"
            self.positions.setdefault(position.slug, []).append((position, _concepts(text)))
        # Handles not in the aliases are recognised by a surname inside them ("@yoavgallant").
        self.compact_surnames = [
            ("".join(k), slugs) for k, slugs in self.surnames.items() if len("".join(k)) >= 5
        ]
        self.single_surnames = {k[0]: slugs for k, slugs in self.surnames.items() if len(k) == 1}
        # Surnames long enough to be told from a near miss, in the order of `surnames`.
        self.long_single_surnames = [
            (key[0], slugs)
            for key, slugs in self.surnames.items()
            if len(key) == 1 and len(key[0]) >= 5
        ]

    def titled_given(self, given, title, day):
        """The one official whose first given name is `given` (or one letter off: Mohammed,
        Mohamed) and who holds the post `title` names, on the day or, without one, ever."""
        wanted = _specific(_concepts(title))
        if not wanted or len(given) < 4:
            return None
        slugs = set().union(
            *(
                owners
                for name, owners in self.first_given.items()
                if name == given or _within_one_edit(name, given)
            )
        )
        held = {
            s for s in slugs if wanted & (self.concepts_on(s, day) if day else self.all_concepts(s))
        }
        return next(iter(held)) if len(held) == 1 else None

    # Positions -----------------------------------------------------------------------------
    def concepts_on(self, slug, day):
        held = [c for p, c in self.positions.get(slug, []) if _held_on(p, day)]
        return frozenset().union(*held) if held else frozenset()

    def holds_post(self, slug, day):
        return any(_held_on(p, day) for p, _ in self.positions.get(slug, []))

    def all_concepts(self, slug):
        return frozenset().union(*(c for _, c in self.positions.get(slug, [])))

    def countries(self, slug, day):
        held = {p.country for p, _ in self.positions.get(slug, []) if _held_on(p, day)}
        person = self.people.get(slug)
        return held | ({person.country} if person else set())

    def is_spokesperson(self, slug, day):
        positions = self.positions.get(slug, [])
        held = [p for p, _ in positions if _held_on(p, day)] or [p for p, _ in positions]
        return bool(held) and any(p.is_spokesperson for p in held)

    def holders(self, concept, day, country=""):
        """Officials who hold a post of this concept on the day (any day when unknown)."""
        found = []
        for slug, positions in self.positions.items():
            for position, concepts in positions:
                if (
                    concept in concepts
                    and _held_on(position, day)
                    and not position.is_spokesperson
                    and (not country or position.country == country)
                ):
                    found.append(slug)
                    break
        return found

    def participant(self, slug, title=""):
        person = self.people[slug]
        return ExtractedParticipant(
            slug=slug, name=person.name, country=person.country, title=title
        )


_CACHE: dict[int, tuple[Reference, PeopleMatcher]] = {}


def matcher_for(reference: Reference) -> PeopleMatcher:
    """The compiled matcher of a Reference, built on first use and reused while it lives."""
    cached = _CACHE.get(id(reference))
    if cached and cached[0] is reference:
        return cached[1]
    if len(_CACHE) > 8:
        _CACHE.clear()
    matcher = PeopleMatcher(reference)
    _CACHE[id(reference)] = (reference, matcher)
    return matcher


@dataclass
class _State:
    """What the scan of one article has seen so far."""

    day: date | None
    mentions: list[Mention] = field(default_factory=list)
    named: dict[str, int] = field(default_factory=dict)  # slug -> times named


_NORMS: dict[str, str] = {}


def _norm(word):
    # Words repeat across a batch; normalising each once keeps the stage fast.
    norm = _NORMS.get(word)
    if norm is None:
        if len(_NORMS) > 200_000:
            _NORMS.clear()
        norm = _NORMS[word] = normalize_name(word)
    return norm


def _tokens(text, offset):
    tokens = []
    norms = _NORMS
    for m in _TOKEN.finditer(text):
        word = m.group()
        start = offset + m.start()
        norm = norms.get(word)
        if norm is None:
            norm = _norm(word)
        tokens.append(_Token(word, start, start + len(word), norm))
    return tokens


def _known_at(tokens, spans, offset):
    """The ruler's names in a sentence by the token each starts at: (end token, label, slugs),
    the longest first; namesakes over the same words share one entry."""
    starts = {t.start - offset: k for k, t in enumerate(tokens)}
    ends = {t.end - offset: k + 1 for k, t in enumerate(tokens)}
    grouped: dict[tuple[int, int, str], set[str]] = {}
    for span in spans:
        if span.start in starts and span.end in ends:
            key = (starts[span.start], ends[span.end], span.label)
            grouped.setdefault(key, set()).add(span.slug)
    known: dict[int, list[tuple[int, str, set[str]]]] = {}
    for (start, end, label), slugs in sorted(grouped.items(), key=lambda item: -item[0][1]):
        known.setdefault(start, []).append((end, label, slugs))
    return known


def _lead_date(body):
    """The full date of a text's first lines (its date line, "Riyadh, February 17, 2025, SPA"),
    for texts with no publication date: the day on which their posts are held."""
    from ingest.pipeline.dates import find_expressions  # the dates stage imports this one's peers

    lead = "\n".join(body.lstrip().split("\n")[:4])[:400]
    for expr in find_expressions(lead):
        if expr.kind == "full" and expr.date and not expr.in_quote:
            return expr.date
    return None


def _title_before(tokens, index, body):
    """The title words right before tokens[index] ("Israeli Minister of Defense"), as text."""
    j = index - 1
    first = index
    while j >= 0:
        gap = body[tokens[j].end : tokens[j + 1].start]
        if gap.strip(" .") or "\n" in gap:
            break
        if tokens[j].norm not in TITLE_WORDS:
            break
        if tokens[j].norm == "and" and tokens[j + 1].norm in _COURTESY:
            break  # "The Prime Minister and Mr. Sullivan": two people, not one title
        if tokens[j].norm == "s" and body[tokens[j].start - 1 : tokens[j].start] in ("'", "\u2019"):
            break  # the "s" of a possessive ("Egypt's Sameh Shoukry") is no title
        first = j
        j -= 1
    while first < index and tokens[first].norm in _CONNECTORS:
        first += 1
    if first == index:
        return "", index
    return body[tokens[first].start : tokens[index - 1].end], first


def _prev_word(tokens, index, body):
    """The capitalised word right before tokens[index] in the same phrase, skipping initials."""
    j = index - 1
    while j >= 0:
        gap = body[tokens[j].end : tokens[j + 1].start]
        if gap.strip(" .") or "\n" in gap:
            return None
        if len(tokens[j].text) == 1 and tokens[j].text.isupper():
            j -= 1
            continue
        return j
    return None


class _ArticleScan:
    def __init__(self, matcher: PeopleMatcher, article: ArticleText, sentences: list[Sentence]):
        self.m = matcher
        self.body = article.body
        self.sentences = sentences
        self.state = _State(day=article.published or _lead_date(article.body))
        self.title = article.title
        self.pending: list[tuple] = []
        self._department: str | None = None
        self._country: str | None = None

    # One sentence ---------------------------------------------------------------------------
    def named_mentions(self, index, sentence):
        """Names, surnames and handles of known officials, and titled newcomers."""
        tokens = self.tokens[index]
        found = []
        i = 0
        while i < len(tokens):
            hit = self._match_at(tokens, i, index)
            if hit:
                if (
                    hit[0]
                    and not _INSTITUTION.match(self.body, hit[0].end)
                    and not _OWNED_PEOPLE.match(self.body, hit[0].end)
                    and not self._names_a_place(tokens, hit[1])
                ):
                    found.append(hit[0])
                i = hit[1]
            else:
                i += 1
        found += self._newcomers(tokens, index, found)
        return _without_overlaps(found)

    def _match_at(self, tokens, i, index):
        tok = tokens[i]
        if not tok.capitalised:
            return None
        known = self.known[index].get(i, ())
        if tok.text.startswith("@"):
            return self._handle(tok, index, known), i + 1
        for end, label, slugs in known:
            if label != "NAME":
                continue
            title, first = _title_before(tokens, i, self.body)
            slug = self._choose(slugs, title)
            if slug:
                end = self._chain_end(tokens, self._longer_name(tokens, i, end, slug, index))
                return self._mention(tokens, first, end, index, slug, "name", title), end
        for end, label, slugs in known:
            if label == "SURNAME":
                return self._surname(tokens, i, end - i, index, slugs)
        return self._titled_given(tokens, i, index)

    def _titled_given(self, tokens, i, index):
        """A title and a given name alone ("Foreign Minister Abdullah"): the one holder of
        that post with that given name."""
        title, first = _title_before(tokens, i, self.body)
        if not title or (
            i + 1 < len(tokens)
            and tokens[i + 1].capitalised
            and self.body[tokens[i].end : tokens[i + 1].start] == " "
        ):
            return None  # "President Mohammed Abbas": a full name, not a given name
        slug = self.m.titled_given(tokens[i].norm, title, self.state.day)
        if slug is None:
            return None
        return self._mention(tokens, first, i + 1, index, slug, "name", title), i + 1

    def _longer_name(self, tokens, i, end, slug, index):
        """Where a name ends when another of the same person's names overlaps it and runs on:
        "Sheikh Mohammed bin Abdulrahman" is followed by "Al Thani" in the full name."""
        if end >= len(tokens) or not tokens[end].capitalised and tokens[end].norm not in _PARTICLES:
            return end
        for j in range(i + 1, end):
            for end2, label, slugs in self.known[index].get(j, ()):
                if end2 > end and label == "NAME" and slug in slugs:
                    return end2
        return end

    def _chain_end(self, tokens, end):
        """Where a name ends once the father's and family names that follow it are taken in:
        "Mohammed bin Salman" runs on through "bin Abdulaziz Al Saud"."""
        while (
            end + 1 < len(tokens)
            and tokens[end].norm in _CHAIN_LINKS
            and tokens[end + 1].capitalised
            and self.body[tokens[end - 1].end : tokens[end].start] in (" ", "-")
            and self.body[tokens[end].end : tokens[end + 1].start] in (" ", "-")
        ):
            end += 2
        return end

    def _names_a_place(self, tokens, end):
        """Whether the words ending before tokens[end] are the start of a place's name."""
        return (
            end < len(tokens)
            and tokens[end].norm in _PLACE_NOUNS
            and tokens[end].text[:1].isupper()
            and self.body[tokens[end - 1].end : tokens[end].start] == " "
        )

    def _surname(self, tokens, i, size, index, slugs):
        start = i
        if (
            i > 0
            and tokens[i - 1].norm in _PATRONYMIC
            and self.body[tokens[i - 1].end : tokens[i].start] == " "
        ):
            return None, i + size  # "Faisal bin Farhan bin Abdullah": a father's name
        prev = _prev_word(tokens, i, self.body)
        given = None
        if prev is not None and tokens[prev].capitalised:
            word = tokens[prev].norm
            if word not in TITLE_WORDS and word not in _FUNCTION_WORDS:
                given = word
        title, first = _title_before(tokens, (prev if given else i), self.body)
        if not given and size == 1 and title:
            wanted = _specific(_concepts(title))
            if wanted and not any(wanted & self.m.all_concepts(s) for s in slugs):
                # "Foreign Minister Abdullah" is not King Abdullah: a given name, if anyone's.
                found = self._titled_given(tokens, i, index)
                if found:
                    return found
        if given:
            exact = {s for s in slugs if given in self.m.given.get(s, set())}
            if exact:
                slugs, start = exact, prev
            else:
                # "Benjamin Gantz" for "Benny Gantz": a nickname sharing its first letters,
                # or a title that fits the known holder; anyone else is another person.
                near = {
                    s
                    for s in slugs
                    if any(
                        g[:3] == given[:3] and len(g) >= 3 and len(given) >= 3
                        for g in self.m.given.get(s, set())
                    )
                }
                fits = {s for s in slugs if _specific(_concepts(title)) & self.m.all_concepts(s)}
                slugs = near or fits
                if not slugs:
                    return None, i + size
                start = prev
        slug = self._choose(slugs, title)
        if not slug:
            # Namesakes: decided once the whole article is read, by whom it names in full.
            self.pending.append((tokens, first if title else start, i + size, index, slugs, title))
            return None, i + size
        if title:
            start = first
        return self._mention(tokens, start, i + size, index, slug, "surname", title), i + size

    def _handle(self, tok, index, known):
        slugs = next((slugs for _end, label, slugs in known if label == "HANDLE"), None)
        if not slugs:
            compact = tok.norm.lstrip("@").replace("_", "")
            slugs = set()
            for surname, owners in self.m.compact_surnames:
                if surname in compact:
                    slugs |= owners
            if len(slugs) > 1:
                slugs = {s for s in slugs if any(g in compact for g in self.m.given.get(s, ()))}
        slug = self._choose(slugs, "") if slugs else None
        if not slug:
            return None
        return self._build(tok.start, tok.end, index, slug, "handle", "")

    def _choose(self, slugs, title):
        """One official among namesakes: by the title's fit, the posts held that day, or who
        the article already named."""
        slugs = set(slugs)
        if len(slugs) == 1:
            return next(iter(slugs))
        day = self.state.day
        wanted = _specific(_concepts(title))
        if wanted:
            on_day = {s for s in slugs if wanted & self.m.concepts_on(s, day)}
            ever = {s for s in slugs if wanted & self.m.all_concepts(s)}
            slugs = on_day or ever or slugs
            if len(slugs) == 1:
                return next(iter(slugs))
        seen = {s for s in slugs if s in self.state.named}
        if len(seen) == 1:
            return next(iter(seen))
        if day is not None:
            active = {s for s in slugs if self.m.holds_post(s, day)}
            if len(active) == 1:
                return next(iter(active))
        return None

    def _mention(self, tokens, first, last, index, slug, kind, title):
        start = tokens[first].start
        return self._build(start, tokens[last - 1].end, index, slug, kind, title)

    def _build(self, start, end, index, slug, kind, title):
        after = self.body[end : end + 80]
        spokes = (
            bool(_SPOKES.search(title))
            or bool(
                re.match(
                    r"[,\s]+(?:the\s+)?(?:[\w.\-]+\s+){0,4}spokes(?:person|man|woman)", after, re.I
                )
            )
            or self.m.is_spokesperson(slug, self.state.day)
        )
        return Mention(
            start=start,
            end=end,
            sentence=index,
            people=(self.m.participant(slug, title),),
            kind=kind,
            title=title,
            spokesperson=spokes,
        )

    def _newcomers(self, tokens, index, known):
        """Officials missing from the reference data, introduced with a title, an honorific
        ("H.E. Sheikh ...") or a post they stand in apposition to ("the Minister of ..., A B,")."""
        taken = [(m.start, m.end) for m in known]
        at = {t.start: k for k, t in enumerate(tokens)}
        found = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if not self._name_like(tok) or any(s <= tok.start < e for s, e in taken):
                i += 1
                continue
            j = self._name_end(tokens, i, taken)
            if _NICKNAME_AFTER.match(self.body, tokens[j].end) and any(
                tokens[j].end < s < tokens[j].end + 40 for s, _e in taken
            ):
                i = j + 1
                continue  # "Benjamin “Benny” Gantz": the given name of an official named next
            if any(s == tokens[j].end + 1 for s, _e in taken):
                i = j + 1
                continue  # "Minister of Foreign Affairs and Expatriates Ayman Safadi": a title
            title, first = _title_before(tokens, i, self.body)
            if not title:
                led = _LED_BY.search(self.body, max(0, tok.start - 80), tok.start)
                if led:
                    title = f"head of the {led.group('who')} delegation".replace("  ", " ")
            words = [t for t in tokens[i : j + 1] if len(t.text) > 1]
            # "Crown Prince of Abu Dhabi", "President of the Republic": a place or a body.
            after_of = i > 0 and (
                tokens[i - 1].norm in _PLACE_PREPOSITIONS
                or tokens[i - 1].norm == "the"
                and i > 1
                and tokens[i - 2].norm in _PLACE_PREPOSITIONS
            )
            if (
                after_of
                or any(t.norm in _PLACE_NOUNS for t in words[1:])
                or self._names_a_place(tokens, j + 1)
            ):
                i = j + 1
                continue  # "Crown Prince of Abu Dhabi", "at Al-Yamamah Palace": places
            if not _personal_name(words):
                i = j + 1
                continue  # "Minister of ... International Cooperation": a noun, not a name
            if all(t.norm in _PLACE_NAMES for t in words):
                i = j + 1
                continue  # "the Secretary of State of the United States of America"
            full = len([t for t in words if t.norm not in _CHAIN_LINKS]) >= 2
            post, country = self._apposed_post(tokens, first, j, taken, at) if full else ("", "")
            if post:
                title = f"{post}, {title}" if title else post
            head = _HEAD_NOUNS.search(title) if title else None
            enough = len(words) >= 2 or (len(words) == 1 and title and _STRONG_HEAD.search(title))
            honorific = full and _HONORIFIC.search(
                self.body, max(0, tokens[first].start - 8), tokens[i].start
            )
            if honorific and honorific.start() < tokens[first].start:
                # "H.E. Sheikh", "His Highness Sheikh": the honorific is part of the title.
                first = at.get(honorific.start(), first)
                title = self.body[tokens[first].start : tokens[i].start].strip()
            if (post or head and enough or honorific) and not tok.text.isupper():
                name = " ".join(t.text for t in tokens[i : j + 1])
                participant = ExtractedParticipant(
                    slug=slugify(name) or "unknown",
                    name=name,
                    country=country or _nationality(title) or "XX",
                    is_new=True,
                    title=title,
                )
                found.append(
                    Mention(
                        start=tokens[first].start,
                        end=tokens[j].end,
                        sentence=index,
                        people=(participant,),
                        kind="new",
                        title=title,
                        spokesperson=bool(_SPOKES.search(title)),
                    )
                )
                taken.append((found[-1].start, found[-1].end))  # an item of the next one's list
            i = j + 1
        return found

    def _name_end(self, tokens, i, taken):
        """The last token of the capitalised name starting at tokens[i]: up to four words and
        the links of an Arabic name chain ("Nasser bin Hamad Al Khalifa")."""
        j, words = i, 1
        while (
            j + 1 < len(tokens)
            and (self._name_like(tokens[j + 1]) or tokens[j + 1].norm in _PARTICLES | _CHAIN_LINKS)
            and self.body[tokens[j].end : tokens[j + 1].start] in (" ", ". ", "-")
            and not any(s <= tokens[j + 1].start < e for s, e in taken)
        ):
            if tokens[j + 1].norm not in _CHAIN_LINKS:
                if words == 4:
                    break
                words += 1
            j += 1
        while j > i and tokens[j].norm in _PARTICLES | _CHAIN_LINKS:
            j -= 1  # "Nikos Dendias and ...": a name does not end in a particle
        return j

    # Posts set in apposition -------------------------------------------------------------------
    def _apposed_post(self, tokens, i, j, taken, at):
        """The post that the name at tokens[i..j] (from its own title, if any) is set after with
        a comma, alone or in a list ("the foreign ministers of Greece and Cyprus, A and B,"), as
        that one person's post and country: B is "foreign minister of Cyprus", CY; ("", "")
        when there is none."""
        if not _APPOSITION_CLOSES.match(self.body, tokens[self._list_end(tokens, j, taken)].end):
            return "", ""  # "After meeting the ministers, A and B flew home": a clause's subject
        k, n = i, 0
        while k > 0:
            phrase = self._post_before(tokens, k, taken)
            if phrase:
                return _one_post(phrase, n)
            k = self._previous_item(tokens, k, taken, at)
            if k is None:
                break
            n += 1
        return "", ""

    def _list_end(self, tokens, j, taken):
        """The last token of the list of names that the name ending at tokens[j] is an item of
        ("A, B and C")."""
        while j + 1 < len(tokens):
            gap = self.body[tokens[j].end : tokens[j + 1].start]
            if (
                tokens[j + 1].norm == "and"
                and gap in (" ", ", ")
                and j + 2 < len(tokens)
                and self.body[tokens[j + 1].end : tokens[j + 2].start] == " "
            ):
                nxt = j + 2
            elif re.fullmatch(r",\s*", gap):
                nxt = j + 1
            else:
                break
            span_end = next((e for s, e in taken if s == tokens[nxt].start), None)
            if span_end is not None:
                j = max(k for k in range(nxt, len(tokens)) if tokens[k].end <= span_end)
            elif self._name_like(tokens[nxt]):
                j = self._name_end(tokens, nxt, taken)
            else:
                break
        return j

    def _previous_item(self, tokens, k, taken, at):
        """Where the item of a list before tokens[k] starts ("A, B and C"), or None."""
        if k >= 2 and tokens[k - 1].norm == "and":
            end = tokens[k - 2].end
            ok = self.body[end : tokens[k - 1].start] in (" ", ", ")
        else:
            end = tokens[k - 1].end
            ok = re.fullmatch(r",\s*", self.body[end : tokens[k].start]) is not None
        span = next((s for s, e in taken if e == end), None) if ok else None
        return at.get(span) if span is not None else None

    def _post_word(self, tok, taken):
        return not any(s <= tok.start < e for s, e in taken) and (
            tok.capitalised or tok.norm in TITLE_WORDS or _APPOSED_HEAD.fullmatch(tok.norm)
        )

    def _post_before(self, tokens, k, taken):
        """The post or group noun that ends with a comma right before tokens[k] ("the foreign
        ministers of Greece and Cyprus, "), in the singular; "" when there is none."""
        if not re.fullmatch(r"\s*,\s*", self.body[tokens[k - 1].end : tokens[k].start]):
            return ""
        p = k - 1
        if not self._post_word(tokens[p], taken):
            return ""
        while p > 0 and k - p < 16:
            gap = self.body[tokens[p - 1].end : tokens[p].start]
            listed = gap.strip() == "," and all(
                _country_code(t.text) for t in (tokens[p - 1], tokens[p])
            )  # "of Egypt, Jordan and Greece"
            if (gap.strip(" .-") and not listed) or "\n" in gap:
                break
            if not self._post_word(tokens[p - 1], taken):
                break
            p -= 1
        # The head noun: the last one that only a complement ("of State for ...") follows.
        head = next(
            (
                h
                for h in range(k - 1, p - 1, -1)
                if _APPOSED_HEAD.fullmatch(tokens[h].norm)
                and (h == k - 1 or tokens[h + 1].norm in ("of", "for", "to"))
            ),
            None,
        )
        if head is None:
            return ""
        start = head
        while (
            start > p
            and tokens[start - 1].norm in TITLE_WORDS
            and tokens[start - 1].norm not in _DETERMINERS
        ):
            start -= 1
        word = tokens[head].text
        single = re.sub(r"ies$", "y", re.sub(r"men$", "man", word))
        if single == word:
            single = re.sub(r"(?<!s)s$", "", word)  # "ministers", not "Press"
        return (
            self.body[tokens[start].start : tokens[head].start]
            + single
            + self.body[tokens[head].end : tokens[k - 1].end]
        )

    @staticmethod
    def _name_like(tok):
        return (
            tok.text[:1].isupper()
            and tok.text[1:2].islower()
            and tok.norm not in TITLE_WORDS
            and tok.norm not in _FUNCTION_WORDS
            and tok.norm not in _COMMON_WORDS
        ) or (len(tok.text) == 1 and tok.text.isupper())

    def _settle_namesakes(self, per_sentence):
        """A bare surname shared by several officials is the one the article names in full."""
        for tokens, first, last, index, slugs, title in self.pending:
            named = {s for s in slugs if s in self.state.named}
            start = tokens[first].start
            if len(named) != 1 or any(
                m.start < tokens[last - 1].end and start < m.end for m in per_sentence[index]
            ):
                continue
            mention = self._mention(tokens, first, last, index, named.pop(), "surname", title)
            per_sentence[index] = sorted([*per_sentence[index], mention], key=lambda m: m.start)

    # Misspellings ---------------------------------------------------------------------------
    def misspelling_targets(self):
        """Surnames (5+ letters) of the officials the article names, for near misses."""
        named = set(self.state.named)
        targets = {}
        for surname, slugs in self.m.long_single_surnames:
            if slugs & named:
                targets[surname] = slugs & named
        return targets

    def misspellings(self, index, taken, targets):
        """Capitalised words one edit away from the surname of someone the article names."""
        if not targets:
            return []
        found = []
        for tok in self.tokens[index]:
            if (
                not tok.text[:1].isupper()
                or len(tok.norm) < 5
                or tok.norm in _COMMON_WORDS
                or tok.norm in _FUNCTION_WORDS
                or tok.norm in TITLE_WORDS
                or tok.norm in self.m.single_surnames
                or any(s <= tok.start < e for s, e in taken)
            ):
                continue
            hits = {
                s
                for surname, slugs in targets.items()
                if abs(len(surname) - len(tok.norm)) <= 1 and _within_one_edit(tok.norm, surname)
                for s in slugs
            }
            if len(hits) == 1:
                found.append(self._build(tok.start, tok.end, index, hits.pop(), "misspelling", ""))
        return found

    # References back ------------------------------------------------------------------------
    def title_mentions(self, index, sentence, mentions):
        """Titles standing for a person ("the Secretary", "Israeli Prime Minister")."""
        taken = [(m.start, m.end) for m in mentions]
        found = []
        if not _may_hold_title(sentence.text):
            return found
        for m in _TITLE_ONLY.finditer(sentence.text):
            start, end = sentence.start + m.start(), sentence.start + m.end()
            if any(s < end and start < e for s, e in taken):
                continue
            title = m.group("title")
            if not m.group("the") and not title[:1].isupper():
                continue
            before = sentence.text[max(0, m.start() - 12) : m.start()].lower()
            if re.search(r"(?:\bto|\bof|\bfor|'s|\u2019s)\s*(?:the\s*)?$", before):
                continue
            if re.search(
                r"\b(?:vice|deputy|press|assistant|under|acting|former|ex)[\s-]*$", before
            ):
                continue
            after = sentence.text[m.end() : m.end() + 20]
            if re.match(r"\s*(?:'s|\u2019s)?\s*(?:office|bureau|ministry|department)", after, re.I):
                continue
            if re.match(r"\s+(?:of|for)\b", after) and title.lower() in ("secretary", "president"):
                continue
            if (
                not m.group("the")
                and not m.group("nat")
                and _describes_name(sentence, start, taken)
            ):
                continue
            nat = re.sub(r"['\u2019]s\s*$", "", (m.group("nat") or "").strip())
            quote = self._third_person_quote(sentence, start, mentions)
            # In an official's words about someone else, the narrator's last holder of the
            # post is not who the speaker means: only one named in the quotation is.
            among = [k for k in mentions if quote[0] <= k.start < start] if quote else None
            slug = self._resolve_title(title, _country_code(nat) if nat else "", index, among)
            if slug:
                found.append(
                    Mention(
                        start=start,
                        end=end,
                        sentence=index,
                        people=(self.m.participant(slug, title),),
                        kind="title",
                        title=m.group(0),
                        spokesperson=False,
                    )
                )
        return found

    def _third_person_quote(self, sentence, start, mentions):
        """The quotation around a body offset, as offsets, when it gives an official's words
        about someone else: attributed to an official named outside it who is no spokesperson,
        and with no "I" or "we" in it. None otherwise."""
        for q in _QUOTATION.finditer(sentence.text):
            first, last = sentence.start + q.start(), sentence.start + q.end()
            if not first < start < last:
                continue
            if _FIRST_PERSON.search(q.group()):
                return None
            speakers = [
                m
                for m in mentions
                if not first <= m.start < last
                and (
                    _SPEECH_AFTER.match(self.body, m.end)
                    or _SPEECH_BEFORE.search(self.body, max(0, m.start - 12), m.start)
                )
            ]
            if speakers and not any(m.spokesperson for m in speakers):
                return first, last
            return None
        return None

    def envoy_mentions(self, index, sentence, taken):
        """ "the envoy held meetings with ...": the last official named as an envoy or an
        adviser (in the text's title for him or in his post that day)."""
        found = []
        for m in _ENVOY_BACK.finditer(sentence.text):
            start, end = sentence.start + m.start(), sentence.start + m.end()
            if any(s < end and start < e for s, e in taken):
                continue
            envoy = next(
                (
                    k
                    for k in reversed(self.state.mentions)
                    if k.kind != "group"
                    and not k.spokesperson
                    and k.start < start
                    and (
                        _ENVOY_POST.search(k.title)
                        or any(
                            _ENVOY_POST.search(p.title)
                            for p, _ in self.m.positions.get(k.person.slug, [])
                            if _held_on(p, self.state.day)
                        )
                    )
                ),
                None,
            )
            if envoy is not None:
                found.append(
                    dataclasses.replace(
                        envoy, start=start, end=end, sentence=index, kind="title", title=m.group(0)
                    )
                )
        return found

    def counterpart_mentions(self, index, sentence, taken):
        """ "his Egyptian and Jordanian counterparts": the holder of the subject's post in each
        country, when the day is known and one official held it then."""
        found = []
        day = self.state.day
        if day is None:
            return found
        for pattern in (_COUNTERPARTS_BEFORE, _COUNTERPARTS_AFTER):
            for m in pattern.finditer(sentence.text):
                start = sentence.start + m.start()
                subject = next(
                    (
                        k
                        for k in reversed(self.state.mentions)
                        if k.kind != "group"
                        and not k.spokesperson
                        and k.start < start
                        and k.person.slug in self.m.people
                    ),
                    None,
                )
                if subject is None:
                    continue
                own = _specific(self.m.concepts_on(subject.person.slug, day))
                posts = {_COUNTERPART_POST[c] for c in own if c in _COUNTERPART_POST}
                if len(posts) != 1:
                    continue
                own_countries = self.m.countries(subject.person.slug, day)
                found += self._holders_in_list(
                    index, sentence, m, posts.pop(), day, taken, "counterpart", own_countries
                )
        return found

    def _holders_in_list(self, index, sentence, m, post, day, taken, label, skip=()):
        """For each country of the match's list, the one official who held `post` on `day`."""
        found = []
        for one in _ONE_COUNTRY.finditer(m.group("list")):
            country = _country_code(one.group())
            if not country or country in skip:
                continue
            wanted = _US_POST.get(post, post) if country == "US" else post
            holders = [
                h
                for h in self.m.holders(wanted, day, country)
                if not self.m.is_spokesperson(h, day)
            ]
            at = sentence.start + m.start("list") + one.start()
            end = sentence.start + m.start("list") + one.end()
            if len(holders) != 1 or any(s < end and at < e for s, e in taken):
                continue
            found.append(
                Mention(
                    start=at,
                    end=end,
                    sentence=index,
                    people=(self.m.participant(holders[0], label),),
                    kind="title",
                    title=f"{one.group()} {label}",
                )
            )
        return found

    def plural_post_mentions(self, index, sentence, taken):
        """ "the foreign ministers of Israel, the UAE and Bahrain": each country's holder of the
        post on the day, when one official held it then."""
        found = []
        day = self.state.day
        if day is None:
            return found
        for m in _PLURAL_POSTS.finditer(sentence.text):
            words = m.group("post").lower()
            post = next(c for key, c in _PLURAL_POST_CONCEPT if key in words)
            found += self._holders_in_list(index, sentence, m, post, day, taken, m.group("post"))
        return found

    def _resolve_title(self, title, country, index, among=None):
        """The official a bare title stands for: the last one named who holds the post, else
        the issuing department's head, the next one named, the day's one holder; only among
        `among` when given."""
        concepts = _concepts(title)
        concept = next(iter(_specific(concepts)), None) or next(iter(concepts), None)
        if concept is None:
            return None
        day = self.state.day

        def fits(slug):
            if self.m.is_spokesperson(slug, day):
                return False
            has = self.m.concepts_on(slug, day) if day else self.m.all_concepts(slug)
            if concept not in has:
                return False
            if concept == "secretary" and not self._heads_department(slug, day):
                return False  # "the Secretary" is no deputy or assistant secretary
            return not country or country in self.m.countries(slug, day)

        for mention in reversed(self.state.mentions if among is None else among):
            slug = mention.person.slug
            if mention.kind != "group" and slug in self.m.people and fits(slug):
                return slug
        if among is not None:
            return None
        if concept == "secretary" and day is not None:
            # A bare "the Secretary" in a department's briefing or readout is its own secretary,
            # whoever else the text names after it.
            department = self._issuing_department()
            if department:
                holders = [s for s in self.m.holders(department, day, "US") if fits(s)]
                if len(holders) == 1:
                    return holders[0]
        later = [s for s in self.later_named if fits(s)]
        if later:
            return later[0]
        holders = [s for s in self.m.holders(concept, day, country) if fits(s)]
        if day is not None and len(holders) > 1 and not country:
            # A bare "the President" in a White House briefing is the country's own president;
            # in a news story, that of the country the story is about.
            own = self._issuing_country() or self._article_country()
            holders = [s for s in holders if own and own in self.m.countries(s, day)]
        if day is not None and len(holders) == 1:
            return holders[0]
        return None

    def _heads_department(self, slug, day):
        """Whether the official holds a secretary's post that day that no one else's title
        subordinates (not "Deputy Secretary of State", "Press Secretary")."""
        return any(
            "secretary" in f"{p.title} {p.role}".lower()
            and not _SUBORDINATE_SECRETARY.search(f"{p.title} {p.role.replace('-', ' ')}")
            for p, _ in self.m.positions.get(slug, [])
            if day is None or _held_on(p, day)
        )

    def _article_country(self):
        """The country the text names most, by its names and adjectives ("Israel", "Israeli"),
        when one clearly leads; "" otherwise."""
        if self._country is None:
            counts = Counter(
                _country_code(m.group())
                for m in _ONE_COUNTRY.finditer(f"{self.title}\n{self.body}")
            )
            counts.pop("", None)
            ranked = counts.most_common(2) + [("", 0), ("", 0)]
            clear = ranked[0][1] >= 2 and ranked[0][1] > 2 * ranked[1][1]
            self._country = ranked[0][0] if clear else ""
        return self._country

    def _issuing_country(self):
        """The country whose government issued the text: that of every spokesperson it names
        (a U.S. department's text when none), "" when that cannot be told."""
        countries = {
            m.person.country
            for m in self.state.mentions
            if m.spokesperson and m.person.slug in self.m.people
        }
        if len(countries) == 1:
            return next(iter(countries))
        return "US" if not countries and self._issuing_department() else ""

    def _issuing_department(self):
        """The U.S. department that issued the text: from its spokespeople's posts, else from
        the department the text names most; "" when that cannot be told."""
        if self._department is None:
            said = " ".join(
                position.title
                for m in self.state.mentions
                if m.spokesperson and m.person.slug in self.m.people
                for position, _ in self.m.positions.get(m.person.slug, [])
                if _held_on(position, self.state.day)
            )
            counts = {key: len(pattern.findall(said)) for key, pattern in _DEPARTMENTS}
            if not any(counts.values()):
                text = f"{self.title}\n{self.body}"
                counts = {key: len(pattern.findall(text)) for key, pattern in _DEPARTMENTS}
            ranked = sorted(counts.items(), key=lambda item: -item[1])
            clear = ranked[0][1] > 0 and ranked[0][1] > ranked[1][1]
            self._department = ranked[0][0] if clear else ""
        return self._department

    def group_mentions(self, index, sentence, taken):
        """ "the two leaders", "the officials": the last two officials named."""
        found = []
        for m in _GROUP.finditer(sentence.text):
            start, end = sentence.start + m.start(), sentence.start + m.end()
            if any(s < end and start < e for s, e in taken):
                continue
            people = []
            # "the two envoys" are two of one side, "the two leaders" usually one of each.
            same_side = re.search(_SAME_SIDE, m.group(0), re.I)
            by_side: dict[str, list] = {}
            for mention in reversed(self.state.mentions):
                if mention.kind == "group" or mention.spokesperson or mention.start >= start:
                    continue
                if _OWNER_OF_PERSON.match(self.body, mention.end):
                    continue  # "Trump's son-in-law", "the president's envoy": not one of them
                side = by_side.setdefault(mention.person.country if same_side else "", [])
                if mention.person.slug not in {p.slug for p in side}:
                    side.append(mention.person)
                if len(side) == 2:
                    people = side
                    break
            if len(people) == 2:
                found.append(
                    Mention(start, end, index, tuple(reversed(people)), "group", m.group(0))
                )
        for m in _GROUP_FROM.finditer(sentence.text):
            start, end = sentence.start + m.start(), sentence.start + m.end()
            people = self._named_next(index, end, m.group("list"))
            if people and not any(s < end and start < e for s, e in taken):
                found.append(Mention(start, end, index, people, "group", m.group(0)))
        return found

    def _named_next(self, index, end, countries):
        """ "Leaders from Israel, the UAE and Bahrain met": the officials of those countries the
        text names next (in this sentence or the two after it), one for each country; () when
        any country has none or several."""
        codes = [_country_code(c.group()) for c in _ONE_COUNTRY.finditer(countries)]
        if len(codes) < 2 or "" in codes:
            return ()
        following = [
            m
            for i in range(index, min(index + 3, len(self.per_sentence)))
            for m in self.per_sentence[i]
            if m.start >= end and m.kind != "group" and not m.spokesperson
        ]
        people = []
        for code in codes:
            found = {m.person.slug: m.person for m in following if m.person.country == code}
            if len(found) != 1:
                return ()
            people.extend(found.values())
        return tuple(people)

    # Whole article --------------------------------------------------------------------------
    def run(self):
        self.tokens = [_tokens(s.text, s.start) for s in self.sentences]
        spans = find_names(self.m.ruler, [s.text for s in self.sentences])
        self.known = [
            _known_at(tokens, found, s.start)
            for tokens, found, s in zip(self.tokens, spans, self.sentences, strict=True)
        ]
        per_sentence = self.per_sentence = []
        for index, sentence in enumerate(self.sentences):
            per_sentence.append(self.named_mentions(index, sentence))
        # Every official named anywhere, in order, for titles that point forward.
        self.later_named = []
        for mentions in per_sentence:
            for mention in mentions:
                slug = mention.person.slug
                if not mention.person.is_new and not mention.spokesperson:
                    self.state.named[slug] = self.state.named.get(slug, 0) + 1
                    if slug not in self.later_named:
                        self.later_named.append(slug)
        self._settle_namesakes(per_sentence)
        result = []
        targets = self.misspelling_targets()
        for index, sentence in enumerate(self.sentences):
            mentions = list(per_sentence[index])
            taken = [(m.start, m.end) for m in mentions]
            mentions += self.misspellings(index, taken, targets)
            mentions.sort(key=lambda m: m.start)
            # Titles and groups are resolved in reading order, against what came before.
            ordered = []
            extra = self.title_mentions(index, sentence, mentions)
            extra += self.envoy_mentions(
                index, sentence, [(m.start, m.end) for m in mentions + extra]
            )
            self.state.mentions.extend(mentions)  # the subject of "his ... counterparts"
            extra += self.counterpart_mentions(
                index, sentence, [(m.start, m.end) for m in mentions + extra]
            )
            del self.state.mentions[len(self.state.mentions) - len(mentions) :]
            extra += self.plural_post_mentions(
                index, sentence, [(m.start, m.end) for m in mentions + extra]
            )
            for mention in sorted(mentions + extra, key=lambda m: m.start):
                ordered.append(mention)
            taken = [(m.start, m.end) for m in ordered]
            self.state.mentions.extend(ordered)
            groups = self.group_mentions(index, sentence, taken)
            ordered = sorted(ordered + groups, key=lambda m: m.start)
            self.state.mentions.extend(groups)
            result.extend(ordered)
        return result


def find_mentions(
    article: ArticleText, sentences: list[Sentence], reference: Reference
) -> list[Mention]:
    """Every mention of an official in the sentences, in reading order."""
    return _ArticleScan(matcher_for(reference), article, sentences).run()
