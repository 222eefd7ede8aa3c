"""`papers import` says what was read from each file, and what changed when
a file is imported again with a different --kind, --committee or --date;
`papers crawl` says what its reading stage read. Every count is read back
from the database."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from indexer.db import open_database
from indexer.home import Home
from indexer.models import (
    AgendaItem,
    Attendance,
    Committee,
    Declaration,
    Document,
    Meeting,
    Resolution,
    utcnow,
)
from indexer.process import process
from indexer.reading import DocumentReading, read_since, total
from scraper.sample_site.pdfs import minutes_pdf, pack_pdf
from scraper.sample_site.schedule import build_schedule
from search_cli.app import app
from search_cli.commands.crawl import report_reading
from search_cli.context import AppState
from search_cli.reading import document_lines, totals_line
from tests.extract_support import make_scanned_pdf

MERTON = "pdfs/merton_audit_committee_agenda_2009-10-22.pdf"

MINUTES_TEXT = """Testham Borough Council
Minutes of the meeting of the Schools Forum held on 10 July 2018 at 6.00 pm
Present: Councillor Ann Lee (Chair), Councillor Bob Jones, Councillor Cara Diaz
Apologies: Councillor Dan Brown
1. APOLOGIES FOR ABSENCE
Apologies were received from Councillor Dan Brown.
2. DECLARATIONS OF INTEREST
Councillor Bob Jones declared an interest in item 4 as a school governor.
4. SEND TRANSPORT
The Forum discussed the rising cost of home to school transport.
RESOLVED - That the report be noted.
5. SCHOOL PLACES
This item was deferred to the next meeting because the report was not ready.
"""

FORUM_MINUTES = (
    # item 5's "This item was deferred" is a note, not a resolution
    "  minutes of Schools Forum on 2018-07-10 (meeting 1): 4 minutes, 1 resolution,"
    " 3 present, 1 apology, 1 declaration of interest"
)


def papers(runner: CliRunner, *args: str) -> list[str]:
    result = runner.invoke(app, [*args, "--no-index"])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


@pytest.fixture
def sample_papers(tmp_path: Path) -> tuple[Path, Path]:
    """Sampleshire's reports pack for 8 July 2025 (agenda, the previous
    meeting's minutes, two reports, the work programme) and those minutes."""
    meetings = build_schedule(date(2026, 3, 1))
    meeting = next(m for m in meetings if m.start.date() == date(2025, 7, 8))
    assert meeting.previous is not None
    pack = tmp_path / "pack.pdf"
    pack.write_bytes(pack_pdf(meeting))
    minutes = tmp_path / "minutes.pdf"
    minutes.write_bytes(minutes_pdf(meeting.previous))
    return pack, minutes


def test_a_pack_and_minutes_say_what_was_read_part_by_part(
    runner: CliRunner, home: Home, sample_papers: tuple[Path, Path]
) -> None:
    pack, minutes = sample_papers
    lines = papers(runner, "import", str(pack), "--council", "sampleshire")
    committee = "Children and Young People Scrutiny Committee"
    assert lines == [
        f"{pack}: document 1, agenda_pack (detected), 5 pages, text ok; meeting 1,"
        f" {committee} (detected) on 2025-07-08 (detected)",
        "  agenda, page 1: 6 agenda items, numbered 5 to 10",
        f"  minutes of {committee} on 2025-05-13 (meeting 2), page 2: 4 minutes,"
        " 2 resolutions, 7 present, 1 apology, 4 also present",
        "  2 reports filed under items 8 and 9, pages 3-4",
        "  work programme, page 5: 5 entries",
    ]
    # The meeting's own minutes are the better citation: the pack says so.
    lines = papers(runner, "import", str(minutes), "--council", "sampleshire")
    assert lines == [
        f"{minutes}: document 2, minutes (detected), 1 page, text ok; meeting 2,"
        f" {committee} (detected) on 2025-05-13 (detected)",
        f"  minutes of {committee} on 2025-05-13 (meeting 2), also read from document 1:"
        " 2 of its 2 resolutions cite this paper; the meeting has 4 minutes, 7 present,"
        " 1 apology, 4 also present",
    ]
    shown = runner.invoke(app, ["show", "document", "1"]).stdout
    assert (
        f"- minutes of {committee} on 2025-05-13 (meeting 2), page 2, also read from"
        " document 2: 0 of its 2 resolutions cite this paper; the meeting has 4 minutes,"
        " 7 present, 1 apology, 4 also present"
    ) in shown.splitlines()


def test_minutes_text_and_papers_read_for_their_text_only(
    runner: CliRunner, home: Home, tmp_path: Path, without_ocr: None
) -> None:
    minutes = tmp_path / "minutes.txt"
    minutes.write_text(MINUTES_TEXT)
    note = tmp_path / "note.txt"
    note.write_text("A note about nothing in particular.\n")
    report = tmp_path / "report.txt"
    report.write_text("Report of the Director\nHome to school transport costs.\n")
    scan = make_scanned_pdf(tmp_path / "scan.pdf")
    lines = papers(runner, "import", str(minutes), str(note), "--council", "testham")
    assert lines[1:] == [
        FORUM_MINUTES,
        f"{note}: document 2, other (detected), 1 page, text ok;"
        " no meeting (no date given or found; use --date YYYY-MM-DD)",
        "  text only: not recognised as an agenda, minutes or work programme"
        " (if it is one, import it again with --kind)",
    ]
    lines = papers(
        runner, "import", str(report), str(scan), "--council", "testham",
        "--kind", "report", "--date", "2018-07-10", "--committee", "Schools Forum",
    )  # fmt: skip
    assert lines == [
        f"{report}: document 3, report, 1 page, text ok; meeting 1, Schools Forum on 2018-07-10",
        "  text only: nothing more is read from a report",
        f"{scan}: document 4, report, 2 pages, text no_text_layer: the PDF has no text layer"
        " (scanned pages) and OCR is not installed, so nothing in it can be read: see"
        " `papers status`; meeting 1, Schools Forum on 2018-07-10",
        "  nothing read: no text; to read it by OCR, install Tesseract (apt-get install"
        " tesseract-ocr tesseract-ocr-eng; pip install 'council-papers[ocr]'), then run"
        " `papers reparse --ocr`",
    ]
    # An agenda with no meeting to file its items under says so.
    agenda = tmp_path / "agenda.txt"
    agenda.write_text("AGENDA\n1. Apologies for absence\n2. Declarations of interest\n")
    lines = papers(runner, "import", str(agenda), "--council", "testham", "--kind", "agenda")
    assert lines[1:] == [
        "  agenda: no items stored (no meeting to file them under; use --date YYYY-MM-DD)"
    ]


def test_importing_again_with_another_kind_reads_it_again_and_says_what_changed(
    runner: CliRunner, home: Home, tmp_path: Path
) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text(MINUTES_TEXT)
    first = papers(runner, "import", str(path), "--council", "testham", "--kind", "report")
    assert first == [
        f"{path}: document 1, report, 1 page, text ok;"
        " meeting 1, Schools Forum (detected) on 2018-07-10 (detected)",
        "  text only: nothing more is read from a report",
    ]
    again = papers(runner, "import", str(path), "--council", "testham", "--kind", "minutes")
    assert again == [
        f"{path}: document 1 read again, minutes, 1 page, text ok;"
        " meeting 1, Schools Forum (detected) on 2018-07-10 (detected)",  # read, not given
        "  kind: report → minutes",
        "  read before:",
        "    text only: nothing more is read from a report",
        "  read now:",
        "  " + FORUM_MINUTES,
    ]
    # The same options again: nothing to do.
    same = papers(runner, "import", str(path), "--council", "testham", "--kind", "minutes")
    assert same == [f"{path}: already imported as document 1; nothing changed"]
    plain = papers(runner, "import", str(path), "--council", "testham")
    assert plain == [f"{path}: already imported as document 1; nothing changed"]
    # Back to a report: what the minutes gave is gone, not left behind.
    back = papers(runner, "import", str(path), "--council", "testham", "--kind", "report")
    assert back[1:] == [
        "  kind: minutes → report",
        "  read before:",
        "  " + FORUM_MINUTES,
        "  read now:",
        "    text only: nothing more is read from a report",
    ]
    engine = open_database(home)
    with Session(engine) as session:
        for model in (AgendaItem, Attendance, Declaration, Resolution):
            assert session.scalar(select(func.count()).select_from(model)) == 0, model
    engine.dispose()
    other = papers(runner, "import", str(path), "--council", "elsewhere", "--kind", "minutes")
    assert other == [f"{path}: already imported as document 1 for council testham; nothing changed"]


def test_importing_again_with_another_committee_and_date_moves_it(
    runner: CliRunner, home: Home, tmp_path: Path
) -> None:
    path = tmp_path / "agenda.txt"
    path.write_text(
        "Integrated Care Strategy\n12 March 2019\nAGENDA\n"
        "1. Apologies for absence\n2. Declarations of interest\n3. Care strategy\n"
    )
    first = papers(
        runner, "import", str(path), "--council", "testham", "--kind", "agenda",
        "--committee", "Integrated Care Strategy",
    )  # fmt: skip
    assert first[0].endswith("meeting 1, Integrated Care Strategy on 2019-03-12 (detected)")
    assert first[1:] == ["  agenda: 3 agenda items, numbered 1 to 3"]
    moved = papers(
        runner, "import", str(path), "--council", "testham",
        "--committee", "Cabinet", "--date", "2019-03-14",
    )  # fmt: skip
    assert moved == [
        f"{path}: document 1 read again, agenda, 1 page, text ok; meeting 2, Cabinet on 2019-03-14",
        "  meeting: meeting 1, Integrated Care Strategy on 2019-03-12"
        " → meeting 2, Cabinet on 2019-03-14",
        "  read, as before:",
        "    agenda: 3 agenda items, numbered 1 to 3",
        "  removed meeting 1, Integrated Care Strategy on 2019-03-12:"
        " nothing else is filed under it",
        "  removed committee Integrated Care Strategy: it has no meetings left",
    ]
    engine = open_database(home)
    with Session(engine) as session:
        assert [m.id for m in session.scalars(select(Meeting))] == [2]
        assert list(session.scalars(select(Committee.name))) == ["Cabinet"]
        assert session.scalar(select(func.count()).select_from(AgendaItem)) == 3
    engine.dispose()


def test_what_a_real_pack_says_is_what_is_stored(
    runner: CliRunner, home: Home, shared_fixtures: Path
) -> None:
    path = shared_fixtures / MERTON
    lines = papers(runner, "import", str(path), "--council", "merton")
    engine = open_database(home)
    with Session(engine) as session:
        pack = session.get_one(Document, 1)
        assert pack.meeting is not None
        items = len(pack.meeting.agenda_items)
        recorded = session.scalars(
            select(Meeting).where(Meeting.id != pack.meeting_id, Meeting.start.is_not(None))
        ).one()
        assert recorded.start is not None
        minutes = sum(1 for i in recorded.agenda_items if i.minutes)
        resolutions = len(recorded.resolutions)
        roles = [a.role for a in recorded.attendances]
        present = sum(role in ("member", "chair", "vice_chair") for role in roles)
        apologies, officers = roles.count("apologies"), roles.count("officer")
        declarations = len(recorded.declarations)
        day, recorded_id = recorded.start.date().isoformat(), recorded.id
    engine.dispose()
    assert lines[1:] == [
        f"  agenda, pages 1-2: {items} agenda items, numbered 1 to {items}",
        f"  minutes of Audit Committee on {day} (meeting {recorded_id}), pages 3-8:"
        f" {minutes} minutes, {resolutions} resolutions, {present} present,"
        f" {apologies} apologies, {officers} officers, {declarations} declarations of interest",
    ]
    assert (items, day) == (8, "2009-09-24")


def test_what_real_papers_say_is_what_is_stored(
    runner: CliRunner, home: Home, shared_fixtures: Path
) -> None:
    """Every Kent paper: each resolutions count said is the stored one."""
    paths = sorted((shared_fixtures / "kent").glob("*.pdf"))
    lines = papers(runner, "import", *map(str, paths), "--council", "kent")
    assert sum(not line.startswith("  ") for line in lines) == len(paths)
    engine = open_database(home)
    with Session(engine) as session:
        said = 0
        for line in lines:
            found = re.search(r"\(meeting (\d+)\).*: \d+ minutes?, (\d+) resolutions?", line)
            if found is None:
                continue
            meeting = session.get_one(Meeting, int(found.group(1)))
            assert int(found.group(2)) == len(meeting.resolutions), line
            said += 1
    engine.dispose()
    assert said >= 4  # the four printed minutes


def test_the_crawl_says_what_its_reading_read(
    home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str], runner: CliRunner
) -> None:
    minutes = tmp_path / "minutes.txt"
    minutes.write_text(MINUTES_TEXT)
    note = tmp_path / "note.txt"
    note.write_text("A note about nothing in particular.\n")
    papers(runner, "import", str(minutes), str(note), "--council", "testham")
    engine = open_database(home)
    started = utcnow()
    assert totals_line(total(read_since(engine, "testham", started))) == (
        "what was read: no documents"
    )
    with Session(engine) as session, session.begin():
        for document in session.scalars(select(Document)):
            document.parsed_at = None  # as a crawl leaves new papers
    engine.dispose()
    capsys.readouterr()
    state = AppState(home)
    started = utcnow()
    counts = process(state.engine, home, "testham")
    report_reading(state.engine, "testham", counts, started)
    state.engine.dispose()
    err = capsys.readouterr().err.splitlines()
    assert err[:3] == [
        "testham: read 0 files",
        "testham: what was read: 1 set of minutes, 1 other paper; 0 agenda items, 4 minutes,"
        " 1 resolution, 0 work-programme entries",
        # then each paper more than text was read from (the note is not one)
        "  document 1, minutes.txt (minutes):" + FORUM_MINUTES[1:],
    ]


def test_the_crawl_lists_at_most_so_many_papers() -> None:
    reading = DocumentReading(
        id=7, council="x", title="Pack", kind="work_programme", url="file:///p.pdf",
        page_count=1, text_status="ok", error=None, parsed_at=utcnow(), withdrawn_at=None,
        meeting=None, item=None, work_programme_entries=3,
    )  # fmt: skip
    lines = document_lines([reading] * 5, 3)
    assert lines[0] == "document 7, Pack (work_programme): work programme: 3 entries"
    assert lines[3:] == ["and 2 more papers: papers show document ID"]


def test_the_same_file_twice_in_one_import_is_read_once(
    runner: CliRunner, home: Home, tmp_path: Path
) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text(MINUTES_TEXT)
    copy = tmp_path / "copy.txt"
    copy.write_text(MINUTES_TEXT)
    lines = papers(
        runner, "import", str(path), str(copy), "--council", "testham", "--date", "2018-07-10"
    )
    assert lines[1:] == [FORUM_MINUTES, f"{copy}: already imported as document 1; nothing changed"]


def test_an_import_stopped_before_reading_is_finished_by_the_next(
    runner: CliRunner, home: Home, tmp_path: Path
) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text(MINUTES_TEXT)
    papers(runner, "import", str(path), "--council", "testham")
    engine = open_database(home)
    with Session(engine) as session, session.begin():  # as if stopped after storing the file
        document = session.scalars(select(Document)).one()
        document.meeting_id, document.parsed_at, document.detected = None, None, ""
    engine.dispose()
    lines = papers(runner, "import", str(path), "--council", "testham")
    assert "already imported" not in lines[0]
    assert lines[1] == FORUM_MINUTES


def test_an_import_stopped_after_placing_is_finished_by_the_next(
    runner: CliRunner, home: Home, tmp_path: Path
) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text(MINUTES_TEXT)
    papers(runner, "import", str(path), "--council", "testham", "--committee", "Audit")
    engine = open_database(home)
    with Session(engine) as session, session.begin():  # as if stopped before its reading
        document = session.scalars(select(Document)).one()
        assert document.meeting_id is not None and document.detected
        document.parsed_at = None
    engine.dispose()
    lines = papers(runner, "import", str(path), "--council", "testham", "--committee", "Audit")
    assert "already imported" not in lines[0]
    assert lines[0].endswith("meeting 1, Audit on 2018-07-10 (detected)")
    assert lines[1].startswith("  minutes of Audit on 2018-07-10 (meeting 1): 4 minutes")
