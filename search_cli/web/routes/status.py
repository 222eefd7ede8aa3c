"""What is stored, the index, and each council's last crawl: `papers status`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from indexer.stats import TOTALS, collect_status
from search_cli.commands.status import describe_counts
from search_cli.web.app import site_of


def status_page(request: Request) -> Response:
    site = site_of(request)
    report = collect_status(site.engine, site.home)
    crawls = [
        run | {"summary": describe_counts(run["counts"]), "broken": run["status"] != "ok"}
        for run in report["last_crawls"]
    ]
    context = {"title": "Status", "report": report, "totals": TOTALS, "crawls": crawls}
    return site.page(request, "status.html", context)


routes = [Route("/status", status_page, name="status")]
