"""Feeds to subscribe to: each watch's Atom feed, calendars of meetings."""

from __future__ import annotations

import io
from datetime import date, timedelta

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from indexer.browse import committee_info
from indexer.meetings import list_meetings
from indexer.models import utcnow
from indexer.store.councils import get_council
from indexer.watch.atom import write_atom
from indexer.watch.manage import show_watch
from indexer.watch.report import WatchReport
from indexer.watch.run import FEED_ENTRIES
from search_cli.web import ics
from search_cli.web.app import http_url, row_id, site_of

# A calendar keeps the last month's meetings too, so they do not vanish the day after.
CALENDAR_PAST = timedelta(days=31)


def watch_feed(request: Request) -> Response:
    """The watch's latest news, as `papers watch run --format atom` writes it."""
    site = site_of(request)
    settings, hits = show_watch(site.engine, request.path_params["name"], FEED_ENTRIES)
    out = io.StringIO()
    write_atom([WatchReport(settings["name"], settings["query"], hits)], out, utcnow())
    return Response(out.getvalue(), media_type="application/atom+xml; charset=utf-8")


def _calendar(request: Request, committee_id: int | None) -> Response:
    site = site_of(request)
    council = get_council(site.engine, request.path_params["slug"])
    name = council.name
    committee = None
    if committee_id is not None:
        committee = committee_info(site.engine, council.slug, committee_id)
        name = f"{committee.name} – {council.name}"
    meetings = list_meetings(
        site.engine,
        council=council.slug,
        committee=committee.name if committee else None,
        since=date.today() - CALENDAR_PAST,
    )
    base = str(request.base_url).rstrip("/")
    events = [
        ics.Event(
            uid=f"meeting-{m['id']}-{council.slug}@council-papers",
            start=m["start"],
            summary=m["committee"] or m["title"] or "Meeting",
            status=m["status"],
            url=http_url(m["url"]),
            description=f"{council.name}. Papers: {base}/meetings/{m['id']}",
        )
        for m in meetings
        if m["start"] and (committee is None or m["committee"] == committee.name)
    ]
    body = ics.calendar(name, events, council.timezone, utcnow())
    return Response(body, media_type="text/calendar; charset=utf-8")


def council_calendar(request: Request) -> Response:
    return _calendar(request, None)


def committee_calendar(request: Request) -> Response:
    return _calendar(request, row_id(request, "committee_id", "committee"))


routes = [
    Route("/watches/{name:str}/feed.atom", watch_feed, name="watch_feed"),
    Route("/councils/{slug:str}/meetings.ics", council_calendar, name="council_calendar"),
    Route(
        "/councils/{slug:str}/committees/{committee_id:int}/meetings.ics",
        committee_calendar,
        name="committee_calendar",
    ),
]
