"""Main text and page metadata out of an HTML page.

trafilatura finds the article when it is importable; BeautifulSoup reads the page when it is not
or finds nothing; a linear tag-stripper reads pages too deep or too large for either. The text
then goes through the same furniture rules as a plain-text page.
"""

import html as html_lib
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ingest.pipeline.clean_text import (
    DATE_RE,
    carries_date,
    clean_plain_text,
    normalise_line,
    parse_date_match,
)
from ingest.pipeline.records import ArticleText, Sentence

logger = logging.getLogger(__name__)

# Beyond these, libxml2 and recursive tree walkers lose content or time: read the page flat.
MAX_TREE_DEPTH = 180
MAX_TREE_CHARS = 1_000_000

_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
    # Elements whose end tag is optional do not deepen a real page's tree.
    "p",
    "li",
    "td",
    "th",
    "tr",
    "option",
    "dt",
    "dd",
}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]{0,20})\b[^<>]*?(/?)>")
_ANY_TAG = re.compile(r"<[^<>]*>")
_TAG_START = re.compile(r"<!--|<[!?][^<>]*>|</?([a-zA-Z][a-zA-Z0-9]{0,20})")
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article|main|header|footer|nav|aside"
    r"|blockquote|pre|figure|figcaption|dd|dt|dl|hr|form|address|title)\b[^<>]*>",
    re.IGNORECASE,
)
_INVISIBLE_ELEMENTS = ("script", "style", "noscript", "template", "svg", "head", "iframe", "object")

# Class or id words that mark page furniture in the BeautifulSoup reading.
_FURNITURE_ATTR = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|related|sidebar|footer|share|sharing"
    r"|social|newsletter|subscribe|comments?|ads?|advert\w*|ad-slot|promo|widget|popular|most-read"
    r"|recommend\w*|banner|cookie|skip|more|tags|related-tags|disclaimer|byline|teaser|outbrain"
    r"|taboola|paywall|trending|latest|ticker|recirc\w*|breaking|most|also-read|read-more)(?:$|[\s_-])",
    re.IGNORECASE,
)


@dataclass
class PageMeta:
    """What a page says about itself in its markup."""

    title: str = ""
    url: str = ""
    site_name: str = ""
    authors: list[str] = field(default_factory=list)
    published: date | None = None
    published_precision: str = "unknown"
    published_basis: str = ""


def extract_html(page: str) -> ArticleText:
    """The HTML path of extract_main_text: body without furniture, plus the page's metadata."""
    meta = read_page_meta(page)
    text = ""
    if _too_big_for_a_tree(page):
        text = flatten_html(page)
    else:
        tree = _without_furniture(page)
        found = _trafilatura_read(tree)
        if found is not None:
            text, extra = found
            _merge(meta, extra)
            text = _with_every_entry(tree, text)
        if not text.strip():
            text = _soup_text(page)
    if not text.strip():
        text = flatten_html(page)

    article = clean_plain_text(text, title_hint=meta.title)
    if len(article.body.strip()) < _SHORT_BODY and not _too_big_for_a_tree(page):
        # The main-text reader may keep too little of a page whose text sits in <div>s without
        # <p>: the whole page read by BeautifulSoup, cleaned the same way, is then better.
        fallback = clean_plain_text(_soup_text(page), title_hint=meta.title)
        if len(fallback.body.strip()) > len(article.body.strip()):
            article = fallback
    article.title = meta.title or article.title
    article.url = meta.url
    article.authors = list(meta.authors)
    article.outlet_name = meta.site_name
    if meta.published:
        article.published = meta.published
        article.published_precision = meta.published_precision
        article.published_basis = meta.published_basis
    seen = {c.text for c in article.captions}
    for caption in _figure_captions(page):
        if caption not in seen and carries_date(caption):
            article.captions.append(Sentence(text=caption, start=-1, end=-1))
            seen.add(caption)
    return article


_SHORT_BODY = 200


def _without_furniture(page: str):
    """The page as a tree without the boxes its class or id names as furniture ("Trending",
    "Latest", "Read more"), so the main-text reader cannot mistake their headlines for text;
    the page itself when it cannot be parsed."""
    try:
        from lxml import html as lxml_html

        tree = lxml_html.document_fromstring(page)
    except Exception:  # lxml raises several types on broken or empty markup
        return page
    total = len(tree.text_content() or "")
    for element in list(tree.iter()):
        if not isinstance(element.tag, str) or element.tag in ("html", "body", "article", "main"):
            continue
        marks = " ".join([element.get("id") or "", element.get("class") or ""])
        if marks.strip() and _FURNITURE_ATTR.search(marks):
            parent = element.getparent()
            if parent is not None and len(element.text_content() or "") < 0.4 * total:
                element.drop_tree()
    return tree


_ENTRY_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote")
_MIN_ENTRY = 40


def _entry_lines(element) -> list[str]:
    if element.tag == "tr":  # a table row: its cells, kept apart
        cells = [" ".join((c.text_content() or "").split()) for c in element.iter("td", "th")]
        return [" | ".join(c for c in cells if c)]
    blocks = [b for b in element.iter(*_ENTRY_BLOCKS) if b.getparent() is not None]
    texts = [" ".join((b.text_content() or "").split()) for b in blocks] or [
        " ".join((element.text_content() or "").split())
    ]
    return [t for t in texts if t]


def _with_every_entry(tree, text: str) -> str:
    """The main text with every entry of a repeated block (a live blog's posts, a round-up's
    items) that the main-text reader dropped after keeping the first: sibling elements of one
    tag and class, each with text of its own, are all the article's."""
    if isinstance(tree, str) or not text.strip():
        return text
    flat = " ".join(text.split())
    missing: list[str] = []
    for parent in tree.iter():
        if not isinstance(parent.tag, str) or len(parent) < 2:
            continue
        groups: dict[tuple, list] = {}
        for child in parent:
            # Rows of one table are entries of one kind even without a class.
            if isinstance(child.tag, str) and (
                (child.get("class") or "").strip() or child.tag == "tr"
            ):
                groups.setdefault((child.tag, (child.get("class") or "").strip()), []).append(child)
        for members in groups.values():
            if len(members) < 2:
                continue
            entries = [_entry_lines(m) for m in members]
            if any(sum(len(line) for line in lines) < _MIN_ENTRY for lines in entries):
                continue
            kept = [any(line[:60] in flat for line in lines) for lines in entries]
            if not any(kept) or all(kept):
                continue  # a box the reader dropped whole, or nothing lost
            for lines, was_kept in zip(entries, kept, strict=True):
                if not was_kept:
                    missing.append("\n\n".join(lines))
    if not missing:
        return text
    return text.rstrip() + "\n\n" + "\n\n".join(missing) + "\n"


def visible_text(page: str) -> str:
    """The page's visible text, one block per line, read without building a tree."""
    return flatten_html(page)


# ---------------------------------------------------------------------------------------------
# Readers.


def _too_big_for_a_tree(page: str) -> bool:
    if len(page) > MAX_TREE_CHARS:
        return True
    depth = deepest = 0
    for match in _TAG.finditer(page):
        closing, name, self_closing = match.groups()
        name = name.lower()
        if name in _VOID or self_closing:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_TREE_DEPTH:
                    return True
    return False


@lru_cache(maxsize=1)
def _trafilatura():
    try:
        import trafilatura
    except ImportError as error:  # a missing optional dependency of lxml, for instance
        logger.warning("trafilatura is unavailable (%s); reading HTML with BeautifulSoup", error)
        return None
    return trafilatura


def _trafilatura_read(page: str) -> tuple[str, PageMeta] | None:
    trafilatura = _trafilatura()
    if trafilatura is None:
        return None
    try:
        document = trafilatura.bare_extraction(
            page,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            favor_precision=True,
            fast=True,
            # Only dates the markup gives; a date guessed from the body would be an event's.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (RecursionError, ValueError, TypeError, AttributeError, LookupError) as error:
        logger.warning("trafilatura failed on a page: %s", error)
        return None
    if document is None:
        return None
    if isinstance(document, dict):
        get = document.get
    else:

        def get(name):
            return getattr(document, name, None)

    extra = PageMeta(
        title=normalise_line(get("title") or ""),
        url=(get("url") or "").strip(),
        site_name=normalise_line(get("sitename") or ""),
        authors=[a.strip() for a in (get("author") or "").split(";") if a.strip()],
    )
    found = _parse_meta_date(get("date") or "")
    if found:
        extra.published, extra.published_precision = found
        extra.published_basis = "html metadata (found by trafilatura)"
    # trafilatura draws table rows as "| cell | cell |"; the outer bars are not text.
    text = "\n".join(line.strip().strip("|").strip() for line in (get("text") or "").split("\n"))
    return text, extra


def _merge(meta: PageMeta, extra: PageMeta) -> None:
    """Fill what the markup reader did not find with trafilatura's findings."""
    meta.title = meta.title or extra.title
    meta.url = meta.url or extra.url
    meta.site_name = meta.site_name or extra.site_name
    meta.authors = meta.authors or extra.authors
    if meta.published is None and extra.published is not None:
        meta.published = extra.published
        meta.published_precision = extra.published_precision
        meta.published_basis = extra.published_basis


def _soup_text(page: str) -> str:
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(page, "lxml")
    except Exception:  # bs4 reports parser trouble with many exception types
        soup = BeautifulSoup(page, "html.parser")
    for tag in soup(list(_INVISIBLE_ELEMENTS) + ["nav", "header", "footer", "aside", "form"]):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.attrs is None:
            continue
        marks = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
        if marks.strip() and _FURNITURE_ATTR.search(marks) and tag.name not in ("body", "html"):
            tag.decompose()
    root = (
        soup.find("article")
        or soup.find("main")
        or soup.find(attrs={"role": "main"})
        or soup.body
        or soup
    )
    for tag in root.find_all(
        ["p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote"]
    ):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return root.get_text("")


def flatten_html(page: str) -> str:
    """Visible text of a page in one linear pass, safe on any depth, size or broken markup."""
    out: list[str] = []
    lower = page.lower()
    length = len(page)
    position = 0
    while position < length:
        match = _TAG_START.search(page, position)
        if match is None:
            out.append(page[position:])
            break
        start = match.start()
        out.append(page[position:start])
        if match.group(0) == "<!--":
            end = page.find("-->", start + 4)
            position = length if end < 0 else end + 3
            continue
        if match.group(1) is None:  # <!DOCTYPE ...>, <?xml ...?>
            position = match.end()
            continue
        name = match.group(1).lower()
        close = page.find(">", start)
        if close < 0:
            break  # an unterminated tag at the end of a truncated page
        if name in _INVISIBLE_ELEMENTS and not match.group(0).startswith("</"):
            end = lower.find(f"</{name}", close)
            close = page.find(">", end) if end >= 0 else -1
            position = length if close < 0 else close + 1
            continue
        out.append("\n" if _BLOCK_TAG.match(page, start, close + 1) else "")
        position = close + 1
    text = html_lib.unescape("".join(out))
    return "\n".join(normalise_line(line) for line in text.split("\n"))


def _figure_captions(page: str) -> list[str]:
    captions = []
    lower = page.lower()
    position = 0
    while len(captions) < 50:
        start = lower.find("<figcaption", position)
        if start < 0:
            break
        end = lower.find("</figcaption", start)
        if end < 0:
            break
        text = normalise_line(html_lib.unescape(_ANY_TAG.sub(" ", page[start:end])))
        if text:
            captions.append(text)
        position = end + 1
    return captions


# ---------------------------------------------------------------------------------------------
# Markup metadata: meta tags, link rel=canonical, JSON-LD, <title>. Regular expressions over the
# page, so a page too deep for a tree still gives its date.

_META_TAG = re.compile(r"<meta\b[^<>]{0,2000}>", re.IGNORECASE)
_LINK_TAG = re.compile(r"<link\b[^<>]{0,2000}>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z_:.\-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_DATED_ELEMENT = re.compile(
    r"""<(?:time|p|span|div)\b[^<>]{0,300}(?:class|itemprop)\s*=\s*["'][^"']{0,100}"""
    r"""(?:posted-on|published|pub-?date|publish-date|entry-date|post-date|article-date|dateline|datePublished)"""
    r"""[^"']{0,100}["'][^<>]{0,300}>([^<]{0,120})""",
    re.IGNORECASE,
)
_PUBLISHED_KEYS = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "citation_publication_date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "originalpublicationdate",
    "displaydate",
    "date",
)
_AUTHOR_KEYS = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator")
_ISO_DATE = re.compile(r"^\s*((?:19|20)\d\d)-?([01]\d)-?([0-3]\d)")


def read_page_meta(page: str) -> PageMeta:
    """Title, canonical URL, site name, authors and publication date the markup declares."""
    meta = PageMeta()
    head = page[:400_000]
    values: dict[str, str] = {}
    for tag in _META_TAG.findall(head):
        attrs = _attrs(tag)
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        content = attrs.get("content")
        if key and content and key not in values:
            values[key] = html_lib.unescape(content).strip()
    for tag in _LINK_TAG.findall(head):
        attrs = _attrs(tag)
        if "canonical" in attrs.get("rel", "").lower() and attrs.get("href", "").startswith("http"):
            meta.url = attrs["href"].strip()
            break
    ld = _json_ld(page)

    meta.title = normalise_line(
        values.get("og:title")
        or values.get("twitter:title")
        or ld.get("headline", "")
        or _title_element(head)
    )
    meta.url = meta.url or values.get("og:url", "") or ld.get("url", "")
    meta.site_name = normalise_line(
        values.get("og:site_name") or ld.get("publisher", "") or values.get("application-name", "")
    )
    for key in _AUTHOR_KEYS:
        value = values.get(key, "")
        if value and not value.startswith("http"):
            meta.authors = [a.strip() for a in re.split(r"[;|]", value) if a.strip()]
            break
    if not meta.authors and ld.get("author"):
        meta.authors = [ld["author"]]

    for key in _PUBLISHED_KEYS:
        found = _parse_meta_date(values.get(key, ""))
        if found:
            meta.published, meta.published_precision = found
            meta.published_basis = f"html meta ({key})"
            return meta
    found = _parse_meta_date(ld.get("datePublished", ""))
    if found:
        meta.published, meta.published_precision = found
        meta.published_basis = "html meta (JSON-LD datePublished)"
        return meta
    for match in _DATED_ELEMENT.finditer(page[:400_000]):
        found = _parse_meta_date(html_lib.unescape(match.group(1)))
        if found:
            meta.published, meta.published_precision = found
            meta.published_basis = f"html meta (dated element '{normalise_line(match.group(1))}')"
            return meta
    return meta


def _attrs(tag: str) -> dict[str, str]:
    attrs = {}
    for name, double, single, bare in _ATTR.findall(tag):
        attrs[name.lower()] = double or single or bare
    return attrs


def _title_element(head: str) -> str:
    lower = head.lower()
    start = lower.find("<title")
    if start < 0:
        return ""
    open_end = head.find(">", start)
    end = lower.find("</title", open_end)
    if open_end < 0 or end < 0:
        return ""
    title = html_lib.unescape(head[open_end + 1 : end]).strip()
    # "Headline | Site name": the headline is the longer side of the separator.
    parts = [p.strip() for p in re.split(r"\s+[|–—]\s+|\s+-\s+", title) if p.strip()]
    return max(parts, key=len) if parts else ""


def _json_ld(page: str) -> dict[str, str]:
    """The first Article- or WebPage-like JSON-LD object's date, headline, url, author, publisher."""
    found: dict[str, str] = {}
    lower = page.lower()
    position = 0
    for _ in range(20):
        start = lower.find("application/ld+json", position)
        if start < 0:
            break
        open_end = page.find(">", start)
        end = lower.find("</script", open_end)
        if open_end < 0 or end < 0 or end - open_end > 500_000:
            break
        position = end
        try:
            data = json.loads(page[open_end + 1 : end])
        except (ValueError, RecursionError):
            continue
        stack = [data]
        steps = 0
        while stack and steps < 5000:
            steps += 1
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                for key in ("datePublished", "headline", "url"):
                    if isinstance(item.get(key), str) and key not in found:
                        found[key] = item[key]
                typed = str(item.get("@type", "")).lower() in ("webpage", "article", "newsarticle")
                if typed and isinstance(item.get("name"), str) and "headline" not in found:
                    found["headline"] = item["name"]
                author = item.get("author")
                if "author" not in found:
                    name = _ld_name(author)
                    if name:
                        found["author"] = name
                publisher = item.get("publisher")
                if "publisher" not in found:
                    name = _ld_name(publisher)
                    if name:
                        found["publisher"] = name
                stack.extend(v for v in item.values() if isinstance(v, (list, dict)))
    return found


def _ld_name(value) -> str:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return value["name"].strip()
    if isinstance(value, str) and not value.startswith("http"):
        return value.strip()
    return ""


def _parse_meta_date(value: str) -> tuple[date, str] | None:
    """A date from markup: ISO timestamps, compact 20250123, or a written date."""
    if not value:
        return None
    match = _ISO_DATE.match(value)
    if match:
        try:
            found = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return None
        if 1990 <= found.year <= date.today().year + 1:
            return found, "day"
        return None
    match = DATE_RE.search(value)
    if match:
        parsed = parse_date_match(match)
        if parsed and parsed.value:
            return parsed.value, parsed.precision
    return None
