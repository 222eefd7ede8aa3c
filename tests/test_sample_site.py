"""The bundled sample council: served on loopback, read by the real ModernGov parsers."""

from __future__ import annotations

import urllib.error
import urllib.request
from datetime import date, datetime, timedelta
from importlib import resources
from urllib.parse import quote, urlsplit

import pypdfium2 as pdfium
import pytest

from indexer.models import ATTENDANCE_ROLES, DOCUMENT_KINDS
from scraper.items import MeetingItem
from scraper.moderngov import pages, webservice
from scraper.sample_site import (
    SAMPLE_COUNCIL,
    SampleCouncilServer,
    publish_next_meeting,
    sample_routes,
    serve_sample_council,
)
from scraper.sample_site.content import COMMITTEES, NEXT_MEETING, load_paper
from scraper.sample_site.schedule import build_schedule
from scraper.site_server import Resource, route_key

TODAY = date(2026, 11, 23)
BASE = "http://127.0.0.1:8999/"
SLUG = SAMPLE_COUNCIL.slug
Routes = dict[str, Resource]


@pytest.fixture(scope="module")
def routes() -> Routes:
    return {route_key(key): value for key, value in sample_routes(BASE, TODAY).items()}


def _get(routes: Routes, url: str) -> bytes:
    """The body a crawler would get for an absolute URL taken from a page."""
    parts = urlsplit(url)
    return routes[route_key(parts.path + ("?" + parts.query if parts.query else ""))].body


def _html(routes: Routes, url: str) -> str:
    return _get(routes, url).decode("utf-8")


def _pdf_pages(body: bytes) -> list[str]:
    document = pdfium.PdfDocument(body)
    try:
        return [
            document[n].get_textpage().get_text_range().replace("\r\n", "\n")
            for n in range(len(document))
        ]
    finally:
        document.close()


def _html_meetings(routes: Routes) -> list[MeetingItem]:
    """Every meeting, reached from the committee structure by following links only."""
    meetings = []
    for committee in pages.parse_committees(_html(routes, BASE), BASE, SLUG):
        assert committee.url is not None
        list_url = pages.meeting_list_url(_html(routes, committee.url), committee.url)
        assert list_url is not None
        listing = pages.parse_meeting_list(
            _html(routes, list_url), list_url, committee.source_id or ""
        )
        for entry in listing.entries:
            assert entry.url is not None
            meetings.append(pages.parse_meeting(_html(routes, entry.url), entry.url, SLUG))
    return meetings


# --- the HTML route ----------------------------------------------------------------------


def test_site_looks_like_moderngov_and_names_the_council(routes: Routes) -> None:
    home = _html(routes, BASE)
    assert pages.is_moderngov(home)
    assert pages.site_title(home) == "Sampleshire"
    assert SAMPLE_COUNCIL.name == "Sampleshire County Council"


def test_committees_on_both_listing_pages(routes: Routes) -> None:
    structure = pages.parse_committees(
        _html(routes, BASE + "mgCommitteeStructure.aspx"), BASE, SLUG
    )
    flat = pages.parse_committees(_html(routes, BASE + "mgListCommittees.aspx"), BASE, SLUG)
    assert [c.name for c in structure] == [
        "Children and Young People Scrutiny Committee",
        "Adult Social Care and Health Scrutiny Committee",
        "Highways and Transport Committee",
    ]
    assert [(c.source_id, c.url) for c in flat] == [(c.source_id, c.url) for c in structure]


def test_meeting_lists_cover_the_last_year_and_the_next_months(routes: Routes) -> None:
    url = BASE + "ieListMeetings.aspx?CommitteeId=131"
    listing = pages.parse_meeting_list(_html(routes, url), url, "131")
    starts = [e.start for e in listing.entries if e.start is not None]
    assert len(starts) == len(listing.entries) == 6
    assert min(starts) >= datetime.combine(TODAY - timedelta(days=365), datetime.min.time())
    assert max(starts) <= datetime.combine(TODAY + timedelta(days=62), datetime.min.time())
    assert [e.status for e in listing.entries] == [
        "scheduled",
        "held",
        "held",
        "cancelled",
        "held",
        "held",
    ]
    # The year selector's pages answer too, and list that year's meetings.
    for year, year_url in listing.year_urls.items():
        by_year = pages.parse_meeting_list(_html(routes, year_url), year_url, "131")
        assert by_year.entries
        assert all(e.start is not None and e.start.year == year for e in by_year.entries)


def test_every_meeting_page_parses(routes: Routes) -> None:
    meetings = _html_meetings(routes)
    assert len(meetings) == 14
    statuses = [m.status for m in meetings]
    choosers: list[str | None] = []
    assert statuses.count("cancelled") == 1
    assert statuses.count("held") == 10
    for meeting in meetings:
        assert meeting.committee_name and meeting.start and meeting.venue
        for doc in meeting.documents + [d for i in meeting.agenda_items for d in i.documents]:
            assert doc.kind in DOCUMENT_KINDS
            assert doc.url is not None and doc.url.startswith(BASE) and " " not in doc.url
            if pages.is_doc_pack_chooser(doc.url):
                choosers.append(meeting.committee_name)
                continue
            assert _get(routes, doc.url).startswith(b"%PDF-")
    # One committee links its reports packs through mgChooseDocPack.aspx (see below).
    assert set(choosers) == {"Highways and Transport Committee"}
    unpublished = [m for m in meetings if m.status == "scheduled" and not m.documents]
    assert [m.committee_name for m in unpublished] == [
        "Adult Social Care and Health Scrutiny Committee"
    ]
    assert not unpublished[0].agenda_items


def test_held_meeting_has_items_decisions_minutes_and_documents(routes: Routes) -> None:
    url = BASE + "ieListDocuments.aspx?CId=131&MId=5101&Ver=4"
    meeting = pages.parse_meeting(_html(routes, url), url, SLUG)
    assert meeting.status == "held"
    assert meeting.start == datetime(2026, 3, 10, 10, 0)
    assert [d.kind for d in meeting.documents] == ["agenda_pack", "minutes"]
    items = {item.title: item for item in meeting.agenda_items}
    assert [i.number for i in meeting.agenda_items] == ["5.", "6.", "7.", "8.", "9.", "10."]
    review = items["Review of Edge of Care Services"]
    assert [d.kind for d in review.documents] == ["report"]
    assert review.decision is not None
    assert review.decision.splitlines()[:2] == [
        "RESOLVED \u2013 That:",
        "(a) the findings of the review of edge of care services be noted;",
    ]
    assert review.minutes is not None and "special schools" in review.minutes
    declarations = items["Declarations of Interest"].minutes or ""
    assert declarations.startswith("Councillor Priya Raman declared")
    assert items["Apologies for Absence"].decision is None


def test_doc_pack_chooser_lists_the_meetings_pdfs(routes: Routes) -> None:
    held = next(
        m for m in _html_meetings(routes) if m.committee_source_id == "133" and m.status == "held"
    )
    chooser = held.documents[0]
    assert chooser.url == BASE + f"mgChooseDocPack.aspx?ID={held.source_id}"
    listed = pages.parse_doc_pack_chooser(_html(routes, chooser.url), chooser.url)
    assert [(d.title, d.kind) for d in listed] == [
        ("Agenda reports pack", "agenda_pack"),
        ("Printed minutes", "minutes"),
    ]
    assert all(_get(routes, d.url or "").startswith(b"%PDF-") for d in listed)
    # The printed minutes are also linked from the meeting page itself.
    assert listed[1].url == held.documents[1].url


def test_cancelled_and_upcoming_meetings(routes: Routes) -> None:
    cancelled_url = BASE + "ieListDocuments.aspx?CId=131&MId=5102&Ver=4"
    cancelled = pages.parse_meeting(_html(routes, cancelled_url), cancelled_url, SLUG)
    assert cancelled.status == "cancelled"
    assert not cancelled.documents and not cancelled.agenda_items
    upcoming_url = BASE + "ieListDocuments.aspx?CId=131&MId=5105&Ver=4"
    upcoming = pages.parse_meeting(_html(routes, upcoming_url), upcoming_url, SLUG)
    assert upcoming.status == "scheduled"
    assert [d.kind for d in upcoming.documents] == ["agenda_pack"]
    assert all(i.decision is None and i.minutes is None for i in upcoming.agenda_items)


# --- the web-service route -------------------------------------------------------------


def test_web_service_answers_in_moderngov_xml(routes: Routes) -> None:
    committees = webservice.parse_committees(
        _get(routes, BASE + "mgWebService.asmx/GetCommittees"), SLUG, BASE
    )
    assert [c.source_id for c in committees] == ["131", "132", "133"]
    entries = webservice.parse_meetings(
        _get(routes, BASE + "mgWebService.asmx/GetMeetings?lCommitteeId=131"), "131", BASE
    )
    assert [e.source_id for e in entries] == ["5100", "5101", "5102", "5103", "5104", "5105"]
    assert [e.status for e in entries].count("cancelled") == 1
    held = webservice.parse_meeting(
        _get(routes, BASE + "mgWebService.asmx/GetMeeting?lMeetingId=5101"), SLUG, BASE
    )
    html = pages.parse_meeting(
        _html(routes, BASE + "ieListDocuments.aspx?CId=131&MId=5101&Ver=4"), BASE, SLUG
    )
    assert held.status == "held" and held.committee_name == html.committee_name
    assert held.start == html.start and held.venue == html.venue
    # Both routes tell the same story: items, decisions, minutes, documents.
    assert [(i.number, i.title, i.decision, i.minutes) for i in held.agenda_items] == [
        (i.number, i.title, i.decision, i.minutes) for i in html.agenda_items
    ]
    assert {(d.url, d.kind) for d in held.documents} == {(d.url, d.kind) for d in html.documents}
    reports = [d for i in held.agenda_items for d in i.documents]
    assert [d.url for d in reports] == [d.url for i in html.agenda_items for d in i.documents]
    assert all(_get(routes, d.url or "").startswith(b"%PDF-") for d in reports)
    roles = {a.person: a.role for a in held.attendance}
    assert set(roles.values()) <= set(ATTENDANCE_ROLES)
    assert roles["Councillor Helen Marsh"] == "chair"
    assert roles["Councillor Aisha Bello"] == "apologies"
    assert roles["Kerry Nolan"] == "officer"


def test_web_service_cancelled_meeting(routes: Routes) -> None:
    meeting = webservice.parse_meeting(
        _get(routes, BASE + "mgWebService.asmx/GetMeeting?lMeetingId=5102"), SLUG, BASE
    )
    assert meeting.status == "cancelled"
    assert meeting.agenda_items == [] and meeting.documents == []


# --- PDFs -------------------------------------------------------------------------------


def test_printed_minutes_carry_resolutions_and_attendance(routes: Routes) -> None:
    url = BASE + "ieListDocuments.aspx?CId=131&MId=5101&Ver=4"
    meeting = pages.parse_meeting(_html(routes, url), url, SLUG)
    minutes_url = next(d.url for d in meeting.documents if d.kind == "minutes")
    text = "\n".join(_pdf_pages(_get(routes, minutes_url or "")))
    assert (
        "Minutes of a meeting of the Children and Young People Scrutiny Committee held on" in text
    )
    assert "Tuesday 10 March 2026" in text
    assert "Present: Councillor Helen Marsh (Chair)" in text
    assert "Apologies: Councillor Aisha Bello, Mrs Ruth Ellison" in text
    assert "Councillor Priya Raman declared a non-registrable interest" in text
    assert "RESOLVED \u2013 That:\n(a) the findings of the review of edge of care services" in text
    assert "(c) a progress report on edge of care outcomes" in text
    assert "Page 1" in text


def test_reports_pack_holds_agenda_previous_minutes_and_work_programme(routes: Routes) -> None:
    url = BASE + "ieListDocuments.aspx?CId=131&MId=5104&Ver=4"
    meeting = pages.parse_meeting(_html(routes, url), url, SLUG)
    pack_url = next(d.url for d in meeting.documents if d.kind == "agenda_pack")
    text = _pdf_pages(_get(routes, pack_url or ""))
    assert "AGENDA" in text[0] and "18. Minutes of the Previous Meeting (Page 2)" in text[0]
    # The previous meeting's minutes, printed inside this pack, name their own date.
    assert "Tuesday 14 July 2026" in text[1]
    assert "RESOLVED \u2013 That:\n(a) the draft Placement Sufficiency Strategy" in text[1]
    assert "Agenda Item 19" in text[2] and "edge of care" in text[2]
    assert "Work Programme" in text[-1]
    assert "Family Help: Progress with the Children's Social" in text[-1]
    for number, page in enumerate(text, start=1):
        assert page.rstrip().endswith(f"Page {number}")


def test_every_pdf_has_text_and_edge_of_care_is_in_several_papers(routes: Routes) -> None:
    pdfs = {key: r.body for key, r in routes.items() if r.content_type == "application/pdf"}
    assert len(pdfs) > 25
    mentions = set()
    for key, body in pdfs.items():
        text = "\n".join(_pdf_pages(body))
        assert "Sampleshire County Council" in text, key
        if "edge of care" in text.lower() and "/documents/s" in key:
            mentions.add(key)
    assert len(mentions) >= 4


# --- determinism, speed, the served site --------------------------------------------------


@pytest.mark.timeout(120)  # catches a hang, not a slow machine: speed is for bench/
def test_same_day_same_bytes() -> None:
    first = sample_routes(BASE, TODAY)
    second = sample_routes(BASE, TODAY)
    assert {k: r.body for k, r in first.items()} == {k: r.body for k, r in second.items()}
    later = sample_routes(BASE, TODAY + timedelta(days=40))
    assert {k: r.body for k, r in later.items()} != {k: r.body for k, r in first.items()}


def test_server_serves_robots_pages_and_date_filtered_meetings() -> None:
    with serve_sample_council(TODAY) as server:
        base = server.base_url + "/"
        robots = urllib.request.urlopen(base + "robots.txt", timeout=5).read().decode()
        assert "User-agent: *" in robots
        home = urllib.request.urlopen(base, timeout=5).read().decode()
        assert pages.is_moderngov(home)
        query = webservice.meetings_query("131", date(2026, 6, 1), date(2026, 12, 31))
        xml = urllib.request.urlopen(
            base + "mgWebService.asmx/GetMeetings?" + query, timeout=5
        ).read()
        assert [e.source_id for e in webservice.parse_meetings(xml, "131", base)] == [
            "5103",
            "5104",
            "5105",
        ]
        # An ISO date is ignored, as ModernGov does: every meeting comes back.
        iso = base + "mgWebService.asmx/GetMeetings?lCommitteeId=131&sFromDate=2026-06-01"
        xml = urllib.request.urlopen(iso, timeout=5).read()
        assert len(webservice.parse_meetings(xml, "131", base)) == 6
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "ieListDocuments.aspx?CId=131&MId=1&Ver=4", timeout=5)
        assert missing.value.code == 404


def test_publish_next_meeting_adds_exactly_one_meeting() -> None:
    with serve_sample_council(TODAY) as server:
        base = server.base_url + "/"
        list_url = base + "ieListMeetings.aspx?CommitteeId=131"

        def listed() -> dict[str, object]:
            html = urllib.request.urlopen(list_url, timeout=5).read().decode()
            entries = pages.parse_meeting_list(html, list_url, "131").entries
            return {e.source_id or "": e.start for e in entries}

        def service_ids() -> list[str]:
            url = base + "mgWebService.asmx/GetMeetings?lCommitteeId=131"
            xml = urllib.request.urlopen(url, timeout=5).read()
            return [e.source_id or "" for e in webservice.parse_meetings(xml, "131", base)]

        before, before_service = listed(), service_ids()
        added = publish_next_meeting(server)
        after, after_service = listed(), service_ids()
        assert set(after) - set(before) == {str(added.id)}
        assert set(after_service) - set(before_service) == {str(added.id)}
        assert {k: v for k, v in after.items() if k in before} == before
        assert added.start > max(m.start for m in server.meetings if m is not added and m.held)
        url = f"{base}ieListDocuments.aspx?CId=131&MId={added.id}&Ver=4"
        meeting = pages.parse_meeting(
            urllib.request.urlopen(url, timeout=5).read().decode(), url, SLUG
        )
        report = next(d for i in meeting.agenda_items for d in i.documents)
        body = urllib.request.urlopen(report.url or "", timeout=5).read()
        assert "edge of care" in "\n".join(_pdf_pages(body))
        with pytest.raises(ValueError):
            publish_next_meeting(server)


def test_unchanged_documents_still_answer_not_modified_after_publishing() -> None:
    server = SampleCouncilServer(TODAY).start()
    try:
        key = next(k for k, r in server.routes.items() if r.content_type == "application/pdf")
        etag = server.routes[key].etag
        publish_next_meeting(server)
        assert server.routes[key].etag == etag
        request = urllib.request.Request(
            server.base_url + quote(key, safe="/?=&"), headers={"If-None-Match": etag}
        )
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(request, timeout=5)
        assert answer.value.code == 304
    finally:
        server.stop()


@pytest.mark.parametrize(
    "today", [date(2027, 1, 1), date(2028, 2, 29), date(2026, 5, 31), date(2026, 12, 24)]
)
def test_schedule_fits_the_crawl_window_whatever_the_day(today: date) -> None:
    meetings = build_schedule(today, extra_meeting=True)
    now = datetime.combine(today, datetime.min.time())
    for meeting in meetings:
        assert now - timedelta(days=365) < meeting.start < now + timedelta(days=62)
        assert meeting.held == (meeting.start < now and not meeting.cancelled)
        assert (meeting.start.month, meeting.start.day) not in {(12, 25), (12, 26), (1, 1)}
    extra = next(m for m in meetings if m.plan is NEXT_MEETING[1])
    assert extra.start > max(m.start for m in meetings if m is not extra and m.held)
    assert any(i.paper and "edge of care" in i.paper.description for i in extra.items)


def test_every_paper_is_used_complete_and_printable() -> None:
    planned = [
        slug
        for committee in COMMITTEES
        for plan in (*committee.meetings, NEXT_MEETING[1])
        for slug in plan.papers
    ]
    shipped = resources.files("scraper.sample_site").joinpath("papers").iterdir()
    assert sorted(set(planned)) == sorted(p.name.removesuffix(".md") for p in shipped)
    for slug in planned:
        paper = load_paper(slug)
        assert paper.title and paper.description and paper.sections
        assert len(paper.recommendations) >= 2, slug
        text = "\n".join(
            [paper.title, paper.description, *paper.minutes, *paper.also_resolved]
            + [line for _, lines in paper.sections for line in lines]
        )
        text.encode("cp1252")  # the PDFs' core font covers exactly this


def test_the_next_meeting_changes_only_the_lists_that_show_it() -> None:
    before = sample_routes(BASE, TODAY)
    after = sample_routes(BASE, TODAY, extra_meeting=True)
    changed = {k for k in before if before[k].body != after[k].body}
    assert changed == {
        "/ieListMeetings.aspx?CommitteeId=131",
        "/ieListMeetings.aspx?CId=131&Year=2026",
        "/mgWebService.asmx/GetMeetings?lCommitteeId=131",
    }
    added = set(after) - set(before)
    assert len(added) == 4  # meeting page, GetMeeting, reports pack, the new report
    assert {k.split("?")[0] for k in added} >= {
        "/ieListDocuments.aspx",
        "/mgWebService.asmx/GetMeeting",
        "/documents/s51063/Step-Down Pilot Evaluation.pdf",
    }
