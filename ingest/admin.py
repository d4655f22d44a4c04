"""Admin for source documents: upload and ingest files, re-run extraction, see what each file gave."""

from pathlib import PurePath

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import get_valid_filename

from contacts.admin.keep import SuperuserDeletesOnly
from ingest.admin_batches import IngestBatchAdmin, show_queued
from ingest.admin_feeds import FeedAdmin, FeedEntryAdmin
from ingest.models import BatchOrigin, SourceDocument
from ingest.pages import register_pages
from ingest.queue import queue_documents
from ingest.services import register_documents

__all__ = ["FeedAdmin", "FeedEntryAdmin", "IngestBatchAdmin", "SourceDocumentAdmin"]

PREVIEW_CHARS = 20_000
MAX_PASTED_URLS = 500
UPLOAD_SUFFIXES = (".txt", ".html", ".htm")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files at once and cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(UPLOAD_SUFFIXES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [f for f in files if f]
        if not files:
            raise forms.ValidationError("Choose at least one .txt or .html file.")
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        wrong = [f.name for f in cleaned if PurePath(f.name).suffix.lower() not in UPLOAD_SUFFIXES]
        if wrong:
            raise forms.ValidationError(
                "Only .txt and .html files can be ingested; not: " + ", ".join(wrong)
            )
        return cleaned


class UploadForm(forms.Form):
    files = MultipleFileField(help_text="One or more .txt or .html files.")
    url = forms.URLField(
        required=False,
        assume_scheme="https",
        max_length=1000,
        help_text="Where the text was found (applies to all).",
    )
    outlet = forms.CharField(required=False, max_length=200, help_text="Outlet name.")
    published = forms.DateField(
        required=False,
        help_text="Publication date, YYYY-MM-DD (applies to all).",
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class FetchForm(forms.Form):
    urls = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10, "cols": 100}),
        help_text=f"One address (http or https) a line; at most {MAX_PASTED_URLS}.",
    )
    outlet = forms.CharField(required=False, max_length=200, help_text="Outlet name.")
    published = forms.DateField(
        required=False,
        help_text="Publication date, YYYY-MM-DD (applies to all).",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_urls(self):
        lines = [line.strip() for line in self.cleaned_data["urls"].splitlines() if line.strip()]
        if len(lines) > MAX_PASTED_URLS:
            raise forms.ValidationError(f"At most {MAX_PASTED_URLS} addresses at a time.")
        check = URLValidator(schemes=["http", "https"])
        wrong = []
        for line in lines:
            try:
                check(line)
            except ValidationError:
                wrong.append(line)
        if wrong:
            raise forms.ValidationError(
                "Not http or https addresses: " + ", ".join(w[:100] for w in wrong[:10])
            )
        if not lines:
            raise forms.ValidationError("Paste at least one address.")
        return lines


@admin.register(SourceDocument)
class SourceDocumentAdmin(SuperuserDeletesOnly, admin.ModelAdmin):
    list_display = (
        "filename",
        "status",
        "batch",
        "processed_at",
        "calls_created",
        "calls_joined",
        "warnings_count",
        "article",
    )
    list_filter = ("status", "batch")
    search_fields = ("filename", "url", "title")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    list_select_related = ("article", "batch")
    actions = ("ingest_selected", "rerun_extraction")
    change_list_template = "admin/ingest/sourcedocument/change_list.html"
    readonly_fields = (
        "filename",
        "status",
        "error",
        "warnings_list",
        "result",
        "article",
        "sha256",
        "size",
        "attempts",
        "created_at",
        "processed_at",
        "raw_preview",
        "requested_url",
        "batch",
        "claimed_by",
        "claims",
    )
    fieldsets = (
        (None, {"fields": ("filename", "status", "error", "warnings_list", "article")}),
        (
            "Given with the file (change, then re-run extraction)",
            {"fields": ("url", "outlet_name", "published", "title")},
        ),
        ("Result", {"fields": ("result", "attempts", "created_at", "processed_at")}),
        ("Queue", {"fields": ("batch", "claimed_by", "claims", "requested_url")}),
        ("The file as received", {"fields": ("sha256", "size", "raw_preview")}),
    )

    def has_add_permission(self, request):
        # Documents arrive through the upload page, which reads and registers the files.
        return False

    @admin.display(description="calls created")
    def calls_created(self, obj):
        return (obj.result or {}).get("calls_created", "")

    @admin.display(description="calls joined")
    def calls_joined(self, obj):
        return (obj.result or {}).get("calls_joined", "")

    @admin.display(description="warnings")
    def warnings_count(self, obj):
        return len(obj.warnings or [])

    @admin.display(description="warnings")
    def warnings_list(self, obj):
        if not obj.warnings:
            return "—"
        items = format_html_join("", "<li>{}</li>", ((w,) for w in obj.warnings))
        return format_html("<ul>{}</ul>", items)

    @admin.display(description="contents")
    def raw_preview(self, obj):
        if obj.pk is None:
            return "—"
        text = bytes(obj.raw[: PREVIEW_CHARS * 4]).decode("utf-8", errors="replace")
        more = " (beginning only)" if len(text) > PREVIEW_CHARS else ""
        # format_html escapes the text: a scraped page's markup and scripts show as text.
        return format_html(
            '<p><a href="{}">Download the original file</a>{}</p>'
            '<pre style="white-space: pre-wrap; max-height: 40em; overflow: auto">{}</pre>',
            reverse("admin:ingest_sourcedocument_download", args=[obj.pk]),
            more,
            text[:PREVIEW_CHARS],
        )

    def get_urls(self):
        own = [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="ingest_sourcedocument_upload",
            ),
            path(
                "fetch/",
                self.admin_site.admin_view(self.fetch_view),
                name="ingest_sourcedocument_fetch",
            ),
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="ingest_sourcedocument_download",
            ),
        ]
        return own + super().get_urls()

    def download_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        document = get_object_or_404(SourceDocument, pk=pk)
        # Served as an opaque download so a malicious page never renders in the browser.
        response = HttpResponse(bytes(document.raw), content_type="application/octet-stream")
        name = get_valid_filename(document.filename) or "document"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    def upload_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        queued = None
        if request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                meta = {
                    "url": form.cleaned_data["url"],
                    "outlet": form.cleaned_data["outlet"],
                    "published": form.cleaned_data["published"],
                }
                files = [(f.name, f.read(), meta) for f in form.cleaned_data["files"]]
                registered = register_documents(files=files)
                queued = queue_documents(
                    documents=[doc for doc, _ in registered],
                    origin=BatchOrigin.UPLOAD,
                    description=f"{len(files)} files uploaded by {request.user}",
                    user=request.user,
                )
                show_queued(request, queued)
                form = UploadForm()
        else:
            form = UploadForm()
        return self._form_page(request, "Upload documents", form, queued, "Upload and ingest")

    def fetch_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        queued = None
        if request.method == "POST":
            form = FetchForm(request.POST)
            if form.is_valid():
                urls = form.cleaned_data["urls"]
                registered = register_pages(urls=urls, meta=form.cleaned_data)
                queued = queue_documents(
                    documents=[doc for doc, _ in registered],
                    origin=BatchOrigin.URLS,
                    description=f"{len(urls)} pages pasted by {request.user}",
                    user=request.user,
                )
                show_queued(request, queued)
                form = FetchForm()
        else:
            form = FetchForm()
        return self._form_page(request, "Fetch pages by URL", form, queued, "Fetch and ingest")

    def _form_page(self, request, title, form, queued, submit):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "form": form,
            "submit": submit,
            "queued": queued,
            "finished": queued and queued.batch and not queued.batch.in_queue(),
        }
        return TemplateResponse(request, "admin/ingest/sourcedocument/upload.html", context)

    @admin.action(description="Ingest selected documents", permissions=["change"])
    def ingest_selected(self, request, queryset):
        show_queued(
            request,
            queue_documents(
                documents=queryset.order_by("created_at", "pk"),
                origin=BatchOrigin.RERUN,
                description=f"Selected by {request.user}",
                user=request.user,
            ),
        )

    @admin.action(description="Re-run extraction", permissions=["change"])
    def rerun_extraction(self, request, queryset):
        show_queued(
            request,
            queue_documents(
                documents=queryset.order_by("created_at", "pk"),
                origin=BatchOrigin.RERUN,
                description=f"Re-run by {request.user}",
                user=request.user,
                rerun=True,
            ),
        )
