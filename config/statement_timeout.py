"""A time limit on each SQL statement of a web request (PostgreSQL), and the 503 when one is hit.

Without it, one runaway query holds a gunicorn worker until gunicorn kills the worker after
its own timeout and answers a bare 500 (the load test saw this on unindexed searches). Only the
web process sets the limit (config/wsgi.py): migrations and the ingest may run long statements.
"""

from django.conf import settings
from django.db import OperationalError
from django.db.backends.signals import connection_created
from django.shortcuts import render

# PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout (query_canceled).
QUERY_CANCELED = "57014"


def limit_statements(connection, milliseconds):
    """Cancel any statement on this PostgreSQL connection that runs longer than this."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{milliseconds}"])


def _on_connection(sender, connection, **kwargs):
    if connection.vendor == "postgresql":
        limit_statements(connection, settings.WEB_STATEMENT_TIMEOUT_MS)


def limit_web_statements():
    """From now on, every new PostgreSQL connection of this process gets the web's limit."""
    if settings.WEB_STATEMENT_TIMEOUT_MS > 0:
        connection_created.connect(_on_connection, dispatch_uid="web-statement-timeout")


def _cancelled(exception):
    return isinstance(exception, OperationalError) and (
        getattr(exception.__cause__, "sqlstate", None) == QUERY_CANCELED
    )


class StatementTimeoutMiddleware:
    """Turns a statement cut off by the limit into a 503 page that says so."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not _cancelled(exception):
            return None
        seconds = settings.WEB_STATEMENT_TIMEOUT_MS / 1000
        response = render(request, "503.html", {"seconds": f"{seconds:g}"}, status=503)
        response["Retry-After"] = "60"
        return response
