"""A ModernGov meeting page saved from a browser and imported is read as the
crawl reads the page: its meeting, items, decisions, minutes and votes."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from indexer.home import Home
from indexer.models import Attendance, Committee, Document, Meeting, Resolution
from indexer.process import parse_documents
from indexer.store.imports import import_files
from search_cli.app import app
from tests.kingston_gold import KINGSTON_JANUARY_ITEMS

# A meeting page as ModernGov lays one out, trimmed to what the reader uses.
SMALL_PAGE = """<html><body><div id="modgov">
<h2 class="mgSubTitleTxt"><a href="mgCommitteeDetails.aspx?ID=42">Schools Forum</a>
 - Tuesday 3 March 2026 6.00 pm</h2>
<p><a href="mgMeetingAttendance.aspx?ID=9001">Attendance details</a></p>
<table class="mgItemTable">
<tr><td class="mgItemNumberCell">1.</td><td>
 <p class="mgAiTitleTxt">Apologies for absence</p>
 <p class="mgSubItemTitleTxt">Minutes:</p>
 <div class="mgWordPara">Apologies were received from Councillor Ada Brook and
 Councillor Ben Hale.</div>
</td></tr>
<tr><td class="mgItemNumberCell">2.</td><td>
 <p class="mgAiTitleTxt">Minutes of the last meeting</p>
 <p class="mgSubItemTitleTxt">Minutes:</p>
 <div class="mgWordPara">RESOLVED that the minutes of the meeting held on
 2 February 2026 be agreed.</div>
</td></tr>
<tr><td class="mgItemNumberCell">3.</td><td>
 <p class="mgAiTitleTxt">High needs block funding</p>
 <p class="mgSubItemTitleTxt">Minutes:</p>
 <div class="mgWordPara">The Forum discussed the transfer of funds between blocks.</div>
 <p class="mgSubItemTitleTxt">Decision:</p>
 <div class="mgWordPara">RESOLVED that:<br>1. the transfer be supported; and<br>
2. a further report come in June.</div>
</td></tr>
</table></div></body></html>
"""


def _import(engine: Engine, home: Home, path: Path) -> int:
    (outcome,) = import_files(engine, home, [path], "forum-town")
    return outcome.document_id


def test_a_small_saved_page_gives_its_meeting_items_decisions_and_apologies(
    engine: Engine, home: Home, tmp_path: Path
) -> None:
    page = tmp_path / "Schools Forum page.html"
    page.write_text(SMALL_PAGE, encoding="utf-8")
    document_id = _import(engine, home, page)
    with Session(engine) as session:
        document = session.get(Document, document_id)
        assert document is not None and document.kind == "minutes"
        assert "kind" in document.detected.split()
        meetings = session.scalars(select(Meeting)).all()
        assert len(meetings) == 1  # the placeholder made from its text is gone
        (meeting,) = meetings
        assert document.meeting_id == meeting.id
        assert meeting.source_id == "9001"
        assert meeting.committee is not None and meeting.committee.name == "Schools Forum"
        assert meeting.start is not None and meeting.start.isoformat() == "2026-03-03T18:00:00"
        assert [(i.number, i.title) for i in meeting.agenda_items] == [
            ("1.", "Apologies for absence"),
            ("2.", "Minutes of the last meeting"),
            ("3.", "High needs block funding"),
        ]
        resolutions = session.scalars(
            select(Resolution).where(Resolution.meeting_id == meeting.id)
        ).all()
        assert [(r.agenda_item.number if r.agenda_item else None) for r in resolutions] == [
            "2.",
            "3.",
        ]
        assert all(r.document_id == document_id and r.page == 1 for r in resolutions)
        assert len(resolutions[1].clauses) == 2
        apologies = session.scalars(
            select(Attendance.person).where(Attendance.role == "apologies")
        ).all()
        assert sorted(apologies) == ["Ada Brook", "Ben Hale"]
        assert session.scalar(select(func.count()).select_from(Committee)) == 1


def test_reading_the_page_again_keeps_its_rows(engine: Engine, home: Home, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(SMALL_PAGE, encoding="utf-8")
    _import(engine, home, page)
    with Session(engine) as session:
        before = sorted(session.scalars(select(Resolution.id)))
    parse_documents(engine, everything=True, home=home)
    with Session(engine) as session:
        assert sorted(session.scalars(select(Resolution.id))) == before
        assert session.scalar(select(func.count()).select_from(Meeting)) == 1


def test_the_kind_given_on_import_is_kept(engine: Engine, home: Home, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(SMALL_PAGE, encoding="utf-8")
    (outcome,) = import_files(engine, home, [page], "forum-town", kind="decisions")
    assert outcome.kind == "decisions"


def test_the_real_kingston_page_reads_as_the_crawl_reads_it(
    shared_fixtures: Path, engine: Engine, home: Home, runner: CliRunner
) -> None:
    page = shared_fixtures / "moderngov/kingston/kingston_ieListDocuments_CId711_MId10221.html"
    document_id = _import(engine, home, page)
    with Session(engine) as session:
        document = session.get(Document, document_id)
        assert document is not None and document.meeting_id is not None
        meeting_id = document.meeting_id
    shown = runner.invoke(
        app, ["--home", str(home.root), "show", "meeting", str(meeting_id), "--format", "json"]
    )
    assert shown.exit_code == 0, shown.output
    detail = json.loads(shown.output)
    assert detail["committee"] == "Kingston and North Kingston Neighbourhood Committee"
    assert detail["start"].startswith("2026-01-15T19:30")
    assert [(i["number"], i["title"]) for i in detail["items"]] == KINGSTON_JANUARY_ITEMS
    # Three "Decision:" texts, and item 64's minutes: "The Committee noted the ... update."
    assert [r["item"] for r in detail["resolutions"]] == ["59.", "60.", "63.", "64."]
    assert [len(r["clauses"]) for r in detail["resolutions"]] == [3, 0, 2, 0]
    assert sorted(p["person"] for p in detail["attendance"] if p["role"] == "apologies") == [
        "John Sweeney",
        "Noel Hadjimichael",
        "Patrick Hall",
    ]


def _with_decision(tmp_path: Path, decision: str) -> Path:
    """The small page with item 3's decision replaced."""
    page = tmp_path / "page.html"
    html = SMALL_PAGE.replace("RESOLVED that:<br>", f"{decision}<!--")
    page.write_text(html.replace("come in June.", "-->"), encoding="utf-8")
    return page


def test_a_decision_that_says_there_was_none_is_no_resolution(
    engine: Engine, home: Home, tmp_path: Path
) -> None:
    _import(engine, home, _with_decision(tmp_path, "There were none."))
    with Session(engine) as session:
        items = [r.agenda_item.number for r in session.scalars(select(Resolution)) if r.agenda_item]
    assert items == ["2."]


# A later meeting's pack that reprints the minutes of the page's meeting.
LATER_PACK = "\f".join(
    [
        "Kingston and North Kingston Neighbourhood Committee\nAgenda\n"
        "Thursday 5 March 2026 7.30 pm\n\n1. Apologies for absence\n"
        "2. Minutes of the previous meeting (Pages 2 - 2)\n3. Parking review (Pages 3 - 3)",
        "Agenda Item 2\nKingston and North Kingston Neighbourhood Committee\n"
        "Minutes of the meeting held on Thursday 15 January 2026 at 7.30 pm\n"
        "Present: Councillors A Smith (Chair), B Jones and D White\n"
        "1. Apologies for absence\nApologies were received from Councillor C Brown.\n"
        "2. Parking scheme\nRESOLVED that the parking scheme for Penrhyn Road be approved.",
        "Agenda Item 3\nParking review\nReport of the Director of Place\n"
        "This report reviews parking.",
    ]
)


def test_a_page_keeps_what_a_pack_read_into_its_meeting(
    shared_fixtures: Path, engine: Engine, home: Home, tmp_path: Path
) -> None:
    pack = tmp_path / "pack.txt"
    pack.write_text(LATER_PACK, encoding="utf-8")
    import_files(engine, home, [pack], "kingston")
    with Session(engine) as session:
        before = {
            r.id: r.text
            for r in session.scalars(select(Resolution).where(Resolution.document_id.is_not(None)))
        }
    assert any("Penrhyn Road" in text for text in before.values())
    page = shared_fixtures / "moderngov/kingston/kingston_ieListDocuments_CId711_MId10221.html"
    (outcome,) = import_files(engine, home, [page], "kingston")
    with Session(engine) as session:
        document = session.get_one(Document, outcome.document_id)
        for resolution_id, text in before.items():  # same rows, same ids
            resolution = session.get_one(Resolution, resolution_id)
            assert resolution.text == text and resolution.meeting_id == document.meeting_id
        january = session.scalars(
            select(Meeting).where(
                Meeting.start >= datetime(2026, 1, 15), Meeting.start < datetime(2026, 1, 16)
            )
        ).all()
        assert len(january) == 1  # the pack's meeting became the page's, not a second one
        assert january[0].source_id == "10221"


def test_a_cancelled_page_is_a_cancelled_meeting_and_a_list_of_meetings_is_none(
    shared_fixtures: Path, engine: Engine, home: Home
) -> None:
    folder = shared_fixtures / "moderngov/kingston"
    cancelled = _import(
        engine, home, folder / "kingston_ieListDocuments_CId711_MId10161_cancelled.html"
    )
    listing = _import(engine, home, folder / "kingston_ieListMeetings_CommitteeId711.html")
    with Session(engine) as session:
        meeting = session.get_one(Document, cancelled).meeting
        assert meeting is not None and meeting.status == "cancelled"
        assert meeting.source_id == "10161"
        assert session.get_one(Document, listing).kind != "agenda"


def test_a_saved_copy_never_overwrites_the_crawled_meeting(
    engine: Engine, home: Home, tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_text(SMALL_PAGE, encoding="utf-8")
    document_id = _import(engine, home, page)
    with Session(engine) as session, session.begin():
        meeting = session.get_one(Document, document_id).meeting
        assert meeting is not None
        meeting.url = "https://moderngov.example.gov.uk/ieListDocuments.aspx?CId=42&MId=9001"
        meeting.title = "As the site shows it"
    copy = tmp_path / "copy.html"
    copy.write_text(SMALL_PAGE.replace("Schools Forum</a>", "Schools Forum </a>"), encoding="utf-8")
    _import(engine, home, copy)
    with Session(engine) as session:
        (meeting,) = session.scalars(select(Meeting)).all()
        assert meeting.title == "As the site shows it"
        assert meeting.url.startswith("https://")


def test_a_decision_that_says_deferred_is_a_deferral(
    engine: Engine, home: Home, tmp_path: Path
) -> None:
    _import(engine, home, _with_decision(tmp_path, "Deferred to the June meeting."))
    with Session(engine) as session:
        kinds = {
            r.agenda_item.number: r.kind
            for r in session.scalars(select(Resolution))
            if r.agenda_item
        }
    assert kinds["3."] == "deferred"
