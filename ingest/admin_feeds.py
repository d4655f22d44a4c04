"""Admin for feeds: register one, see when it was polled and why it failed, poll it now."""

from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from contacts.admin.keep import SuperuserDeletesOnly
from ingest.models import Feed, FeedEntry
from ingest.tasks import poll_feed_task


@admin.register(Feed)
class FeedAdmin(SuperuserDeletesOnly, SimpleHistoryAdmin):
    list_display = (
        "__str__",
        "active",
        "interval_minutes",
        "last_polled_at",
        "last_status",
        "entry_count",
        "error",
    )
    list_filter = ("active",)
    search_fields = ("url", "title")
    actions = ("poll_now",)
    readonly_fields = (
        "entries_link",
        "last_polled_at",
        "next_poll_at",
        "last_status",
        "error",
        "failures",
        "etag",
        "last_modified",
    )
    fieldsets = (
        (None, {"fields": ("url", "title", "outlet_name", "interval_minutes", "active")}),
        ("Polling", {"fields": readonly_fields}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_count=Count("entries"))

    @admin.display(description="entries")
    def entries_link(self, obj):
        # A link, not an inline: a feed gathers thousands of entries over the years.
        url = reverse("admin:ingest_feedentry_changelist") + f"?feed__id__exact={obj.pk}"
        return format_html('<a href="{}">{} entries</a>', url, obj.entries.count())

    @admin.display(description="entries", ordering="entry_count")
    def entry_count(self, obj):
        return obj.entry_count

    @admin.action(description="Poll now", permissions=["change"])
    def poll_now(self, request, queryset):
        for feed in queryset:
            poll_feed_task.enqueue(feed.pk)
        messages.success(request, f"{queryset.count()} feeds will be polled now.")


@admin.register(FeedEntry)
class FeedEntryAdmin(admin.ModelAdmin):
    list_display = ("__str__", "feed", "seen_at", "document")
    list_filter = ("feed",)
    search_fields = ("title", "url")
    list_select_related = ("feed", "document")
    readonly_fields = ("feed", "key", "url", "title", "seen_at", "document")

    def has_add_permission(self, request):
        return False
