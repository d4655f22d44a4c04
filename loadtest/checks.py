"""What a whole answer looks like, so a 200 cut off midway counts as an error, not a success.

Imported by the locustfile, which runs outside Django: plain Python only.
"""

import json
from urllib.parse import urlsplit


def _json_complete(body):
    try:
        json.loads(body)
    except ValueError:
        return False
    return True


# The last bytes each kind of answer ends with once it is complete; JSON must parse.
ENDINGS = {
    "/calls.csv": lambda body: body.endswith(b"\n"),
    "/calls.ics": lambda body: body.rstrip().endswith(b"END:VCALENDAR"),
    "/calls.atom": lambda body: body.rstrip().endswith(b"</feed>"),
    "/calls.json": _json_complete,
}


def _page_complete(body):
    return body.rstrip().endswith(b"</html>")


def problem(url, status, body):
    """Why this answer to `url` is not a whole 200, or None when it is."""
    if status != 200:
        return f"status {status}"
    complete = ENDINGS.get(urlsplit(url).path, _page_complete)
    if not complete(body):
        return "the body is cut off"
    return None
