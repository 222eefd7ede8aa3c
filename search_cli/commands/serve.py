"""`papers serve`: the same home as a web page, for people who do not use a terminal."""

from __future__ import annotations

import importlib.util
import socket
from typing import Annotated

import typer

from indexer.errors import UsageError
from indexer.home import Home
from indexer.hosts import is_loopback
from search_cli.commands.index import index_after_change
from search_cli.context import state
from search_cli.output import err_console

WEB_MODULES = {"starlette", "uvicorn", "jinja2", "markupsafe"}


# What a browser may call this server when it listens on loopback: any other
# Host header is a page elsewhere reaching in (DNS rebinding), refused.
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def index_ready(home: Home) -> bool:
    from indexer.search.schema import index_exists, is_stale

    return index_exists(home.index_dir) and not is_stale(home.index_dir)


def web_extra_installed() -> bool:
    """Whether `pip install 'council-papers[web]'` has been run."""
    try:
        return all(importlib.util.find_spec(name) for name in WEB_MODULES)
    except ValueError:  # a module blocked in sys.modules
        return False


def serve(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(help="Address to listen on; anything but loopback is reachable by others."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    read_only: Annotated[
        bool,
        typer.Option("--read-only", help="Turn off every change (adding or removing watches)."),
    ] = False,
) -> None:
    """Serve search, meetings, councils, watches, feeds and exports as a web page.

    Open the address it prints in a browser. Reading is open to whoever can
    reach the address; changes need a form from the page itself (CSRF token).
    """
    try:
        import uvicorn

        from search_cli.web.app import create_app
    except ImportError as exc:
        if (exc.name or "").partition(".")[0] not in WEB_MODULES:
            raise
        raise UsageError(
            "papers serve needs the web extra, which is not installed",
            hint="pip install 'council-papers[web]'",
        ) from None
    app_state = state(ctx)
    try:  # bound before anything is said, so a port in use is one line
        listening = socket.create_server((host, port), family=_family(host))
    except OSError as exc:
        raise UsageError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            hint="choose another --port, or stop what is using it",
        ) from None
    if not read_only and not index_ready(app_state.home):
        err_console.print("The search index is missing or out of date: building it now.")
        index_after_change(app_state)
    hosts = LOOPBACK_NAMES if is_loopback(host) else None
    app = create_app(app_state.home, app_state.engine, read_only=read_only, hosts=hosts)
    if not is_loopback(host):
        err_console.print(
            f"[bold yellow]Warning:[/] listening on {host}: anyone who can reach this machine can "
            "read everything in this home"
            + ("." if read_only else " and add or remove watches (use --read-only to stop that)."),
            highlight=False,
            soft_wrap=True,
        )
    shown = f"[{host}]" if ":" in host else host
    err_console.print(
        f"Serving {app_state.home.root} at http://{shown}:{port}/ (Ctrl+C to stop)"
        + (", read-only" if read_only else ""),
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    server.run(sockets=[listening])
