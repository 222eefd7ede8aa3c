"""A small HTTP server on 127.0.0.1 that serves a council website from files.

Used by `papers demo` (the bundled sample council) and by the tests (saved
real ModernGov pages served at their real paths). It behaves like a polite
web server: ETag / Last-Modified with 304 answers to conditional requests, a
robots.txt, 404 for anything unknown. Tests can make one path fail (status
code) or hang (delay), and replace a path's content to simulate a change.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit


@dataclass
class Resource:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0  # seconds to wait before answering (a slow or hung server)
    headers: dict[str, str] = field(default_factory=dict)  # sent with an error status
    modified: float = field(default_factory=time.time)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'


def route_key(path_and_query: str) -> str:
    """Normalise a request target: decoded path, query as given, case-folded.

    ModernGov's IIS servers are case-insensitive, and hrefs vary in case.
    """
    parts = urlsplit(path_and_query)
    path = unquote(parts.path) or "/"
    return (path + ("?" + unquote(parts.query) if parts.query else "")).lower()


class SiteServer:
    """Serve `routes` ("/path?query" -> Resource) on a free loopback port.

    Use as a context manager; `base_url` is where the site answers.
    """

    def __init__(
        self,
        routes: Mapping[str, Resource] | None = None,
        *,
        robots_txt: str = "User-agent: *\nDisallow:\n",
        on_request: Callable[[str, Mapping[str, str]], None] | None = None,
    ) -> None:
        self.routes: dict[str, Resource] = {}
        for key, resource in (routes or {}).items():
            self.set(key, resource)
        self.set("/robots.txt", Resource(robots_txt.encode(), "text/plain"))
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._on_request = on_request
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def set(self, path_and_query: str, resource: Resource) -> None:
        self.routes[route_key(path_and_query)] = resource

    def remove(self, path_and_query: str) -> None:
        self.routes.pop(route_key(path_and_query), None)

    def resolve(self, path_and_query: str) -> Resource | None:
        """The resource for a request target; subclasses may answer queries no route lists."""
        return self.routes.get(route_key(path_and_query))

    @property
    def base_url(self) -> str:
        assert self._server is not None, "server not started"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> SiteServer:
        handler = _make_handler(self)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _record(self, target: str, headers: Mapping[str, str]) -> None:
        with self._lock:
            self.requests.append((target, dict(headers)))
        if self._on_request:
            self._on_request(target, headers)


def _make_handler(site: SiteServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "SampleCouncil/1.0"

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            site._record(self.path, dict(self.headers.items()))
            resource = site.resolve(self.path)
            if resource is None:
                self._send(404, b"Not found", "text/plain")
                return
            if resource.delay:
                time.sleep(resource.delay)
            if resource.status != 200:
                self._send(resource.status, b"Error", "text/plain", resource.headers)
                return
            last_modified = formatdate(resource.modified, usegmt=True)
            if self.headers.get("If-None-Match") == resource.etag or (
                "If-None-Match" not in self.headers
                and self.headers.get("If-Modified-Since") == last_modified
            ):
                self.send_response(304)
                self.send_header("ETag", resource.etag)
                self.end_headers()
                return
            self._send(
                200,
                resource.body,
                resource.content_type,
                {"ETag": resource.etag, "Last-Modified": last_modified},
            )

        def _send(
            self, status: int, body: bytes, content_type: str, extra: Mapping[str, str] = {}
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            # A client that gave up (a timeout test) is no error here.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet: tests and the demo print what matters

    return Handler
