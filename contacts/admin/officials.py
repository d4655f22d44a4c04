"""Admin for officials, their aliases and the posts they held."""

from django.contrib import admin
from django.db.models import Count

from contacts.admin.filters import PositionRoleFilter
from contacts.admin.history import EditorAdmin
from contacts.models import Official, OfficialAlias, Position


class AliasInline(admin.TabularInline):
    model = OfficialAlias
    fields = ("name", "kind")
    extra = 1


class PositionInline(admin.TabularInline):
    model = Position
    fields = (
        "title",
        "role",
        "organisation",
        "country",
        "start",
        "end",
        "is_spokesperson",
        "is_primary",
    )
    extra = 0
    show_change_link = True


@admin.register(Official)
class OfficialAdmin(EditorAdmin):
    list_display = ("name", "country", "needs_review", "alias_count", "position_count")
    list_filter = ("country", "needs_review", PositionRoleFilter)
    search_fields = ("name", "slug", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (AliasInline, PositionInline)
    readonly_fields = ("normalized_name", "recent_changes", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "slug", "normalized_name", "country", "needs_review", "notes")}),
        ("Recent changes", {"fields": ("recent_changes",)}),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
    recent_changes_of = ("aliases", "positions")
    history_list_display = ("name", "country")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                alias_total=Count("aliases", distinct=True),
                position_total=Count("positions", distinct=True),
            )
        )

    @admin.display(description="aliases", ordering="alias_total")
    def alias_count(self, obj):
        return obj.alias_total

    @admin.display(description="positions", ordering="position_total")
    def position_count(self, obj):
        return obj.position_total


@admin.register(Position)
class PositionAdmin(EditorAdmin):
    list_display = ("official", "title", "role", "country", "start", "end", "is_spokesperson")
    list_filter = ("country", "is_spokesperson", "is_primary", "role")
    list_select_related = ("official",)
    search_fields = ("official__name", "official__aliases__name", "title", "role", "organisation")
    autocomplete_fields = ("official",)
    date_hierarchy = "start"


@admin.register(OfficialAlias)
class OfficialAliasAdmin(EditorAdmin):
    list_display = ("name", "official", "kind")
    list_filter = ("kind",)
    list_select_related = ("official",)
    search_fields = ("name", "official__name")
    autocomplete_fields = ("official",)
    readonly_fields = ("normalized",)
