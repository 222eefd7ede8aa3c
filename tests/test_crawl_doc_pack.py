"""Real crawls of the sample council's pages, where one committee links its packs
through mgChooseDocPack.aspx (an HTML page listing the pack PDFs)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from indexer.home import Home
from indexer.models import CrawlRun, Document, Meeting
from indexer.store.councils import add_council
from scraper.run import CrawlJob, run_crawl
from scraper.sample_site import SampleCouncilServer, serve_sample_council
from scraper.sample_site.documents import doc_pack_chooser_path, meeting_documents
from scraper.sample_site.schedule import Meeting as SampleMeeting
from scraper.site_server import Resource
from tests.crawl_support import FAST

pytestmark = pytest.mark.slow

COMMITTEE = "Highways and Transport"


@pytest.fixture
def site(engine: Engine) -> Iterator[SampleCouncilServer]:
    """The sample council with its web service forbidden, so the crawl reads the pages."""
    with serve_sample_council() as server:
        server.set("/mgWebService.asmx/GetCommittees", Resource(b"Forbidden", status=403))
        add_council(engine, "test", "Sampleshire", "moderngov", server.base_url + "/")
        yield server


def crawl(home: Home, site: SampleCouncilServer) -> dict[str, Any]:
    starts = [m.start.date() for m in site.meetings]
    job = CrawlJob(
        council="test",
        base_url=site.base_url + "/",
        since=min(starts),
        until=max(starts),
        committee=COMMITTEE,
        settings=FAST,
    )
    return run_crawl(home, job, lambda event: None)


def chooser_meetings(site: SampleCouncilServer) -> list[SampleMeeting]:
    meetings = [m for m in site.meetings if doc_pack_chooser_path(m)]
    assert len(meetings) >= 2 and any(m.held for m in meetings)
    return meetings


def url(site: SampleCouncilServer, path: str) -> str:
    return f"{site.base_url}/{quote(path, safe='/?=')}"


def meeting_level(session: Session, source_id: int) -> dict[str, Document]:
    """The meeting's own documents (not its items' reports) by kind; one of each kind."""
    meeting = session.scalars(select(Meeting).where(Meeting.source_id == str(source_id))).one()
    own = [d for d in meeting.documents if d.agenda_item_id is None]
    assert len({d.kind for d in own}) == len(own)
    return {d.kind: d for d in own}


def test_the_packs_behind_the_chooser_are_stored_not_the_chooser(
    home: Home, engine: Engine, site: SampleCouncilServer
) -> None:
    summary = crawl(home, site)

    assert summary["counts"]["documents_failed"] == 0
    requested = [target for target, _headers in site.requests]
    for meeting in chooser_meetings(site):
        assert requested.count(f"/{doc_pack_chooser_path(meeting)}") == 1
    with Session(engine) as session:
        assert not session.scalars(
            select(Document).where(Document.url.contains("ChooseDocPack"))
        ).all()
        for meeting in chooser_meetings(site):
            stored = meeting_level(session, meeting.id)
            pack = stored["agenda_pack"]
            assert pack.url == url(site, meeting_documents(meeting)[0].path)
            assert pack.title == "Agenda reports pack" and pack.content_type == "application/pdf"
            assert home.files.read(pack.file_path or "").startswith(b"%PDF-")
            # The minutes, linked from both the meeting page and the chooser, once.
            assert sorted(stored) == ["agenda_pack", "minutes"][: 2 if meeting.held else 1]
        run = session.scalars(select(CrawlRun)).one()
        assert run.errors == [] and run.status == "ok"


def test_a_failing_chooser_is_recorded_and_the_meeting_still_stored(
    home: Home, engine: Engine, site: SampleCouncilServer
) -> None:
    held = next(m for m in chooser_meetings(site) if m.held)
    chooser = f"/{doc_pack_chooser_path(held)}"
    site.set(chooser, Resource(b"Server error", status=500))

    summary = crawl(home, site)

    assert summary["counts"]["meetings_new"] == len(
        [m for m in site.meetings if m.committee is held.committee]
    )
    with Session(engine) as session:
        run = session.scalars(select(CrawlRun)).one()
        assert [(e["url"], e["reason"]) for e in run.errors] == [
            (site.base_url + chooser, "HTTP 500")
        ]
        stored = meeting_level(session, held.id)
        assert sorted(stored) == ["minutes"]  # the pack is missing, the minutes are there
        assert stored["minutes"].sha256 is not None
        assert not session.scalars(
            select(Document).where(Document.url.contains("ChooseDocPack"))
        ).all()
        others = [m for m in chooser_meetings(site) if m is not held]
        assert all("agenda_pack" in meeting_level(session, m.id) for m in others)
