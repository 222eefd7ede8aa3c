"""An oversize meeting page or web-service answer is recorded as too large, not
parsed for minutes on end; the rest of the crawl goes on."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from indexer.home import Home
from indexer.models import Meeting
from indexer.store.councils import add_council
from scraper.middlewares import PAGE_MAXSIZE
from scraper.site_server import Resource, SiteServer
from tests.crawl_support import (
    KINGSTON_COMMITTEE,
    KINGSTON_PAGES,
    KINGSTON_WINDOW,
    MANCHESTER_WINDOW,
    crawl,
    kingston_routes,
    manchester_routes,
)

pytestmark = pytest.mark.slow

TOO_LARGE = "too large: the page is over the 5 MB limit for a page, so it was not read "
TOO_LARGE += "(PAPERS_PAGE_MAXSIZE)"


def _padded(resource: Resource) -> Resource:
    """The same page with a comment that takes it over the page limit."""
    body = resource.body + b"<!--" + b"x" * PAGE_MAXSIZE + b"-->"
    return Resource(body, resource.content_type)


def test_an_oversize_meeting_page_is_too_large(
    shared_fixtures: Path, home: Home, engine: Engine
) -> None:
    routes = kingston_routes(shared_fixtures)
    big = next(path for path in KINGSTON_PAGES if "MId=10220" in path)
    routes[big] = _padded(routes[big])
    with SiteServer(routes) as site:
        add_council(engine, "test", "Kingston", "moderngov", site.base_url + "/")
        summary = crawl(home, site, KINGSTON_WINDOW, KINGSTON_COMMITTEE)
        url = site.base_url + big

    assert {"url": url, "reason": TOO_LARGE} in summary["errors"]
    assert summary["status"] == "ok_with_errors"
    with Session(engine) as session:  # the other two meetings are stored
        assert session.scalar(select(func.count()).select_from(Meeting)) == 2


def test_an_oversize_web_service_answer_is_too_large(
    shared_fixtures: Path, home: Home, engine: Engine
) -> None:
    with SiteServer() as site:
        routes = manchester_routes(shared_fixtures, site.base_url)
        big = "/mgWebService.asmx/GetMeeting?lMeetingId=4967"
        routes[big] = _padded(routes[big])
        for path, resource in routes.items():
            site.set(path, resource)
        add_council(engine, "test", "Manchester", "moderngov", site.base_url + "/")
        summary = crawl(home, site, MANCHESTER_WINDOW, "audit")
        url = site.base_url + big

    assert summary["errors"] == [{"url": url, "reason": TOO_LARGE}]
    assert summary["counts"]["meetings_new"] == 1  # the cancelled one, 4966
