"""List filters that need more than a field: a position's role, an article's year."""

from django.contrib import admin

from contacts.models import Article, Position


class PositionRoleFilter(admin.SimpleListFilter):
    """Officials who ever held a post of the chosen role."""

    title = "position role"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        titles = {}
        for role, title in Position.objects.order_by("role", "-start").values_list("role", "title"):
            titles.setdefault(role, title)
        return sorted(titles.items(), key=lambda item: item[1].lower())

    def queryset(self, request, queryset):
        if self.value():
            # A subquery rather than a join, so an official with two such posts is listed once.
            holders = Position.objects.filter(role=self.value()).values("official")
            return queryset.filter(pk__in=holders)
        return queryset


class PublishedYearFilter(admin.SimpleListFilter):
    title = "published year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Article.objects.dates("published", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years] + [("none", "Unknown")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(published__isnull=True)
        if value and value.isdigit():
            return queryset.filter(published__year=int(value))
        return queryset
