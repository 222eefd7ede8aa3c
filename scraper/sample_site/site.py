"""Sampleshire County Council served on loopback: its routes, its server, its next meeting.

Both ModernGov routes answer: the HTML pages and mgWebService.asmx. Every
page, XML answer and PDF is built in memory when the routes are made (well
under a second), from the schedule for `today`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date, datetime
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

from scraper.sample_site import html_pages, webservice_xml
from scraper.sample_site.content import COMMITTEES, COUNCIL_NAME, COUNCIL_SLUG, NEXT_MEETING
from scraper.sample_site.documents import all_documents, doc_pack_chooser_path
from scraper.sample_site.schedule import Meeting, build_schedule
from scraper.site_server import Resource, SiteServer, route_key


class SampleCouncil(NamedTuple):
    slug: str
    name: str


SAMPLE_COUNCIL = SampleCouncil(COUNCIL_SLUG, COUNCIL_NAME)

ROBOTS_TXT = "User-agent: *\nDisallow: /mgSearchDocuments.aspx\nDisallow: /ieDocSearch.aspx\n"
_XML = "text/xml; charset=utf-8"
_PDF = "application/pdf"


def sample_routes(
    base_url: str, today: date | None = None, *, extra_meeting: bool = False
) -> dict[str, Resource]:
    """Every path of the sample site ("/path?query" -> Resource) for a server at `base_url`.

    `extra_meeting` adds the meeting `publish_next_meeting` publishes.
    GetMeetings is listed without dates (every meeting); `SampleCouncilServer`
    also answers it for any date range.
    """
    meetings = build_schedule(today or date.today(), extra_meeting=extra_meeting)
    return _routes(meetings, base_url)


def _routes(meetings: list[Meeting], base_url: str) -> dict[str, Resource]:
    structure = html_pages.committee_structure()
    routes = {
        "/": Resource(structure),
        "/mgCommitteeStructure.aspx": Resource(structure),
        "/mgListCommittees.aspx": Resource(html_pages.list_committees()),
        "/mgWebService.asmx/GetCommittees": Resource(webservice_xml.get_committees(), _XML),
        "/robots.txt": Resource(ROBOTS_TXT.encode(), "text/plain"),
    }
    years = sorted({m.start.year for m in meetings})
    for committee in COMMITTEES:
        own = [m for m in meetings if m.committee is committee]
        cid = committee.id
        routes[f"/mgCommitteeDetails.aspx?ID={cid}"] = Resource(
            html_pages.committee_details(committee)
        )
        routes[f"/ieListMeetings.aspx?CommitteeId={cid}"] = Resource(
            html_pages.meeting_list(committee, own, years)
        )
        for year in years:
            in_year = [m for m in own if m.start.year == year]
            routes[f"/ieListMeetings.aspx?CId={cid}&Year={year}"] = Resource(
                html_pages.meeting_list(committee, in_year, years)
            )
        routes[f"/mgWebService.asmx/GetMeetings?lCommitteeId={cid}"] = Resource(
            webservice_xml.get_meetings(committee, own, None, None), _XML
        )
    for meeting in meetings:
        routes[f"/ieListDocuments.aspx?CId={meeting.committee.id}&MId={meeting.id}&Ver=4"] = (
            Resource(html_pages.meeting_page(meeting))
        )
        routes[f"/mgWebService.asmx/GetMeeting?lMeetingId={meeting.id}"] = Resource(
            webservice_xml.get_meeting(meeting, base_url), _XML
        )
        chooser = doc_pack_chooser_path(meeting)
        if chooser:
            routes["/" + chooser] = Resource(html_pages.doc_pack_chooser_page(meeting))
        if meeting.held:
            routes[f"/mgMeetingAttendance.aspx?ID={meeting.id}"] = Resource(
                html_pages.attendance_page(meeting)
            )
    for document in all_documents(meetings):
        routes["/" + document.path] = Resource(document.build(), _PDF)
    return routes


class SampleCouncilServer(SiteServer):
    """The sample site on a free loopback port, routes installed once the port is known."""

    def __init__(self, today: date | None = None) -> None:
        super().__init__(robots_txt=ROBOTS_TXT)
        self.today = today or date.today()
        self.extra_meeting = False
        self.meetings: list[Meeting] = []

    def start(self) -> SampleCouncilServer:
        super().start()
        self._install()
        return self

    def publish_next_meeting(self) -> Meeting:
        """Add the next meeting to the running site (see `publish_next_meeting`)."""
        if self.extra_meeting:
            raise ValueError("the next meeting of the sample council is already published")
        self.extra_meeting = True
        self._install()
        return next(m for m in self.meetings if m.plan is NEXT_MEETING[1])

    def _install(self) -> None:
        self.meetings = build_schedule(self.today, extra_meeting=self.extra_meeting)
        for key, resource in _routes(self.meetings, self.base_url).items():
            current = self.routes.get(route_key(key))
            # Unchanged paths keep their resource, so conditional requests still get 304.
            if current is None or current.body != resource.body:
                self.set(key, resource)

    def resolve(self, path_and_query: str) -> Resource | None:
        """GetMeetings for any sFromDate/sToDate, filtered as the real service does."""
        parts = urlsplit(path_and_query)
        if parts.path.lower() != "/mgwebservice.asmx/getmeetings":
            return super().resolve(path_and_query)
        query = {k.lower(): v[0] for k, v in parse_qs(parts.query).items()}
        committee = next(
            (c for c in COMMITTEES if str(c.id) == query.get("lcommitteeid", "").strip()), None
        )
        if committee is None:
            return None
        own = [m for m in self.meetings if m.committee is committee]
        since, until = _uk_date(query.get("sfromdate")), _uk_date(query.get("stodate"))
        return Resource(webservice_xml.get_meetings(committee, own, since, until), _XML)


def _uk_date(text: str | None) -> date | None:
    """dd/mm/yyyy, or None: like ModernGov, an ISO date is ignored, not refused."""
    try:
        return datetime.strptime((text or "").strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


@contextlib.contextmanager
def serve_sample_council(today: date | None = None) -> Iterator[SampleCouncilServer]:
    """Serve the sample council on 127.0.0.1; yields the running server (`.base_url`)."""
    server = SampleCouncilServer(today).start()
    try:
        yield server
    finally:
        server.stop()


def publish_next_meeting(server: SampleCouncilServer) -> Meeting:
    """Publish one more, newer meeting on a running site and return it.

    A special meeting of the Children and Young People Scrutiny Committee,
    a week after its next ordinary one, with a new report on edge of care:
    what a crawl after this finds new, and what a watch on "edge of care" fires on.
    """
    return server.publish_next_meeting()
