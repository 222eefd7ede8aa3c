"""`papers show document ID`: the document, its parts with their pages and
the meeting and item each is filed under, and what was read from it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from indexer.home import Home
from scraper.sample_site.pdfs import pack_pdf
from scraper.sample_site.schedule import build_schedule
from search_cli.app import app

COMMITTEE = "Children and Young People Scrutiny Committee"


def _import_pack(runner: CliRunner, tmp_path: Path) -> Path:
    meeting = next(
        m for m in build_schedule(date(2026, 3, 1)) if m.start.date() == date(2025, 7, 8)
    )
    pack = tmp_path / "pack.pdf"
    pack.write_bytes(pack_pdf(meeting))
    result = runner.invoke(app, ["import", str(pack), "--council", "sampleshire", "--no-index"])
    assert result.exit_code == 0, result.output
    return pack


def test_show_document_lists_its_parts_and_what_was_read(
    runner: CliRunner, home: Home, tmp_path: Path
) -> None:
    _import_pack(runner, tmp_path)
    result = runner.invoke(app, ["show", "document", "1"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "Document 1: pack.pdf (agenda_pack, 5 pages, text ok), council sampleshire",
        f"filed under: meeting 1, {COMMITTEE} on 2025-07-08",
    ]
    assert lines[2].startswith("url: file://") and lines[2].endswith(".pdf")
    assert lines[3].startswith("Parts")
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in lines if "│" in line]
    # kind, title, pages, meeting, item: the first line of each row
    starts = [row for row in rows if row[0]]
    assert [(r[0], r[2], r[3], r[4]) for r in starts] == [
        ("agenda", "1", "1", ""),
        ("minutes", "2", "2", "7 (meeting 1)"),  # the previous meeting's, under this item 7
        ("report", "3", "1", "8"),
        ("report", "4", "1", "9"),
        ("work_programme", "5", "1", "10"),
    ]
    read = lines[lines.index("What was read") + 1 :]
    assert read == [
        "- agenda, page 1: 6 agenda items, numbered 5 to 10",
        f"- minutes of {COMMITTEE} on 2025-05-13 (meeting 2), page 2: 4 minutes,"
        " 2 resolutions, 7 present, 1 apology, 4 also present",
        "- 2 reports filed under items 8 and 9, pages 3-4",
        "- work programme, page 5: 5 entries",
    ]


def test_show_document_as_json(runner: CliRunner, home: Home, tmp_path: Path) -> None:
    _import_pack(runner, tmp_path)
    result = runner.invoke(app, ["show", "document", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    detail = json.loads(result.stdout)
    assert (detail["id"], detail["kind"], detail["page_count"], detail["text_status"]) == (
        1,
        "agenda_pack",
        5,
        "ok",
    )
    assert detail["meeting"] == {"id": 1, "committee": COMMITTEE, "start": "2025-07-08T10:00:00"}
    assert detail["parsed_at"][:4].isdigit() and "T" in detail["parsed_at"]
    parts = [
        (part["kind"], part["page_start"], part["page_end"], part["meeting"]["id"], item)
        for part in detail["parts"]
        for item in [(part["item"] or {}).get("number")]
    ]
    assert parts == [
        ("agenda", 1, 1, 1, None),
        ("minutes", 2, 2, 2, "7."),
        ("report", 3, 3, 1, "8."),
        ("report", 4, 4, 1, "9."),
        ("work_programme", 5, 5, 1, "10."),
    ]
    [minutes] = detail["minutes"]
    assert minutes["meeting"]["start"] == "2025-05-13T10:00:00"
    assert (minutes["minutes"], minutes["resolutions"], minutes["also_read_from"]) == (4, 2, [])
    assert minutes["attendance"] == {
        "also_present": 4,
        "apologies": 1,
        "chair": 1,
        "member": 5,
        "vice_chair": 1,
    }
    assert detail["agenda"]["items"] == 6
    assert detail["work_programme_entries"] == 5
    assert detail["read"][0] == "agenda, page 1: 6 agenda items, numbered 5 to 10"


def test_show_document_mistakes_are_one_plain_line(runner: CliRunner, home: Home) -> None:
    missing = runner.invoke(app, ["show", "document", "7"])
    assert missing.exit_code == 1
    assert missing.stderr == (
        "Error: No document with id 7 (papers show meeting ID lists a meeting's documents)\n"
    )
    word = runner.invoke(app, ["show", "document", "seven"])
    assert word.exit_code == 2
    assert "'seven': a document id is a number" in word.stderr


def test_titles_that_look_like_markup_are_shown_as_printed(
    runner: CliRunner, home: Home, tmp_path: Path
) -> None:
    agenda = tmp_path / "agenda.txt"
    agenda.write_text(
        "A meeting of the Schools Forum will be held on 3 March 2026 at 6.00 pm\nAGENDA\n"
        "1. Apologies for absence\n2. Budget [/b] update\n3. The [bold]new[/bold] scheme\n",
        encoding="utf-8",
    )
    imported = runner.invoke(app, ["import", str(agenda), "--council", "forum", "--no-index"])
    assert imported.exit_code == 0, imported.output
    for command in (["show", "document", "1"], ["show", "meeting", "1"], ["meetings"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
    shown = runner.invoke(app, ["show", "meeting", "1"]).stdout
    assert "Budget [/b] update" in shown
    assert "The [bold]new[/bold] scheme" in shown


def test_an_id_too_large_for_the_database_is_a_plain_error(runner: CliRunner, home: Home) -> None:
    for kind in ("document", "meeting"):
        result = runner.invoke(app, ["show", kind, "9" * 30])
        assert result.exit_code != 0
        assert "is a number" in result.output
        assert "Traceback" not in result.output
