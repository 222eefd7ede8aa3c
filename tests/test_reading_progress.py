"""The reading stage of crawl and import counts its work: done/total per stage."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from rich.console import Console
from sqlalchemy import Engine

from indexer.home import Home
from indexer.process import process
from search_cli import progress as progress_module
from search_cli.progress import reading_progress
from tests.extract_support import make_pdf, make_scanned_pdf
from tests.process_support import MINUTES_PAGES, add_document, add_meeting

REPORT = [
    "Report of the Director of Children's Services",
    "Home to school transport for children with special educational needs: the",
    "committee is asked to note the costs of each route and the review planned.",
]


def test_reading_reports_each_paper_done_of_the_total(
    engine: Engine, home: Home, tmp_path: Path, without_ocr: None
) -> None:
    meeting = add_meeting(engine, datetime(2018, 7, 10, 19, 0), [])
    add_document(engine, home, meeting, make_pdf(tmp_path / "m.pdf", MINUTES_PAGES), "minutes", "m")
    add_document(engine, home, meeting, make_pdf(tmp_path / "r.pdf", [REPORT]), "report", "r")
    add_document(engine, home, meeting, make_scanned_pdf(tmp_path / "s.pdf"), "report", "s")
    seen: list[tuple[str, int, int]] = []
    process(engine, home, "example", progress=lambda *step: seen.append(step))
    assert seen == [
        ("text", 0, 3),
        ("text", 1, 3),
        ("text", 2, 3),
        ("text", 3, 3),
        ("structure", 0, 2),  # the scan has no text to read further
        ("structure", 1, 2),
        ("structure", 2, 2),
    ]


def test_the_progress_line_shows_the_count(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100, color_system=None)
    monkeypatch.setattr(progress_module, "err_console", console)
    with reading_progress("kingston") as update:
        update("text", 3, 12)
        console.print("")  # a print draws the live line with it
    assert "kingston: reading the text of papers 3/12" in screen.getvalue()
