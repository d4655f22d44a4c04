"""Admin for ingest batches: progress by status, the time taken, and re-running the failed."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from ingest.models import DocumentStatus, IngestBatch
from ingest.queue import requeue_failed, with_progress

# The columns of progress, in the order a batch goes through them.
PROGRESS = (
    (DocumentStatus.QUEUED, "queued"),
    (DocumentStatus.RUNNING, "running"),
    (DocumentStatus.INGESTED, "done"),
    (DocumentStatus.FAILED, "failed"),
)


def documents_link(batch, status=None, text=None):
    """A link to the batch's documents (of one status), saying how many."""
    url = reverse("admin:ingest_sourcedocument_changelist") + f"?batch__id__exact={batch.pk}"
    if status:
        url += f"&status__exact={status}"
    return format_html('<a href="{}">{}</a>', url, text)


def show_queued(request, queued):
    """Messages for what an upload or an action queued: each document's result once finished."""
    for document in queued.unchanged:
        messages.info(request, f"{document.filename}: unchanged (already {document.status}).")
    batch = queued.batch
    if batch is None:
        return
    if batch.in_queue():
        messages.success(
            request,
            format_html(
                "{} documents queued in {}; the workers are ingesting them.",
                queued.queued,
                format_html('<a href="{}">{}</a>', batch.get_absolute_url(), batch),
            ),
        )
        return
    for document in batch.documents.order_by("pk"):
        if document.status == DocumentStatus.FAILED:
            messages.error(request, f"{document.filename}: {document.error}")
            continue
        result = document.result or {}
        messages.success(
            request,
            f"{document.filename}: {result.get('calls_created', 0)} calls created, "
            f"{result.get('calls_joined', 0)} joined.",
        )
        for warning in document.warnings or []:
            messages.warning(request, f"{document.filename}: {warning}")


@admin.register(IngestBatch)
class IngestBatchAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "origin",
        "created_by",
        "created_at",
        "total",
        "queued",
        "running",
        "done",
        "failed",
        "time_taken",
    )
    list_filter = ("origin",)
    list_select_related = ("created_by",)
    actions = ("rerun_failed",)
    readonly_fields = (
        "origin",
        "description",
        "created_by",
        "created_at",
        "total",
        "progress",
        "time_taken",
    )
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return with_progress(super().get_queryset(request))

    def _count(self, batch, status):
        count = getattr(batch, f"n_{status}", 0)
        return documents_link(batch, status, count) if count else 0

    @admin.display(description="queued")
    def queued(self, obj):
        return self._count(obj, DocumentStatus.QUEUED)

    @admin.display(description="running")
    def running(self, obj):
        return self._count(obj, DocumentStatus.RUNNING)

    @admin.display(description="done")
    def done(self, obj):
        return self._count(obj, DocumentStatus.INGESTED)

    @admin.display(description="failed")
    def failed(self, obj):
        return self._count(obj, DocumentStatus.FAILED)

    @admin.display(description="time taken")
    def time_taken(self, obj):
        waiting = obj.n_queued + obj.n_running
        end = timezone.now() if waiting or not obj.last_processed else obj.last_processed
        seconds = max(0, (end - obj.created_at).total_seconds())
        text = f"{seconds:.1f} s" if seconds < 120 else f"{seconds / 60:.1f} min"
        return f"{text} so far" if waiting else text

    @admin.display(description="progress")
    def progress(self, obj):
        rows = (
            (label, documents_link(obj, status, getattr(obj, f"n_{status}", 0)))
            for status, label in PROGRESS
        )
        table = format_html_join("", "<li>{}: {}</li>", rows)
        return format_html("<ul>{}</ul><p>{}</p>", table, documents_link(obj, None, "All of them"))

    @admin.action(description="Re-run the failed documents", permissions=["change"])
    def rerun_failed(self, request, queryset):
        count = sum(requeue_failed(batch) for batch in queryset)
        messages.success(request, f"{count} failed documents queued again.")
