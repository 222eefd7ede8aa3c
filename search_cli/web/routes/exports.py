"""Download a table as CSV or JSON: the rows of `papers export`."""

from __future__ import annotations

import io

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from indexer.errors import NotFoundError
from indexer.export import TABLES, export_columns, export_rows
from search_cli.output import Format, render
from search_cli.web.app import site_of
from search_cli.web.params import read_filters
from search_cli.web.routes.search import EXPORT_TYPES


def export_table(request: Request) -> Response:
    site = site_of(request)
    table, fmt = request.path_params["table"], request.path_params["fmt"]
    if table not in TABLES or fmt not in EXPORT_TYPES:
        raise NotFoundError(
            f"No export {table}.{fmt}: choose one of {', '.join(TABLES)}, as .csv or .json"
        )
    filters = read_filters(request.query_params)
    if filters.errors:
        return site.message(request, "Cannot export", " ".join(filters.errors), 400)
    out = io.StringIO()
    rows = export_rows(site.engine, table, filters.export_filters(), files=site.home.files)
    render(rows, export_columns(table), Format(fmt), out=out)
    return Response(
        out.getvalue(),
        media_type=EXPORT_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{table}.{fmt}"'},
    )


def exports_page(request: Request) -> Response:
    site = site_of(request)
    filters = read_filters(request.query_params)
    links = [
        {
            "table": t,
            "csv": filters.url(f"/export/{t}.csv"),
            "json": filters.url(f"/export/{t}.json"),
        }
        for t in TABLES
    ]
    return site.page(
        request, "exports.html", {"title": "Export", "links": links, "filters": filters}
    )


routes = [
    Route("/export", exports_page, name="exports"),
    Route("/export/{table:str}.{fmt:str}", export_table, name="export_table"),
]
