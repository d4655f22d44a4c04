"""Admin for articles: the clean text, its reports, its source documents and the editor's locks."""

from django import forms
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count
from django.utils.html import format_html, format_html_join

from contacts.admin.filters import PublishedYearFilter
from contacts.admin.history import EditorAdmin, admin_url
from contacts.admin.keep import SuperuserDeletesOnly
from contacts.admin.locks import EditorLocksMixin, LockedFieldsForm
from contacts.admin.versions import VersionCheckedAdmin, VersionCheckedForm
from contacts.models import Article, Report


class ArticleForm(VersionCheckedForm, LockedFieldsForm):
    class Meta:
        model = Article
        # The admin adds the fields of its fieldsets.
        fields = ("edited_fields",)

    def clean_authors(self):
        authors = self.cleaned_data.get("authors") or []
        if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
            raise forms.ValidationError('Give a list of names: ["Jane Doe", "John Roe"].')
        return authors


class ArticleReportInline(SuperuserDeletesOnly, admin.TabularInline):
    model = Report
    fields = ("call", "reported_date", "reported_precision", "date_text", "reported_status")
    autocomplete_fields = ("call",)
    extra = 0
    show_change_link = True
    verbose_name_plural = "reports of calls in this article"


@admin.register(Article)
class ArticleAdmin(SuperuserDeletesOnly, VersionCheckedAdmin, EditorLocksMixin, EditorAdmin):
    form = ArticleForm
    list_display = ("__str__", "outlet", "published", "published_precision", "report_count")
    list_filter = (("outlet", admin.RelatedOnlyFieldListFilter), PublishedYearFilter)
    list_filter += ("published_precision",)
    list_select_related = ("outlet",)
    search_fields = ("title", "url", "body")
    autocomplete_fields = ("outlet",)
    inlines = (ArticleReportInline,)
    readonly_fields = (
        "body_text",
        "source_documents",
        "content_hash",
        "recent_changes",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "outlet",
                    "authors",
                    "url",
                    ("published", "published_precision"),
                    "published_basis",
                )
            },
        ),
        ("Text", {"fields": ("body_text",)}),
        ("Edit the text", {"fields": ("body",), "classes": ("collapse",)}),
        ("Source", {"fields": ("source_documents", "content_hash", "created_at", "updated_at")}),
        ("Editor's locks", {"fields": ("edited_fields",)}),
        ("Recent changes", {"fields": ("recent_changes",)}),
    )
    recent_changes_of = ("reports",)
    history_list_display = ("published",)
    actions = ("unlock_fields",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(report_total=Count("reports", distinct=True))

    @admin.display(description="reports", ordering="report_total")
    def report_count(self, obj):
        return obj.report_total

    @admin.display(description="Clean text")
    def body_text(self, obj):
        if obj is None or not obj.body:
            return "—"
        return format_html(
            '<div style="white-space: pre-wrap; max-width: 60em; max-height: 40em; '
            'overflow: auto; line-height: 1.5">{}</div>',
            obj.body,
        )

    @admin.display(description="Source documents")
    def source_documents(self, obj):
        documents = _source_documents(obj)
        if not documents:
            return "—"
        return format_html_join(
            ", ",
            "{}",
            ((self._document_link(d),) for d in documents),
        )

    def _document_link(self, document):
        url = admin_url(type(document), "change", document.pk, self.admin_site.name)
        if url and self.admin_site.is_registered(type(document)):
            return format_html('<a href="{}">{}</a>', url, document)
        return str(document)


def _source_documents(article):
    """The raw inputs this article came from; empty until the ingest app defines them."""
    if article is None or article.pk is None:
        return []
    try:
        Article._meta.get_field("source_documents")
    except FieldDoesNotExist:
        return []
    return list(article.source_documents.all())
