"""Django admin for editors: every record with search, filters, history and editor's locks."""

from django.contrib import admin

from contacts.admin import articles, calls, officials, outlets  # noqa: F401  (registers the admins)

admin.site.site_header = "US–Israel contacts: editors"
admin.site.site_title = "Contacts admin"
