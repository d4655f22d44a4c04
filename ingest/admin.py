"""Admin for source documents: upload and ingest files, re-run extraction, see what each file gave."""

from pathlib import PurePath

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import get_valid_filename

from contacts.admin.keep import SuperuserDeletesOnly
from ingest.models import SourceDocument
from ingest.services import ingest_documents, register_documents

PREVIEW_CHARS = 20_000
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


def _show_summary(request, summary):
    """One message per document: its calls, its warnings, or its error."""
    for line in summary.lines:
        if line.outcome == "failed":
            messages.error(request, f"{line.filename}: {line.error}")
        elif line.outcome == "unchanged":
            messages.info(request, f"{line.filename}: unchanged (already {line.error}).")
        else:
            messages.success(
                request,
                f"{line.filename}: {line.calls_created} calls created, {line.calls_joined} joined.",
            )
            for warning in line.warnings:
                messages.warning(request, f"{line.filename}: {warning}")
    messages.info(request, str(summary))


@admin.register(SourceDocument)
class SourceDocumentAdmin(SuperuserDeletesOnly, admin.ModelAdmin):
    list_display = (
        "filename",
        "status",
        "processed_at",
        "calls_created",
        "calls_joined",
        "warnings_count",
        "article",
    )
    list_filter = ("status",)
    search_fields = ("filename", "url", "title")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    list_select_related = ("article",)
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
    )
    fieldsets = (
        (None, {"fields": ("filename", "status", "error", "warnings_list", "article")}),
        (
            "Given with the file (change, then re-run extraction)",
            {"fields": ("url", "outlet_name", "published", "title")},
        ),
        ("Result", {"fields": ("result", "attempts", "created_at", "processed_at")}),
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
        summary = None
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
                summary = ingest_documents(documents=[doc for doc, _ in registered])
                _show_summary(request, summary)
                form = UploadForm()
        else:
            form = UploadForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Upload documents",
            "form": form,
            "summary": summary,
        }
        return TemplateResponse(request, "admin/ingest/sourcedocument/upload.html", context)

    @admin.action(description="Ingest selected documents", permissions=["change"])
    def ingest_selected(self, request, queryset):
        _show_summary(request, ingest_documents(documents=queryset.order_by("created_at", "pk")))

    @admin.action(description="Re-run extraction", permissions=["change"])
    def rerun_extraction(self, request, queryset):
        summary = ingest_documents(documents=queryset.order_by("created_at", "pk"), rerun=True)
        _show_summary(request, summary)
