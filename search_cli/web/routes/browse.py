"""Councils -> committees -> meetings, work programmes, and what is coming up."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from indexer.browse import committee_info, committees
from indexer.export import ExportFilters, export_rows
from indexer.meetings import list_meetings
from indexer.store.councils import council_slug, get_council, list_councils
from search_cli.web.app import row_id, site_of
from search_cli.web.params import read_filters

WORK_PROGRAMME_COLUMNS = ("planned_date", "planned_label", "committee", "title", "details")


def _split(meetings: list[dict[str, Any]], today: date) -> tuple[list, list]:
    """Upcoming (soonest first) and past (latest first) meetings."""
    upcoming = [m for m in meetings if m["start"] and m["start"].date() >= today]
    past = [m for m in meetings if m not in upcoming]
    return upcoming, past[::-1]


def councils_page(request: Request) -> Response:
    site = site_of(request)
    return site.page(
        request, "councils.html", {"title": "Councils", "councils": list_councils(site.engine)}
    )


def council_page(request: Request) -> Response:
    site = site_of(request)
    council = get_council(site.engine, request.path_params["slug"])
    context = {
        "title": council.name,
        "council": council,
        "committees": committees(site.engine, council.slug, date.today()),
    }
    return site.page(request, "council.html", context)


def committee_page(request: Request) -> Response:
    site = site_of(request)
    council = get_council(site.engine, request.path_params["slug"])
    committee = committee_info(
        site.engine, council.slug, row_id(request, "committee_id", "committee")
    )
    # The name filter matches parts of names: keep this committee's own meetings.
    meetings = [
        m
        for m in list_meetings(site.engine, council=council.slug, committee=committee.name)
        if m["committee"] == committee.name
    ]
    upcoming, past = _split(meetings, date.today())
    programme = list(
        export_rows(
            site.engine,
            "work-programme",
            ExportFilters(council.slug, committee.name),
            files=site.home.files,
        )
    )
    context = {
        "title": f"{committee.name} – {council.name}",
        "council": council,
        "committee": committee,
        "upcoming": upcoming,
        "past": past,
        "programme": [row for row in programme if row["committee"] == committee.name],
        "programme_columns": [c for c in WORK_PROGRAMME_COLUMNS if c != "committee"],
    }
    return site.page(request, "committee.html", context)


def upcoming_page(request: Request) -> Response:
    """Future meetings and planned work-programme items, soonest first."""
    site = site_of(request)
    filters = read_filters(request.query_params)
    today = date.today()
    since = filters.since or today
    meetings = list(
        list_meetings(
            site.engine,
            council=council_slug(site.engine, filters.council),
            committee=filters.committee,
            since=since,
            until=filters.until,
        )
    )
    planned = list(
        export_rows(
            site.engine,
            "work-programme",
            ExportFilters(filters.council, filters.committee, since, filters.until),
            files=site.home.files,
        )
    )
    context = {
        "title": "Coming up",
        "filters": filters,
        "since": since,
        "meetings": meetings,
        "planned": planned,
        "councils": list_councils(site.engine),
        "programme_columns": ("council", *WORK_PROGRAMME_COLUMNS),
    }
    return site.page(request, "upcoming.html", context, 400 if filters.errors else 200)


routes = [
    Route("/councils", councils_page, name="councils"),
    Route("/councils/{slug:str}", council_page, name="council"),
    Route("/councils/{slug:str}/committees/{committee_id:int}", committee_page, name="committee"),
    Route("/upcoming", upcoming_page, name="upcoming"),
]
