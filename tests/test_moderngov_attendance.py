"""Attendance on the HTML route: mgMeetingAttendance.aspx parsed, followed and stored."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from indexer.home import Home
from indexer.models import Meeting as MeetingRow
from indexer.store.councils import add_council
from scraper.items import AttendeeData
from scraper.moderngov import pages
from scraper.run import CrawlJob, run_crawl
from scraper.sample_site import SampleCouncilServer, serve_sample_council
from scraper.sample_site.html_pages import attendance_page, meeting_page
from scraper.sample_site.schedule import Meeting
from scraper.site_server import Resource
from tests.crawl_support import FAST

KINGSTON = "https://moderngov.kingston.gov.uk/"
PAGE_URL = KINGSTON + "mgMeetingAttendance.aspx?ID=10221"
TODAY = date(2026, 6, 15)

# Written by hand in ModernGov's markup: the members' table (Attendee / Role /
# Attendance / Notes, names linked to mgUserInfo.aspx), then officers under
# their own heading without a status column.
ATTENDANCE_PAGE = """<html><body><div id="modgov">
<div class="mgHeader"><h1 class="mgMainTitleTxt">Attendance details</h1></div>
<div class="mgSubTitle"><h2 class="mgSubTitleTxt">
<a href="ieListDocuments.aspx?CId=711&amp;MId=10221">Kingston and North Kingston
Neighbourhood Committee - Thursday 15 January 2026 7:30 pm</a></h2></div>
<div class="mgContent">
<table class="mgStatsTable" summary="Table of meeting attendance">
<caption class="mgSectionTitle">Attendance details</caption>
<thead><tr><th scope="col">Attendee</th><th scope="col">Role</th>
<th scope="col">Attendance</th><th scope="col">Notes</th></tr></thead>
<tbody>
<tr class="mgTableEvenRow"><td><a href="mgUserInfo.aspx?UID=1871">Councillor Ann
  Lee</a></td><td>Chair</td><td>Present</td><td></td></tr>
<tr class="mgTableOddRow"><td><a href="mgUserInfo.aspx?UID=1872">Councillor Bob Grey</a></td>
<td>Vice-Chair</td><td>Present</td><td></td></tr>
<tr class="mgTableEvenRow"><td><a href="mgUserInfo.aspx?UID=1873">Councillor Cy Wu</a></td>
<td>Committee Member</td><td>Apologies</td><td></td></tr>
<tr class="mgTableOddRow"><td><a href="mgUserInfo.aspx?UID=1874">Councillor Di Hart</a></td>
<td>Committee Member</td><td>Apologies, sent substitute</td><td></td></tr>
<tr class="mgTableEvenRow"><td><a href="mgUserInfo.aspx?UID=1875">Councillor Ed Moss</a></td>
<td>Committee Member</td><td>Present as substitute</td><td>For Councillor Di Hart</td></tr>
<tr class="mgTableOddRow"><td><a href="mgUserInfo.aspx?UID=1876">Councillor Flo Park</a></td>
<td>Committee Member</td><td>Absent</td><td></td></tr>
<tr class="mgTableEvenRow"><td><a href="mgUserInfo.aspx?UID=1877">Mr Gus Hale</a></td>
<td>Co-opted Member</td><td>In attendance</td><td></td></tr>
<tr class="mgTableOddRow"><td>Jo Kent</td><td>Officer</td><td>In attendance</td><td></td></tr>
</tbody></table>
<h2 class="mgSectionTitle">Officers in attendance</h2>
<table class="mgStatsTable"><thead><tr><th>Name</th><th>Role</th></tr></thead>
<tbody><tr><td>Kim Lowe</td><td>Democratic Services Officer</td></tr></tbody></table>
</div></div></body></html>"""


def test_attendance_page_in_moderngov_markup() -> None:
    assert pages.parse_attendance(ATTENDANCE_PAGE, PAGE_URL) == [
        AttendeeData("Councillor Ann Lee", "chair"),
        AttendeeData("Councillor Bob Grey", "vice_chair"),
        AttendeeData("Councillor Cy Wu", "apologies"),
        AttendeeData("Councillor Di Hart", "apologies"),
        AttendeeData("Councillor Ed Moss", "member"),
        AttendeeData("Councillor Flo Park", "absent"),
        AttendeeData("Mr Gus Hale", "also_present"),
        AttendeeData("Jo Kent", "officer"),
        AttendeeData("Kim Lowe", "officer"),
    ]


def test_expected_rows_are_expected_and_other_pages_give_no_attendance() -> None:
    future = ATTENDANCE_PAGE.replace("<td>Present", "<td>Expected").replace(
        "<td>Apologies", "<td>Expected"
    )
    roles = {a.person: a.role for a in pages.parse_attendance(future, PAGE_URL)}
    # Expected is not present: never a member, chair or apologies.
    assert roles["Councillor Ann Lee"] == roles["Councillor Cy Wu"] == "expected"
    assert roles["Councillor Flo Park"] == "absent"  # still absent
    assert pages.parse_attendance("<html><body><table><tr><td>x</td></tr></table>", PAGE_URL) == []
    assert pages.parse_attendance(b"", PAGE_URL) == []


def test_only_the_meetings_own_attendance_link_is_taken(shared_fixtures: Path) -> None:
    folder = shared_fixtures / "moderngov" / "kingston"
    own = (folder / "kingston_ieListDocuments_CId711_MId10221.html").read_bytes()
    url = KINGSTON + "ieListDocuments.aspx?CId=711&MId=10221&Ver=4"
    assert pages.attendance_url(own, url) == KINGSTON + "mgMeetingAttendance.aspx?ID=10221"
    # The saved page of meeting 10220 links meeting 10214's attendance.
    other = (folder / "kingston_ieListDocuments_CId711_MId10220.html").read_bytes()
    assert pages.attendance_url(other, url.replace("10221", "10220")) is None


def _held_with_apologies(meetings: list[Meeting]) -> Meeting:
    return next(m for m in meetings if m.held and m.plan.apologies)


@pytest.fixture
def sample() -> Iterator[SampleCouncilServer]:
    with serve_sample_council(TODAY) as server:
        yield server


def test_sample_attendance_page_parses(sample: SampleCouncilServer) -> None:
    meeting = _held_with_apologies(sample.meetings)
    url = f"{sample.base_url}/ieListDocuments.aspx?CId={meeting.committee.id}&MId={meeting.id}"
    assert pages.attendance_url(meeting_page(meeting), url) == (
        f"{sample.base_url}/mgMeetingAttendance.aspx?ID={meeting.id}"
    )
    upcoming = next(m for m in sample.meetings if not m.held)
    assert (
        pages.attendance_url(
            meeting_page(upcoming), url.replace(f"MId={meeting.id}", f"MId={upcoming.id}")
        )
        is None
    )

    people = pages.parse_attendance(attendance_page(meeting), url)
    roles = {a.person: a.role for a in people}
    chair = next(m for m in meeting.committee.members if m.role == "Chair")
    assert roles[chair.name] == "chair"
    assert all(roles[name] == "apologies" for name in meeting.plan.apologies)
    officer = meeting.committee.officers[0].partition(" (")[0]
    assert roles[officer] == "officer"
    assert len(people) == len(meeting.committee.members) + len(meeting.committee.officers)


def _crawl_html_route(home: Home, engine: Engine, site: SampleCouncilServer) -> dict[str, Any]:
    """A crawl of one committee with the web service forbidden, so pages are read."""
    site.set("/mgWebService.asmx/GetCommittees", Resource(b"Forbidden", status=403))
    add_council(engine, "sample", "Sampleshire", "moderngov", site.base_url + "/")
    meeting = _held_with_apologies(site.meetings)
    job = CrawlJob(
        council="sample",
        base_url=site.base_url + "/",
        since=TODAY - timedelta(days=400),
        until=TODAY + timedelta(days=200),
        committee=meeting.committee.name,
        download=False,
        settings=FAST,
    )
    return run_crawl(home, job, lambda event: None)


def _stored(engine: Engine, meeting: Meeting) -> tuple[str, int, set[tuple[str, str]]]:
    """(status, agenda items, {(person, role)}) of the meeting as stored."""
    with Session(engine) as session:
        row = session.scalars(
            select(MeetingRow).where(MeetingRow.source_id == str(meeting.id))
        ).one()
        people = {(a.person, a.role) for a in row.attendances}
        return row.status, len(row.agenda_items), people


@pytest.mark.slow
def test_crawl_of_the_pages_stores_attendance(
    home: Home, engine: Engine, sample: SampleCouncilServer
) -> None:
    summary = _crawl_html_route(home, engine, sample)

    assert summary["status"] == "ok", summary["errors"]
    meeting = _held_with_apologies(sample.meetings)
    assert f"/mgMeetingAttendance.aspx?ID={meeting.id}" in [t for t, _ in sample.requests]
    assert not any("mgWebService.asmx/GetMeeting" in t for t, _ in sample.requests)
    _, _, people = _stored(engine, meeting)
    chair = next(m for m in meeting.committee.members if m.role == "Chair")
    assert (chair.name, "chair") in people
    assert {(name, "apologies") for name in meeting.plan.apologies} <= people


@pytest.mark.slow
def test_a_failing_attendance_page_is_recorded_and_the_meeting_stored(
    home: Home, engine: Engine, sample: SampleCouncilServer
) -> None:
    meeting = _held_with_apologies(sample.meetings)
    sample.set(f"/mgMeetingAttendance.aspx?ID={meeting.id}", Resource(b"", status=500))

    summary = _crawl_html_route(home, engine, sample)

    assert summary["status"] == "ok_with_errors"
    (error,) = summary["errors"]
    assert error["url"].endswith(f"/mgMeetingAttendance.aspx?ID={meeting.id}")
    assert error["reason"] == "HTTP 500"
    status, items, people = _stored(engine, meeting)
    assert status == "held" and items and people == set()
