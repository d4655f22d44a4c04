"""A URLconf with views that fail or run too long, to see the error pages as a visitor would."""

from django.db import connection
from django.http import HttpResponse
from django.urls import include, path


def failing_view(request):
    raise RuntimeError("a bug in a view")


def slow_query_view(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(2)")
    return HttpResponse("finished")


urlpatterns = [
    path("boom/", failing_view),
    path("slow/", slow_query_view),
    path("", include("config.urls")),
]
