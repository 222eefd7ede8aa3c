"""Serving the real saved ModernGov pages at their real paths, for crawl tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from indexer.home import Home
from scraper.run import CrawlJob, Event, run_crawl
from scraper.site_server import Resource, SiteServer

# Tests crawl as fast as the loopback server answers, and a failure fails at once.
FAST = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "RETRY_TIMES": 0}
MEETING_FILE = "kingston_ieListDocuments_CId711_MId{}.html"
KINGSTON_PAGES = {
    "/mgCommitteeStructure.aspx": "kingston_mgCommitteeStructure.html",
    "/mgCommitteeDetails.aspx?ID=711": "kingston_mgCommitteeDetails_ID711.html",
    "/ieListMeetings.aspx?CommitteeId=711": "kingston_ieListMeetings_CommitteeId711.html",
    "/ieListDocuments.aspx?CId=711&MId=10221&Ver=4": MEETING_FILE.format("10221"),
    "/ieListDocuments.aspx?CId=711&MId=10220&Ver=4": MEETING_FILE.format("10220"),
    "/ieListDocuments.aspx?CId=711&MId=10161&Ver=4": MEETING_FILE.format("10161_cancelled"),
}
# The two real reports linked from meeting 10221 (items 59 and 60).
KINGSTON_PDFS = {
    "/documents/s112217/Petition TMO Manorgate Rd Report.pdf": "kingston_ManorgatePetition.pdf",
    "/documents/s112215/Coombe Lane West Zebra Crossing consultation results.pdf": (
        "kingston_ZebraCrossing.pdf"
    ),
}
# The saved meeting list runs from September 2024 to June 2026; this window
# holds exactly meetings 10220 (18 Nov 2025), 10161 (cancelled) and 10221.
KINGSTON_WINDOW = ("2025-11-18", "2026-01-15")
KINGSTON_COMMITTEE = "Kingston and North Kingston"

MANCHESTER_HOST = "https://democracy.manchester.gov.uk"
MANCHESTER_XML = {
    "/mgWebService.asmx/GetCommittees": "manchester_GetCommittees.xml",
    "/mgWebService.asmx/GetMeetings?lCommitteeId=144&sFromDate=01/01/2026&sToDate=28/02/2026": (
        "manchester_GetMeetings.xml"
    ),
    "/mgWebService.asmx/GetMeeting?lMeetingId=4966": "manchester_GetMeeting_4966_cancelled.xml",
    "/mgWebService.asmx/GetMeeting?lMeetingId=4967": "manchester_GetMeeting_4967.xml",
}
MANCHESTER_WINDOW = ("2026-01-01", "2026-02-28")


def kingston_routes(fixtures: Path) -> dict[str, Resource]:
    """Kingston's pages and PDFs; everything else 404s (the service included)."""
    folder = fixtures / "moderngov" / "kingston"
    routes = {path: Resource((folder / name).read_bytes()) for path, name in KINGSTON_PAGES.items()}
    for path, name in KINGSTON_PDFS.items():
        routes[path] = Resource((fixtures / "pdfs" / name).read_bytes(), "application/pdf")
    return routes


def manchester_routes(fixtures: Path, base_url: str) -> dict[str, Resource]:
    """Manchester's web-service answers, with their links pointing at `base_url`.

    The saved XML links to democracy.manchester.gov.uk; served from another
    host those links would (rightly) be off-site, so they are moved here.
    """
    folder = fixtures / "moderngov" / "manchester-webservice"
    routes = {}
    for path, name in MANCHESTER_XML.items():
        body = (folder / name).read_bytes().replace(MANCHESTER_HOST.encode(), base_url.encode())
        routes[path] = Resource(body, "text/xml; charset=utf-8")
    return routes


def crawl(
    home: Home, site: SiteServer, window: tuple[str, str], committee: str, **settings: Any
) -> Event:
    """One crawl of the council 'test' at `site`; returns the finished event."""
    job = CrawlJob(
        council="test",
        base_url=site.base_url + "/",
        since=date.fromisoformat(window[0]),
        until=date.fromisoformat(window[1]),
        committee=committee,
        settings={**FAST, **settings},
    )
    return run_crawl(home, job, lambda event: None)
