"""The records: officials and their posts, outlets, articles, calls, reports and topics."""

import functools

from django.db import models
from django.db.models import F, Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from contacts.choices import AliasKind, DateBasis, DatePrecision, Mode, OutletKind, Status
from contacts.countries import Country
from contacts.names import normalize_name
from contacts.querysets import CallQuerySet, OfficialQuerySet, PositionQuerySet

# A list page links every participant, topic and outlet of every row: a page's URL is reversed
# once per view with a stand-in for its slug or id, then filled in (slugs and ids need no
# quoting), rather than reversed a hundred times.
_MARK = "8128256512"


@functools.lru_cache(maxsize=64)
def _url_pattern(view, kwarg, prefix, urlconf):
    return reverse(view, kwargs={kwarg: _MARK}, urlconf=urlconf)


def _url(view, kwarg, value):
    return _url_pattern(view, kwarg, get_script_prefix(), get_urlconf()).replace(_MARK, str(value))


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Official(Timestamped):
    name = models.CharField(max_length=200, help_text="Full name as usually written in English.")
    normalized_name = models.CharField(max_length=200, db_index=True, editable=False)
    slug = models.SlugField(max_length=200, unique=True)
    country = models.CharField(max_length=2, choices=Country.choices, default=Country.XX)
    needs_review = models.BooleanField(
        default=False,
        help_text="Created by the ingest from a title in a text; check the name and add a position.",
    )
    notes = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = OfficialQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["country", "name"], name="official_country_name")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized_name = normalize_name(self.name)
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return _url("contacts:official", "slug", self.slug)

    def position_on(self, on):
        """The position this official held on date `on` (the most senior-looking: latest start)."""
        if on is None:
            return None
        return self.positions.held_on(on).order_by("-is_primary", "-start").first()

    def role_on(self, on):
        """The title this official held on date `on`, or an empty string."""
        position = self.position_on(on)
        return position.title if position else ""


class OfficialAlias(models.Model):
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(
        max_length=200,
        help_text="Another way texts write this person: 'Bibi', '@SecBlinken', 'Blinker'.",
    )
    normalized = models.CharField(max_length=200, db_index=True, editable=False)
    kind = models.CharField(max_length=20, choices=AliasKind.choices, default=AliasKind.VARIANT)

    history = HistoricalRecords()

    class Meta:
        ordering = ["official", "name"]
        verbose_name_plural = "official aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["official", "normalized"], name="alias_unique_per_official"
            )
        ]

    def __str__(self):
        return f"{self.name} → {self.official}"

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)


class Position(models.Model):
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(max_length=200, help_text="As shown to readers: 'Secretary of State'.")
    role = models.SlugField(
        max_length=80,
        help_text="Role key shared by all holders of the post, used by filters: 'secretary-of-state'.",
    )
    organisation = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=2, choices=Country.choices, default=Country.XX)
    start = models.DateField()
    end = models.DateField(null=True, blank=True, help_text="Empty while still in office.")
    is_spokesperson = models.BooleanField(
        default=False,
        help_text="Spokespeople issue readouts; the ingest never makes them participants.",
    )
    is_primary = models.BooleanField(
        default=True, help_text="Shown as the official's role when several posts overlap."
    )

    history = HistoricalRecords()
    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["official", "start"]
        indexes = [
            models.Index(fields=["role", "start", "end"], name="position_role_term"),
            models.Index(fields=["official", "start"], name="position_official_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="position_end_not_before_start",
            ),
            models.UniqueConstraint(
                fields=["official", "role", "start"], name="position_unique_term"
            ),
        ]

    def __str__(self):
        end = self.end.isoformat() if self.end else "present"
        return f"{self.official}: {self.title} ({self.start.isoformat()} – {end})"


class Outlet(Timestamped):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    country = models.CharField(max_length=2, choices=Country.choices, default=Country.XX)
    kind = models.CharField(max_length=20, choices=OutletKind.choices, default=OutletKind.NEWS)
    homepage = models.URLField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return _url("contacts:outlet", "slug", self.slug)


class OutletDomain(models.Model):
    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(
        max_length=200, unique=True, help_text="Host name without 'www.': 'timesofisrael.com'."
    )

    class Meta:
        ordering = ["domain"]

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().removeprefix("www.")
        super().save(*args, **kwargs)


class Topic(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(blank=True)
    phrases = models.TextField(
        blank=True,
        help_text="One phrase per line; a sentence about a call that contains one tags the call.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return _url("contacts:topic", "slug", self.slug)

    @property
    def phrase_list(self):
        return [line.strip() for line in self.phrases.splitlines() if line.strip()]

    def descendant_ids(self):
        """This topic's id and those of all topics below it, in one query (the tree is small)."""
        children = {}
        for pk, parent in Topic.objects.values_list("pk", "parent_id"):
            children.setdefault(parent, []).append(pk)
        ids, frontier = {self.pk}, [self.pk]
        while frontier:
            frontier = [c for pk in frontier for c in children.get(pk, []) if c not in ids]
            ids.update(frontier)
        return ids


class Article(Timestamped):
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    title = models.CharField(max_length=500, blank=True)
    authors = models.JSONField(default=list, blank=True, help_text="A list of names.")
    url = models.URLField(max_length=1000, blank=True)
    published = models.DateField(null=True, blank=True)
    published_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    published_basis = models.CharField(
        max_length=200, blank=True, help_text="Where the publication date came from."
    )
    body = models.TextField(blank=True, help_text="The clean main text, boilerplate removed.")
    content_hash = models.CharField(max_length=64, db_index=True, blank=True)
    edited_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Fields an editor changed; a re-ingest leaves them alone.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published", "-id"]
        indexes = [models.Index(fields=["published"], name="article_published")]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="article_url_unique_when_present"
            )
        ]

    def __str__(self):
        return self.title or f"Article {self.pk}"

    def get_absolute_url(self):
        return _url("contacts:article", "pk", self.pk)


class Call(Timestamped):
    date = models.DateField(
        null=True, blank=True, help_text="First day of the month or year when less precise."
    )
    date_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    date_basis = models.CharField(
        max_length=20, choices=DateBasis.choices, default=DateBasis.UNKNOWN
    )
    date_note = models.TextField(blank=True, help_text="How the date was established, in words.")
    weekday = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="0 = Monday … 6 = Sunday, when a text names the day."
    )
    date_disputed = models.BooleanField(default=False, help_text="Reports give different dates.")
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.UNKNOWN)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.HELD)
    location = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="calls")
    officials = models.ManyToManyField(
        Official, through="CallParticipant", related_name="calls", blank=True
    )
    needs_review = models.BooleanField(default=False)
    review_note = models.TextField(blank=True, help_text="What an editor should check.")
    edited_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Fields an editor changed; a re-ingest leaves them alone.",
    )

    history = HistoricalRecords(m2m_fields=[topics])
    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["date", "id"], name="call_date_id"),
            models.Index(fields=["status", "date"], name="call_status_date"),
            models.Index(fields=["mode", "date"], name="call_mode_date"),
            models.Index(fields=["needs_review"], name="call_needs_review"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date__isnull=False) | Q(date_precision="unknown"),
                name="call_undated_has_unknown_precision",
            ),
            models.CheckConstraint(
                condition=Q(weekday__isnull=True) | Q(weekday__lte=6),
                name="call_weekday_range",
            ),
        ]

    def __str__(self):
        names = ", ".join(p.official.name for p in self.participants.all())
        when = self.date.isoformat() if self.date else "undated"
        return f"{self.get_mode_display()}: {names or 'no participants'} ({when})"

    def get_absolute_url(self):
        return _url("contacts:call", "pk", self.pk)


class CallParticipant(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="participants")
    official = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="participations")
    position = models.ForeignKey(
        Position,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
        help_text="The post held on the call's date.",
    )
    role = models.CharField(max_length=200, blank=True, help_text="The title held on the date.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["call", "id"]
        indexes = [models.Index(fields=["official", "call"], name="participant_official_call")]
        constraints = [
            models.UniqueConstraint(fields=["call", "official"], name="participant_unique_per_call")
        ]

    def __str__(self):
        return f"{self.official} ({self.role})" if self.role else str(self.official)


class Report(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reports")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reports")
    reported_date = models.DateField(null=True, blank=True)
    reported_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    reported_weekday = models.PositiveSmallIntegerField(null=True, blank=True)
    # A day and month without a year ("Sept. 5"): kept so another report can supply the year.
    reported_month = models.PositiveSmallIntegerField(null=True, blank=True)
    reported_day = models.PositiveSmallIntegerField(null=True, blank=True)
    date_specific = models.BooleanField(
        default=True,
        help_text="The date words name this contact alone, not a list of several contacts.",
    )
    date_basis = models.CharField(
        max_length=20, choices=DateBasis.choices, default=DateBasis.UNKNOWN
    )
    date_text = models.CharField(
        max_length=200,
        blank=True,
        help_text="The words that gave the date: 'on Monday', 'Sept. 5'.",
    )
    reported_mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.UNKNOWN)
    reported_status = models.CharField(max_length=12, choices=Status.choices, default=Status.HELD)
    evidence = models.JSONField(
        default=list,
        blank=True,
        help_text='Sentences that report the call: [{"text": ..., "start": ..., "end": ...}] '
        "with character offsets into the article body.",
    )
    evidence_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["call", "id"]
        indexes = [models.Index(fields=["article", "call"], name="report_article_call")]
        constraints = [
            models.UniqueConstraint(fields=["call", "article"], name="report_unique_per_article")
        ]

    def __str__(self):
        return f"{self.article} → call {self.call_id}"

    def save(self, *args, **kwargs):
        self.evidence_text = " ".join(e.get("text", "") for e in self.evidence or [])
        super().save(*args, **kwargs)
