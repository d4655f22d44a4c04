"""WSGI entry point for gunicorn or any WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from config.statement_timeout import limit_web_statements  # noqa: E402  (needs settings loaded)

limit_web_statements()
