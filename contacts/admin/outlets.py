"""Admin for outlets (with their web domains) and topics."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count, Prefetch

from contacts.admin.history import EditorAdmin
from contacts.models import Outlet, OutletDomain, Topic


class DomainInline(admin.TabularInline):
    model = OutletDomain
    extra = 1


@admin.register(Outlet)
class OutletAdmin(EditorAdmin):
    list_display = ("name", "kind", "country", "domain_list", "article_count")
    list_filter = ("kind", "country")
    search_fields = ("name", "domains__domain")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (DomainInline,)
    readonly_fields = ("recent_changes",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(article_total=Count("articles", distinct=True))
            .prefetch_related(Prefetch("domains", queryset=OutletDomain.objects.order_by("domain")))
        )

    @admin.display(description="domains")
    def domain_list(self, obj):
        return ", ".join(d.domain for d in obj.domains.all())

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, obj):
        return obj.article_total


@admin.register(Topic)
class TopicAdmin(EditorAdmin):
    # Phrases are one per line and editors add many: give them room.
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 10})}}
    list_display = ("name", "parent", "phrase_count", "call_count")
    list_filter = (("parent", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("parent",)
    search_fields = ("name", "slug", "phrases", "description")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)
    readonly_fields = ("recent_changes",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(call_total=Count("calls", distinct=True))

    @admin.display(description="phrases")
    def phrase_count(self, obj):
        return len(obj.phrase_list)

    @admin.display(description="calls", ordering="call_total")
    def call_count(self, obj):
        return obj.call_total
