"""Source documents (every input exactly as received, with its status and result), the batches
that queue them for the workers, and the feeds they are fetched from."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from contacts.models import Article


class DocumentStatus(models.TextChoices):
    NEW = "new", "New"
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    INGESTED = "ingested", "Ingested"
    FAILED = "failed", "Failed"


class BatchOrigin(models.TextChoices):
    UPLOAD = "upload", "Upload in admin"
    COMMAND = "command", "ingest --background"
    URLS = "urls", "Pages by URL"
    FEED = "feed", "Feed entries"
    RERUN = "rerun", "Re-run"


class IngestBatch(models.Model):
    """Documents queued together for the workers; its progress is read from its documents."""

    origin = models.CharField(max_length=10, choices=BatchOrigin.choices)
    description = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ingest_batches",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    total = models.PositiveIntegerField(default=0, help_text="Documents queued in this batch.")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "ingest batches"

    def __str__(self):
        return f"Batch {self.pk}: {self.description or self.get_origin_display()}"

    def get_absolute_url(self):
        return reverse("admin:ingest_ingestbatch_change", args=[self.pk])

    def in_queue(self) -> bool:
        """Whether some of its documents still wait for a worker or are being ingested."""
        return self.documents.filter(
            status__in=[DocumentStatus.QUEUED, DocumentStatus.RUNNING]
        ).exists()


class SourceDocument(models.Model):
    """One uploaded or scanned file, kept byte for byte; the same bytes are one document."""

    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_documents",
    )
    filename = models.CharField(max_length=255, help_text="The original file's base name.")
    raw = models.BinaryField(editable=False, help_text="The bytes exactly as received.")
    # Null only for a page still to be fetched, or one whose fetch failed: several of those
    # may exist at once, and a unique column allows many nulls but one "".
    sha256 = models.CharField(max_length=64, unique=True, null=True, editable=False)  # noqa: DJ001
    size = models.PositiveIntegerField(default=0, editable=False)
    url = models.CharField(
        max_length=1000, blank=True, help_text="Where the text was found, if given with it."
    )
    requested_url = models.CharField(
        max_length=1000,
        blank=True,
        help_text="The address the page was fetched from, for fetched pages; `url` is where it "
        "ended after redirects.",
    )
    outlet_name = models.CharField(max_length=200, blank=True)
    published = models.DateField(null=True, blank=True)
    title = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.NEW
    )
    error = models.TextField(blank=True, help_text="Why the last attempt failed, in words.")
    meta_warnings = models.JSONField(
        default=list,
        blank=True,
        help_text="Problems with the metadata given with the file, such as a broken sidecar.",
    )
    warnings = models.JSONField(default=list, blank=True)
    result = models.JSONField(
        default=dict,
        blank=True,
        help_text="What the last ingest made of it: calls created, joined…",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # The queue: which batch queued it last, and which worker took it, until when.
    batch = models.ForeignKey(
        IngestBatch,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(
        max_length=100, blank=True, help_text="The worker that took it last."
    )
    claims = models.PositiveIntegerField(
        default=0, help_text="How many times a worker took it (more than once: a worker stopped)."
    )
    lease_until = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        # Oldest first: an article's first document is the one exports name.
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["status"], name="sourcedoc_status"),
            models.Index(fields=["created_at"], name="sourcedoc_created"),
            models.Index(fields=["batch", "status"], name="sourcedoc_batch_status"),
        ]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display().lower()})"

    def get_absolute_url(self):
        return reverse("admin:ingest_sourcedocument_change", args=[self.pk])

    @property
    def meta(self):
        """The metadata given with the file, as the sidecar names it."""
        return {
            "url": self.url,
            "outlet": self.outlet_name,
            "published": self.published,
            "title": self.title,
        }


class Feed(models.Model):
    """An RSS or Atom feed an editor registered; polled every `interval_minutes` by a worker."""

    url = models.CharField(max_length=1000, unique=True, help_text="The feed's address.")
    title = models.CharField(max_length=300, blank=True, help_text="From the feed, if empty.")
    outlet_name = models.CharField(
        max_length=200, blank=True, help_text="The outlet its entries are from (optional)."
    )
    interval_minutes = models.PositiveIntegerField(
        default=60, help_text="How often the feed is polled for new entries."
    )
    active = models.BooleanField(default=True, help_text="Polled only while active.")
    # What the server said last: sent back for a conditional GET (an answer 304 costs nothing).
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    next_poll_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_status = models.PositiveIntegerField(null=True, blank=True, editable=False)
    error = models.TextField(blank=True, editable=False, help_text="Why the last poll failed.")
    failures = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(
        excluded_fields=[
            "etag",
            "last_modified",
            "last_polled_at",
            "next_poll_at",
            "last_status",
            "error",
            "failures",
        ]
    )

    class Meta:
        ordering = ["title", "url"]
        indexes = [models.Index(fields=["active", "next_poll_at"], name="feed_due")]

    def __str__(self):
        return self.title or self.url

    def get_absolute_url(self):
        return reverse("admin:ingest_feed_change", args=[self.pk])


class FeedEntry(models.Model):
    """One entry seen in a feed; an entry seen once is never fetched again."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="entries")
    key = models.CharField(max_length=500, help_text="The entry's id, or its link if it has none.")
    url = models.CharField(max_length=1000)
    title = models.CharField(max_length=500, blank=True)
    seen_at = models.DateTimeField(auto_now_add=True)
    document = models.ForeignKey(
        SourceDocument,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feed_entries",
    )

    class Meta:
        ordering = ["-seen_at", "-id"]
        verbose_name_plural = "feed entries"
        constraints = [
            models.UniqueConstraint(fields=["feed", "key"], name="feedentry_unique_key"),
        ]

    def __str__(self):
        return self.title or self.url
