"""Hand-made pipeline output for the persistence tests: a fake `extract` keyed by file name."""

import datetime as dt

from contacts.models import Official, Position
from ingest.pipeline.date_logic import resolve_weekday
from ingest.pipeline.records import (
    ArticleText,
    ExtractedArticle,
    ExtractedCall,
    ExtractedParticipant,
    IngestError,
    Sentence,
)
from ingest.services import ingest_documents, register_documents

PEOPLE = {
    "blinken": ("Antony Blinken", "US"),
    "ashkenazi": ("Gabi Ashkenazi", "IL"),
    "netanyahu": ("Benjamin Netanyahu", "IL"),
    "abbas": ("Mahmoud Abbas", "PS"),
}


def make_officials():
    """Four officials with their real terms of office, by slug."""
    made = {}
    for slug, (name, country) in PEOPLE.items():
        made[slug] = Official.objects.create(name=name, slug=slug, country=country)
    terms = [
        ("blinken", "Secretary of State", "secretary-of-state", "US", (2021, 1, 26), (2025, 1, 20)),
        ("ashkenazi", "Foreign Minister", "foreign-minister", "IL", (2020, 5, 17), (2021, 6, 13)),
        ("netanyahu", "Prime Minister", "prime-minister", "IL", (2009, 3, 31), (2021, 6, 13)),
        ("netanyahu", "Prime Minister", "prime-minister", "IL", (2022, 12, 29), None),
        (
            "abbas",
            "President of the Palestinian Authority",
            "pa-president",
            "PS",
            (2005, 1, 15),
            None,
        ),
    ]
    for slug, title, role, country, start, end in terms:
        Position.objects.create(
            official=made[slug],
            title=title,
            role=role,
            country=country,
            start=dt.date(*start),
            end=dt.date(*end) if end else None,
        )
    return made


def person(slug, **kwargs):
    name, country = PEOPLE.get(slug, (slug.replace("-", " ").title(), "XX"))
    return ExtractedParticipant(slug=slug, name=name, country=country, **kwargs)


def contact(*slugs, evidence, mode="phone", status="held", **date):
    """An extracted call; `date` holds date, date_precision, date_basis, weekday, month_day..."""
    if date.get("date") is not None:
        date.setdefault("date_precision", "day")
    return ExtractedCall(
        participants=[person(s) if isinstance(s, str) else s for s in slugs],
        mode=mode,
        status=status,
        evidence=[Sentence(evidence, 0, len(evidence))],
        **date,
    )


def weekday_contact(*slugs, weekday, published, evidence, **kwargs):
    """ "On Tuesday": a day when the publication date is known, a bare weekday otherwise."""
    if published is None:
        return contact(*slugs, evidence=evidence, weekday=weekday, date_basis="relative", **kwargs)
    return contact(
        *slugs,
        evidence=evidence,
        weekday=weekday,
        date=resolve_weekday(weekday, published),
        date_basis="relative",
        **kwargs,
    )


class FakePipeline:
    """Stands in for `ingest.pipeline.run.extract`: file name -> builder(published)."""

    def __init__(self):
        self.builders = {}
        self.calls = []

    def add(self, filename, build):
        self.builders[filename] = build

    def article(self, filename, calls, *, url="", title="", outlet="", published=None):
        """A text whose calls do not depend on the publication date."""

        def build(source_published):
            when = source_published or published
            return ExtractedArticle(
                text=ArticleText(
                    body=f"Body of {filename}",
                    title=title or filename,
                    url=url,
                    published=when,
                    published_precision="day" if when else "unknown",
                    published_basis="sidecar" if source_published else "",
                    outlet_name=outlet,
                ),
                calls=calls(when) if callable(calls) else calls,
            )

        self.add(filename, build)

    def __call__(self, source, reference):
        self.calls.append(source.filename)
        build = self.builders.get(source.filename)
        if build is None:
            raise IngestError("Could not read the file: it looks like a PNG image, not text")
        return build(source.published)


def ingest(pipeline, names, **kwargs):
    """Register files named `names` (their bytes are their names) and ingest them."""
    files = [(name, f"bytes of {name}".encode(), {}) for name in names]
    documents = [doc for doc, _ in register_documents(files=files)]
    return ingest_documents(documents=documents, extractor=pipeline, **kwargs)
