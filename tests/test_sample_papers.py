"""What the sample council's papers read as, after a real crawl on loopback:
work-programme entries (one per entry however many packs reprint them) and
citations (an item at its report in the pack, a decision in its own minutes).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import date

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from indexer.db import open_database
from indexer.home import Home
from indexer.models import Document, Meeting, Page, Resolution, WorkProgrammeEntry
from indexer.parse.text import find_date
from scraper.run import SETTINGS_ENV
from scraper.sample_site import serve_sample_council
from scraper.sample_site.record import work_programme
from scraper.sample_site.schedule import build_schedule
from search_cli.app import app
from tests.cli_support import FAST_SETTINGS


def papers(home: Home, *args: str) -> str:
    """`papers ARGS` on the home, in its own database (not the test's DATABASE_URL)."""
    env = {"DATABASE_URL": home.database_url_override}
    result = CliRunner().invoke(app, ["--home", str(home.root), *args], env=env)
    assert result.exit_code == 0, f"papers {' '.join(args)}:\n{result.output}"
    return result.stdout


@pytest.fixture(scope="module")
def crawled(
    tmp_path_factory: pytest.TempPathFactory,
    own_database: Callable[[], AbstractContextManager[str | None]],
) -> Iterator[Home]:
    with own_database() as url, pytest.MonkeyPatch.context() as patch:
        home = Home(tmp_path_factory.mktemp("sample") / "home", url)
        patch.setenv(SETTINGS_ENV, FAST_SETTINGS)
        with serve_sample_council() as site:
            papers(home, "councils", "add", site.base_url, "--slug", "sampleshire")
            papers(home, "crawl", "sampleshire")
        yield home


@pytest.fixture
def engine(crawled: Home) -> Iterator[Engine]:
    engine = open_database(crawled)
    yield engine
    engine.dispose()


def _entries(engine: Engine) -> list[tuple[int, str | None, str, date | None, str | None]]:
    with Session(engine) as session:
        rows = session.execute(
            select(
                WorkProgrammeEntry.id,
                WorkProgrammeEntry.planned_label,
                WorkProgrammeEntry.title,
                WorkProgrammeEntry.planned_date,
                WorkProgrammeEntry.lead_officer,
            ).order_by(WorkProgrammeEntry.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_each_planned_entry_is_one_row_with_its_whole_title_and_officer(engine: Engine) -> None:
    # What the sample's programmes print, whichever pack reprints them.
    printed = {
        (title, when): lead
        for meeting in build_schedule(date.today())
        for when, title, lead in work_programme(meeting)
    }
    stored = {}
    for _, label, title, planned, lead in _entries(engine):
        key = (title, planned or label)
        assert key not in stored, f"stored twice: {key}"
        stored[key] = lead or ""
    expected = {}
    for (title, when), lead in printed.items():
        found = find_date(when)
        expected[(title, found[0] if found else when)] = lead
    # Every stored entry is one the sample prints, title and officer whole
    # (wrapped cells and dates split over two lines included).
    assert stored and set(stored) <= set(expected)
    assert all(stored[key] == expected[key] for key in stored)
    titles = {title for title, _ in stored}
    assert "Highway Maintenance: Potholes and Road Condition" in titles
    assert "Review of 20mph Limits Near Schools" in titles  # its date is wrapped


def test_reparsing_keeps_ids_and_watches_quiet(crawled: Home, engine: Engine) -> None:
    papers(crawled, "watch", "add", "programme", "review", "--kind", "work-programme")
    papers(crawled, "watch", "add", "decisions", "RESOLVED", "--kind", "resolution")
    with Session(engine) as session:
        resolutions = session.scalars(select(Resolution.id).order_by(Resolution.id)).all()
    before = _entries(engine)
    papers(crawled, "reparse", "--all")
    assert _entries(engine) == before
    with Session(engine) as session:
        assert session.scalars(select(Resolution.id).order_by(Resolution.id)).all() == resolutions
    assert papers(crawled, "watch", "run").count("nothing new") == 2


def _hits(home: Home, query: str, kind: str) -> list[dict]:
    out = papers(home, "search", query, "--kind", kind, "--format", "json", "--limit", "0")
    return json.loads(out)


def test_an_item_is_cited_at_its_report_in_the_pack(crawled: Home, engine: Engine) -> None:
    hits = _hits(crawled, '"edge of care"', "item")
    cited = [h for h in hits if h["page"]]
    assert cited, "no item hit carries a page"
    with Session(engine) as session:
        for hit in cited:
            document = session.scalar(select(Document).where(Document.url == hit["document_url"]))
            assert document is not None and document.kind == "agenda_pack"
            assert document.meeting_id == hit["meeting_id"]
            assert hit["url"] == f"{hit['document_url']}#page={hit['page']}"
            text = session.scalar(
                select(Page.text).where(Page.document_id == document.id, Page.number == hit["page"])
            )
            # The cited page is where the report starts: its heading is the title.
            assert text is not None and hit["title"].split(":")[0] in text


def test_a_decision_is_cited_in_its_own_meeting_s_minutes(crawled: Home, engine: Engine) -> None:
    hits = [h for h in _hits(crawled, "RESOLVED", "resolution") if h["document_url"]]
    assert hits
    with Session(engine) as session:
        for hit in hits:
            document = session.scalar(select(Document).where(Document.url == hit["document_url"]))
            meeting = session.get(Meeting, hit["meeting_id"])
            assert document is not None and meeting is not None
            own_minutes = session.scalar(
                select(Document.id).where(
                    Document.meeting_id == meeting.id, Document.kind == "minutes"
                )
            )
            if own_minutes is not None:
                assert document.id == own_minutes, hit
            text = session.scalar(
                select(Page.text).where(Page.document_id == document.id, Page.number == hit["page"])
            )
            assert text is not None and "RESOLVED" in text.upper()


def test_a_work_programme_entry_is_cited_at_its_page_and_planned_meeting(
    crawled: Home, engine: Engine
) -> None:
    hits = _hits(crawled, "review", "work-programme")
    assert hits
    with Session(engine) as session:
        for hit in hits:
            assert hit["page"] and hit["url"] == f"{hit['document_url']}#page={hit['page']}"
            document = session.scalar(select(Document).where(Document.url == hit["document_url"]))
            assert document is not None
            text = session.scalar(
                select(Page.text).where(Page.document_id == document.id, Page.number == hit["page"])
            )
            assert text is not None and "Work Programme" in text
            assert hit["title"].split()[0] in text
            planned = hit["meeting_date"]
            if hit["meeting_id"] is not None:  # the site lists the planned meeting
                meeting = session.get(Meeting, hit["meeting_id"])
                assert meeting is not None and meeting.start.date().isoformat() == planned
        assert any(hit["meeting_id"] for hit in hits)
