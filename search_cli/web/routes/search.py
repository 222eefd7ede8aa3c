"""The search page and its export: the same `search` as `papers search`."""

from __future__ import annotations

import io
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from indexer.browse import documents_by_file
from indexer.errors import NotFoundError
from indexer.search_index import (
    HIT_FIELDS,
    Hit,
    IndexMissingError,
    IndexStaleError,
    QuerySyntaxError,
    SearchResult,
    group_by_meeting,
)
from indexer.search_index import search as run_search
from indexer.store.councils import council_slug, list_councils
from search_cli.output import Format, render
from search_cli.web.app import site_of
from search_cli.web.params import KINDS, PAGE_SIZE, Filters, read_filters

EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def _run(
    request: Request, filters: Filters, limit: int | None, facets: bool = True
) -> SearchResult | None:
    """The search, or None with the reason added to `filters.errors`."""
    site = site_of(request)
    try:
        slug = council_slug(site.engine, filters.council)
        return run_search(
            site.home,
            filters.query,
            filters.search_filters(slug),
            limit=limit,
            sort=filters.sort,
            facets=facets,
        )
    except (NotFoundError, QuerySyntaxError) as exc:
        filters.errors.append(str(exc))
    except (IndexMissingError, IndexStaleError) as exc:
        filters.errors.append(f"{exc}.")
    return None


def _facet_links(filters: Filters, result: SearchResult) -> list[dict[str, Any]]:
    """Per council, committee and year: each value with its count and a narrowing link."""
    groups = []
    for name, counts in (result.facets or {}).items():
        links = []
        for value, count in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            if value in (None, ""):
                continue
            if name == "year":
                change: dict[str, object] = {"since": f"{value}-01-01", "until": f"{value}-12-31"}
            else:
                change = {name: value}
            links.append({"value": value, "count": count, "url": filters.url("/", **change)})
        if links:
            groups.append({"name": name, "values": links})
    return groups


def _local_links(request: Request, hits: list[Hit]) -> dict[str, str]:
    """For each hit in an archived document, a link to our copy at its page."""
    # By the file's key: an imported paper's document URL is made per machine.
    ids = documents_by_file(
        site_of(request).engine, (h.document_file for h in hits if h.document_file)
    )
    links = {}
    for hit in hits:
        doc = ids.get(hit.document_file or "")
        if doc is not None:
            links[hit.id] = f"/documents/{doc}/file" + (f"#page={hit.page}" if hit.page else "")
    return links


def search_page(request: Request) -> Response:
    site = site_of(request)
    filters = read_filters(request.query_params)
    result = _run(request, filters, filters.limit) if filters.query and not filters.errors else None
    hits = result.hits if result else []
    context = {
        "title": f"{filters.query} – search" if filters.query else "Search council papers",
        "filters": filters,
        "result": result,
        "hits": hits,
        "groups": group_by_meeting(hits) if filters.group else None,
        "facets": _facet_links(filters, result) if result else [],
        "local": _local_links(request, hits),
        "kinds": KINDS,
        "councils": list_councils(site.engine),
        "more_url": filters.url("/", limit=filters.limit + PAGE_SIZE)
        if result and len(hits) < result.total
        else None,
        "permalink": filters.url("/"),
        "export_csv": filters.url("/search.csv"),
        "export_json": filters.url("/search.json"),
        "watch_url": filters.url("/watches/new"),
    }
    return site.page(request, "search.html", context, 400 if filters.errors else 200)


def search_export(request: Request) -> Response:
    """Every hit of the search (not only the page shown), as CSV or JSON."""
    fmt = request.path_params["fmt"]
    if fmt not in EXPORT_TYPES:
        raise NotFoundError(f"No export as {fmt!r}: use .csv or .json")
    filters = read_filters(request.query_params)
    if not filters.query:
        filters.errors.append("Give a query: /search.csv?q=WORDS")
    result = None if filters.errors else _run(request, filters, None, facets=False)
    if result is None:
        return site_of(request).message(request, "Cannot export", " ".join(filters.errors), 400)
    out = io.StringIO()
    render((hit.as_row() for hit in result.hits), HIT_FIELDS, Format(fmt), out=out)
    name = f"search.{fmt}"
    return Response(
        out.getvalue(),
        media_type=EXPORT_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


routes = [
    Route("/", search_page, name="search"),
    Route("/search.{fmt:str}", search_export, name="search_export"),
]
