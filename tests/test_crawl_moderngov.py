"""Real crawls (a Scrapy child process) of the saved ModernGov sites on 127.0.0.1."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from indexer.home import Home
from indexer.models import (
    AgendaItem,
    Attendance,
    Committee,
    CrawlRun,
    Document,
    DocumentVersion,
    Meeting,
)
from indexer.store.councils import add_council
from scraper.run import CrawlJob, run_crawl
from scraper.site_server import Resource, SiteServer
from tests.crawl_support import (
    FAST,
    KINGSTON_COMMITTEE,
    KINGSTON_PDFS,
    KINGSTON_WINDOW,
    MANCHESTER_WINDOW,
    crawl,
    kingston_routes,
    manchester_routes,
)

pytestmark = pytest.mark.slow

MANORGATE = next(path for path in KINGSTON_PDFS if "Manorgate" in path)
ZEBRA = next(path for path in KINGSTON_PDFS if "Zebra" in path)
FULL_MINUTES_59 = (
    b'<html><body><div id="modgov"><div class="mgSubItemTitleTxt">Minutes:</div>'
    b'<div class="mgWordPara"><p>The full minutes of item 59, read from mgAi.aspx.</p>'
    b"</div></div></body></html>"
)


@pytest.fixture
def kingston_site(shared_fixtures: Path, engine: Engine):  # type: ignore[no-untyped-def]
    """Kingston's saved pages and PDFs; the web service is forbidden (403)."""
    routes = kingston_routes(shared_fixtures)
    routes["/mgWebService.asmx/GetCommittees"] = Resource(b"Forbidden", status=403)
    routes["/mgAi.aspx?ID=51902"] = Resource(FULL_MINUTES_59)
    with SiteServer(routes) as site:
        add_council(engine, "test", "Kingston upon Thames", "moderngov", site.base_url + "/")
        yield site


def crawl_log(home: Home) -> str:
    return (home.logs_dir / "crawl-test.log").read_text(encoding="utf-8")


def crawl_kingston(home: Home, site: SiteServer, **settings: Any) -> dict[str, Any]:
    return crawl(home, site, KINGSTON_WINDOW, KINGSTON_COMMITTEE, **settings)


def meeting(session: Session, source_id: str) -> Meeting:
    return session.scalars(select(Meeting).where(Meeting.source_id == source_id)).one()


def document(session: Session, path_part: str) -> Document:
    return session.scalars(select(Document).where(Document.url.contains(path_part))).one()


def snapshot(engine: Engine) -> list[tuple[Any, ...]]:
    """Every stored row that a crawl may touch, except crawl runs and fetch times."""
    with Session(engine) as session:
        rows: list[tuple[Any, ...]] = []
        for m in session.scalars(select(Meeting).order_by(Meeting.id)):
            rows.append(("meeting", m.id, m.fingerprint, m.last_changed, m.status))
        for i in session.scalars(select(AgendaItem).order_by(AgendaItem.id)):
            rows.append(("item", i.id, i.fingerprint, i.last_changed))
        for d in session.scalars(select(Document).order_by(Document.id)):
            rows.append(("document", d.id, d.url, d.sha256, d.last_changed, d.etag))
        for v in session.scalars(select(DocumentVersion).order_by(DocumentVersion.id)):
            rows.append(("version", v.id, v.sha256))
        return rows


# --- the HTML route ----------------------------------------------------------------


def test_html_route_when_the_service_is_forbidden(
    home: Home, engine: Engine, kingston_site: SiteServer
) -> None:
    summary = crawl_kingston(home, kingston_site)

    requested = [target for target, _headers in kingston_site.requests]
    assert "/mgCommitteeStructure.aspx" in requested
    assert summary["counts"]["meetings_new"] == 3
    assert summary["counts"]["documents_downloaded"] == 2
    with Session(engine) as session:
        committee = session.scalars(select(Committee)).one()
        assert (committee.source_id, committee.name) == (
            "711",
            "Kingston and North Kingston Neighbourhood Committee",
        )
        assert meeting(session, "10161").status == "cancelled"
        held = meeting(session, "10221")
        assert held.status == "held"
        assert held.start is not None and held.start.isoformat() == "2026-01-15T19:30:00"
        assert held.committee_id == committee.id
        items = held.agenda_items
        assert len(items) == 12
        assert (items[0].number, items[0].title) == ("54.", "Public Question Time")
        item_59 = next(i for i in items if i.number == "59.")
        assert item_59.decision and "Manorgate" in item_59.decision
        # The cut-short minutes were completed from mgAi.aspx.
        assert item_59.minutes == "The full minutes of item 59, read from mgAi.aspx."
        assert sorted(d.title for d in item_59.documents) == [
            "Annex 1 - Wolverton Avenue",
            "Annex 2 - Manorgate Road",
            "Annex 3 - Overview plan",
            "Annex 4 - Survey summary",
            "Petition Regarding the Introduction of Traffic Management Measures On Manorgate Road",
        ]
        report = document(session, "s112217")
        assert (report.kind, report.agenda_item_id) == ("report", item_59.id)
        assert report.content_type == "application/pdf"
        assert report.etag and report.last_modified
        assert home.files.read(report.file_path or "").startswith(b"%PDF")
        assert [v.sha256 for v in report.versions] == [report.sha256]
        run = session.scalars(select(CrawlRun)).one()
        assert run.status == "ok_with_errors" and run.finished is not None
        assert run.counts == summary["counts"]
        failed = {e["url"].split("/", 3)[-1]: e["reason"] for e in run.errors}
        # mgAi.aspx for item 60 and the unsaved PDFs are not served: 404s, recorded.
        assert failed["mgAi.aspx?ID=51903"] == "HTTP 404"
        assert failed["documents/s112219/Annex%202%20-%20Manorgate%20Road.pdf"] == "HTTP 404"


def test_second_crawl_downloads_nothing_unchanged_and_a_changed_file_is_a_new_version(
    home: Home, engine: Engine, kingston_site: SiteServer
) -> None:
    crawl_kingston(home, kingston_site)
    before = snapshot(engine)
    kingston_site.requests.clear()

    again = crawl_kingston(home, kingston_site)

    assert again["counts"]["meetings_unchanged"] == 3
    assert again["counts"]["meetings_new"] == again["counts"]["meetings_changed"] == 0
    assert again["counts"]["documents_downloaded"] == 0
    assert again["counts"]["documents_unchanged"] == 2
    assert snapshot(engine) == before
    conditional = [h for t, h in kingston_site.requests if "Petition%20TMO" in t]
    assert conditional and "If-None-Match" in conditional[0]

    kingston_site.set(MANORGATE, Resource(b"%PDF-1.4 a republished report", "application/pdf"))
    third = crawl_kingston(home, kingston_site)

    assert third["counts"]["documents_downloaded"] == 1
    with Session(engine) as session:
        report = document(session, "s112217")
        assert len(report.versions) == 2
        assert report.last_changed > report.first_seen
        assert home.files.read(report.file_path or "").startswith(b"%PDF-1.4 a")
        # The old content is kept.
        assert all(home.files.exists(v.file_path or "") for v in report.versions)
        assert len(session.scalars(select(DocumentVersion)).all()) == 3


def test_500_and_timeout_are_recorded_and_the_rest_is_stored(
    home: Home, engine: Engine, kingston_site: SiteServer
) -> None:
    kingston_site.set(MANORGATE, Resource(b"", status=500))
    zebra = kingston_site.routes[ZEBRA.lower()]
    zebra.delay = 3
    kingston_site.set("/ieListDocuments.aspx?CId=711&MId=10220&Ver=4", Resource(b"", status=500))

    summary = crawl_kingston(home, kingston_site, DOWNLOAD_TIMEOUT=1)

    reasons = {e["url"].split("/", 3)[-1]: e["reason"] for e in summary["errors"]}
    assert reasons["ieListDocuments.aspx?CId=711&MId=10220&Ver=4"] == "HTTP 500"
    assert reasons["documents/s112217/Petition%20TMO%20Manorgate%20Rd%20Report.pdf"] == "HTTP 500"
    zebra_reason = reasons[
        "documents/s112215/Coombe%20Lane%20West%20Zebra%20Crossing%20consultation%20results.pdf"
    ]
    assert zebra_reason.startswith("timed out")
    assert summary["counts"]["meetings_new"] == 2
    with Session(engine) as session:
        assert len(meeting(session, "10221").agenda_items) == 12
        assert document(session, "s112217").error == "HTTP 500"
        assert document(session, "s112217").sha256 is None


def test_robots_txt_disallow_is_obeyed(shared_fixtures: Path, home: Home, engine: Engine) -> None:
    robots = "User-agent: *\nDisallow: /documents/\n"
    with SiteServer(kingston_routes(shared_fixtures), robots_txt=robots) as site:
        add_council(engine, "test", "Kingston upon Thames", "moderngov", site.base_url + "/")
        summary = crawl_kingston(home, site)
        requested = [target for target, _headers in site.requests]

    assert not [t for t in requested if t.startswith("/documents/")]
    assert summary["counts"]["meetings_new"] == 3
    assert summary["counts"]["documents_downloaded"] == 0
    assert any("robots.txt" in e["reason"] for e in summary["errors"])


def test_no_download_collects_meetings_only(
    home: Home, engine: Engine, kingston_site: SiteServer
) -> None:
    job = CrawlJob(
        council="test",
        base_url=kingston_site.base_url + "/",
        since=date.fromisoformat(KINGSTON_WINDOW[0]),
        until=date.fromisoformat(KINGSTON_WINDOW[1]),
        committee=KINGSTON_COMMITTEE,
        download=False,
        settings=FAST,
    )
    summary = run_crawl(home, job, lambda event: None)

    assert summary["counts"]["meetings_new"] == 3
    assert not [t for t, _h in kingston_site.requests if t.startswith("/documents/")]
    with Session(engine) as session:
        assert session.scalars(select(Document)).all()  # known, not fetched
        assert not session.scalars(select(Document).where(Document.sha256.is_not(None))).all()


# --- the web-service route -----------------------------------------------------------


@pytest.fixture
def manchester_site(shared_fixtures: Path, engine: Engine):  # type: ignore[no-untyped-def]
    with SiteServer() as site:
        for path, resource in manchester_routes(shared_fixtures, site.base_url).items():
            site.set(path, resource)
        pdf = (shared_fixtures / "pdfs" / "kingston_ZebraCrossing.pdf").read_bytes()
        for document_id in ("60860", "60909"):
            site.set(f"/mgConvert2PDF.aspx?ID={document_id}", Resource(pdf, "application/pdf"))
        add_council(engine, "test", "Manchester", "moderngov", site.base_url + "/")
        yield site


def test_web_service_route(home: Home, engine: Engine, manchester_site: SiteServer) -> None:
    progress: list[dict[str, Any]] = []
    job = CrawlJob(
        council="test",
        base_url=manchester_site.base_url + "/",
        since=date.fromisoformat(MANCHESTER_WINDOW[0]),
        until=date.fromisoformat(MANCHESTER_WINDOW[1]),
        committee="audit",
        settings=FAST,
    )
    summary = run_crawl(home, job, progress.append)

    requested = [target for target, _headers in manchester_site.requests]
    # dd/mm/yyyy: the service ignores ISO dates and would answer everything.
    assert (
        "/mgWebService.asmx/GetMeetings?lCommitteeId=144&sFromDate=01/01/2026&sToDate=28/02/2026"
        in requested
    )
    assert not [t for t in requested if "lCommitteeId=312" in t or "lCommitteeId=163" in t]
    assert not [t for t in requested if t.startswith("/ie") or t.startswith("/mgCommittee")]
    assert summary["status"] == "ok", summary["errors"]
    assert summary["counts"]["meetings_new"] == 2
    assert summary["counts"]["documents_downloaded"] == 2
    assert [e["event"] for e in progress][0] == "started"
    assert [e["event"] for e in progress][-1] == "finished"
    with Session(engine) as session:
        assert meeting(session, "4966").status == "cancelled"
        minuted = meeting(session, "4967")
        assert minuted.start is not None and minuted.start.date() == date(2026, 2, 10)
        assert len(minuted.agenda_items) == 2
        assert session.scalars(select(Attendance)).all()
        kinds = {d.kind for d in session.scalars(select(Document))}
        assert kinds == {"minutes", "work_programme"}


def test_off_site_document_links_are_not_followed(
    shared_fixtures: Path, home: Home, engine: Engine
) -> None:
    """The saved XML links to democracy.manchester.gov.uk: not this site."""
    folder = shared_fixtures / "moderngov" / "manchester-webservice"
    with SiteServer() as site:
        for path, resource in manchester_routes(shared_fixtures, site.base_url).items():
            site.set(path, resource)
        # Meeting 4967 as saved: its documents on the real council's host.
        site.set(
            "/mgWebService.asmx/GetMeeting?lMeetingId=4967",
            Resource((folder / "manchester_GetMeeting_4967.xml").read_bytes(), "text/xml"),
        )
        add_council(engine, "test", "Manchester", "moderngov", site.base_url + "/")
        summary = crawl(home, site, MANCHESTER_WINDOW, "audit")
        requested = [target for target, _headers in site.requests]

    assert summary["counts"]["meetings_new"] == 2
    assert not [t for t in requested if "mgConvert2PDF" in t]
    with Session(engine) as session:
        assert not session.scalars(select(Document)).all()


def test_a_5xx_is_retried_after_a_pause(shared_fixtures: Path, home: Home, engine: Engine) -> None:
    served_at: list[str] = []

    def recover_on_second_request(target: str, _headers: Any) -> None:
        if "Petition%20TMO" in target:
            served_at.append(target)
            if len(served_at) == 2:
                site.routes[MANORGATE.lower()].status = 200

    routes = kingston_routes(shared_fixtures)
    routes[MANORGATE].status = 503
    with SiteServer(routes, on_request=recover_on_second_request) as site:
        add_council(engine, "test", "Kingston upon Thames", "moderngov", site.base_url + "/")
        summary = crawl_kingston(home, site, RETRY_TIMES=1, RETRY_BACKOFF_BASE=0.5)

    assert len(served_at) == 2
    assert "Waiting 0.5 s before retry 1 of" in crawl_log(home)
    assert summary["counts"]["documents_downloaded"] == 2
    assert not [e for e in summary["errors"] if "Petition%20TMO" in e["url"]]


def test_retry_after_is_honoured(shared_fixtures: Path, home: Home, engine: Engine) -> None:
    served_at: list[str] = []

    def recover_on_second_request(target: str, _headers: Any) -> None:
        if "Petition%20TMO" in target:
            served_at.append(target)
            if len(served_at) == 2:
                site.routes[MANORGATE.lower()].status = 200

    routes = kingston_routes(shared_fixtures)
    routes[MANORGATE].status = 429
    routes[MANORGATE].headers = {"Retry-After": "2"}
    with SiteServer(routes, on_request=recover_on_second_request) as site:
        add_council(engine, "test", "Kingston upon Thames", "moderngov", site.base_url + "/")
        summary = crawl_kingston(home, site, RETRY_TIMES=1, RETRY_BACKOFF_BASE=0.01)

    assert len(served_at) == 2
    assert "Waiting 2.0 s before retry 1 of" in crawl_log(home)  # the server's wish, not 0.01 s
    assert not [e for e in summary["errors"] if "Petition%20TMO" in e["url"]]


def test_a_redirected_document_is_filed_under_its_link_and_never_leaves_the_site(
    home: Home, engine: Engine, kingston_site: SiteServer
) -> None:
    body = kingston_site.routes[MANORGATE.lower()].body
    kingston_site.set("/documents/moved/manorgate.pdf", Resource(body, "application/pdf"))
    kingston_site.routes[MANORGATE.lower()].status = 302
    kingston_site.routes[MANORGATE.lower()].headers = {
        "Location": kingston_site.base_url + "/documents/moved/manorgate.pdf"
    }
    off_site = kingston_site.base_url.replace("127.0.0.1", "localhost") + "/elsewhere.pdf"
    kingston_site.routes[ZEBRA.lower()].status = 302
    kingston_site.routes[ZEBRA.lower()].headers = {"Location": off_site}

    crawl_kingston(home, kingston_site)

    with Session(engine) as session:
        manorgate = session.scalars(
            select(Document).where(Document.url.endswith(quote(MANORGATE)))
        ).one()
        assert manorgate.sha256 is not None and manorgate.meeting_id is not None
        assert not session.scalars(select(Document).where(Document.url.contains("moved"))).all()
        zebra = session.scalars(select(Document).where(Document.url.endswith(quote(ZEBRA)))).one()
        assert zebra.sha256 is None  # the other host was not asked
    assert not [t for t, _ in kingston_site.requests if "elsewhere" in t]


def test_an_oversized_file_is_recorded_not_stored(
    home: Home, engine: Engine, kingston_site: SiteServer
) -> None:
    zebra_size = len(kingston_site.routes[ZEBRA.lower()].body)
    assert len(kingston_site.routes[MANORGATE.lower()].body) < zebra_size

    summary = crawl_kingston(home, kingston_site, DOWNLOAD_MAXSIZE=zebra_size - 1)

    with Session(engine) as session:
        zebra = document(session, "s112215")
        assert (zebra.text_status, zebra.sha256, zebra.file_path) == ("too_large", None, None)
        assert zebra.error == "larger than the download size limit"
        assert document(session, "s112217").sha256 is not None  # under the cap
    assert len(list((home.root / "files").rglob("*.pdf"))) == 1
    reasons = {e["url"]: e["reason"] for e in summary["errors"]}
    assert reasons[kingston_site.base_url + quote(ZEBRA)] == "larger than the download size limit"


def test_a_malformed_answer_is_recorded_and_the_rest_is_stored(
    home: Home, engine: Engine, manchester_site: SiteServer
) -> None:
    broken = "/mgWebService.asmx/GetMeeting?lMeetingId=4966"
    manchester_site.set(broken, Resource(b"<meeting><meetingid>4966</meeting>", "text/xml"))

    summary = crawl(home, manchester_site, MANCHESTER_WINDOW, "audit")

    (error,) = summary["errors"]
    assert error["url"] == manchester_site.base_url + broken
    assert error["reason"].startswith("could not read the page: ")
    assert summary["counts"]["meetings_new"] == 1
    with Session(engine) as session:
        assert meeting(session, "4967").agenda_items


def test_a_changed_meeting_page_updates_its_rows_in_place(
    home: Home, engine: Engine, kingston_site: SiteServer
) -> None:
    crawl_kingston(home, kingston_site)
    with Session(engine) as session:
        before = meeting(session, "10220")
        ids_before = [i.id for i in before.agenda_items]
        changed_before = before.last_changed
    path = "/ieListDocuments.aspx?CId=711&MId=10220&Ver=4"
    page = kingston_site.routes[path.lower()].body
    kingston_site.set(path, Resource(page.replace(b"Petitions", b"Petitions received")))

    summary = crawl_kingston(home, kingston_site)

    assert summary["counts"]["meetings_changed"] == 1
    assert summary["counts"]["meetings_unchanged"] == 2
    with Session(engine) as session:
        after = meeting(session, "10220")
        assert [i.id for i in after.agenda_items] == ids_before  # updated, not replaced
        assert after.last_changed > changed_before
        assert after.last_seen >= after.last_changed
        petitions = next(i for i in after.agenda_items if i.number == "30.")
        assert petitions.title == "Petitions received"
        assert petitions.last_changed > petitions.first_seen
        unchanged = next(i for i in after.agenda_items if i.number == "29.")
        assert unchanged.last_changed == unchanged.first_seen
