"""Page furniture out of flattened page text: menus, share lines, paywalls, teasers, captions.

The rules read the shape of a line (length, punctuation, bullets, repetition, position after a
"Related Posts" heading) and short keyword lists; none is tied to one site.
"""

import re
from dataclasses import dataclass
from datetime import date

from ingest.pipeline.records import ArticleText, Sentence

# ---------------------------------------------------------------------------------------------
# Dates as they appear on pages. Strict on purpose: a number is not a date unless it has the
# shape of one, and a year must be plausible for a news page.

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept\.?|sep\.?|oct\.?|nov\.?|dec\.?)"
)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_TIME = r"(?:(?:at\s+)?[012]?\d:[0-5]\d(?::[0-5]\d)?(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)"

DATE_PATTERN = (
    rf"(?:{_WEEKDAY},?\s+)?"
    r"(?:"
    rf"(?P<md_month>{_MONTH})\s+(?P<md_day>{_DAY})(?:,?\s+(?P<md_year>{_YEAR}))?(?![\d:])"
    rf"|(?P<dm_day>{_DAY})\s+(?P<dm_month>{_MONTH}),?\s+(?P<dm_year>{_YEAR})"
    r"|(?P<iso_year>(?:19|20)\d\d)-(?P<iso_month>[01]?\d)-(?P<iso_day>[0-3]?\d)(?![\d])"
    r"|(?P<num_a>[0-3]?\d)(?P<sep>[-/.])(?P<num_b>[0-3]?\d)(?P=sep)(?P<num_year>(?:19|20)\d\d)(?!\d)"
    rf"|(?P<my_month>{_MONTH})\s+(?P<my_year>{_YEAR})"
    r")"
)
DATE_RE = re.compile(DATE_PATTERN, re.IGNORECASE)
_DATE_LINE = re.compile(rf"^\s*{DATE_PATTERN}(?:\s*[,|\-–—]?\s*{_TIME})?\s*$", re.IGNORECASE)
_DATED = re.compile(
    rf"\b{_MONTH}\s+{_DAY}\b|\b{_DAY}\s+{_MONTH}\s+{_YEAR}|\b(?:19|20)\d\d-[01]\d-[0-3]\d\b",
    re.IGNORECASE,
)

EARLIEST_YEAR = 1990


@dataclass(frozen=True)
class PageDate:
    """A date read from a page: the day when known, else the month and day or the year alone."""

    value: date | None
    precision: str  # day | month | year | unknown
    month_day: tuple[int, int] | None = None
    text: str = ""


def parse_date_match(
    match: re.Match, *, latest_year: int | None = None, day_first: bool = False
) -> PageDate | None:
    """Turn a DATE_RE match into a PageDate, or None when the numbers are not a real date.

    `day_first` reads an ambiguous numeric date (12/03/2024) day first, as a page does that
    writes its other numeric dates that way."""
    latest = latest_year or date.today().year + 1
    groups = match.groupdict()
    text = match.group(0).strip()
    try:
        if groups["md_month"]:
            month = MONTHS[groups["md_month"].lower().rstrip(".")]
            day = int(re.sub(r"\D", "", groups["md_day"]))
            if groups["md_year"]:
                return _checked(int(groups["md_year"]), month, day, "day", text, latest)
            date(2000, month, day)  # raises on "February 31"
            return PageDate(None, "unknown", (month, day), text)
        if groups["dm_month"]:
            month = MONTHS[groups["dm_month"].lower().rstrip(".")]
            day = int(re.sub(r"\D", "", groups["dm_day"]))
            return _checked(int(groups["dm_year"]), month, day, "day", text, latest)
        if groups["iso_year"]:
            return _checked(
                int(groups["iso_year"]),
                int(groups["iso_month"]),
                int(groups["iso_day"]),
                "day",
                text,
                latest,
            )
        if groups["num_year"]:
            first, second = int(groups["num_a"]), int(groups["num_b"])
            # Dotted dates are European (day first); dashes and slashes follow the U.S. order
            # unless the first number cannot be a month.
            if groups["sep"] == "." or first > 12 or (day_first and second <= 12):
                first, second = second, first
            return _checked(int(groups["num_year"]), first, second, "day", text, latest)
        if groups["my_month"]:
            month = MONTHS[groups["my_month"].lower().rstrip(".")]
            return _checked(int(groups["my_year"]), month, 1, "month", text, latest)
    except (ValueError, KeyError):
        return None
    return None


def _checked(year, month, day, precision, text, latest) -> PageDate | None:
    if not EARLIEST_YEAR <= year <= latest:
        return None
    value = date(year, month, day)
    return PageDate(value, precision, (month, day) if precision == "day" else None, text)


_NUMERIC_DATE = re.compile(r"(?<![\d/.-])([0-3]?\d)[-/.]([0-3]?\d)[-/.](?:19|20)\d\d(?!\d)")


def writes_day_first(lines: list[str]) -> bool:
    """Whether the page writes numeric dates day first: one of them cannot be month first
    (13/03/2024) and none cannot be day first (03/13/2024)."""
    day_first = month_first = False
    for line in lines:
        for match in _NUMERIC_DATE.finditer(line):
            first, second = int(match.group(1)), int(match.group(2))
            day_first = day_first or (first > 12 and second <= 12)
            month_first = month_first or (second > 12 and first <= 12)
    return day_first and not month_first


def is_date_line(line: str) -> bool:
    """A line that holds nothing but a date (and maybe a weekday and a time)."""
    return len(line) < 80 and bool(_DATE_LINE.match(line))


def carries_date(line: str) -> bool:
    """True when the line names a day (month and day, or a full numeric date)."""
    return bool(_DATED.search(line))


# ---------------------------------------------------------------------------------------------
# Line shapes.

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\u00ad\ufeff]")
# Line ends are read from the right: a regex search for them would scan the whole line.
_CLOSERS = "\"'”’»)]"  # after the final stop: quotes and brackets
_QUOTES = "\"'”’"  # after an ellipsis


def _last(line: str, after: str) -> str:
    """The line as `$` sees its end (before one final newline), closing `after` characters cut."""
    if line.endswith("\n"):
        line = line[:-1]
    return line.rstrip(after)


def _ends_terminal(line: str) -> bool:
    """Ends with sentence or clause punctuation ("." "!" "?" ":" ";"), quotes allowed after."""
    return _last(line, _CLOSERS)[-1:] in (".", "!", "?", ":", ";")


def _ends_sentence(line: str) -> bool:
    """Ends like a sentence ("." "!" "?"), closing quotes and brackets allowed after."""
    return _last(line, _CLOSERS)[-1:] in (".", "!", "?")


def _ends_ellipsis(line: str) -> bool:
    """Trails off ("..." or "…"), closing quotes allowed after."""
    return _last(line, _QUOTES).endswith(("...", "…"))


_BULLET = re.compile(r"^(?:[•·▪◦●○■□►▸‣⁃*]|-(?=\s)|–(?=\s)|\d{1,2}[.)](?=\s))\s*")
_URL_ONLY = re.compile(r"^(?:[\w .-]{0,40}:\s*)?(?:https?://|www\.)\S+$", re.IGNORECASE)
_DOMAIN_ONLY = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,12}/?$", re.IGNORECASE)
_BYLINE = re.compile(r"^(?:by|written by|reported by|posted by)[\s:]+\S", re.IGNORECASE)
_LABELLED_DATE_LINE = re.compile(
    r"^(?:published|posted|updated|last\s+(?:modified|updated)|modified|date|released|issued)\b",
    re.IGNORECASE,
)
_TWEET_SIGNOFF = re.compile(r"^[—–-]\s*.{1,120}\(@\w{1,30}\)\s*.{0,40}\d{4}\s*$")
_BREADCRUMB = re.compile(r"^home\s*[»›>/|]|(?:[»›].*){2}", re.IGNORECASE)
_GLUED_CREDIT = re.compile(
    r"[a-z’'\")](?:AFP|Reuters|AP|Getty Images|Getty|Courtesy|Flash90|GPO|EPA|Pool|POOL"
    r"|Shutterstock|Wikimedia Commons|Wikipedia|iStock|Xinhua|Anadolu|ZUMA)\b[^.!?]{0,60}$"
)
_CAPTION = re.compile(
    r"^(?:image|photo|photograph|picture|caption|credit|file photo|main photo|top photo)\s*[:|]"
    r"|\|\s*(?:file\s+)?(?:photo|image|credit)\b"
    r"|\b(?:photo|photograph|image|picture)s?\s+(?:by|credit|courtesy)\b"
    r"|\bcredit\s*:"
    r"|\((?:photo|image|credit)[^)]{0,80}\)\s*$"
    # A credit in brackets closing the line: "(Haim Zach/GPO)", "(AP Photo/Ohad Zwigenberg)".
    r"|\([A-Z][\w.'’ -]{1,40}/\s?[A-Z][\w.'’ -]{1,40}\)\.?\s*$"
    r"|\b(?:photo|image)\s*:\s*\S"
    r"|\bgetty images\b|/\s*pool\b\.?\s*$"
    r"|\|\s*(?:www\.)?[a-z0-9-]+\.(?:gov|com|org|net|il|news)\s*$",
    re.IGNORECASE,
)

# Every match of _CAPTION holds one of these (in lower case).
_CAPTION_CUES = ("(", "|", "image", "photo", "picture", "caption", "credit", "getty", "pool")

# Lines that are furniture whatever their length.
_ALWAYS_FURNITURE = re.compile(
    r"\bdonat(?:e|es|ed|ing|ion|ions)\b|readers like you|every contribution|can we count on your support"
    r"|support (?:our|independent) journalism|become a (?:member|patron|part of our mission)"
    r"|does not take institutional positions|expressed herein are solely|originating organi[sz]ation"
    r"|^/?public release\b|official website of the united states government|\.gov website"
    r"|websites use (?:\.gov|https)|safely connected to the \.gov|here[’']?s how you know"
    r"|share sensitive information only on official",
    re.IGNORECASE,
)
# A literal that every match of _ALWAYS_FURNITURE holds (in lower case): most lines hold none,
# and the substring tests are far cheaper than the pattern.
_ALWAYS_FURNITURE_CUES = (
    "donat",
    "readers like you",
    "every contribution",
    "can we count on your support",
    "journalism",
    "become a ",
    "institutional positions",
    "expressed herein",
    "originating organi",
    "public release",
    "official website",
    ".gov",
    "websites use ",
    "how you know",
    "share sensitive information",
)
# Characters that an IGNORECASE pattern takes for an ASCII letter and str.lower() does not turn
# into it; a line holding one goes to the pattern whatever the cues say.
_ODD_CASE = ("\u0131", "\u017f", "\u0130")


def _may_hold(line: str, cues: tuple[str, ...]) -> bool:
    """False only when the line cannot match a pattern all of whose matches hold one of `cues`."""
    if "\u0131" in line or "\u017f" in line or "\u0130" in line:  # _ODD_CASE, spelt out: hot
        return True
    lowered = line.lower()
    for cue in cues:  # noqa: SIM110 - a loop, as any() over a generator costs twice as much here
        if cue in lowered:
            return True
    return False


def _always_furniture(line: str) -> bool:
    return _may_hold(line, _ALWAYS_FURNITURE_CUES) and bool(_ALWAYS_FURNITURE.search(line))


# Lines that are furniture when they are short enough not to be an article's paragraph.
# Prompts and page labels that only ever fill a short line: a sentence of an article may well
# start with "Share" or "Print", but not in eight words with nothing else.
_TINY_FURNITURE = re.compile(
    r"^(?:share|tweet|e-?mail|print|save|copy link|log ?in|sign ?in|sign up|register|opt in)\b"
    r"|^source\s*:|\b(?:stay connected|stay informed|get the latest)\b",
    re.IGNORECASE,
)
# Furniture phrases that an article paragraph about diplomacy does not use.
_SHORT_FURNITURE = re.compile(
    r"^follow\b.{0,80}\b(?:on|via)\b.{0,60}(?:facebook|twitter|instagram|telegram|google news|whatsapp|linkedin|youtube|\bx\b)"
    r"|^(?:subscribe|sign up|join|register|opt in)\b.{0,120}\b(?:newsletter|mailing list|updates|alerts|access|messages|email)"
    r"|\b(?:newsletter|mailing list|subscribe now|never miss)\b"
    r"|you have read (?:\d+|more than)|articles? (?:left )?this month|full access"
    r"|please (?:register|log ?in|sign ?in)|already a (?:subscriber|member)|continue reading"
    r"|loyal \w+ reader|premium (?:content|article)"
    r"|©|\(c\)\s*(?:19|20)\d\d|\bcopyright\b|all rights reserved|designed (?:and|&) developed|^powered by"
    r"|^hosted by|^@\s?(?:19|20)\d\d\b|terms (?:of|and) (?:use|service|conditions)|privacy policy"
    r"|cookie (?:policy|settings|preferences)|accessibility statement"
    r"|reproduced in full|press release was published by|view (?:it )?in full here"
    r"|^(?:organi[sz]ations|people|topics|companies|places) in this story$"
    r"|^(?:distribution channels|filed under|categories|category|tags|topics)\s*:",
    re.IGNORECASE,
)
_NAV_WORDS = re.compile(
    r"^(?:(?:scroll to top|back to top|go to top|top|skip to (?:main )?content|skip navigation|menu"
    r"|main menu|search|close|open menu|toggle navigation|advertisement|sponsored|loading|read more"
    r"|show more|load more|view all|see all|next|previous|home|print|listen|subscribe|log in|sign in)"
    r"[\s.…]*)+$",
    re.IGNORECASE,
)
_MEDIA_LABEL = re.compile(
    r"^(?:webp|jpe?g|png|gif|svg|avif|image|photo|video|gallery)\s*\d*$", re.IGNORECASE
)
_THREAD_COUNTER = re.compile(r"^\d{1,2}\s*/\s*\d{1,2}$")

# Headings after which the page shows teasers, menus or site blurbs rather than the article.
_ZONE_HEADINGS = {
    "related posts",
    "related articles",
    "related stories",
    "related news",
    "related content",
    "related coverage",
    "related reading",
    "related topics",
    "related",
    "read more",
    "read also",
    "also read",
    "see also",
    "more news",
    "more stories",
    "more articles",
    "more on this story",
    "you may also like",
    "you might also like",
    "you may be interested in",
    "recommended",
    "recommended for you",
    "recommended stories",
    "most read",
    "most popular",
    "most viewed",
    "popular",
    "popular posts",
    "trending",
    "trending now",
    "latest news",
    "latest stories",
    "latest posts",
    "latest",
    "top stories",
    "editor's picks",
    "editors' picks",
    "feature posts",
    "featured posts",
    "featured",
    "about us",
    "menu",
    "comments",
    "leave a comment",
    "leave a reply",
    "topics",
    "tags",
    "share this",
    "share this article",
    "stay connected",
    "next / previous",
    "previous / next",
    "read next",
    "up next",
    "what to read next",
    "###",
    "# # #",
    "-30-",
    "- 30 -",
    "ends",
}
_ZONE_HEADING_SHAPE = re.compile(
    r"^(?:more (?:news|stories|articles|from|in|on)\b.{0,40}|(?:related|recommended|popular|trending)\b.{0,30})$",
    re.IGNORECASE,
)


def normalise_line(line: str) -> str:
    """One line with unusual spaces made plain, invisible characters removed, ends trimmed."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()


def _key(line: str) -> str:
    return re.sub(r"[^\w@]+", " ", line.casefold()).strip()


def _words(line: str) -> int:
    # Lines are normalised to single spaces, so counting spaces is exact and fast on huge lines.
    return line.count(" ") + 1 if line else 0


# Keyword rules look at lines up to this many words; a longer line is the article's, or a blob.
_KEYWORD_WORDS = 150


def is_prose(line: str) -> bool:
    """A paragraph of running text: a dozen words or more ending like a sentence."""
    return (
        _words(line) >= 12
        and bool(_ends_sentence(line))
        and not _ends_ellipsis(line)
        and not (_words(line) <= _KEYWORD_WORDS and _always_furniture(line))
    )


def is_caption(line: str) -> bool:
    """A photo caption or image credit ("... | File photo: AFP", "Photo by ...", "Image: ...")."""
    if _words(line) > 80 or len(line) > 800:
        return False
    if _may_hold(line, _CAPTION_CUES) and _CAPTION.search(line):
        return True
    return _words(line) <= 30 and bool(_GLUED_CREDIT.search(line))


def is_zone_heading(line: str) -> bool:
    """A heading after which a page lists other articles or site information."""
    if len(line) > 80:
        return False
    key = line.casefold().strip().rstrip(":").strip()
    key = re.sub(r"\s+", " ", key)
    if key in _ZONE_HEADINGS:
        return True
    return _words(line) <= 5 and not _ends_terminal(line) and bool(_ZONE_HEADING_SHAPE.match(key))


def is_furniture(line: str) -> bool:
    """A line that belongs to the page, not to the article, wherever it stands."""
    words = _words(line)
    if words > _KEYWORD_WORDS:
        return False
    if _always_furniture(line):
        return True
    if words <= 30 and _SHORT_FURNITURE.search(line):
        return True
    if words <= 8 and _TINY_FURNITURE.search(line):
        return True
    if words <= 12 and (
        _NAV_WORDS.match(line)
        or _MEDIA_LABEL.match(line)
        or _THREAD_COUNTER.match(line)
        or _URL_ONLY.match(line)
        or _DOMAIN_ONLY.match(line)
        or _BREADCRUMB.search(line)
        or is_date_line(line)
    ):
        return True
    if words <= 12 and _BYLINE.match(line):
        return True
    if words <= 14 and _LABELLED_DATE_LINE.match(line) and DATE_RE.search(line):
        return True
    if _is_pipe_list(line):
        return True
    # Teaser stubs and prompts: a few words trailing off ("Just before you scroll on...").
    return words <= 8 and bool(_ends_ellipsis(line))


def _is_pipe_list(line: str) -> bool:
    """ "By U.S. Mission Egypt | 5 November, 2023 | Topics: ..." or "Privacy | Terms | FOIA"."""
    if line.strip() in ("|", "||"):
        return True
    parts = [p.strip() for p in line.split("|")]
    if len(parts) < 2:
        return False
    if len(parts) == 2 and parts[1] == "" and _words(parts[0]) <= 8:
        return True  # "Join the mailing list |"
    # A table row whose last cell is a sentence ("Rubio spoke with Safadi about Gaza.") is text.
    if _words(parts[-1]) >= 5 and _ends_terminal(parts[-1]):
        return False
    return len(parts) >= 3 and all(_words(p) <= 8 for p in parts)


def is_tweet_signoff(line: str) -> bool:
    """'— Secretary Antony Blinken (@SecBlinken) February 22, 2021': dates a quoted tweet."""
    return bool(_TWEET_SIGNOFF.match(line))


def _is_short(line: str) -> bool:
    """Heading-sized: six words or fewer and no sentence punctuation at the end."""
    return _words(line) <= 6 and not _ends_terminal(line) and not is_tweet_signoff(line)


def _is_bullet_headline(line: str) -> bool:
    match = _BULLET.match(line)
    if not match:
        return False
    rest = line[match.end() :]
    return _words(rest) <= 20 and not _ends_sentence(rest)


# ---------------------------------------------------------------------------------------------
# The cleaner.


@dataclass
class CleanedText:
    title: str
    paragraphs: list[str]
    captions: list[str]


def flatten_lines(text: str) -> list[str]:
    """Normalised lines with hard-wrapped paragraph lines joined; "" marks a blank line."""
    lines = [normalise_line(line) for line in text.split("\n")]
    # A text wrapped at a fixed width (mail, wire copy) has no long lines and many near the width.
    wrapped = (
        not any(len(line) > 100 for line in lines) and sum(len(line) >= 50 for line in lines) >= 3
    )
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        continues = bool(line) and (line[0].islower() or (wrapped and len(previous) >= 45))
        if (
            continues
            and previous
            and not _ends_terminal(previous)
            and not _BULLET.match(line)
            and not _BULLET.match(previous)
            and _words(previous) >= 6
        ):
            joined[-1] = f"{previous} {line}"
        else:
            joined.append(line)
    return joined


def clean_lines(text: str, *, title_hint: str = "") -> CleanedText:
    """Split flattened page text into the headline, the article paragraphs and dated captions."""
    units = [line for line in flatten_lines(text) if line]
    keys = [_key(line) for line in units]
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1

    title = normalise_line(title_hint) or _find_title(units, keys, counts)
    title_key = _key(title) if title else ""

    verdicts = [_classify(line, key, counts) for line, key in zip(units, keys, strict=True)]
    _drop_short_runs(units, verdicts)

    paragraphs: list[str] = []
    captions: list[str] = []
    seen: set[str] = set()
    in_zone = False
    pending: str | None = None
    for line, key, verdict in zip(units, keys, verdicts, strict=True):
        if (
            title_key
            and not is_prose(line)
            and (key == title_key or _is_title_echo(key, title_key))
        ):
            continue
        if verdict == "zone":
            # Above the article a "Menu" or "Topics" heading is a label; below it, the end.
            if any(is_prose(p) for p in paragraphs):
                in_zone, pending = True, None
            continue
        if verdict == "caption":
            if not in_zone and carries_date(line) and key not in seen:
                captions.append(line)
            seen.add(key)
            continue
        if in_zone:
            # Teasers never run to two paragraphs of prose in a row; an article resuming does.
            if verdict == "keep" and is_prose(line) and key not in seen:
                if pending is not None:
                    paragraphs.extend([pending, line])
                    seen.update({_key(pending), key})
                    in_zone, pending = False, None
                else:
                    pending = line
            else:
                pending = None
            continue
        if verdict != "keep" or key in seen:
            continue
        seen.add(key)
        paragraphs.append(line)
    return CleanedText(title=title, paragraphs=paragraphs, captions=captions)


def _is_title_echo(key: str, title_key: str) -> bool:
    """A breadcrumb or image alt that repeats the headline ("Home » Blog » <headline>")."""
    if len(title_key) < 20 or len(key) > len(title_key) + 40:
        return False
    return key.startswith(title_key) or key.endswith(title_key)


def _classify(line: str, key: str, counts: dict[str, int]) -> str:
    if is_zone_heading(line):
        return "zone"
    if is_caption(line):
        return "caption"
    if is_tweet_signoff(line):
        return "keep"
    if is_furniture(line) or _is_bullet_headline(line):
        return "drop"
    words = _words(line)
    if words <= 3 and not _ends_terminal(line):
        return "drop"
    # A short line that recurs is a menu or a label; a recurring paragraph is kept once.
    if counts.get(key, 0) > 1 and words <= 8 and not is_prose(line):
        return "drop"
    return "keep"


def _drop_short_runs(units: list[str], verdicts: list[str]) -> None:
    """Heading-sized lines next to other heading-sized or furniture lines are a menu or header."""
    for i, line in enumerate(units):
        if verdicts[i] != "keep" or not _is_short(line):
            continue
        neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(units)]
        if any(
            verdicts[j] in ("drop", "zone") or (verdicts[j] == "keep" and _is_short(units[j]))
            for j in neighbours
        ):
            verdicts[i] = "drop-run"
    for i, verdict in enumerate(verdicts):
        if verdict == "drop-run":
            verdicts[i] = "drop"


def _find_title(units: list[str], keys: list[str], counts: dict[str, int]) -> str:
    """The headline: a headline-shaped line above the first paragraph of prose, best scored."""
    best, best_score = "", 0
    for i, line in enumerate(units):
        if is_prose(line) or i > 200:
            break
        words = _words(line)
        if (
            # A transcript's heading may list every party ("Remarks in a Virtual Meeting With
            # ... of Israel, ... of the United Arab Emirates, and ... of India"); an editor's
            # note in brackets is no headline.
            not 3 <= words <= 40
            or len(line) > 300
            or line.startswith("[")
            or re.search(r"[.,;:]$", line)
            or is_furniture(line)
            or is_caption(line)
            or is_zone_heading(line)
            or _BULLET.match(line)
        ):
            continue
        key = keys[i]
        score = 0
        if counts.get(key, 0) > 1 or any(
            j != i
            and len(key) >= 20
            and other != key
            and key in other
            and len(other) < len(key) + 40
            for j, other in enumerate(keys)
        ):
            score += 3
        if 5 <= words <= 25:
            score += 2
        capitalised = sum(1 for w in line.split() if w[:1].isupper())
        if capitalised >= 0.6 * words:
            score += 1
        following = next(
            (u for u in units[i + 1 : i + 6] if not is_date_line(u) and not is_furniture(u)), ""
        )
        if following and (
            is_prose(following) or _BYLINE.match(following) or _words(following) > words
        ):
            score += 1
        if words <= 3:
            score -= 3
        if score > best_score:
            best, best_score = line, score
    return best


def clean_plain_text(text: str, *, title_hint: str = "") -> ArticleText:
    """The text path of extract_main_text: body paragraphs, headline, dated captions."""
    cleaned = clean_lines(text, title_hint=title_hint)
    warnings: list[str] = []
    paragraphs = cleaned.paragraphs
    if not paragraphs:
        # Better a rough body than none: keep the running text the rules took for furniture.
        paragraphs = [line for line in flatten_lines(text) if is_prose(line)]
        if paragraphs:
            warnings.append(
                "The page furniture rules removed every line; the body keeps the longer paragraphs."
            )
    return ArticleText(
        body="\n\n".join(paragraphs),
        title=cleaned.title,
        captions=[Sentence(text=c, start=-1, end=-1) for c in cleaned.captions],
        warnings=warnings,
    )
