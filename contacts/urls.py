"""Public browsing URLs (names are stable: templates and get_absolute_url use them)."""

from django.urls import path

from contacts import matrix_views, views

app_name = "contacts"

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("calls.csv", views.calls_csv, name="calls_csv"),
    path("calls.json", views.calls_json, name="calls_json"),
    path("calls.atom", views.calls_atom, name="calls_atom"),
    path("calls.ics", views.calls_ics, name="calls_ics"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("matrix/", matrix_views.matrix_page, name="matrix"),
    path("matrix.csv", matrix_views.matrix_csv, name="matrix_csv"),
    path("officials/", views.official_list, name="officials"),
    path("officials/<slug:slug>/", views.official_detail, name="official"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("outlets/<slug:slug>/", views.outlet_detail, name="outlet"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("articles/<int:pk>/raw/<int:document>/", views.article_raw, name="article_raw"),
]
