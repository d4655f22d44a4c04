"""Closed vocabularies of the records, each with a safe parse for values from URLs or text."""

from django.db import models


class ParseMixin:
    @classmethod
    def parse(cls, value, default=None):
        """The member whose value or label matches, case-insensitively; `default` otherwise."""
        if value is None:
            return default
        text = str(value).strip().lower()
        for member in cls:
            if text in (str(member.value).lower(), str(member.label).lower()):
                return member
        return default


class DatePrecision(ParseMixin, models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    UNKNOWN = "unknown", "Unknown"


class DateBasis(ParseMixin, models.TextChoices):
    EXPLICIT = "explicit", "Stated in the text"
    RELATIVE = "relative", "Relative to the publication date"
    PUBLICATION = "publication", 'Publication date ("today")'
    CROSS_SOURCE = "cross_source", "From another report of the same call"
    TERM_OF_OFFICE = "term_of_office", "From the participants' terms of office"
    EDITOR = "editor", "Set by an editor"
    UNKNOWN = "unknown", "Not established"


class Mode(ParseMixin, models.TextChoices):
    PHONE = "phone", "Phone call"
    VIDEO = "video", "Video call"
    MEETING = "meeting", "In-person meeting"
    UNKNOWN = "unknown", "Unknown"


class Status(ParseMixin, models.TextChoices):
    HELD = "held", "Held"
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"
    UNCONFIRMED = "unconfirmed", "Unconfirmed"
    # An editor's verdict that the ingest was wrong; kept (not deleted) so a re-ingest that
    # finds the same "call" again joins this record instead of recreating it.
    REJECTED = "rejected", "Not a contact (rejected by an editor)"


class OutletKind(ParseMixin, models.TextChoices):
    NEWS = "news", "News"
    GOVERNMENT = "government", "Government"
    WIRE = "wire", "Wire service"
    AGGREGATOR = "aggregator", "Aggregator"
    BLOG = "blog", "Blog"


class AliasKind(ParseMixin, models.TextChoices):
    VARIANT = "variant", "Spelling variant"
    SHORT = "short", "Short form or nickname"
    HANDLE = "handle", "Social-media handle"
    MISSPELLING = "misspelling", "Common misspelling"
    NATIVE = "native", "Name in another script"
