"""The spider's decisions on real saved pages, built as responses with their real URLs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse, XmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from scraper.items import (
    AttendeeData,
    CommitteeItem,
    DocumentRef,
    FetchErrorItem,
    MeetingItem,
    MeetingListEntry,
)
from scraper.spiders.moderngov import ModernGovSpider
from tests.doc_pack_support import CHOOSER_PAGE, CHOOSER_URL

pytestmark = pytest.mark.database_free

KINGSTON = "https://moderngov.kingston.gov.uk/"
MANCHESTER = "https://democracy.manchester.gov.uk/"
LIST_URL = KINGSTON + "ieListMeetings.aspx?CommitteeId=711"
MEETING_URL = KINGSTON + "ieListDocuments.aspx?CId=711&MId=10221&Ver=4"
COMMITTEE = CommitteeItem(council="kingston", source_id="711", name="Kingston and North")


def spider(base: str = KINGSTON, **kwargs: Any) -> ModernGovSpider:
    options = {"since": "2025-11-18", "until": "2026-01-15", **kwargs}
    return ModernGovSpider(council="kingston", base_url=base, **options)


def requests(results: Any) -> list[Request]:
    return [r for r in results if isinstance(r, Request)]


@pytest.fixture
def page(shared_fixtures: Path):  # type: ignore[no-untyped-def]
    def build(name: str, url: str) -> HtmlResponse:
        body = (shared_fixtures / "moderngov" / "kingston" / name).read_bytes()
        return HtmlResponse(url=url, body=body, encoding="utf-8")

    return build


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (403, b"Forbidden"),
        (404, b"Not found"),
        (200, b"<html><body>The web service is disabled on this site.</body></html>"),
        (200, b"<committees><committee><committeeid>1</committee>"),  # broken XML
        (200, b"<committees></committees>"),  # switched on, but empty
    ],
)
def test_unusable_web_service_falls_back_to_pages(status: int, body: bytes) -> None:
    response = TextResponse(
        url=KINGSTON + "mgWebService.asmx/GetCommittees", status=status, body=body
    )
    (follow,) = requests(spider().parse_service_committees(response))
    assert follow.url == KINGSTON + "mgCommitteeStructure.aspx"


def test_web_service_committees_then_meetings_in_uk_dates(shared_fixtures: Path) -> None:
    body = shared_fixtures / "moderngov/manchester-webservice/manchester_GetCommittees.xml"
    response = XmlResponse(
        url=MANCHESTER + "mgWebService.asmx/GetCommittees", body=body.read_bytes()
    )
    results = list(spider(MANCHESTER, committee="AUDIT").parse_service_committees(response))

    assert [(c.source_id, c.name) for c in results if isinstance(c, CommitteeItem)] == [
        ("144", "Audit Committee")
    ]
    assert [r.url for r in requests(results)] == [
        MANCHESTER
        + "mgWebService.asmx/GetMeetings?lCommitteeId=144&sFromDate=18/11/2025&sToDate=15/01/2026"
    ]


def test_meeting_list_requests_the_window_only(page) -> None:  # type: ignore[no-untyped-def]
    response = page("kingston_ieListMeetings_CommitteeId711.html", LIST_URL)
    followed = requests(spider().parse_meeting_list(response, COMMITTEE))
    assert [r.url.split("MId=")[1] for r in followed] == [
        "10221&Ver=4",
        "10161&Ver=4",
        "10220&Ver=4",
    ]
    assert followed[1].cb_kwargs["entry"].status == "cancelled"


def test_meeting_list_pages_earlier_and_later_when_the_window_is_wider(page) -> None:  # type: ignore[no-untyped-def]
    response = page("kingston_ieListMeetings_CommitteeId711.html", LIST_URL)
    wide = spider(since="2024-01-01", until="2027-01-01")
    urls = [r.url for r in requests(wide.parse_meeting_list(response, COMMITTEE))]
    assert (
        KINGSTON + "ieListMeetings.aspx?Act=earlier&CId=711&D=202409051930&MD=ielistmeetings"
        in urls
    )
    assert (
        KINGSTON + "ieListMeetings.aspx?Act=later&CId=711&D=202606151930&MD=ielistmeetings" in urls
    )
    assert len([u for u in urls if "ieListDocuments" in u]) == 15


def test_meeting_page_reads_attendance_completes_minutes_then_yields_the_meeting(page) -> None:  # type: ignore[no-untyped-def]
    known = {
        KINGSTON + "documents/s112217/Petition%20TMO%20Manorgate%20Rd%20Report.pdf": {
            "etag": '"abc"',
            "last_modified": "Thu, 15 Jan 2026 10:00:00 GMT",
        }
    }
    crawler = spider(known_files=known)
    entry = MeetingListEntry(source_id="10221", committee_source_id="711", status="held")
    response = page("kingston_ieListDocuments_CId711_MId10221.html", MEETING_URL)

    (attendance,) = requests(crawler.parse_meeting_page(response, entry))
    assert attendance.url == KINGSTON + "mgMeetingAttendance.aspx?ID=10221"
    attended = HtmlResponse(
        url=attendance.url,
        body=b'<div id="modgov"><table><tr><th>Attendee</th><th>Role</th><th>Attendance</th>'
        b"</tr><tr><td>Councillor Ann Lee</td><td>Chair</td><td>Present</td></tr></table></div>",
        encoding="utf-8",
    )
    (minutes_59,) = requests(crawler.parse_attendance_page(attended, **attendance.cb_kwargs))
    assert minutes_59.url == KINGSTON + "mgAi.aspx?ID=51902"
    full = HtmlResponse(
        url=minutes_59.url,
        body=b'<div id="modgov"><div class="mgSubItemTitleTxt">Minutes:</div>'
        b'<div class="mgWordPara">All of it.</div></div>',
        encoding="utf-8",
    )
    (minutes_60,) = requests(crawler.parse_full_minutes(full, **minutes_59.cb_kwargs))
    assert minutes_60.url == KINGSTON + "mgAi.aspx?ID=51903"
    # Then each pack chooser in turn: the main one (listed), two supplements (empty, 404).
    (chooser,) = requests(crawler.parse_full_minutes(full, **minutes_60.cb_kwargs))
    assert chooser.url == CHOOSER_URL
    listed = HtmlResponse(url=chooser.url, body=CHOOSER_PAGE.encode(), encoding="utf-8")
    (supplement,) = requests(crawler.parse_doc_pack(listed, **chooser.cb_kwargs))
    assert supplement.url == CHOOSER_URL + "&SID=23550"
    empty = HtmlResponse(url=supplement.url, body=b"<html></html>", encoding="utf-8")
    error, late = crawler.parse_doc_pack(empty, **supplement.cb_kwargs)
    assert isinstance(error, FetchErrorItem) and error.url == supplement.url
    assert isinstance(late, Request) and late.url == CHOOSER_URL + "&SID=23609"
    missing = HtmlResponse(url=late.url, status=404, request=late)
    failure = Failure(HttpError(missing, "Ignoring non-200 response"))
    failure.request = late  # type: ignore[attr-defined]
    results = list(crawler.doc_pack_failed(failure))

    assert results[0] == FetchErrorItem(council="kingston", url=late.url, reason="HTTP 404")
    meeting = results[1]
    assert isinstance(meeting, MeetingItem)
    assert meeting.attendance == [AttendeeData(person="Councillor Ann Lee", role="chair")]
    assert [i.minutes for i in meeting.agenda_items if i.number in ("59.", "60.")] == [
        "All of it.",
        "All of it.",
    ]
    # The choosers gave way to the reports pack; the frontsheet and decisions, which
    # the meeting page also links directly, are there once.
    assert [d.title for d in meeting.documents] == [
        "Agenda frontsheet",
        "Public reports pack",
        "Printed decisions",
        "Printed minutes",
    ]
    documents = requests(results[2:])
    assert len(documents) == 21
    assert all(r.url.startswith(KINGSTON) and "ChooseDocPack" not in r.url for r in documents)
    conditional = next(r for r in documents if r.url in known)
    assert conditional.headers[b"If-None-Match"] == b'"abc"'
    assert conditional.headers[b"If-Modified-Since"] == b"Thu, 15 Jan 2026 10:00:00 GMT"


def test_off_site_documents_are_not_requested() -> None:
    meeting = MeetingItem(
        source_id="1",
        documents=[
            DocumentRef(url="https://elsewhere.example.com/report.pdf", title="Elsewhere"),
            DocumentRef(url=KINGSTON + "documents/s1/report.pdf", title="Here"),
        ],
    )
    results = list(spider()._meeting_done(meeting))
    assert [r.url for r in requests(results)] == [KINGSTON + "documents/s1/report.pdf"]


def test_no_download_yields_the_meeting_only() -> None:
    meeting = MeetingItem(
        source_id="1", documents=[DocumentRef(url=KINGSTON + "documents/s1/r.pdf")]
    )
    assert list(spider(download=False)._meeting_done(meeting)) == [meeting]
