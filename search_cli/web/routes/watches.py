"""Watches: list, add ("watch this search"), remove. Changes need POST + CSRF."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from indexer.errors import PapersError
from indexer.store.councils import council_slug
from indexer.watch.manage import add_watch, delete_watch, list_watches, show_watch
from indexer.watch.matching import WatchQuery
from search_cli.web import csrf
from search_cli.web.app import site_of
from search_cli.web.params import KINDS, read_filters

MAX_FORM_BYTES = 64_000


def _suggested_name(query: str) -> str:
    """ "edge of care" -> edge-of-care: a usable watch name to start from."""
    return re.sub(r"[^a-z0-9]+", "-", query.lower()).strip("-")[:60] or "my-watch"


def watches_page(request: Request) -> Response:
    site = site_of(request)
    return site.page(
        request, "watches.html", {"title": "Watches", "watches": list_watches(site.engine)}
    )


def watch_page(request: Request) -> Response:
    site = site_of(request)
    settings, hits = show_watch(site.engine, request.path_params["name"], 50)
    return site.page(
        request, "watch.html", {"title": f"Watch {settings['name']}", "w": settings, "hits": hits}
    )


def _form_page(request: Request, form: dict[str, Any], error: str | None = None) -> Response:
    context = {"title": "Add a watch", "form": form, "kinds": KINDS, "error": error}
    return site_of(request).page(request, "watch_new.html", context, 400 if error else 200)


def new_watch_page(request: Request) -> Response:
    """The add form, filled in from the search it was opened from."""
    filters = read_filters(request.query_params)
    form = {
        "name": _suggested_name(filters.query),
        "query": filters.query,
        "council": filters.council or "",
        "committee": filters.committee or "",
        "kinds": list(filters.kinds),
        "upcoming_only": False,
        "backfill": False,
    }
    return _form_page(request, form)


async def _read_form(request: Request) -> dict[str, list[str]]:
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return {}
    return parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)


def _refuse(request: Request, form: dict[str, list[str]]) -> Response | None:
    site = site_of(request)
    if site.read_only:
        return site.message(
            request,
            "Read-only",
            "This server was started with --read-only: nothing can change.",
            403,
        )
    if not csrf.valid(request, {k: v[0] for k, v in form.items() if v}):
        return site.message(
            request,
            "Form expired",
            "The form's security token did not match. Go back, reload the page and try again.",
            403,
        )
    return None


async def add_watch_post(request: Request) -> Response:
    site = site_of(request)
    raw = await _read_form(request)
    refused = _refuse(request, raw)
    if refused:
        return refused

    def first(name: str) -> str:
        return (raw.get(name) or [""])[0].strip()

    form: dict[str, Any] = {
        "name": first("name"),
        "query": first("query"),
        "council": first("council"),
        "committee": first("committee"),
        "kinds": [k for k in raw.get("kind", []) if k in KINDS],
        "upcoming_only": bool(first("upcoming_only")),
        "backfill": bool(first("backfill")),
    }
    if not form["query"]:
        return _form_page(request, form, "Give the search to watch.")

    def save() -> int:
        query = WatchQuery(
            query=form["query"],
            council=council_slug(site.engine, form["council"] or None),
            committee=form["committee"] or None,
            kinds=tuple(form["kinds"]),
            upcoming_only=form["upcoming_only"],
        )
        return add_watch(site.engine, site.home, form["name"], query, backfill=form["backfill"])

    try:
        await run_in_threadpool(save)
    except PapersError as exc:
        return _form_page(request, form, str(exc))
    return RedirectResponse(f"/watches/{form['name']}", status_code=303)


async def remove_watch_post(request: Request) -> Response:
    site = site_of(request)
    raw = await _read_form(request)
    refused = _refuse(request, raw)
    if refused:
        return refused
    await run_in_threadpool(delete_watch, site.engine, request.path_params["name"])
    return RedirectResponse("/watches", status_code=303)


routes = [
    Route("/watches", watches_page, name="watches"),
    Route("/watches", add_watch_post, methods=["POST"], name="add_watch"),
    Route("/watches/new", new_watch_page, name="new_watch"),
    Route("/watches/{name:str}", watch_page, name="watch"),
    Route("/watches/{name:str}/remove", remove_watch_post, methods=["POST"], name="remove_watch"),
]
