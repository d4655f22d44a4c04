"""A call's review note: one readable sentence per line, each doubt named with its whole source.

The ingest writes the note (ingest.calls, ingest.dating) and editors may rewrite it; the call's
page and the admin read it line by line. A line from one report starts with that report's
source, so re-reading the article replaces its own lines and leaves the others'.
"""

import re

# Doubts about who took part or whether it was a contact; every other doubt the ingest writes
# is about the date, which an editor's correction of the date settles.
NOT_ABOUT_THE_DATE = (
    "new official",
    "was added by the ingest",
    "unsure about this contact",
)


def source_label(article):
    """How a note names an article: its whole title in quotes and its outlet, either if alone."""
    # A title may carry a line break from the page; a note line must stay one line.
    title = " ".join((article.title or "").split())
    outlet = article.outlet.name if article.outlet_id else ""
    if title and outlet:
        return f"“{title}” ({outlet})"
    if title:
        return f"“{title}”"
    return outlet or f"Article {article.pk}"


def legacy_label(article):
    """The label notes written before whole titles used (outlet, else title cut at 80)."""
    outlet = article.outlet.name if article.outlet_id else ""
    return outlet or (article.title or "")[:80] or "one report"


def sentence(reason):
    """A reason as a sentence: first letter capitalised, one full stop."""
    text = _clause(reason)
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def source_line(label, reason):
    """One report's doubt as a sentence naming its source: 'In “Title” (Outlet), …'."""
    text = _clause(reason)
    return f"In {label}, {text}." if text else ""


def is_from(line, article):
    """Whether a note line was written from `article`'s report (today's or the legacy label)."""
    return line.startswith(f"In {source_label(article)}, ") or line.startswith(
        f"{legacy_label(article)}: "
    )


def is_about_the_date(line):
    """Whether a note line doubts the date (and so is settled by an editor's date)."""
    return not any(marker in line for marker in NOT_ABOUT_THE_DATE)


def note_lines(note):
    """The note's non-empty lines, stripped, for a list on the page."""
    return [line.strip() for line in (note or "").splitlines() if line.strip()]


def _clause(reason):
    # A colon outside brackets ("only the weekday is known (Monday): the publication date is
    # unknown") joins two clauses; inside ("terms of office allow: 2015, 2016") it lists.
    return _colons_outside_brackets(" ".join(reason.split())).rstrip(".;: ")


def _colons_outside_brackets(text):
    depth, out = 0, []
    for char in text:
        depth += char == "("
        depth -= char == ")" and depth > 0
        out.append(";" if char == ":" and depth == 0 else char)
    return re.sub(r"\s*;\s*", "; ", "".join(out))
