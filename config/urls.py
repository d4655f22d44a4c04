"""Root URLs: admin and the apps' own url modules."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("contacts.urls")),
]
