"""Dates stage: the day each contact happened, how that was established, and honest partial
dates (a weekday, a year-less day and month) when the text does not pin the day."""

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from ingest.pipeline import tree
from ingest.pipeline.date_logic import (
    BASIS_RANK,
    WEEKDAY_NAMES,
    ReportedDate,
    Term,
    combine_reported_dates,
    dates_compatible,
    describe,
    in_terms,
    resolve_weekday,
    safe_date,
    year_for_month_day,
)
from ingest.pipeline.records import (
    ArticleText,
    ExtractedCall,
    ExtractedParticipant,
    PositionRef,
    Reference,
    Sentence,
)
from ingest.pipeline.status import looks_ahead

# ---------------------------------------------------------------------------------------------
# Words

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = {name.lower(): i for i, name in enumerate(WEEKDAY_NAMES)}
NUMBERS = {"a": 1, "one": 1, "the": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}

_MONTH = (
    r"(?P<month>jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?"
    r"|aug(?:ust|\.)?|sep(?:t(?:ember|\.)?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = r"(?:\s*(?:[-–]|to|through)\s*(?P<day2>[0-3]?\d))?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_I = re.IGNORECASE

# Ordered: where two patterns cover the same words, the earlier (fuller) one wins.
PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<day>[0-3]\d)\b")),
    ("full", re.compile(rf"\b{_MONTH}\s+{_DAY}{_DAY2},?\s+{_YEAR}\b", _I)),
    ("full", re.compile(rf"\b{_DAY}{_DAY2}\s+{_MONTH},?\s+{_YEAR}\b", _I)),
    ("numeric", re.compile(r"\b(?P<a>[01]?\d)[-/.](?P<b>[0-3]?\d)[-/.](?P<year>(?:19|20)\d\d)\b")),
    ("month_year", re.compile(rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}\b", _I)),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}{_DAY2}\b(?![:\d])", _I)),
    ("month_day", re.compile(rf"\b{_DAY}{_DAY2}\s+{_MONTH}(?![\w])", _I)),
    ("year", re.compile(rf"\b(?:in|during)\s+{_YEAR}\b(?![-/]\d)", _I)),
    (
        "today",
        re.compile(
            r"\b(?:(?:earlier|later)\s+)?(?:today|tonight|this\s+(?:morning|afternoon|evening))\b",
            _I,
        ),
    ),
    ("yesterday", re.compile(r"\b(?:yesterday|last\s+night)\b", _I)),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<mod>last|this\s+past|this|next)\s+)?{_WD}"
            r"(?:\s+(?:morning|afternoon|evening|night))?\b",
            _I,
        ),
    ),
    ("week", re.compile(r"\b(?:(?:earlier|later)\s+)?(?P<which>last|this|next)\s+week\b", _I)),
    ("month_rel", re.compile(r"\b(?:(?:earlier|later)\s+)?(?P<which>last|this)\s+month\b", _I)),
    (
        "term",
        re.compile(
            r"\b(?i:(?P<n>a|one|two|three|four|five|six|\d)\s+days?\s+after|the\s+day\s+after"
            r"|(?P<since>since)|on\s+the\s+day\s+of)\s+"
            r"(?P<poss>(?i:his|her|their)|[A-Z][\w-]+(?:'s|’s))\s+"
            r"(?i:(?P<event>confirmation|swearing[- ]in|inauguration|taking\s+office"
            r"|assuming\s+office))(?!\s+hearing)(?:\s+as\s+(?P<post>[^,.;()]{3,80}))?",
        ),
    ),
    (
        "term",
        re.compile(
            r"\b(?:(?P<n>a|one|two|three|four|five|six|\d)\s+days?\s+after|the\s+day\s+after)\s+"
            r"(?P<event>being\s+sworn\s+in|taking\s+office|assuming\s+office)"
            r"(?:\s+as\s+(?P<post>[^,.;()]{3,80}))?",
            _I,
        ),
    ),
    (
        "term",
        re.compile(
            r"\bin\s+(?P<poss>his|her|their)\s+(?P<first>first\s+week)(?:\s+(?:in|of)\s+office)?",
            _I,
        ),
    ),
    # "the same day", "earlier in the day", "that evening", "the next morning": the day of
    # what was told just before, or the one after it.
    (
        "offset",
        re.compile(
            r"\b(?:(?P<same>(?:(?:earlier|later)\s+(?:in\s+)?(?:the|that)\s+(?:same\s+)?day"
            r"|the\s+same\s+(?:day|morning|afternoon|evening|night)"
            r"|(?:(?:earlier|later)\s+)?that\s+(?:same\s+)?(?:day|morning|afternoon|evening|night)))"
            r"|(?P<next>the\s+(?:next|following)\s+(?:day|morning|afternoon|evening)))\b",
            _I,
        ),
    ),
    # Last, so that a term of office ("a day after his confirmation") wins over it.
    (
        "offset",
        re.compile(
            r"\b(?:(?P<n>a|one|two|three|four|five|six|\d)\s+days?|the\s+day)"
            r"\s+(?P<dir>after|before|earlier|later)\b",
            _I,
        ),
    ),
]

# What each of PATTERNS needs to match at all: a digit, and one of some lower-case words. Most
# sentences hold no date, and a substring test is far cheaper than running every pattern.
_NEEDS: list[tuple[bool, tuple[str, ...]]] = [
    (True, ()),  # iso
    (True, ()),  # full
    (True, ()),  # full
    (True, ()),  # numeric
    (True, ()),  # month_year
    (True, ()),  # month_day
    (True, ()),  # month_day
    (True, ()),  # year
    (False, ("today", "tonight", "this")),
    (False, ("yesterday", "night")),
    (False, ("day",)),  # weekday
    (False, ("week",)),
    (False, ("month",)),
    (False, ("confirmation", "swearing", "inauguration", "office")),
    (False, ("sworn", "office")),
    (False, ("week",)),
    (False, ("day", "morning", "afternoon", "evening", "night")),  # same or next day
    (False, ("day",)),  # offset
]
assert len(_NEEDS) == len(PATTERNS)
_DIGIT = re.compile(r"\d")
# Characters an IGNORECASE pattern matches to an ASCII letter but str.lower() does not map to it.
_ODD_CASE = ("\u0131", "\u017f", "\u0130")


def _patterns_for(text: str):
    """The PATTERNS that can match `text`, in order."""
    if any(ch in text for ch in _ODD_CASE):
        return PATTERNS
    digit = _DIGIT.search(text) is not None
    lowered = text.lower()
    return [
        entry
        for entry, (needs_digit, words) in zip(PATTERNS, _NEEDS, strict=True)
        if (digit or not needs_digit) and (not words or any(w in lowered for w in words))
    ]


# "the October 7 terrorist attacks", "since October 7": a date that names an event or a bound.
EVENT_AFTER = re.compile(
    r"^\s*(?:terror(?:ist)?\s+|hamas\s+)?(?:attacks?|massacres?|war\b|assault|invasion|offensive"
    r"|atrocit|pogrom|anniversary|accords?\b|agreement|elections?\b|terror)",
    _I,
)
# "WASHINGTON, March 7, 2017 — ": the statement's date at the head of its first sentence.
# A news agency's date line may give the day in another calendar first ("Jeddah, Dhu al-Hijjah
# 16, 1443, July 15, 2022, SPA --").
CITY_BEFORE = re.compile(r"^\s*[A-Z][A-Za-z .'-]{1,40},\s*(?:[^,\n\d]{3,30}\d{1,2},\s*\d{4},\s*)?$")
DASH_AFTER = re.compile(r"^\s*[—–]")
# "(Reuters) -", "(AP) —", ", SPA --": the agency, then a dash.
WIRE_AFTER = re.compile(r"^\s*(?:\([^()]{1,40}\)\s*|,\s*[A-Z]{2,6}\s*)?(?:--|[—–-])\s")
BOUND_BEFORE = re.compile(
    r"\b(?:since|until|till|before|after|by)\s+(?:the\s+)?$"
    # "since Biden took office on January 20": the date of the event that bounds the time.
    r"|\b(?:since|until)\s+(?:[\w'’.-]+\s+){1,5}(?:on|in)\s+$",
    _I,
)
EVENT_BEFORE = re.compile(
    r"\b(?:attacks?|strikes?|massacres?|assault|invasion|offensive|bombings?|raids?|elections?"
    r"|war|truce|ceasefire|atrocities|pogrom|incursion|shootings?|explosions?|killings?)"
    r"\s+(?:on|of)\s+(?:the\s+)?$",
    _I,
)
SINCE_BEFORE = re.compile(r"\b(?:since|until|till)\s+(?:last\s+)?$", _I)
# "released on Tuesday", "published by the Office of the Spokesperson on Jan. 31": the day of a
# statement, an anchor for relative words rather than the day of a contact.
STATEMENT_BEFORE = re.compile(
    # Released, published, issued or posted: a text is, "the hostages released yesterday" are not.
    r"(?:(?:^|\b(?:statement|readout|release|text|transcript|communiqu[e\u00e9]|note|letter|video"
    r"|remarks|report|announcement|document|post|tweet|it|which|this|that)\b[^.;]{0,40}?)"
    r"\b(?:released|published|issued|posted)\b|\b(?:dated|announced|tweeted)\b)"
    r"(?:\s+(?!(?:that|with|spoke|met|call|calls|called|talked|talks|held|hosted|meeting"
    r"|conversation|referred|about)\b)[\w.’'-]+){0,7}?"
    r"\s+(?:on\s+)?$",
    _I,
)
CONTACT_WORD = re.compile(
    r"\b(?:spoke|speak|speaking|met|meet|meets|meeting|call|called|calls|talk|talks|talked"
    r"|meetings|conversation|discuss\w*|held|hosted|phoned|travel\w*|visit\w*|trip|arriv\w*)\b",
    _I,
)

LINE = re.compile(r"[^\n]+")
# A line that is only a date (with its weekday, time, or "Published on"): the statement's date.
DATELINE = re.compile(
    rf"^\s*(?:(?:published|posted|released|issued)(?:\s+on)?:?\s*)?(?:{_WD},?\s+)?"
    r"(?P<rest>.{6,40}?)\s*(?:\d{1,2}:\d\d(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?\s*$",
    _I,
)
CITY_DATELINE = re.compile(
    r"^\s*[A-Z][A-Za-z .'-]{1,40},\s+(?P<rest>[A-Za-z]{3,9}\.?\s+\d[^—–]*?)\s*[—–]"
)
UPDATED = re.compile(r"\b(?:modified|updated|copyright|©|@\d)", _I)
TWEET_SIGNATURE = re.compile(
    r"^\s*[—–-]{1,2}\s*(?P<who>.{0,80}?)\(@(?P<handle>\w{1,30})\)\s*(?P<when>.{6,30}?)\s*$"
)
# A thread's header: "Secretary Antony Blinken (@SecBlinken) · May 20, 2021".
TWEET_HEADER = re.compile(
    r"^\s*(?P<who>[^\n]{0,80}?)\(@\w{1,30}\)\s*[\u00b7|\u2022-]\s*(?P<when>.{6,30}?)\s*$"
)
TWEET_MARKERS = re.compile(r"pic\.twitter\.com|\bt\.co/|^\s*\d/\d\s*$|^\s*(?:#\w+\s*)+$")
CAPTION_LINE = re.compile(
    r"^\s*(?:image|photo|picture|caption|file photo)\s*:|\bphoto by\b|\bcredit\s*:"
    r"|\bphoto:|/\s*pool\b|\bfile photo\b|\bgetty images\b|official .{0,30}photo",
    _I,
)
QUOTE_TWEETED = re.compile(
    r"^[\s,]*(?P<who>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(?:tweeted|wrote\s+on\s+(?:twitter|x)|posted)"
)
SECOND_DAY = re.compile(r"\b(?:second|final|last)\s+day\b", _I)
CAPTION_KIND = [
    ("phone", re.compile(r"\b(?:phone|telephone|calls?|called)\b", _I)),
    ("video", re.compile(r"\bvideo\b", _I)),
    (
        "other",
        re.compile(
            r"\b(?:press|news)\s+conference|\bpress\s+availability|\bstatements?\b"
            r"|\bspeaks?\s+to\s+(?:the\s+)?(?:press|reporters|media)|\btours?\b",
            _I,
        ),
    ),
    ("meeting", re.compile(r"\b(?:meets?|met|meeting|talks|greets?|welcomes?|hosts?|shake)\b", _I)),
]
WORD = re.compile(r"[a-z]+")
COUNTRY_WORDS = {
    "israeli",
    "israel's",
    "us",
    "u",
    "s",
    "american",
    "palestinian",
    "the",
    "of",
    "and",
    "for",
    "state's",
    "authority",
    "pa",
    "united",
    "states",
}

# ---------------------------------------------------------------------------------------------
# Expressions found in a sentence


@dataclass
class Expression:
    kind: str
    text: str
    start: int  # offset in the body
    end: int
    date: dt.date | None = None
    day2: int | None = None
    month_day: tuple[int, int] | None = None
    weekday: int | None = None
    modifier: str = ""
    statement: bool = False  # the day of a statement, not of a contact
    dateline: bool = False  # a date line's day without a year, read as the contact's day
    in_quote: bool = False
    groups: dict = field(default_factory=dict)


def _month(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")[:3]]


def _proper_case(token: str) -> bool:
    return token[:1].isupper()


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks; a quote left open runs to the end of the text."""
    spans, opened = [], None
    for i, ch in enumerate(text):
        if ch in '“”"':
            if opened is None and ch != "”":
                opened = i
            elif opened is not None and ch != "“":
                spans.append((opened, i))
                opened = None
    if opened is not None:
        spans.append((opened, len(text)))
    return spans


def find_expressions(text: str, offset: int = 0, *, lead: str = "") -> list[Expression]:
    """Every date expression in `text` (a sentence), strict: names, not bare numbers.

    `lead` is text just before the sentence, used to tell a quotation still open at its start.
    """
    taken: list[tuple[int, int]] = []
    found: list[Expression] = []
    quotes = _quote_spans(text)
    if lead.count("“") > lead.count("”") or lead.count('"') % 2:
        quotes.insert(0, (0, len(text)))
    for kind, pattern in _patterns_for(text):
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            g = m.groupdict()
            expr = Expression(kind, m.group(0).strip(), offset + s, offset + e, groups=g)
            if not _fill(expr, g):
                continue
            before, after = text[max(0, s - 80) : s], text[e : e + 40]
            if kind in ("full", "iso", "month_day", "numeric") and (
                EVENT_AFTER.match(after) or BOUND_BEFORE.search(before)
            ):
                continue
            if kind == "weekday" and SINCE_BEFORE.search(before):
                continue  # "their fifth call since Saturday": a bound, not the call's day
            if kind in ("full", "iso", "month_day", "numeric", "weekday") and EVENT_BEFORE.search(
                before
            ):
                continue  # "to discuss the attack on April 13": the day of another event
            expr.statement = (
                kind != "term"
                and bool(
                    STATEMENT_BEFORE.search(before)
                    or kind == "full"
                    and CITY_BEFORE.match(text[:s])
                    and DASH_AFTER.match(after)
                    # "Aug 22 (Reuters) - ...", "JERUSALEM, Jan 22 (AP) — ...": a wire dateline.
                    or kind in ("full", "month_day")
                    and (not text[:s].strip() or CITY_BEFORE.match(text[:s]))
                    and WIRE_AFTER.match(after)
                )
            )
            expr.in_quote = any(qs < s < qe for qs, qe in quotes)
            taken.append((s, e))
            found.append(expr)
    found.sort(key=lambda x: x.start)
    return found


def _fill(expr: Expression, g: dict) -> bool:
    """Read the groups into the expression; False when the words are not a date after all."""
    kind = expr.kind
    if g.get("month"):
        token = g["month"]
        # Lower-case "may" and "march" are a verb and a noun far more often than a month.
        if not _proper_case(token) and token.lower() in ("may", "mar", "march"):
            return False
        month = _month(token)
    if kind == "iso":
        expr.date = safe_date(int(g["year"]), int(g["m"]), int(g["day"]))
        expr.kind = "full"
        return expr.date is not None
    if kind == "numeric":
        a, b, year = int(g["a"]), int(g["b"]), int(g["year"])
        # Month first (US style) unless the first number cannot be a month.
        expr.date = safe_date(year, a, b) if a <= 12 else safe_date(year, b, a)
        expr.kind = "full"
        return expr.date is not None
    if kind == "full":
        expr.date = safe_date(int(g["year"]), month, int(g["day"]))
        expr.day2 = int(g["day2"]) if g.get("day2") else None
        return expr.date is not None
    if kind == "month_year":
        expr.date = dt.date(int(g["year"]), month, 1)
        return True
    if kind == "month_day":
        day = int(g["day"])
        if safe_date(2024, month, day) is None:
            return False
        expr.month_day = (month, day)
        expr.day2 = int(g["day2"]) if g.get("day2") else None
        return True
    if kind == "year":
        expr.date = dt.date(int(g["year"]), 1, 1)
        return True
    if kind == "weekday":
        token = g["wd"]
        if not (token.istitle() or token.isupper()):
            return False
        expr.weekday = WEEKDAYS[token.lower()]
        expr.modifier = (g.get("mod") or "").lower()
        return True
    if kind in ("week", "month_rel"):
        expr.modifier = g["which"].lower()
    if kind == "offset" and (g.get("same") or g.get("next")):
        expr.day2 = 1 if g.get("next") else 0
        expr.modifier = "backward"
        return True
    if kind == "offset":
        n = (g.get("n") or "one").lower()
        days = int(n) if n.isdigit() else NUMBERS[n]
        # "a day before/after <contact>" counts from the contact named after the words;
        # "a day earlier/later" from the contact reported before them.
        direction = g["dir"].lower()
        expr.day2 = days if direction in ("before", "later") else -days
        expr.modifier = "backward" if direction in ("earlier", "later") else ""
    return True


# ---------------------------------------------------------------------------------------------
# What the article says about itself: datelines, tweets, captions


@dataclass
class Anchor:
    """The day relative words are counted from; any part may be unknown."""

    date: dt.date | None
    label: str  # for notes: "the publication date", "the date of the tweet"
    kind: str  # publication | dateline | heading | tweet | event
    weekday: int | None = None
    month_day: tuple[int, int] | None = None


@dataclass
class Signature:
    start: int
    end: int
    who: str
    date: dt.date


@dataclass
class Caption:
    text: str
    date: dt.date
    date_text: str
    kind: str


def _absolute(text: str) -> tuple[dt.date, str] | None:
    """The first full date (day, month and year) in a short text."""
    for expr in find_expressions(text):
        if expr.kind == "full" and expr.date:
            return expr.date, expr.text
    return None


def _caption_kind(text: str) -> str:
    for kind, pattern in CAPTION_KIND:
        if pattern.search(text):
            return kind
    return "unknown"


class _Article:
    """What the stage reads once per article: anchors, signatures, captions, sentences."""

    def __init__(
        self, article: ArticleText, sentences: list[Sentence], reference: Reference, parses=None
    ):
        self.body = article.body
        self.parses = parses  # contacts.ParsedOnDemand, or None where no tree is to be had
        # A month or year of publication cannot anchor "today"; a bare date is taken as a day.
        self.published = (
            article.published if article.published_precision not in ("month", "year") else None
        )
        self.sentences = sorted(sentences, key=lambda s: s.start)
        self.starts = [s.start for s in self.sentences]
        self.reference = reference
        self.positions: dict[str, list[PositionRef]] = {}
        for position in reference.positions:
            self.positions.setdefault(position.slug, []).append(position)
        self.datelines: list[tuple[int, Anchor]] = []
        self.sign_offs: list[tuple[int, Anchor]] = []
        self.signatures: list[Signature] = []
        self.captions: list[Caption] = []
        self.caption_spans: list[tuple[int, int]] = []
        self.lines = [(m.start(), m.end()) for m in LINE.finditer(self.body)]
        for start, end in self.lines:
            self._read_line(start, end)
        # Lines the clean stage set aside; their offsets are taken as where they stood in the
        # body, which places a tweet's signature after the tweet's text.
        for caption in article.captions:
            self._read_line(caption.start, caption.end, caption.text)
        # A thread whose header became the title: its date dates the posts below it.
        header = TWEET_HEADER.match(article.title or "")
        if header and not self.published and (when := _absolute(header.group("when"))):
            self._add_dateline(0, when[0], f"the date of the post “{when[1]}”")
        self.signatures.sort(key=lambda s: s.start)
        self.datelines.sort(key=lambda d: d[0])

    def _read_line(self, start: int, end: int, text: str | None = None) -> None:
        line = self.body[start:end] if text is None else text
        sig = TWEET_SIGNATURE.match(line)
        if sig:
            when = _absolute(sig.group("when"))
            if when:
                self.signatures.append(Signature(start, end, sig.group("who"), when[0]))
            return
        if text is not None or CAPTION_LINE.search(line):
            if text is None:
                self.caption_spans.append((start, end))
            when = _absolute(line)
            if when:
                self.captions.append(Caption(line, when[0], when[1], _caption_kind(line)))
            return
        sign_off = SIGN_OFF_DATE.search(line)
        if sign_off and (when := _absolute(sign_off.group("when"))):
            label = f"the statement's sign-off “{when[1]}”"
            self.sign_offs.append((start + sign_off.start(), Anchor(when[0], label, "dateline")))
        header = TWEET_HEADER.match(line)
        if header and (when := _absolute(header.group("when"))):
            self._add_dateline(start, when[0], f"the date of the post “{when[1]}”")
            return
        if UPDATED.search(line) or len(line) > 200 or not any(c.isdigit() for c in line):
            return
        match = DATELINE.match(line)
        if match:
            rest = match.group("rest").strip().rstrip(" .,")
            when = _absolute(rest)
            if when and when[1] == rest:
                self._add_dateline(start, when[0], f"the date line “{when[1]}”")
                return
            # A live blog's day heading without a year ("Saturday, May 18"): the latest such
            # day up to the publication date.
            heading = DAY_HEADING.match(line)
            if heading and self.published:
                exprs = [e for e in find_expressions(line) if e.month_day]
                day = year_for_month_day(exprs[0].month_day, self.published, 0) if exprs else None
                if day is not None:
                    self._add_dateline(start, day, f"the heading “{line.strip()}”", "heading")
                    return
        city = CITY_DATELINE.match(line)
        if city and (when := _absolute(city.group("rest"))):
            self._add_dateline(start, when[0], f"the date line “{when[1]}”")

    def _add_dateline(self, offset: int, day: dt.date, label: str, kind: str = "dateline") -> None:
        # A date line far from the publication date is a banner (the day the page was
        # scraped) or a footer, not the date of the statement.
        if self.published and not (
            self.published - dt.timedelta(days=31) <= day <= self.published + dt.timedelta(days=1)
        ):
            return
        self.datelines.append((offset, Anchor(day, label, kind)))

    def in_caption(self, offset: int) -> bool:
        return any(s <= offset < e for s, e in self.caption_spans)

    def publication_anchor(self) -> Anchor | None:
        if self.published:
            return Anchor(self.published, "the publication date", "publication")
        return None

    def statement_anchor(self, offset: int) -> Anchor | None:
        """The nearest date line before `offset`, else the publication date."""
        i = bisect.bisect_right([d[0] for d in self.datelines], offset)
        if i:
            return self.datelines[i - 1][1]
        if not self.published:
            # "— Benny Gantz, Tel Aviv, September 21, 2020": a statement signed and dated at
            # its end is dated by that line.
            later = [anchor for at, anchor in self.sign_offs if at >= offset]
            if later:
                return later[0]
        return self.publication_anchor()

    def tweet_of(self, sentence: Sentence) -> Signature | None:
        """The signature of the embedded tweet holding `sentence`, if it is in one."""
        for sig in self.signatures:
            if sig.start < sentence.end:
                continue
            between = [
                self.body[s:e]
                for s, e in self.lines
                if s >= sentence.end and e <= sig.start and self.body[s:e].strip()
            ]
            # A tweet runs one line, or on over lines that carry its link or counter only.
            if len(between) <= 2 and all(TWEET_MARKERS.search(t) for t in between):
                return sig
            return None
        return None

    def quoted_tweet(self, sentence: Sentence) -> Signature | None:
        """The signed tweet a quotation in `sentence` comes from ('"...," Ashkenazi tweeted')."""
        tail = self.body[sentence.start : sentence.end + 400]
        closing = [i for i, ch in enumerate(tail) if ch in '”"']
        for i in closing:
            who = QUOTE_TWEETED.match(tail[i + 1 :])
            if who:
                surname = who.group("who").split()[-1].lower()
                signed = [s for s in self.signatures if surname in s.who.lower()]
                return signed[0] if len({s.date for s in signed}) == 1 else None
        return None

    def sentences_before(self, offset: int, limit: int) -> list[Sentence]:
        i = bisect.bisect_left(self.starts, offset)
        return list(reversed(self.sentences[max(0, i - limit) : i]))


# ---------------------------------------------------------------------------------------------
# Names, posts and terms


def _words(text: str) -> set[str]:
    return set(WORD.findall(text.lower().replace("-", " "))) - COUNTRY_WORDS


def _name_pattern(participant: ExtractedParticipant, reference: Reference) -> re.Pattern:
    names = {participant.name, participant.name.split()[-1] if participant.name else ""}
    names.update(reference.aliases.get(participant.slug, []))
    alternatives = sorted(
        (re.escape(n.replace("-", " ")).replace("\\ ", r"[\s-]") for n in names if len(n) > 2),
        key=len,
        reverse=True,
    )
    if not alternatives:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", _I)


def _title_matches(title: str, position: PositionRef) -> bool:
    said = _words(title)
    held = _words(position.title) | set(position.role.split("-"))
    held_title = _words(position.title)
    return bool(said) and (said <= held or (bool(held_title) and held_title <= said))


def _terms(
    participant: ExtractedParticipant, positions: list[PositionRef], post: str = ""
) -> list[Term]:
    """The spans of the post the text gives (or `post`), else of every post held."""
    wanted = post or participant.title
    if wanted:
        given = [(p.start, p.end) for p in positions if _title_matches(wanted, p)]
        if given:
            return given
    return [(p.start, p.end) for p in positions]


# ---------------------------------------------------------------------------------------------
# Findings: one date fact each, with how it was established


@dataclass
class Finding:
    report: ReportedDate
    note: str
    reasons: list[str] = field(default_factory=list)
    # Days from the article's contact reported just before ("a day after"), to be read
    # against that contact's day once it is known.
    offset: int | None = None
    # Where the contact it is read against is reported, when not simply the one before it.
    at: int | None = None


def _shift_partial(anchor: Anchor, days: int) -> tuple[int | None, tuple[int, int] | None]:
    weekday = (anchor.weekday + days) % 7 if anchor.weekday is not None else None
    month_day = None
    # Stepping back from 1 March could land on 28 or 29 February: then the day is not known.
    if (
        anchor.month_day
        and anchor.month_day != (2, 29)
        and not (anchor.month_day == (3, 1) and days < 0)
    ):
        shifted = dt.date(2023, *anchor.month_day) + dt.timedelta(days=days)
        month_day = (shifted.month, shifted.day)
    return weekday, month_day


def _resolve(
    expr: Expression, anchor: Anchor | None, call: ExtractedCall, sentence: str
) -> Finding | None:
    """One expression read against the day its relative words count from."""
    words = expr.text
    forward = call.status == "scheduled"
    if expr.kind == "full":
        day = expr.date
        if expr.day2:
            if SECOND_DAY.search(sentence):
                day = safe_date(day.year, day.month, expr.day2) or day
                note = f"“{words}”: the last day of the span, as the text says."
                return Finding(ReportedDate(day, "day", "explicit", text=words), note)
            note = f"“{words}” is a span; the first day is taken."
            return Finding(
                ReportedDate(day, "day", "explicit", text=words),
                note,
                [f"“{words}” spans several days; which one this contact was is not stated"],
            )
        return Finding(ReportedDate(day, "day", "explicit", text=words), f"Stated: “{words}”.")
    if expr.kind == "month_year":
        return Finding(ReportedDate(expr.date, "month", "explicit", text=words), f"“{words}”.")
    if expr.kind == "year":
        return Finding(ReportedDate(expr.date, "year", "explicit", text=words), f"“{words}”.")
    if expr.kind == "month_day":
        month_day = expr.month_day
        reasons = []
        if expr.day2:
            if SECOND_DAY.search(sentence):
                month_day = (month_day[0], expr.day2)
            else:
                reasons.append(f"“{words}” spans several days; this contact's day is not stated")
        if anchor and anchor.date:
            day = year_for_month_day(month_day, anchor.date)
            if day:
                note = f"“{words}” in the year of {anchor.label} ({describe(anchor.date)}): {describe(day)}."
                return Finding(ReportedDate(day, "day", "explicit", text=words), note, reasons)
        note = f"“{words}” without a year, and no dated anchor to take one from."
        return Finding(
            ReportedDate(None, "unknown", "explicit", month_day=month_day, text=words),
            note,
            reasons,
        )
    if expr.kind in ("today", "yesterday"):
        back = 0 if expr.kind == "today" else -1
        if anchor and anchor.date:
            day = anchor.date + dt.timedelta(days=back)
            if back == 0:
                basis = "explicit" if anchor.kind == "tweet" else "publication"
                note = f"“{words}”: {anchor.label}, {describe(day)}."
            else:
                basis = "relative"
                note = (
                    f"“{words}”: the day before {anchor.label} ({describe(anchor.date)}), "
                    f"so {describe(day)}."
                )
            return Finding(ReportedDate(day, "day", basis, text=words), note)
        if anchor:
            weekday, month_day = _shift_partial(anchor, back)
            return Finding(
                ReportedDate(
                    None, "unknown", "relative", weekday=weekday, month_day=month_day, text=words
                ),
                f"“{words}” relative to {anchor.label}, whose year is unknown.",
                [f"“{words}” cannot be dated: {anchor.label} has no year"],
            )
        return Finding(
            ReportedDate(None, "unknown", "unknown", text=words),
            f"“{words}”, but the publication date is unknown.",
            [f"“{words}” cannot be dated: the publication date is unknown"],
        )
    if expr.kind == "weekday":
        name = WEEKDAY_NAMES[expr.weekday]
        if anchor and anchor.date:
            if expr.modifier == "next":
                day = resolve_weekday(
                    expr.weekday, anchor.date + dt.timedelta(days=1), forward=True
                )
            elif expr.modifier in ("last", "this past"):
                day = resolve_weekday(expr.weekday, anchor.date - dt.timedelta(days=1))
            else:
                day = resolve_weekday(expr.weekday, anchor.date, forward=forward)
            side = "on or after" if forward or expr.modifier == "next" else "on or before"
            note = (
                f"“{words}”: the {name} {side} {anchor.label} ({describe(anchor.date)}), "
                f"so {describe(day)}."
            )
            return Finding(
                ReportedDate(day, "day", "relative", weekday=expr.weekday, text=words), note
            )
        return Finding(
            ReportedDate(None, "unknown", "relative", weekday=expr.weekday, text=words),
            f"“{words}”: a {name}, but the publication date is unknown, so not which one.",
            [f"only the weekday is known ({name}): the publication date is unknown"],
        )
    if expr.kind == "week":
        label = anchor.label if anchor else "an unknown publication date"
        return Finding(
            ReportedDate(None, "unknown", "relative", text=words),
            f"“{words}” relative to {label}: the day is not stated.",
            [f"only “{words}” is said: the day is not known"],
        )
    if expr.kind == "month_rel" and anchor and anchor.date:
        first = anchor.date.replace(day=1)
        if expr.modifier == "last":
            first = (first - dt.timedelta(days=1)).replace(day=1)
        note = f"“{words}” relative to {anchor.label}: {first:%B %Y}."
        return Finding(ReportedDate(first, "month", "relative", text=words), note)
    return None


def _term_anchor(
    expr: Expression,
    call: ExtractedCall,
    art: _Article,
    sentence: str,
    weekday: int | None,
    names: dict[str, re.Pattern],
) -> Finding | None:
    """'a day after his confirmation as secretary of state': the start of a post, plus days."""
    g = expr.groups
    poss, post = g.get("poss") or "", (g.get("post") or "").strip()
    # "as President Joe Biden's secretary of state": the post is what follows the possessive.
    post = re.sub(r"^.*(?:'s|’s)\s+", "", post)
    holders: list[tuple[str, list[PositionRef]]] = []
    if poss and poss[:1].isupper() and poss.lower() not in ("his", "her", "their"):
        surname = re.sub(r"(?:'s|’s)$", "", poss).lower()
        for person in art.reference.people:
            if person.name.lower().split()[-1:] == [surname]:
                holders.append((person.name, art.positions.get(person.slug, [])))
    else:
        # "his": the participant the sentence names first is its subject.
        order = sorted(
            (m.start(), p) for p in call.participants if (m := names[p.slug].search(sentence))
        )
        ranked = [p for _, p in order] + [
            p for p in call.participants if p not in [q for _, q in order]
        ]
        if post:
            ranked = [
                p
                for p in ranked
                if any(_title_matches(post, pos) for pos in art.positions.get(p.slug, []))
            ] or ranked
        holders = [(p.name, art.positions.get(p.slug, [])) for p in ranked[:1]]
    starts = []
    for who, positions in holders:
        chosen = [p for p in positions if post and _title_matches(post, p)] or positions
        starts += [(who, p) for p in chosen]
    if not starts:
        return None
    candidates = []
    for who, position in starts:
        if expr.groups.get("first") or expr.groups.get("since"):
            candidates.append((who, position, None))
            continue
        n = (g.get("n") or "the").lower()
        days = int(n) if n.isdigit() else NUMBERS[n]
        if expr.text.lower().startswith("on the day of"):
            days = 0
        candidates.append((who, position, position.start + dt.timedelta(days=days or 0)))
    if weekday is not None:
        fitting = [c for c in candidates if c[2] and c[2].weekday() == weekday]
        candidates = fitting or candidates
    if len({c[2] for c in candidates}) != 1:
        return None
    who, position, day = candidates[0]
    start = f"{who} took office as {position.title} on {describe(position.start)}"
    if day is None:
        if weekday is not None and expr.groups.get("first"):
            day = resolve_weekday(weekday, position.start, forward=True)
            note = f"“{expr.text}”: the {WEEKDAY_NAMES[weekday]} of the first week; {start}."
            return Finding(
                ReportedDate(day, "day", "term_of_office", weekday=weekday, text=expr.text), note
            )
        return Finding(
            ReportedDate(None, "unknown", "term_of_office", text=expr.text),
            f"“{expr.text}”: after {describe(position.start)} ({start}).",
        )
    reasons = []
    if weekday is not None and day.weekday() != weekday:
        reasons.append(
            f"“{expr.text}” gives {describe(day)}, but the text says {WEEKDAY_NAMES[weekday]}"
        )
    return Finding(
        ReportedDate(day, "day", "term_of_office", weekday=weekday, text=expr.text),
        f"“{expr.text}”: {start} (reference data), so {describe(day)}.",
        reasons,
    )


# ---------------------------------------------------------------------------------------------
# The stage


# Where a sentence reporting two contacts turns from one to the other: "A met B on Monday,
# and on Tuesday he met C".
DAY_HEADING = re.compile(
    rf"^\s*{_WD},?\s+(?:[A-Za-z]{{3,9}}\.?\s+\d{{1,2}}|\d{{1,2}}\s+[A-Za-z]{{3,9}})\s*$", _I
)
# "Dermer told an interviewer on Friday that he and Witkoff spoke on Thursday night": the day
# before "that" is the day of the telling.
REPORTED_SPEECH = re.compile(
    r"\b(?:told|said|says|tells|announced|confirmed|stated|disclosed|revealed)\b[^.;\"]{0,80}?"
    r"\bthat\b",
    _I,
)
# The end of a signed statement: "— Benny Gantz, Tel Aviv, September 21, 2020".
SIGN_OFF_DATE = re.compile(
    r"[\u2014\u2013]\s*[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,4},"
    r"(?:\s*[A-Z][\w'\u2019. -]{0,30},)?\s*(?P<when>[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}"
    r"|\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4})\s*\.?\s*$"
)
CLAUSE_BREAK = re.compile(
    r"[,;]\s+(?:and|but|while|whereas|before|after|then|where)\b|;\s+"
    # "met A on Tuesday and B on Wednesday": each day goes with its own person.
    r"|(?:(?<=monday)|(?<=tuesday)|(?<=wednesday)|(?<=thursday)|(?<=friday)|(?<=saturday)"
    r"|(?<=sunday))\s+and\b",
    _I,
)
# A verb between a contact word and a vague date: "met X to discuss the tariffs imposed last
# week" dates the tariffs, not the meeting.
OTHER_VERB = re.compile(
    r"\b(?!(?:met|called|hosted|held|talked|phoned|visited|received)\b)[a-z]{3,}ed\b"
)


def _own_spans(
    text: str,
    call: ExtractedCall,
    names: dict[str, re.Pattern],
    others: dict[str, re.Pattern],
    words: list[int] = (),
) -> list[tuple[int, int]] | None:
    """The clauses of a sentence that speak of this contact when the sentence also reports
    another one; None when the whole sentence counts. The clause holding the contact's own word
    (at the offsets `words`) is always its own, whoever else it names."""
    if not others or not CLAUSE_BREAK.search(text):
        return None
    cuts = [0, *(m.start() for m in CLAUSE_BREAK.finditer(text)), len(text)]
    spans = list(zip(cuts, cuts[1:], strict=False))

    def names_in(span, patterns):
        return any(p.search(text, span[0], span[1]) for p in patterns.values())

    own = [sp for sp in spans if names_in(sp, names) and not names_in(sp, others)]
    if not own:
        return None
    return [
        sp for sp in spans if not names_in(sp, others) or any(sp[0] <= w < sp[1] for w in words)
    ]


def _sentence_findings(
    sentence: Sentence,
    call: ExtractedCall,
    art: _Article,
    names: dict[str, re.Pattern],
    others: dict[str, re.Pattern] | None = None,
) -> tuple[list[Finding], Signature | None]:
    """Date facts about the contact in one sentence, each read against its own anchor."""
    text = art.body[sentence.start : sentence.end] if art.body else sentence.text
    if text != sentence.text:
        text = sentence.text  # offsets do not fit the body: trust the sentence's own text
    lead = art.body[max(0, sentence.start - 300) : sentence.start]
    exprs = find_expressions(text, sentence.start, lead=lead)
    tweet = art.tweet_of(sentence)
    quoted = art.quoted_tweet(sentence) if any(e.in_quote for e in exprs) else None
    base = (
        Anchor(tweet.date, "the date of the tweet", "tweet")
        if tweet
        else art.statement_anchor(sentence.start)
    )
    statement = next((e for e in exprs if e.statement), None)
    if statement and not tweet:
        resolved = _resolve(statement, base, ExtractedCall([]), text)
        if resolved and resolved.report.date is None and statement.kind == "month_day":
            # A wire dateline without a year ("Jan 22 (Reuters) -") cannot anchor a weekday;
            # the day it names is then the best word on the contact's day.
            statement.statement, statement.dateline = False, True
            statement = None
        elif resolved and (resolved.report.date or resolved.report.weekday is not None):
            r = resolved.report
            base = Anchor(
                r.date,
                f"the statement dated “{statement.text}”",
                "dateline",
                weekday=r.weekday if r.date is None else None,
                month_day=r.month_day,
            )
    speech = REPORTED_SPEECH.search(text)
    if speech and CONTACT_WORD.search(text, speech.end()):
        told_after = [e for e in exprs if e.start - sentence.start >= speech.end()]
        if told_after:
            exprs = [e for e in exprs if e.statement or e in told_after]
    spans = _own_spans(text, call, names, others or {})
    if spans is not None and not any(
        any(a <= e.start - sentence.start < b for a, b in spans) for e in exprs
    ):
        # No time words in its own clauses: those of the clause holding its contact word.
        words = [
            a[0] - sentence.start for a in call.anchors if sentence.start <= a[0] < sentence.end
        ]
        spans = _own_spans(text, call, names, others or {}, words)
    if spans is not None:
        # Words fronted before anybody is named ("In Amman the same day, A was received by B,
        # and afterwards held talks with C") date every clause that follows them.
        first_name = min(
            (
                m.start()
                for p in (*names.values(), *(others or {}).values())
                if (m := p.search(text))
            ),
            default=len(text),
        )
        exprs = [
            e
            for e in exprs
            if e.start - sentence.start < first_name
            or any(a <= e.start - sentence.start < b for a, b in spans)
        ]
    # "met B on Sunday, a day after her talks with C": for the talks, the words before "a day
    # after" date the other contact; only the offset and what follows it count.
    for expr in exprs:
        if expr.kind == "offset" and expr.modifier != "backward":
            rel = expr.start - sentence.start
            after, before = text[rel + len(expr.text) :], text[:rel]
            named_after = [p for p in call.participants if names[p.slug].search(after)]
            if named_after and not all(names[p.slug].search(before) for p in call.participants):
                exprs = [e for e in exprs if e.start >= expr.start]
            break
    exprs = _attached(exprs, sentence, call, art)
    weekday = next((e.weekday for e in exprs if e.kind == "weekday" and not e.statement), None)
    findings = []
    for expr in exprs:
        if expr.statement:
            continue
        rel = expr.start - sentence.start
        if expr.kind in ("week", "month_rel"):
            contact = [m for m in CONTACT_WORD.finditer(text, 0, rel)]
            if contact and OTHER_VERB.search(text, contact[-1].end(), rel):
                continue
        if expr.kind == "offset":
            after = text[rel + len(expr.text) :]
            before = text[:rel]
            # "met B on Sunday, a day after her talks with C": the talks with C are dated
            # against the contact told before the words, in the same sentence or earlier.
            named_after = [p for p in call.participants if names[p.slug].search(after)]
            counts = (
                expr.modifier == "backward"
                or (call.participants and len(named_after) == len(call.participants))
                or (
                    named_after and not all(names[p.slug].search(before) for p in call.participants)
                )
            )
            told = _day_told_before(art, expr.start, base) if expr.modifier == "backward" else None
            if counts and told:
                day = told[0] + dt.timedelta(days=expr.day2)
                note = f"“{expr.text}” after “{told[1]}” earlier in its paragraph: {describe(day)}."
                findings.append(Finding(ReportedDate(day, "day", "relative", text=expr.text), note))
            elif counts:
                findings.append(
                    Finding(
                        ReportedDate(None, "unknown", "relative", text=expr.text),
                        f"“{expr.text}” the contact reported before it.",
                        offset=expr.day2,
                    )
                )
            continue
        anchor = base
        if expr.in_quote and quoted:
            anchor = Anchor(quoted.date, "the date of the quoted tweet", "tweet")
        if expr.kind == "term":
            finding = _term_anchor(expr, call, art, text, weekday, names)
        else:
            finding = _resolve(expr, anchor, call, text)
        if finding:
            findings.append(finding)
    if not findings and statement is not None and base is not None and base.date is not None:
        # "Manama, Nov. 18 (BNA) — the Crown Prince met ...": a readout's lead with no other
        # date words tells a contact of the day its date line gives.
        findings.append(
            Finding(
                ReportedDate(base.date, "day", "explicit", text=statement.text),
                f"Told in the lead under the date line “{statement.text}”; its day is taken.",
            )
        )
    return findings, tweet


def _day_told_before(art: _Article, offset: int, anchor: Anchor | None):
    """The last day the same paragraph names before `offset`, and its words: what "the same
    day" or "a day later" counts from when the paragraph itself says it ("• Tuesday: ... In
    Amman the same day, ..."); None where the paragraph names no day before the words."""
    start = art.body.rfind("\n", 0, offset) + 1
    text = art.body[start:offset]
    for expr in reversed(find_expressions(text, start)):
        if expr.statement or expr.kind in ("offset", "term", "week", "month_rel", "year"):
            continue
        found = _resolve(expr, anchor, ExtractedCall([]), text)
        if found and found.report.is_day:
            return found.report.date, expr.text
    return None


def _attached(
    exprs: list[Expression], sentence: Sentence, call: ExtractedCall, art: _Article
) -> list[Expression]:
    """The time words that may date the contact: never those the tree hangs inside another
    noun phrase ("discussed Netanyahu's Feb. 15 visit"); of several, those hanging from the
    contact's own predicate ("Bennett, who arrived on Tuesday night, sat down on Wednesday
    with Blinken": Wednesday). A sentence that tells the contact again without its contact word
    ("The two discussed ...") is read from its main verb."""
    days = [e for e in exprs if not e.statement]
    if not days or art.parses is None:
        return exprs
    parse = art.parses.at(sentence.start)
    if parse is None:
        return exprs
    anchors = [a for a in call.anchors if sentence.start <= a[0] < sentence.end]
    predicate = tree.predicate_at(parse, *anchors[0]) if anchors else tree.root(parse)
    if predicate is None:
        return exprs
    if not anchors and call.status == "held" and looks_ahead(parse, predicate):
        # "Mr. Blinken is due in Israel on Wednesday": the day of a plan told after the contact.
        return [e for e in exprs if e.statement]
    # The small model often hangs the contact's own day on a noun of its clause; on a contact
    # word the tree only chooses between several days.
    if anchors and len(days) < 2:
        return exprs
    verdicts = {id(e): tree.attached_to(parse, e.start, e.end, predicate) for e in days}
    if anchors and True not in verdicts.values():
        return exprs
    return [e for e in exprs if verdicts.get(id(e)) is not False or e.dateline]


def _mentions(text: str, call: ExtractedCall, names: dict[str, re.Pattern]) -> int:
    return sum(1 for p in call.participants if names[p.slug].search(text))


def _caption_findings(
    call: ExtractedCall, art: _Article, names: dict[str, re.Pattern], own: list[Finding]
) -> list[Finding]:
    """Dates of photo captions showing the same people at the same kind of event."""
    if len(call.participants) < 2:
        return []
    found = []
    for caption in art.captions:
        if _mentions(caption.text, call, names) < len(call.participants):
            continue
        same_kind = caption.kind == call.mode or (call.mode == "video" and caption.kind == "phone")
        if call.mode == "unknown" and caption.kind == "meeting":
            # A photo shows people together; an undescribed contact is the same event only
            # when what the text says of its day fits the caption's date.
            told = [f.report for f in own if not f.report.is_empty]
            same_kind = bool(told) and all(
                dates_compatible(t, ReportedDate(caption.date, "day"), slack_days=0) for t in told
            )
        if not same_kind:
            continue
        found.append(
            Finding(
                ReportedDate(caption.date, "day", "explicit", text=caption.date_text),
                f"The photo caption “{caption.text.strip()[:90]}” dates the same "
                f"{caption.kind}: {describe(caption.date)}.",
            )
        )
    return found


def _positions_terms(call: ExtractedCall, art: _Article) -> list[list[Term]]:
    terms = []
    for p in call.participants:
        positions = art.positions.get(p.slug, [])
        if positions:
            terms.append(_terms(p, positions))
    return terms


def _apply(call: ExtractedCall, findings: list[Finding], art: _Article, index: int) -> list[str]:
    """Write the combined findings onto the call; return warnings."""
    warnings = []
    terms = _positions_terms(call, art)
    combined = combine_reported_dates([f.report for f in findings], terms)
    settled = combined.date is not None and combined.precision == "day"
    reasons = [r for f in findings for r in f.reasons if not (settled and f.report.date is None)]
    weekday = next((f.report.weekday for f in findings if f.report.weekday is not None), None)
    call.date, call.date_precision, call.date_basis = (
        combined.date,
        combined.precision,
        combined.basis,
    )
    call.weekday = weekday
    call.month_day = None
    if combined.date is None:
        call.month_day = next((f.report.month_day for f in findings if f.report.month_day), None)
    main = next(
        (
            f
            for f in sorted(findings, key=lambda f: -_rank(f))
            if f.report.date == combined.date and f.report.precision == combined.precision
        ),
        None,
    )
    if main and combined.date is not None:
        call.date_note = main.note
        call.date_basis = main.report.basis if combined.basis != "cross_source" else "cross_source"
    elif call.month_day or not findings or combined.date is not None:
        call.date_note = combined.note
    else:
        call.date_note = findings[0].note
    if combined.disputed:
        reasons.append("the text gives dates that disagree: " + combined.note)
    texts = []
    for f in findings:
        if (
            f.report.text
            and f.report.text not in texts
            and (
                combined.date is None
                or dates_compatible(f.report, ReportedDate(combined.date, combined.precision), 0)
            )
        ):
            texts.append(f.report.text)
    call.date_text = "; ".join(texts[:3])
    who = " – ".join(p.name for p in call.participants)
    if call.date is None and call.month_day:
        reasons.append(combined.note.rstrip("."))
    if call.date is None and not findings:
        reasons.append("the text gives no date for this contact")
    if call.date is not None and call.date_precision == "day":
        outside = _outside_terms(call, call.date, art)
        for p in call.participants:
            positions = art.positions.get(p.slug, [])
            if (
                p not in outside
                and positions
                and not in_terms(call.date, [(x.start, x.end) for x in positions])
            ):
                reasons.append(
                    f"{describe(call.date)} falls outside {p.name}'s recorded terms of office"
                )
        if outside:
            reasons.append(
                f"{describe(call.date)} falls outside {outside[0].name}'s recorded terms of "
                "office for the post the text gives, so it is not taken as the contact's day"
            )
            _fall_back_within_terms(call, findings, art)
    for reason in dict.fromkeys(reasons):
        if reason not in call.review_reasons:
            call.review_reasons.append(reason)
        warnings.append(f"call {index + 1} ({who}): {reason}")
    if reasons:
        call.needs_review = True
    return warnings


# Officials meet as nominees, envoys of a president-elect or ambassadors-designate: a day this
# close to a term of the post the text gives them is no contradiction.
_TERM_SLACK = dt.timedelta(days=60)


def _outside_terms(call: ExtractedCall, day: dt.date, art: _Article) -> list:
    """The participants the text gives a recorded post ("Secretary Rubio") who held no recorded
    post on this day, nor near it. A post the reference does not record says nothing."""
    outside = []
    for p in call.participants:
        positions = art.positions.get(p.slug, [])
        given = [x for x in positions if p.title and _title_matches(p.title, x)]
        near = [(x.start - _TERM_SLACK, x.end and x.end + _TERM_SLACK) for x in positions]
        if given and not in_terms(day, near):
            outside.append(p)
    return outside


def _fall_back_within_terms(call: ExtractedCall, findings: list[Finding], art: _Article):
    """A day no participant's terms allow is not published: the best other day the text gives
    that fits every term, or no day at all, for an editor to settle."""
    for f in sorted(findings, key=lambda f: -_rank(f)):
        r = f.report
        if r.date and r.precision == "day" and not _outside_terms(call, r.date, art):
            call.date, call.date_basis, call.date_note = r.date, r.basis, f.note
            return
    call.date_note = (
        f"The text gives {describe(call.date)}, when not every participant held the post the "
        "text gives them; the day is left for an editor."
    )
    call.date, call.date_precision, call.date_basis = None, "unknown", "unknown"


def _rank(finding: Finding) -> int:
    return BASIS_RANK.get(finding.report.basis, 0)


def assign_dates(
    calls: list[ExtractedCall],
    article: ArticleText,
    sentences: list[Sentence],
    reference: Reference,
    parses=None,
) -> list[str]:
    """Fill each call's date, precision, basis, words, note, weekday and year-less day from its
    evidence, the article's anchors (publication, date lines, tweets, captions) and terms of
    office; flag what stays uncertain. Returns warnings for the editor. With the contacts
    stage's parses, the time words hanging from each contact's predicate are preferred."""
    art = _Article(article, sentences, reference, parses)
    warnings: list[str] = []
    gathered: list[list[Finding]] = []
    everyone = {p.slug: p for call in calls for p in call.participants}
    patterns = {slug: _name_pattern(p, reference) for slug, p in everyone.items()}
    for call in calls:
        names = {p.slug: patterns[p.slug] for p in call.participants}
        others = {slug: pat for slug, pat in patterns.items() if slug not in names}
        findings: list[Finding] = []
        tweet = None
        for sentence in call.evidence:
            found, in_tweet = _sentence_findings(sentence, call, art, names, others)
            findings += found
            tweet = tweet or in_tweet
        if not findings and tweet:
            findings.append(
                Finding(
                    ReportedDate(tweet.date, "day", "explicit", text=describe(tweet.date)),
                    f"Reported in a tweet dated {describe(tweet.date)}; the same day is taken.",
                )
            )
        if not findings and call.evidence:
            findings = _context_findings(call, art, names)
        if not findings and call.evidence:
            findings = _present_tense_findings(call, art)
        if not findings and call.evidence:
            findings = _heading_findings(call, art)
        if not findings and call.setting == "transcript":
            findings = _transcript_findings(call, art)
        if not any(f.report.is_day for f in findings):
            findings += _caption_findings(call, art, names, findings)
        gathered.append(findings)

    undated = []
    for i, (call, findings) in enumerate(zip(calls, gathered, strict=True)):
        warnings += _apply(call, findings, art, i)
        if call.date is None:
            undated.append(i)
    if undated:
        warnings += _resolve_within_article(calls, gathered, undated, art)
    return warnings


# "Witkoff meets Netanyahu", "Austin speaks by phone with Gallant", "I just met": a live blog's
# entry, a headline or a statement tells the contact as it happens, so on the text's own day.
_PRESENT_CONTACT = re.compile(
    r"\b(?:meets|speaks|talks|hosts|receives|welcomes|calls|holds|phones|visits)\b"
    r"|\bjust\s+(?:met|spoke|concluded|finished|held|had|wrapped up|hung up)\b"
    # "Austin has landed in Tel Aviv, where he met Gallant": the news of the day it is told.
    r"|\b(?:has|have)\s+(?:just\s+)?(?:met|spoken|arrived|landed|held|hosted|received|talked)\b"
)


def _present_tense_findings(call: ExtractedCall, art: _Article) -> list[Finding]:
    anchor = art.statement_anchor(max(call.evidence[0].start, 0))
    if anchor is None or anchor.date is None:
        return []
    if not any(_PRESENT_CONTACT.search(s.text) for s in call.evidence[:2]):
        return []
    basis = "publication" if anchor.kind == "publication" else "explicit"
    report = ReportedDate(anchor.date, "day", basis, text="told in the present tense")
    note = f"Told in the present tense: the day of {anchor.label}, {describe(anchor.date)}."
    return [Finding(report, note)]


def _heading_findings(call: ExtractedCall, art: _Article) -> list[Finding]:
    """An entry with no date words under a live blog's day heading ("Saturday, May 18")."""
    anchor = art.statement_anchor(max(call.evidence[0].start, 0))
    if anchor is None or anchor.kind != "heading" or anchor.date is None:
        return []
    report = ReportedDate(anchor.date, "day", "explicit", text=anchor.label)
    return [Finding(report, f"Told under {anchor.label}: {describe(anchor.date)}.")]


def _transcript_findings(call: ExtractedCall, art: _Article) -> list[Finding]:
    """People speaking in turn in a transcript spoke on the day its date line gives."""
    anchor = art.statement_anchor(max(call.evidence[0].start, 0) if call.evidence else 0)
    if anchor is None or anchor.date is None:
        return []
    basis = "publication" if anchor.kind == "publication" else "explicit"
    report = ReportedDate(anchor.date, "day", basis, text="the transcript's date")
    return [Finding(report, f"A transcript of their exchange, dated {describe(anchor.date)}.")]


def _context_findings(
    call: ExtractedCall, art: _Article, names: dict[str, re.Pattern]
) -> list[Finding]:
    """Evidence without date words: the nearest earlier sentence about the same people that
    gives a date ("held conversations with Netanyahu and Abbas Sept. 5" … "also spoke with
    Abbas")."""
    first = min(call.evidence, key=lambda s: s.start)
    for sentence in art.sentences_before(first.start, 6):
        if art.in_caption(sentence.start) or not CONTACT_WORD.search(sentence.text):
            continue
        named = _mentions(sentence.text, call, names)
        if not named:
            continue
        found, _ = _sentence_findings(sentence, call, art, names)
        if found and all(f.offset is not None for f in found):
            # "A day earlier, Biden held talks with Lapid. He also met Netanyahu": the day of
            # the contact that sentence reports, once it is known.
            return [
                Finding(
                    ReportedDate(None, "unknown", "relative", text="the same day"),
                    "No date words; the day of the contact reported just before.",
                    offset=0,
                    at=sentence.start,
                )
            ]
        # Only a day, a weekday or a day and month: "In 2013" nearby is history, not this contact.
        found = [
            f
            for f in found
            if f.report.is_day or f.report.weekday is not None or f.report.month_day is not None
        ]
        if not found:
            continue
        for f in found:
            f.note = f"From an earlier sentence about the same contacts: {f.note}"
            if named < len(call.participants):
                f.reasons.append(
                    "date taken from a neighbouring sentence that names only some "
                    "of the participants"
                )
        return found
    return []


def _reported_before(
    call: ExtractedCall, pinned: list[ExtractedCall], at: int | None = None
) -> ExtractedCall | None:
    """The dated contact whose report comes last before this one's first sentence (or before
    the given offset)."""
    first = min(s.start for s in call.evidence) if call.evidence else 0
    if at is not None:
        first = at
    earlier = [c for c in pinned if c is not call and c.evidence and c.evidence[0].start <= first]
    return max(earlier, key=lambda c: c.evidence[0].start, default=None)


def _resolve_within_article(
    calls: list[ExtractedCall], gathered: list[list[Finding]], undated: list[int], art: _Article
) -> list[str]:
    """Undated contacts read against another contact of the same article whose day is pinned:
    a weekday counts back from it; a contact with no date words shares its day."""
    warnings = []
    pinned = [c for c in calls if c.date is not None and c.date_precision == "day"]
    week_pins = [c for c in pinned if c.weekday is not None]
    fresh: list[ExtractedCall] = []
    for i in undated:
        call = calls[i]
        who = " – ".join(p.name for p in call.participants)
        offset = next((f for f in gathered[i] if f.offset is not None), None)
        # A contact dated just now by the same words ("A day earlier, A met B and C") is no
        # reference for its sibling; one reported in an earlier sentence is.
        candidates = [
            c
            for c in pinned
            if c not in fresh or not call.evidence or c.evidence[0].start != call.evidence[0].start
        ]
        reference = _reported_before(call, candidates, offset.at) if offset else None
        if offset and reference is not None:
            call.date = reference.date + dt.timedelta(days=offset.offset)
            call.date_precision, call.date_basis = "day", "relative"
            call.date_text = offset.report.text
            call.date_note = (
                f"“{offset.report.text}” the contact with "
                f"{', '.join(p.name for p in reference.participants)}, dated "
                f"{describe(reference.date)}: {describe(call.date)}."
            )
            reason = "dated against another contact of the same article"
            pinned.append(call)  # a later contact may be read against this one in turn
            fresh.append(call)
        elif call.weekday is not None and week_pins and not art.published:
            pin = max(week_pins, key=lambda c: c.date)
            call.date = resolve_weekday(call.weekday, pin.date)
            call.date_precision = "day"
            call.date_basis = (
                "relative" if pin.date_basis in ("explicit", "publication") else (pin.date_basis)
            )
            call.date_note = (
                f"“{call.date_text}”: the {WEEKDAY_NAMES[call.weekday]} on or before another "
                f"contact of this article, dated {describe(pin.date)} ({pin.date_text}): "
                f"{describe(call.date)}."
            )
            reason = "dated against another contact of the same article"
        elif call.month_day and any((c.date.month, c.date.day) == call.month_day for c in pinned):
            pin = next(c for c in pinned if (c.date.month, c.date.day) == call.month_day)
            call.date, call.date_precision = pin.date, "day"
            call.date_basis = "cross_source"
            call.date_note = (
                f"“{call.date_text}”: the year of another contact of this article on the same "
                f"day ({', '.join(p.name for p in pin.participants)}): {describe(call.date)}."
            )
            reason = "year taken from another contact of the same article"
        elif all(f.offset is not None for f in gathered[i]) and pinned:
            slugs = {p.slug for p in call.participants}
            pin = next((c for c in pinned if slugs & {p.slug for p in c.participants}), None)
            if pin is None:
                continue
            call.date, call.date_precision = pin.date, "day"
            call.date_basis = (
                "relative" if pin.date_basis in ("explicit", "publication") else (pin.date_basis)
            )
            call.date_note = (
                f"No date words; taken to be the day of the article's contact with "
                f"{', '.join(p.name for p in pin.participants)}, {describe(pin.date)}."
            )
            reason = "the text gives no date; the day of a related contact is assumed"
        else:
            continue
        call.month_day = None
        call.needs_review = True
        call.review_reasons = [
            r for r in call.review_reasons if "only the weekday" not in r and "no date" not in r
        ]
        call.review_reasons.append(reason)
        warnings.append(f"call {i + 1} ({who}): {reason}")
    return warnings
