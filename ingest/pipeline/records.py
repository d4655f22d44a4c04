"""Plain data passed between pipeline stages and to the persistence service. No ORM here."""

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PersonRef:
    """An official as the pipeline knows it (from the database, or new from a text)."""

    slug: str
    name: str
    country: str = "XX"


@dataclass(frozen=True)
class PositionRef:
    slug: str  # the official's slug
    title: str
    role: str
    country: str
    start: dt.date
    end: dt.date | None = None
    is_spokesperson: bool = False


@dataclass(frozen=True)
class TopicRef:
    slug: str
    name: str
    phrases: tuple[str, ...] = ()
    parent: str | None = None


@dataclass(frozen=True)
class OutletRef:
    slug: str
    name: str
    domains: tuple[str, ...] = ()
    country: str = "XX"
    kind: str = "news"


@dataclass
class Reference:
    """Everything the pipeline needs to know from the database, read once per batch."""

    people: list[PersonRef] = field(default_factory=list)
    aliases: dict[str, list[str]] = field(default_factory=dict)  # slug -> alias strings
    positions: list[PositionRef] = field(default_factory=list)
    topics: list[TopicRef] = field(default_factory=list)
    outlets: list[OutletRef] = field(default_factory=list)


@dataclass
class SourceInput:
    """One input document: raw bytes and whatever metadata came with it."""

    raw: bytes
    filename: str = ""
    url: str = ""
    published: dt.date | None = None
    outlet: str = ""
    title: str = ""


@dataclass
class Sentence:
    text: str
    start: int  # character offsets into ArticleText.body
    end: int


@dataclass
class ArticleText:
    """Output of decode → clean → metadata: the article without its page furniture."""

    body: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    url: str = ""
    published: dt.date | None = None
    published_precision: str = "unknown"  # day | month | year | unknown
    published_basis: str = ""  # "sidecar", "html meta", "dateline 'Published on …'", "url"
    outlet_name: str = ""
    outlet_domain: str = ""
    # Lines removed as boilerplate that still carry facts (photo captions, tweet sign-offs);
    # kept for the dates stage, never for contacts.
    captions: list[Sentence] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class ExtractedParticipant:
    slug: str  # an existing official's slug, or a new slug for a person to create
    name: str
    country: str = "XX"
    is_new: bool = False  # not in the reference data: create and mark for review
    title: str = ""  # the title the text used ("CIA director")


@dataclass
class ExtractedCall:
    """One contact as one article reports it."""

    participants: list[ExtractedParticipant]
    mode: str = "unknown"  # phone | video | meeting | unknown
    status: str = "held"  # held | scheduled | ...
    date: dt.date | None = None
    date_precision: str = "unknown"  # day | month | year | unknown
    date_basis: str = "unknown"  # contacts.choices.DateBasis values
    date_text: str = ""  # the words that gave the date
    date_note: str = ""  # how it was established, for an editor
    weekday: int | None = None  # 0 = Monday, when the text names one
    month_day: tuple[int, int] | None = None  # (month, day) when the year is unknown
    # False when the date words cover several contacts at once ("spoke with A and B Sept. 5");
    # reconciliation trusts a date said of one contact alone over such a shared one.
    date_specific: bool = True
    location: str = ""
    # "transcript": read from who speaks in turn, so dated by the transcript's own date line.
    setting: str = ""
    topics: list[str] = field(default_factory=list)  # topic slugs
    evidence: list[Sentence] = field(default_factory=list)
    # Body offsets of the contact words that report it: the predicates its dates hang from.
    anchors: list[tuple[int, int]] = field(default_factory=list)
    needs_review: bool = False
    review_reasons: list[str] = field(default_factory=list)


@dataclass
class ExtractedArticle:
    """The whole pipeline's output for one document."""

    text: ArticleText
    calls: list[ExtractedCall] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class IngestError(Exception):
    """A document cannot be read; the message is shown to an editor as it is."""
