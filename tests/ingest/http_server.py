"""A real HTTP server on 127.0.0.1 (an ephemeral port) for the fetching tests: each path answers
as a test sets it, and every request is noted with its headers."""

import contextlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    """What one path answers: status, headers, body, and an optional delay before answering."""

    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    # Answered 304 when the request's If-None-Match is this.
    etag: str = ""
    # Body sent without a Content-Length (read until the connection closes).
    chunked: bool = False


class LocalServer:
    """Routes by path; `requests` holds (path, headers) of every request received."""

    def __init__(self):
        self.routes: dict[str, Answer] = {}
        self.requests: list[tuple[str, dict]] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path):
        return self.base + path

    def hits(self, path):
        return sum(1 for p, _ in self.requests if p == path)

    def _handler(self):
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server name
                with owner.lock:
                    owner.requests.append((self.path, dict(self.headers)))
                answer = owner.routes.get(self.path, Answer(404, b"not here"))
                if answer.delay:
                    time.sleep(answer.delay)
                if answer.etag and self.headers.get("If-None-Match") == answer.etag:
                    self.send_response(304)
                    self.send_header("ETag", answer.etag)
                    self.end_headers()
                    return
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                if answer.etag:
                    self.send_header("ETag", answer.etag)
                if not answer.chunked:
                    self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                # The client may stop reading (a size limit, a timeout).
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(answer.body)

            def log_message(self, *args):
                pass

        return Handler

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
