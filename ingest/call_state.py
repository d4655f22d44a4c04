"""What reports say about a call's date, and the calls as one document's writes see them."""

from contacts.choices import DateBasis, DatePrecision
from contacts.models import CallParticipant, Report
from ingest.pipeline.records import ExtractedCall
from ingest.reconcile import ReportedDate

# What a report says about its call's date, read as plain values (no Report objects).
CLAIM_FIELDS = (
    "reported_date",
    "reported_precision",
    "date_basis",
    "reported_weekday",
    "reported_month",
    "reported_day",
    "date_specific",
    "date_text",
)


def claim_from_extracted(extracted: ExtractedCall) -> ReportedDate:
    """What an extracted call says about its date."""
    return ReportedDate(
        date=extracted.date,
        precision=date_precision(extracted.date, extracted.date_precision),
        basis=DateBasis.parse(extracted.date_basis, DateBasis.UNKNOWN).value,
        weekday=extracted.weekday,
        month_day=tuple(extracted.month_day) if extracted.month_day else None,
        specific=extracted.date_specific,
        text=extracted.date_text,
    )


def claim_from_report(report) -> ReportedDate:
    """What a stored report says about its call's date."""
    return _claim(*(getattr(report, name) for name in CLAIM_FIELDS))


def _claim(date, precision, basis, weekday, month, day, specific, text) -> ReportedDate:
    return ReportedDate(
        date=date,
        precision=precision if date else DatePrecision.UNKNOWN,
        basis=basis,
        weekday=weekday,
        month_day=(month, day) if month and day else None,
        specific=specific,
        text=text,
    )


def date_precision(date, precision) -> str:
    """How precise a date given with `precision` (text) is: unknown without a date, else a day
    unless the text said otherwise."""
    parsed = DatePrecision.parse(precision, DatePrecision.UNKNOWN)
    if date is None:
        return DatePrecision.UNKNOWN
    return DatePrecision.DAY if parsed == DatePrecision.UNKNOWN else parsed


def has_day(call):
    """Whether the call's date is known to the day."""
    return bool(call.date and call.date_precision == DatePrecision.DAY)


class CallState:
    """A call while one article is written: its row, its reports' dates and its participants.

    Each is read at most once and then kept up to date by the writes, so recomputing the
    call's date costs no query.
    """

    def __init__(self, call, claims=None, participants=None, topic_ids=None):
        self.call = call
        self._claims: dict[int, tuple[int, ReportedDate]] | None = claims  # report id -> ...
        self._participants = participants
        self._topic_ids = topic_ids
        self.topics_present: set[int] = set(topic_ids or ())  # known to be on the call

    @property
    def claims_loaded(self):
        return self._claims is not None

    @property
    def claims(self) -> list[ReportedDate]:
        """What each report says about the date, oldest report first."""
        read_claims([self])
        return [claim for _, (_, claim) in sorted(self._claims.items())]

    @property
    def article_ids(self) -> set[int]:
        read_claims([self])
        return {article_id for article_id, _ in self._claims.values()}

    def set_claims(self, claims):
        self._claims = dict(claims)

    @property
    def claims_by_report(self) -> dict[int, tuple[int, ReportedDate]]:
        read_claims([self])
        return dict(self._claims)

    def put_report(self, report):
        """This run's version of a report replaces what was read before."""
        if self._claims is not None:
            self._claims[report.pk] = (report.article_id, claim_from_report(report))

    def drop_report(self, report_id):
        if self._claims is not None:
            self._claims.pop(report_id, None)

    @property
    def participants(self) -> list[CallParticipant]:
        if self._participants is None:
            self._participants = list(
                CallParticipant.objects.filter(call_id=self.call.pk)
                .select_related("official")
                .order_by("pk")
            )
        return self._participants

    @property
    def topic_ids(self) -> set[int]:
        if self._topic_ids is None:
            self._topic_ids = set(self.call.topics.values_list("pk", flat=True))
            self.topics_present |= self._topic_ids
        return self._topic_ids

    def add_topics(self, ids):
        self.topics_present |= ids
        if self._topic_ids is not None:
            self._topic_ids |= ids


def read_claims(states):
    """The reports' dates of several calls in one query, for those not read yet."""
    waiting = {s.call.pk: s for s in states if s._claims is None}
    if not waiting:
        return
    for state in waiting.values():
        state._claims = {}
    rows = Report.objects.filter(call_id__in=waiting).values_list(
        "call_id", "pk", "article_id", *CLAIM_FIELDS
    )
    for call_id, pk, article_id, *values in rows:
        waiting[call_id]._claims[pk] = (article_id, _claim(*values))


class Batch:
    """Counters and per-document caches while one article is written.

    `run` is what the documents of the batch share (`ingest.services._Run`).
    """

    def __init__(self, document, article, run):
        self.document = document
        self.article = article
        self.run = run
        self.known = run.known
        self.history = run.history
        self.calls_created = 0
        self.calls_joined = 0
        self.calls_kept = 0
        self.participants_created = 0
        self.warnings: list[str] = []
        self.reasons: dict[int, list[str]] = {}  # call id -> review reasons from this text
        self.reports: dict[int, Report] = {}  # call id -> this run's report
        self.calls: dict[int, CallState] = {}  # call id -> the call as this run sees it

    def state(self, call) -> CallState:
        """The one state of a call in this run (a second read of the same row is ignored)."""
        if call.pk not in self.calls:
            self.calls[call.pk] = CallState(call)
        return self.calls[call.pk]
