"""Synthetic calls for benchmarks: realistic shapes over the reference data, every row marked.

Calls run from 2017 to 2025 with a skew of participants (a few officials in most calls), 1–3
reports each over articles that may report several calls, topics, some disputed and partial
dates, evidence sentences and article bodies of about 3,000 characters. Articles carry a URL
under SYNTHETIC_URL and a title starting with SYNTHETIC_TITLE; calls a summary starting with it.
Rows are written with COPY on PostgreSQL and large executemany batches on SQLite.
"""

import bisect
import datetime as dt
import json
import random
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from contacts.choices import DateBasis, DatePrecision, Mode, Status
from contacts.models import Article, Call, CallParticipant, Official, Outlet, Report, Topic

SYNTHETIC_URL = "https://synthetic.invalid/"
SYNTHETIC_TITLE = "[synthetic]"
FIRST_DAY = dt.date(2017, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
# Calls per article on average: an article reports 1–4 calls, a call has 1–3 reports.
ARTICLES_PER_CALL = 0.6
BODY_SENTENCES = 36

_MODES = [(Mode.PHONE, 45), (Mode.MEETING, 35), (Mode.VIDEO, 10), (Mode.UNKNOWN, 10)]
_STATUSES = [
    (Status.HELD, 85),
    (Status.SCHEDULED, 6),
    (Status.UNCONFIRMED, 4),
    (Status.CANCELLED, 2),
    (Status.REJECTED, 3),
]
_PRECISIONS = [
    (DatePrecision.DAY, 85),
    (DatePrecision.MONTH, 8),
    (DatePrecision.YEAR, 3),
    (DatePrecision.UNKNOWN, 4),
]
_VERBS = {
    Mode.PHONE: "spoke by phone with",
    Mode.MEETING: "met in person with",
    Mode.VIDEO: "held a video call with",
    Mode.UNKNOWN: "was in contact with",
}
_FILLER_SUBJECTS = [
    "The ministry",
    "Officials in the region",
    "A senior diplomat",
    "The delegation",
    "Analysts",
    "The cabinet",
    "Negotiators",
    "Aid agencies",
    "The embassy",
    "Lawmakers",
]
_FILLER_VERBS = [
    "discussed",
    "warned about",
    "reviewed",
    "pressed for progress on",
    "issued a statement on",
    "raised concerns over",
    "welcomed steps toward",
    "called for talks on",
]
_FILLER_OBJECTS = [
    "security cooperation",
    "the border crossings",
    "fuel deliveries",
    "regional stability",
    "the reconstruction plan",
    "maritime shipping",
    "prisoner releases",
    "energy supplies",
    "the upcoming summit",
    "settlement construction",
    "the detained journalists",
    "sanctions relief",
    "water sharing",
    "the airport reopening",
]
_FILLER_TAILS = [
    "according to a readout",
    "a spokesperson said",
    "people familiar with the talks said",
    "in a statement issued late on the day",
    "as pressure mounted at home",
    "before travelling on to the next capital",
    "citing recent developments",
    "after weeks of quiet contacts",
]


def _weighted(pairs):
    values, weights = zip(*pairs, strict=True)
    return list(values), list(weights)


@dataclass
class Reference:
    """What the generator draws from: officials with their posts, outlets and topics."""

    officials: list  # (id, country, [(start, end, position id, title, role)], name)
    outlets: list
    topics: list  # (id, name, first phrase)
    weights: list = field(default_factory=list)

    @classmethod
    def load(cls, rng):
        officials = []
        for official in Official.objects.prefetch_related("positions").order_by("id"):
            terms = sorted(
                (
                    (p.start, p.end, p.pk, p.title, p.role)
                    for p in official.positions.all()
                    if not p.is_spokesperson
                ),
                key=lambda term: term[0],
            )
            officials.append((official.pk, official.country, terms, official.name))
        outlets = list(Outlet.objects.order_by("id").values_list("pk", "name"))
        topics = [
            (t.pk, t.name, (t.phrase_list or [t.name.lower()])[0])
            for t in Topic.objects.order_by("id")
        ]
        # Zipf-like: a few officials take part in most calls, as in the real data.
        order = list(range(len(officials)))
        rng.shuffle(order)
        weights = [0.0] * len(officials)
        for rank, index in enumerate(order):
            weights[index] = 1.0 / (rank + 1) ** 1.2
        return cls(officials, outlets, topics, weights)


def position_on(terms, on):
    """(position id, title) of the term covering `on`, or (None, "")."""
    starts = [term[0] for term in terms]
    index = bisect.bisect_right(starts, on) - 1
    while index >= 0:
        start, end, pk, title, _ = terms[index]
        if end is None or end >= on:
            return pk, title
        index -= 1
    return None, ""


class Generator:
    """Builds rows for one batch of calls at a time; ids continue from the database's maximum."""

    def __init__(self, *, seed, total, reference, first_ids, now):
        self.rng = random.Random(seed)
        self.total = total
        self.ref = reference
        self.ids = dict(first_ids)
        self.now = now
        self.days = (LAST_DAY - FIRST_DAY).days
        self.n_articles = max(1, round(total * ARTICLES_PER_CALL))
        self.first_article = self.ids["article"]
        self.articles_written = 0
        self.filler = self._filler_sentences(600)
        self.modes = _weighted(_MODES)
        self.statuses = _weighted(_STATUSES)
        self.precisions = _weighted(_PRECISIONS)
        self.topic_weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(reference.topics))]

    def _filler_sentences(self, count):
        rng = self.rng
        return [
            f"{rng.choice(_FILLER_SUBJECTS)} {rng.choice(_FILLER_VERBS)} "
            f"{rng.choice(_FILLER_OBJECTS)}, {rng.choice(_FILLER_TAILS)}."
            for _ in range(count)
        ]

    def _date_for(self, index):
        # Calls spread evenly over the years, so article i sits near call i * ARTICLES_PER_CALL.
        return FIRST_DAY + dt.timedelta(days=int(index * self.days / self.total))

    def _people(self, count):
        chosen = []
        officials = self.ref.officials
        while len(chosen) < count:
            for index in self.rng.choices(range(len(officials)), self.ref.weights, k=count * 2):
                if index not in chosen:
                    chosen.append(index)
                if len(chosen) == count:
                    break
        return [officials[index] for index in chosen]

    def _article_row(self, number):
        rng = self.rng
        published = self._date_for(int(number / ARTICLES_PER_CALL)) + dt.timedelta(
            days=rng.randint(0, 2)
        )
        outlet_id, outlet_name = rng.choice(self.ref.outlets)
        topic = rng.choice(self.ref.topics)
        pk = self.first_article + number
        title = f"{SYNTHETIC_TITLE} {outlet_name} on {topic[1].lower()} #{pk}"
        sentences = rng.sample(self.filler, BODY_SENTENCES)
        sentences.insert(rng.randint(0, BODY_SENTENCES), f"Talks touched on {topic[2]}.")
        body = " ".join(sentences)
        return [
            pk,
            outlet_id,
            title,
            "[]",
            f"{SYNTHETIC_URL}articles/{pk}",
            published,
            DatePrecision.DAY,
            "synthetic",
            body,
            f"synthetic-{pk}",
            "[]",
            self.now,
            self.now,
        ]

    def batch(self, start, stop):
        """Rows for calls start..stop-1 (and the articles first needed by them), per table."""
        rng = self.rng
        rows = {"article": [], "call": [], "participant": [], "report": [], "topic": []}
        needed = min(self.n_articles, int(stop * ARTICLES_PER_CALL) + 4)
        while self.articles_written < needed:
            rows["article"].append(self._article_row(self.articles_written))
            self.articles_written += 1
        for index in range(start, stop):
            call_id = self.ids["call"]
            self.ids["call"] += 1
            day = self._date_for(index)
            precision = rng.choices(*self.precisions)[0]
            mode = rng.choices(*self.modes)[0]
            status = rng.choices(*self.statuses)[0]
            date = {
                DatePrecision.DAY: day,
                DatePrecision.MONTH: day.replace(day=1),
                DatePrecision.YEAR: day.replace(month=1, day=1),
                DatePrecision.UNKNOWN: None,
            }[precision]
            n_reports = min(rng.choices((1, 2, 3), (50, 30, 20))[0], self.n_articles)
            disputed = n_reports > 1 and precision == DatePrecision.DAY and rng.random() < 0.08
            people = self._people(rng.choices((2, 3, 4), (70, 20, 10))[0])
            names = [official[3] for official in people]
            rows["call"].append(
                [
                    call_id,
                    date,
                    precision,
                    DateBasis.EXPLICIT if date else DateBasis.UNKNOWN,
                    "Synthetic date." if date else "",
                    day.weekday() if precision == DatePrecision.DAY else None,
                    disputed,
                    mode,
                    status,
                    "",
                    f"{SYNTHETIC_TITLE} call {call_id}",
                    disputed,
                    "Synthetic: reports disagree on the date." if disputed else "",
                    "[]",
                    self.now,
                    self.now,
                ]
            )
            for official_id, _, terms, _ in people:
                position_id, title = position_on(terms, day)
                rows["participant"].append(
                    [self.ids["participant"], call_id, official_id, position_id, title]
                )
                self.ids["participant"] += 1
            topics = set()
            for _ in range(rng.choices((0, 1, 2, 3), (15, 45, 30, 10))[0]):
                topics.add(rng.choices(self.ref.topics, self.topic_weights)[0][0])
            for topic_id in sorted(topics):
                rows["topic"].append([self.ids["topic"], call_id, topic_id])
                self.ids["topic"] += 1
            # Four neighbouring articles to choose from: articles report calls of their days.
            base = max(0, min(int(index * ARTICLES_PER_CALL), self.n_articles - 4))
            window = range(base, min(base + 4, self.n_articles))
            articles = rng.sample(window, min(n_reports, len(window)))
            verb = _VERBS[mode]
            for number, article in enumerate(sorted(articles)):
                sentence = f"{names[0]} {verb} {' and '.join(names[1:])}."
                reported, reported_precision, month, dayno = date, precision, None, None
                if disputed and number == 1:
                    reported = day + dt.timedelta(days=1)
                elif precision == DatePrecision.UNKNOWN and rng.random() < 0.3:
                    month, dayno = day.month, day.day  # "Sept. 5": a day and month, no year
                evidence = json.dumps([{"text": sentence, "start": 0, "end": len(sentence)}])
                rows["report"].append(
                    [
                        self.ids["report"],
                        call_id,
                        self.first_article + article,
                        reported,
                        reported_precision,
                        reported.weekday() if reported and precision == "day" else None,
                        month,
                        dayno,
                        True,
                        DateBasis.EXPLICIT if reported else DateBasis.UNKNOWN,
                        f"on {reported:%B %d}" if reported else "",
                        mode,
                        status if status != Status.REJECTED else Status.HELD,
                        evidence,
                        sentence,
                        self.now,
                    ]
                )
                self.ids["report"] += 1
        return rows


def _columns(model, names):
    return model._meta.db_table, [model._meta.get_field(name).column for name in names]


TABLES = {
    "article": _columns(
        Article,
        [
            "id",
            "outlet",
            "title",
            "authors",
            "url",
            "published",
            "published_precision",
            "published_basis",
            "body",
            "content_hash",
            "edited_fields",
            "created_at",
            "updated_at",
        ],
    ),
    "call": _columns(
        Call,
        [
            "id",
            "date",
            "date_precision",
            "date_basis",
            "date_note",
            "weekday",
            "date_disputed",
            "mode",
            "status",
            "location",
            "summary",
            "needs_review",
            "review_note",
            "edited_fields",
            "created_at",
            "updated_at",
        ],
    ),
    "participant": _columns(CallParticipant, ["id", "call", "official", "position", "role"]),
    "report": _columns(
        Report,
        [
            "id",
            "call",
            "article",
            "reported_date",
            "reported_precision",
            "reported_weekday",
            "reported_month",
            "reported_day",
            "date_specific",
            "date_basis",
            "date_text",
            "reported_mode",
            "reported_status",
            "evidence",
            "evidence_text",
            "created_at",
        ],
    ),
    "topic": (
        Call.topics.through._meta.db_table,
        ["id", "call_id", "topic_id"],
    ),
}
# Parents before children, so foreign keys hold at every statement on SQLite too.
TABLE_ORDER = ["article", "call", "participant", "report", "topic"]


def _next_ids():
    models_by_key = {
        "article": Article,
        "call": Call,
        "participant": CallParticipant,
        "report": Report,
        "topic": Call.topics.through,
    }
    ids = {}
    for key, model in models_by_key.items():
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        ids[key] = (last or 0) + 1
    return ids


def _write_postgresql(rows):
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3's own cursor: its copy() streams rows in COPY format
        for key in TABLE_ORDER:
            table, columns = TABLES[key]
            quoted = ", ".join(f'"{c}"' for c in columns)
            with raw.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                for row in rows[key]:
                    copy.write_row(row)


def _sqlite_value(value):
    # Stored as Django itself stores them: naive UTC text for datetimes, ISO text for dates.
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _write_sqlite(rows):
    with connection.cursor() as cursor:
        for key in TABLE_ORDER:
            table, columns = TABLES[key]
            if not rows[key]:
                continue
            quoted = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})',
                [[_sqlite_value(value) for value in row] for row in rows[key]],
            )


def _reset_sequences():
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in TABLE_ORDER:
            table, _ = TABLES[key]
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT COALESCE(MAX(id), 1) FROM "{table}"))'
            )


def real_articles():
    """Articles that the generator did not make."""
    return Article.objects.exclude(url__startswith=SYNTHETIC_URL)


def generate(*, calls, seed=0, batch_size=20_000, progress=None):
    """Write `calls` synthetic calls with their articles, reports, participants and topics."""
    rng = random.Random(seed)
    reference = Reference.load(rng)
    if not reference.officials or not reference.outlets or not reference.topics:
        raise ValueError("The reference data (officials, outlets, topics) is not loaded.")
    generator = Generator(
        seed=seed, total=calls, reference=reference, first_ids=_next_ids(), now=timezone.now()
    )
    write = _write_postgresql if connection.vendor == "postgresql" else _write_sqlite
    counts = dict.fromkeys(TABLE_ORDER, 0)
    for start in range(0, calls, batch_size):
        rows = generator.batch(start, min(calls, start + batch_size))
        with transaction.atomic():
            write(rows)
        for key in TABLE_ORDER:
            counts[key] += len(rows[key])
        if progress:
            progress(min(calls, start + batch_size), counts)
    _reset_sequences()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts
