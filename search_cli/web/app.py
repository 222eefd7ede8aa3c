"""The web app: one Starlette application over one home."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from indexer import __version__
from indexer.errors import NotFoundError, PapersError
from indexer.home import Home
from search_cli.output import when
from search_cli.web import csrf

HERE = Path(__file__).parent
MARKED = re.compile(r"\*\*(.+?)\*\*")


def marked(snippet: str | None) -> Markup:
    """A snippet escaped, its **matched words** in <mark> (never literal asterisks)."""
    parts = MARKED.split(" ".join((snippet or "").split()))
    # split() puts the captured (marked) words at odd positions.
    return Markup("").join(
        Markup("<mark>%s</mark>") % part if i % 2 else escape(part) for i, part in enumerate(parts)
    )


def http_url(url: str | None) -> str | None:
    """The URL if it is http(s); anything else (javascript:, data:) is not a link."""
    if not url:
        return None
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in ("http", "https") else None


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        return when(value)
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(marked=marked, http_url=http_url, when=_when)
    env.globals.update(version=__version__)
    return env


class Site:
    """What every page needs: the home, its database, the templates, the mode."""

    def __init__(self, home: Home, engine: Engine, read_only: bool) -> None:
        self.home = home
        self.engine = engine
        self.read_only = read_only
        self.templates = Jinja2Templates(env=_environment())

    def page(
        self, request: Request, template: str, context: dict[str, Any], status: int = 200
    ) -> Response:
        context = {
            "read_only": self.read_only,
            "csrf_field": csrf.FIELD,
            "csrf_token": csrf.token_for(request),
            **context,
        }
        response = self.templates.TemplateResponse(request, template, context, status_code=status)
        csrf.remember(request, response)
        return response

    def message(self, request: Request, title: str, text: str, status: int) -> Response:
        return self.page(request, "message.html", {"title": title, "text": text}, status)


# The database's largest id: a longer number in a URL names nothing.
MAX_ID = 2**63 - 1


def row_id(request: Request, name: str, what: str) -> int:
    """A numeric id from the path, or NotFoundError for one too large to exist."""
    value = int(request.path_params[name])
    if value > MAX_ID:
        raise NotFoundError(f"No {what} with id {value}")
    return value


def site_of(request: Request) -> Site:
    site: Site = request.app.state.site
    return site


async def _not_found(request: Request, exc: Exception) -> Response:
    text = str(exc) if isinstance(exc, NotFoundError) else "There is no page at this address."
    return site_of(request).message(request, "Not found", text, 404)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return await _not_found(request, exc)
    return site_of(request).message(request, "Cannot do that", str(exc.detail), exc.status_code)


async def _user_error(request: Request, exc: Exception) -> Response:
    return site_of(request).message(request, "Cannot do that", str(exc), 400)


async def _server_error(request: Request, exc: Exception) -> Response:
    # Plain HTML, no template: the fault may be in the templates themselves.
    return HTMLResponse(
        "<!doctype html><title>Error</title><h1>Something went wrong</h1>"
        "<p>The error is in the terminal running <code>papers serve</code>.</p>",
        status_code=500,
    )


class KnownHostsOnly:
    """Answers only requests whose Host is one of `hosts`: on loopback, a page
    on another site that points its own name at 127.0.0.1 (DNS rebinding)
    could otherwise read the app and use its forms."""

    def __init__(self, app: Any, hosts: Sequence[str]) -> None:
        self.app = app
        self.hosts = set(hosts)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            if (urlsplit("//" + host).hostname or "") not in self.hosts:
                refused = PlainTextResponse(
                    "This server answers only to " + " or ".join(sorted(self.hosts)) + ".", 400
                )
                await refused(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(
    home: Home,
    engine: Engine,
    *,
    read_only: bool = False,
    hosts: Sequence[str] | None = ("127.0.0.1", "localhost", "::1"),
) -> Starlette:
    """The app over this home; `read_only` turns off every change (watches);
    `hosts`, the names it answers to (None: any, for a server on the network)."""
    from search_cli.web.routes import browse, exports, feeds, meetings, search, status, watches

    routes = [
        *search.routes,
        *meetings.routes,
        *browse.routes,
        *watches.routes,
        *feeds.routes,
        *exports.routes,
        *status.routes,
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={
            NotFoundError: _not_found,
            PapersError: _user_error,
            HTTPException: _http_error,
            500: _server_error,
        },
    )
    app.state.site = Site(home, engine, read_only)
    if hosts is not None:
        app.add_middleware(KnownHostsOnly, hosts=hosts)
    return app
