"""`papers import`, `reparse`, `meetings` and `show meeting`, run as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from indexer.db import open_database
from indexer.home import Home
from indexer.models import Council, Document, Meeting
from search_cli.app import app
from tests.extract_support import HTML_PAGE, make_docx, make_pdf
from tests.process_support import MINUTES_PAGES, row_counts

MERTON = "pdfs/merton_audit_committee_agenda_2009-10-22.pdf"


def _meeting_id(output: str) -> int:
    return int(output.split("; meeting ")[1].split(",")[0])


def test_import_a_real_pack_detects_and_twice_changes_nothing(
    runner: CliRunner, home: Home, shared_fixtures: Path
) -> None:
    path = shared_fixtures / MERTON
    result = runner.invoke(app, ["import", str(path), "--council", "merton", "--no-index"])
    assert result.exit_code == 0, result.output
    line, *read = result.stdout.splitlines()  # each file's line, then what was read from it
    assert line.startswith(
        f"{path}: document 1, agenda_pack (detected), 8 pages, text ok; meeting "
    )
    assert line.endswith("Audit Committee (detected) on 2009-10-22 (detected)")
    assert read[0] == "  agenda, pages 1-2: 8 agenda items, numbered 1 to 8"
    engine = open_database(home)
    before = row_counts(engine)
    with Session(engine) as session:
        council = session.scalar(select(Council).where(Council.slug == "merton"))
        assert council is not None
        assert (council.platform, council.base_url) == ("local", None)

    again = runner.invoke(app, ["import", str(path), "--council", "merton", "--no-index"])
    assert again.exit_code == 0
    assert again.stdout == f"{path}: already imported as document 1; nothing changed\n"
    assert row_counts(engine) == before

    shown = runner.invoke(app, ["show", "meeting", str(_meeting_id(line))])
    assert shown.exit_code == 0, shown.output
    out = shown.stdout
    assert "Meeting" in out and "Audit Committee" in out and "2009-10-22" in out
    for title in ("Annual complaints report", "Internal audit progress report", "Work programme"):
        assert title in out
    assert "agenda_pack" in out and "merton_audit_committee_agenda_2009-10-22.pdf" in out

    detail = json.loads(runner.invoke(app, ["show", "meeting", "1", "--format", "json"]).stdout)
    assert detail["documents"][0]["text_status"] == "ok"
    assert detail["documents"][0]["url"].startswith("file://")
    items = {i["number"].rstrip("."): (i["title"], i["page_start"]) for i in detail["items"]}
    assert items["4"] == ("Annual complaints report", 9)
    assert items["8"] == ("Work programme", 169)


def test_import_with_options_and_other_formats(
    runner: CliRunner, home: Home, tmp_path: Path
) -> None:
    minutes = make_pdf(tmp_path / "minutes.pdf", MINUTES_PAGES)
    notes = make_docx(tmp_path / "notes.docx")
    page = tmp_path / "decisions.html"
    page.write_text(HTML_PAGE)
    text = tmp_path / "letter.txt"
    text.write_text("FOI response\fSecond page")
    result = runner.invoke(
        app,
        [
            "import", str(minutes), str(notes), str(page), str(text),
            "--council", "kingston", "--committee", "Audit Committee", "--date", "2018-07-10",
            "--no-index",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if not line.startswith("  ")]
    assert len(lines) == 4
    assert all("text ok" in line and "Audit Committee on 2018-07-10" in line for line in lines)
    meeting_id = _meeting_id(lines[0])
    assert {_meeting_id(line) for line in lines} == {meeting_id}

    detail = json.loads(
        runner.invoke(app, ["show", "meeting", str(meeting_id), "--format", "json"]).stdout
    )
    assert [d["pages"] for d in detail["documents"]] == [2, 2, 1, 2]
    assert any("revised policy" in r["text"] for r in detail["resolutions"])
    assert all(r["sources"] == ["import"] for r in detail["resolutions"])

    listed = runner.invoke(
        app, ["meetings", "--council", "kingston", "--since", "2018-07-10", "--format", "json"]
    )
    assert listed.exit_code == 0
    rows = json.loads(listed.stdout)
    assert [(r["id"], r["committee"], r["start"], r["documents"]) for r in rows] == [
        (meeting_id, "Audit Committee", "2018-07-10T00:00:00", 4)
    ]
    empty = runner.invoke(app, ["meetings", "--until", "2018-07-09", "--format", "csv"])
    assert empty.stdout.splitlines() == [
        "id,council,committee,start,status,title,items,documents,url"
    ]


def test_reparse_finds_nothing_new_and_changes_nothing(
    runner: CliRunner, home: Home, tmp_path: Path
) -> None:
    minutes = make_pdf(tmp_path / "minutes.pdf", MINUTES_PAGES)
    runner.invoke(app, ["import", str(minutes), "--council", "kingston", "--no-index"])
    engine = open_database(home)
    before = row_counts(engine)
    result = runner.invoke(app, ["reparse", "--council", "kingston", "--all", "--no-index"])
    assert result.exit_code == 0, result.output
    # Read again, nothing is new: the counts are of new rows, not rows read.
    assert result.stderr.startswith("Reparsed 1 document; new: nothing.\n")
    assert row_counts(engine) == before
    again = runner.invoke(app, ["reparse", "--no-index"]).stderr
    assert again.startswith("Reparsed 0 documents; new: nothing.\n")


def test_user_mistakes_are_one_plain_line(runner: CliRunner, home: Home, tmp_path: Path) -> None:
    readme = tmp_path / "notes.md"
    readme.write_text("hello")
    pdf = make_pdf(tmp_path / "a.pdf", [["Some text here"]])
    gone = tmp_path / "gone.pdf"
    reads = "papers reads PDF, DOCX"
    cases = [
        (["import", str(gone), "--council", "x"], f"No such file: {gone}"),
        (["import", str(readme), "--council", "x"], f"Cannot import notes.md: {reads}"),
        (["import", str(pdf), "--council", "x", "--kind", "memo"], "Unknown kind 'memo'; choose"),
        (["import", str(pdf), "--council", "Big Council"], "'Big Council' is not a council slug"),
        (["show", "meeting", "99"], "No meeting with id 99 (list them with: papers meetings)"),
        (["reparse", "--council", "nowhere"], "No council 'nowhere'"),
        (["meetings", "--council", "nowhere"], "No council 'nowhere'"),
    ]  # fmt: skip
    for args, message in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.startswith(f"Error: {message}"), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.output
    with Session(open_database(home)) as session:
        assert session.scalars(select(Document)).all() == []


def test_a_council_made_by_import_is_not_crawled(
    runner: CliRunner, home: Home, tmp_path: Path
) -> None:
    paper = tmp_path / "note.txt"
    paper.write_text("Cabinet\n10 March 2026\nA note about edge of care.\n")
    imported = runner.invoke(app, ["import", str(paper), "--council", "loc", "--no-index"])
    assert imported.exit_code == 0, imported.output
    everything = runner.invoke(app, ["crawl", "--all"])
    assert everything.exit_code == 1
    assert everything.stderr.startswith("Error: No councils with a website yet")
    named = runner.invoke(app, ["crawl", "loc"])
    assert named.exit_code == 1 and "has no website to crawl" in named.stderr
    assert "Traceback" not in named.output


MINUTES_TEXT = """Testham Borough Council
Minutes of the meeting of the Schools Forum held on 10 July 2018 at 6.00 pm
Present: Councillor Ann Lee (Chair), Councillor Bob Jones, Councillor Cara Diaz
1. APOLOGIES FOR ABSENCE
There were no apologies.
2. DECLARATIONS OF INTEREST
Councillor Bob Jones declared an interest in item 4 as a school governor.
4. SEND TRANSPORT
The Forum discussed the rising cost of home to school transport.
RESOLVED - That the report be noted.
5. SCHOOL PLACES
This item was deferred to the next meeting because the report was not ready.
"""


def test_imported_minutes_keep_each_minute_its_deferrals_and_declared_items(
    runner: CliRunner, home: Home, tmp_path: Path
) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text(MINUTES_TEXT)
    result = runner.invoke(app, ["import", str(path), "--council", "testham"])
    assert result.exit_code == 0, result.output
    engine = open_database(home)
    with Session(engine) as session:
        [meeting] = session.scalars(select(Meeting)).all()
        items = {(i.number or "").rstrip("."): i for i in meeting.agenda_items}
        assert "rising cost of home to school transport" in (items["4"].minutes or "")
        # A note that the item was deferred is kept as the minute's text, not as a decision.
        assert items["5"].resolutions == []
        assert (items["5"].minutes or "").startswith("This item was deferred to the next meeting")
        [declaration] = meeting.declarations
        assert declaration.agenda_item_id == items["4"].id
    engine.dispose()
    shown = runner.invoke(app, ["search", "rising cost", "--kind", "item", "--format", "json"])
    assert [hit["item_number"] for hit in json.loads(shown.stdout)] == ["4."]


def test_minutes_with_a_repeated_title_keep_each_minute_apart(
    runner: CliRunner, home: Home, tmp_path: Path
) -> None:
    path = tmp_path / "cabinet.txt"
    path.write_text(
        "Minutes of the meeting of the Cabinet held on 12 March 2019\n"
        "41. EXCLUSION OF THE PRESS AND PUBLIC\n"
        "RESOLVED - That the public be excluded for item 42.\n"
        "42. LEISURE CENTRE CONTRACT AWARD\n"
        "RESOLVED - That the contract be awarded to the preferred bidder.\n"
        "43. EXCLUSION OF THE PRESS AND PUBLIC\n"
        "RESOLVED - That the public be excluded for item 44.\n"
        "44. STAFFING RESTRUCTURE\n"
        "RESOLVED - That the restructure be approved.\n"
    )
    result = runner.invoke(app, ["import", str(path), "--council", "testham", "--no-index"])
    assert result.exit_code == 0, result.output
    engine = open_database(home)
    with Session(engine) as session:
        [meeting] = session.scalars(select(Meeting)).all()
        got = {
            (item.number or "").rstrip("."): [r.text for r in item.resolutions]
            for item in meeting.agenda_items
        }
    engine.dispose()
    assert got == {
        "41": ["RESOLVED - That the public be excluded for item 42."],
        "42": ["RESOLVED - That the contract be awarded to the preferred bidder."],
        "43": ["RESOLVED - That the public be excluded for item 44."],
        "44": ["RESOLVED - That the restructure be approved."],
    }
