"""Source documents: every input exactly as received, with its status and result."""

from django.db import models
from django.urls import reverse

from contacts.models import Article


class DocumentStatus(models.TextChoices):
    NEW = "new", "New"
    INGESTED = "ingested", "Ingested"
    FAILED = "failed", "Failed"


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
    sha256 = models.CharField(max_length=64, unique=True, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    url = models.CharField(
        max_length=1000, blank=True, help_text="Where the text was found, if given with it."
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

    class Meta:
        # Oldest first: an article's first document is the one exports name.
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["status"], name="sourcedoc_status"),
            models.Index(fields=["created_at"], name="sourcedoc_created"),
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
