"""Stage 3: title, authors, URL, outlet and publication date of an article, each from its best source.

Order of trust for the date: sidecar > HTML metadata > a labelled date ("Published on ...") > a
dateline at the top > a date in the URL path. A banner, "Last modified", a footer year or a date
inside the story is not a publication date.
"""

import dataclasses
import functools
import re
from datetime import date
from urllib.parse import urlsplit

from ingest.pipeline.clean_html import visible_text
from ingest.pipeline.clean_text import (
    DATE_PATTERN,
    DATE_RE,
    PageDate,
    is_caption,
    is_date_line,
    is_furniture,
    is_prose,
    is_zone_heading,
    normalise_line,
    parse_date_match,
    writes_day_first,
)
from ingest.pipeline.decode import decode_bytes
from ingest.pipeline.records import ArticleText, IngestError, OutletRef, SourceInput

_LABELLED = re.compile(
    r"(?<![\w-])(?P<label>published|posted|released|issued|publication date|date published)\b"
    rf"(?:\s+on)?\s*[:\-–]?\s*(?P<date>{DATE_PATTERN})",
    re.IGNORECASE,
)
# "published by the Office of the Spokesperson on Jan. 31": who published, then when.
_LABELLED_LATE = re.compile(
    r"(?<![\w-])(?P<label>published|posted|released|issued)\s+by\s+[^.;]{1,80}?\s+on\s+"
    rf"(?P<date>{DATE_PATTERN})",
    re.IGNORECASE,
)
_NOT_PUBLICATION = re.compile(r"\b(?:last\s+)?(?:modified|updated|edited)\b", re.IGNORECASE)
_DATELINE = re.compile(
    rf"^[A-Z][A-Za-z.'’ -]{{1,40}}(?:\([^)]{{1,30}}\))?,\s*(?P<date>{DATE_PATTERN})\s*(?:\([^)]{{1,30}}\)\s*)?(?:[—–-]|$)",
    re.IGNORECASE,
)
_CAPS_LABEL_DATE = re.compile(
    rf"^(?-i:[A-Z][A-Z .,'&/-]{{3,60}})\s+(?P<date>{DATE_PATTERN})$", re.IGNORECASE
)
# A heading that ends with its date: "Department Press Briefing – January 22, 2024".
_HEADING_DATE = re.compile(
    rf"^(?P<head>[A-Z][^.!?]{{2,100}}?)\s+[—–|-]\s+(?P<date>{DATE_PATTERN})\s*$", re.IGNORECASE
)
_FACT_SEPARATOR = re.compile(r"\s+[|/\u00b7\u2022]\s+")
# "Updated June 8, 2017 3:12 PM ET" under a headline: the story's day when nothing better is given.
_UPDATED = re.compile(rf"^updated(?:\s+on)?\s*:?\s*(?P<date>{DATE_PATTERN})", re.IGNORECASE)
_URL_DAY = re.compile(r"/((?:19|20)\d\d)[/-]([01]?\d)[/-]([0-3]?\d)(?:[/_-]|$)")
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/([01]?\d)(?:/|$)")
_URL_YEAR = re.compile(r"/((?:19|20)\d\d)(?:/|$)")

_BYLINE = re.compile(r"^(?:by|written by|reported by)\b[\s:]+(?P<names>.+)$", re.IGNORECASE)
_NAME_PARTICLES = {
    "bin",
    "al",
    "el",
    "de",
    "del",
    "van",
    "von",
    "ben",
    "la",
    "le",
    "du",
    "da",
    "der",
    "di",
}
_NOT_A_PERSON = re.compile(
    r"\b(?:admin|administrator|staff|editors?|editorial|team|desk|reporters?|correspondents?|news"
    r"|report|press|release|office|mission|agency|bureau|department|ministry|embassy|service|wire"
    r"|writer|contributor|guest|published|updated|posted|associated|reuters|afp|newsroom|online"
    r"|media|channel|group|spokesperson)\b",
    re.IGNORECASE,
)
_TOP_LINES = 120


def complete_metadata(
    article: ArticleText, source: SourceInput, outlets: list[OutletRef]
) -> ArticleText:
    """A copy of the article with title, authors, URL, outlet and publication date filled in."""
    result = dataclasses.replace(
        article,
        authors=list(article.authors),
        captions=list(article.captions),
        warnings=list(article.warnings),
    )
    lines = _page_lines(source, article)
    top = _lines_before_teasers(lines)

    result.title = normalise_line(source.title) or result.title
    result.url = (source.url or "").strip() or result.url
    authors = [name for name in (_person_name(a) for a in result.authors) if name]
    result.authors = authors or _byline_authors(top) or _speaker_above(top, result.title)
    _fill_outlet(result, source, outlets, lines)
    _fill_published(result, source, top)
    return result


# ---------------------------------------------------------------------------------------------
# The page as lines.


def _page_lines(source: SourceInput, article: ArticleText) -> list[str]:
    """Every line of the page as it came (the body alone when the raw input is not at hand)."""
    text = ""
    if source.raw:
        try:
            text, kind = decode_bytes(source.raw, max_bytes=max(len(source.raw), 1))
        except IngestError:
            text, kind = "", "text"
        if kind == "html":
            text = visible_text(text)
    if not text:
        text = article.body
    return [line for line in (normalise_line(raw) for raw in text.split("\n")) if line]


def _lines_before_teasers(lines: list[str]) -> list[str]:
    top = []
    for line in lines[: _TOP_LINES * 4]:
        if is_zone_heading(line):
            break
        top.append(line)
    return top


# ---------------------------------------------------------------------------------------------
# Authors.


def _byline_authors(top: list[str]) -> list[str]:
    prose_seen = 0
    for line in top[:_TOP_LINES]:
        if is_prose(line) and not is_caption(line):
            prose_seen += 1
            if prose_seen > 2:
                break
        match = _BYLINE.match(line)
        if not match:
            continue
        names = re.split(r"\s*\|\s*|\s+[—–-]\s+|\s+on\s+|\d", match.group("names"))[0]
        found = [_person_name(part) for part in re.split(r",\s*|\s+and\s+|\s*&\s*", names)]
        # The first byline decides, even when it names no person ("by admin").
        return [name for name in found if name]
    return []


# What a transcript's title says its text is: the words of the person named above it.
SPEECH_TITLE = re.compile(
    r"^(?:remarks|statement|address|interview|press conference|joint statement|readout)\b", re.I
)


def _speaker_above(top: list[str], title: str) -> list[str]:
    """A transcript's speaker: a line that is only a person's name, right above a title that
    says the text is their remarks ("Joe Biden" / "Remarks in a Virtual Meeting With ...")."""
    if not title or not SPEECH_TITLE.match(title):
        return []
    for before, line in zip(top, top[1:], strict=False):
        if line == title:
            name = _person_name(before)
            return [name] if name and name == before.strip() else []
    return []


def _person_name(text: str) -> str:
    """A person's name, or "" for a site, a desk, a role or a login ("admin", "ILH Staff")."""
    name = normalise_line(re.sub(r"^by\s+", "", text.strip(), flags=re.IGNORECASE)).strip(" ,.;:")
    if not name or len(name) > 60 or re.search(r"\d|@|https?:", name) or _NOT_A_PERSON.search(name):
        return ""
    if name.isupper():
        name = name.title()
    tokens = name.split()
    if not 2 <= len(tokens) <= 5:
        return ""
    for token in tokens:
        if token.lower() in _NAME_PARTICLES:
            continue
        if not token[:1].isupper():
            return ""
    return name


# ---------------------------------------------------------------------------------------------
# Outlet.


def _name_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def _host(url: str) -> str:
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def _by_name(name: str, outlets: list[OutletRef]) -> OutletRef | None:
    key = _name_key(name)
    if not key:
        return None
    for outlet in outlets:
        if key in (_name_key(outlet.name), _name_key(outlet.slug)):
            return outlet
    return _by_domain(name.strip().lower(), outlets)[0] if "." in name else None


def _by_domain(host: str, outlets: list[OutletRef]) -> tuple[OutletRef | None, str]:
    """The outlet owning host or a parent domain of it; the longest (most specific) domain wins."""
    host = host[4:] if host.startswith("www.") else host
    best, best_domain = None, ""
    for outlet in outlets:
        for domain in outlet.domains:
            domain = domain.lower().strip()
            domain = domain[4:] if domain.startswith("www.") else domain
            owns = domain and (host == domain or host.endswith("." + domain))
            if owns and len(domain) > len(best_domain):
                best, best_domain = outlet, domain
    return best, best_domain


def _use(result: ArticleText, outlet: OutletRef, domain: str = "") -> None:
    result.outlet_name = outlet.name
    result.outlet_domain = domain or (outlet.domains[0] if outlet.domains else "")


def _fill_outlet(
    result: ArticleText, source: SourceInput, outlets: list[OutletRef], lines: list[str]
) -> None:
    host = _host(result.url)
    site_name = result.outlet_name  # what the page's markup calls its site, if anything
    if source.outlet.strip():
        outlet = _by_name(source.outlet, outlets)
        if outlet:
            owner, domain = _by_domain(host, [outlet]) if host else (None, "")
            _use(result, outlet, domain if owner else "")
        else:
            result.outlet_name, result.outlet_domain = source.outlet.strip(), host
        return
    if host:
        outlet, domain = _by_domain(host, outlets)
        if outlet:
            _use(result, outlet, domain)
        else:
            # The URL says where it was published; a site name in the markup may be the
            # original publisher of a republished readout, so it does not override the URL.
            result.outlet_name, result.outlet_domain = "", host
            result.warnings.append(f"The outlet of {host} is not in the reference data.")
        return
    outlet = _by_name(site_name, outlets) if site_name else None
    if outlet:
        _use(result, outlet)
        return
    outlet, domain = _outlet_in_furniture(result, outlets, lines)
    if outlet:
        _use(result, outlet, domain)
        return
    result.outlet_name = site_name
    result.outlet_domain = domain
    if not site_name and not domain:
        result.warnings.append("No outlet found: no sidecar, URL or site name names one.")


@functools.lru_cache(maxsize=8)
def _outlet_patterns(outlets: tuple[OutletRef, ...]):
    """Compiled domain and name patterns per outlet, built once per reference data."""
    compiled = []
    for outlet in outlets:
        domains = [
            (d, re.compile(rf"(?<![\w.-])(?:www\.)?{re.escape(d)}(?![\w-])", re.I))
            for d in outlet.domains
        ]
        parts = [re.escape(p) for p in re.split(r"[^A-Za-z0-9]+", outlet.name) if p]
        name = None
        if parts:
            # Short names ("JNS", "AP") only in capitals: in lower case they are ordinary words.
            flags = 0 if len(outlet.name) <= 4 else re.IGNORECASE
            name = re.compile(r"(?<![\w])" + r"[\s.\-]*".join(parts) + r"(?![\w])", flags)
        # Lower-case fragments one of which any match must contain.
        cue = [d.lower() for d in outlet.domains]
        cue += [parts_text.lower() for parts_text in re.split(r"[^A-Za-z0-9]+", outlet.name)[:1]]
        # Every part of the name, in lower case, is in any text the name pattern matches.
        words = [w.lower() for w in re.split(r"[^A-Za-z0-9]+", outlet.name) if w]
        compiled.append((outlet, domains, name, [c for c in cue if c], words))
    return compiled


def _outlet_in_furniture(
    result: ArticleText, outlets: list[OutletRef], lines: list[str]
) -> tuple[OutletRef | None, str]:
    """The site named by the page around the article ("www.israelhayom.com", "Mirage.News").

    Only lines outside the body count: inside it an outlet name is usually a quoted source,
    and a photo credit names an agency or the photographer's employer.
    """
    body = {normalise_line(p) for p in result.body.split("\n") if p.strip()}
    furniture = [line for line in lines if line not in body and not is_caption(line)]
    text = "\n".join(furniture)
    best, best_score, best_domain = None, 0, ""
    lowered = text.lower()
    # str.lower() turns these into no ASCII letter, but an IGNORECASE pattern matches them to one.
    plain = not any(ch in text for ch in ("\u0131", "\u017f", "\u0130"))
    for outlet, domain_patterns, name_pattern, cue, words in _outlet_patterns(tuple(outlets)):
        # A plain substring test first: most outlets are not named at all.
        if not any(c in lowered for c in cue):
            continue
        # Nor, when no domain is there, unless every word of the name is.
        if (
            plain
            and not any(d.lower() in lowered for d, _ in domain_patterns)
            and not all(w in lowered for w in words)
        ):
            continue
        score, matched_domain = 0, ""
        for domain, pattern in domain_patterns:
            hits = len(pattern.findall(text))
            if hits:
                score += 2 * hits
                matched_domain = matched_domain or domain
        if name_pattern is not None:
            score += len(name_pattern.findall(text))
        if score > best_score:
            best, best_score, best_domain = outlet, score, matched_domain
    if best:
        return best, best_domain or (best.domains[0] if best.domains else "")
    for line in furniture:
        if re.fullmatch(r"(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,12}/?", line, re.I):
            return None, _host("http://" + line.rstrip("/"))
    return None, ""


# ---------------------------------------------------------------------------------------------
# Publication date.


def _fill_published(result: ArticleText, source: SourceInput, top: list[str]) -> None:
    if source.published:
        result.published = source.published
        result.published_precision = "day"
        result.published_basis = "sidecar"
        return
    day_first = writes_day_first(top[:_TOP_LINES])
    if result.published and result.published_basis.startswith("html meta "):
        return  # the page's own markup names its publication date
    if result.published and result.published_basis.startswith("html"):
        # A library's guess from the page's text, which may be a banner: the date line under
        # the headline outranks it.
        found = _page_date(_pieces(_under_headline(top, result.title)), day_first)
        if found and found[0].value:
            _set(result, found[0].value, found[0].precision, found[1])
        return
    result.published, result.published_precision = None, "unknown"
    url_date = _url_date(result.url)
    partial: tuple[PageDate, str] | None = None
    # The release's own date stands under its headline; a republisher's banner or stamp above
    # the headline is the site's, so the lines under the headline are read first.
    under = _pieces(_under_headline(top, result.title))
    for lines in (under, _pieces(top)):
        found = _page_date(lines, day_first)
        if found and found[0].value:
            _set(result, found[0].value, found[0].precision, found[1])
            return
        partial = partial or found
    if not partial and (found := _updated_date(under, day_first)):
        _set(result, found[0].value, found[0].precision, found[1])
        return
    if partial and url_date and url_date[0].year and partial[0].month_day:
        month, day = partial[0].month_day
        try:
            value = date(url_date[0].year, month, day)
        except ValueError:
            value = None
        if value:
            _set(result, value, "day", f"{partial[1]}, year from the URL")
            return
    if url_date:
        _set(result, *url_date)
        return
    if partial:
        page_date, basis = partial
        month, day = page_date.month_day
        result.published_basis = f"{basis}: month {month}, day {day}, year unknown"
        result.warnings.append(
            f"The publication date has no year ('{page_date.text}'); left unknown for an editor."
        )
        return
    result.published_basis = ""
    result.warnings.append(
        "No publication date found (no sidecar, page metadata, labelled date, dateline or URL date)."
    )


def _page_date(lines: list[str], day_first: bool) -> tuple[PageDate, str] | None:
    """The first labelled date of these lines, else their first date line or dateline; a
    full date wins over a partial one."""
    found = [f for f in (_labelled_date(lines, day_first), _dateline_date(lines, day_first)) if f]
    return next((f for f in found if f[0].value), found[0] if found else None)


def _under_headline(top: list[str], title: str) -> list[str]:
    """The lines after the last line that repeats the headline, up to the article's prose;
    empty when no line repeats it or nothing stands above it."""
    if not title:
        return []
    heads = [
        i
        for i, line in enumerate(top[:_TOP_LINES])
        if len(line) >= 12 and (line == title or title.startswith(line))
    ]
    if not heads or heads[-1] == 0:
        return []
    return top[heads[-1] + 1 :]


def _pieces(lines: list[str]) -> list[str]:
    """Short lines cut at their separators: a row of page facts ("Doha / Information Office /
    06 February 2024", "2025-02-05 18:40:12 | Source: wire services") is read piece by piece."""
    return [
        piece.strip()
        for line in lines
        for piece in (_FACT_SEPARATOR.split(line) if len(line) < 150 else [line])
    ]


def _updated_date(lines: list[str], day_first: bool) -> tuple[PageDate, str] | None:
    for line in lines[:3]:
        match = _UPDATED.match(line)
        parsed = _date_of(match, day_first) if match else None
        if parsed and parsed.value:
            return parsed, f"update stamp '{_quote(match.group(0))}' under the headline"
    return None


def _set(result: ArticleText, value: date, precision: str, basis: str) -> None:
    result.published, result.published_precision, result.published_basis = value, precision, basis


def _labelled_date(top: list[str], day_first: bool = False) -> tuple[PageDate, str] | None:
    for line in top[:_TOP_LINES]:
        if len(line.split()) > 30:
            continue
        for pattern in (_LABELLED, _LABELLED_LATE):
            match = pattern.search(line)
            if not match:
                continue
            before = line[: match.start()]
            if _NOT_PUBLICATION.search(before[-20:]):
                continue
            parsed = _date_of(match, day_first)
            if parsed:
                return parsed, f"labelled date '{_quote(match.group(0))}'"
    return None


def _date_of(match: re.Match, day_first: bool) -> PageDate | None:
    """The date a label pattern's "date" group holds."""
    date_match = DATE_RE.match(match.group("date"))
    return parse_date_match(date_match, day_first=day_first) if date_match else None


def _dateline_date(top: list[str], day_first: bool = False) -> tuple[PageDate, str] | None:
    prose_seen = 0
    for index, line in enumerate(top[:_TOP_LINES]):
        if is_caption(line):
            continue
        if is_prose(line):
            prose_seen += 1
        if prose_seen > 2:
            break
        match = None
        if is_date_line(line):
            if _is_banner(top, index):
                continue
            match = DATE_RE.search(line)
            shape = "date line"
        else:
            found = _DATELINE.match(line) or _CAPS_LABEL_DATE.match(line)
            if found:
                match = DATE_RE.match(found.group("date"))
                shape = "dateline"
            elif (heading := _HEADING_DATE.match(line)) and not is_prose(line):
                match = DATE_RE.match(heading.group("date"))
                shape = "heading date"
        parsed = parse_date_match(match, day_first=day_first) if match else None
        if parsed:
            return parsed, f"{shape} '{_quote(parsed.text)}' at the top of the article"
    return None


def _is_banner(lines: list[str], index: int) -> bool:
    """A date line sitting right above the site's menu is the site's "today" banner."""
    following = lines[index + 1 : index + 4]
    return len(following) == 3 and all(
        is_furniture(line) or (len(line.split()) <= 2 and not is_date_line(line))
        for line in following
    )


def _url_date(url: str) -> tuple[date, str, str] | None:
    if not url:
        return None
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return None
    latest = date.today().year + 1
    for pattern, precision in ((_URL_DAY, "day"), (_URL_MONTH, "month"), (_URL_YEAR, "year")):
        match = pattern.search(path)
        if not match:
            continue
        numbers = [int(g) for g in match.groups()] + [1, 1]
        year, month, day = numbers[0], numbers[1], numbers[2]
        if precision == "year":
            month, day = 1, 1
        elif precision == "month":
            day = 1
        if not 1990 <= year <= latest:
            continue
        try:
            value = date(year, month, day)
        except ValueError:
            continue
        return value, precision, f"url path '{match.group(0).strip('/-_')}'"
    return None


def _quote(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
