"""Work programmes: a Word table and a PDF programme, each read through
indexer.extract exactly as the pipeline reads them, plus hostile text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest

from indexer.extract import extract_file
from indexer.parse.types import WorkProgrammeRow
from indexer.parse.work_programme import parse_work_programme
from tests.extract_support import make_pdf

pytestmark = pytest.mark.database_free


def _docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Children and Young People Scrutiny Panel Work Programme 2024/25", 1)
    rows = [
        ("Meeting date", "Item", "Details", "Outcome", "Cabinet Member", "Lead Officer"),
        ("10 July 2024", "SEND transport", "Home to school transport costs", "Report to Cabinet",
         "Cllr Ann Lee", "Jane Doe"),
        ("tbc", "Edge of care", "Update on the service", "", "Cllr Bob Smith", "John Roe"),
    ]  # fmt: skip
    table = document.add_table(rows=len(rows), cols=6)
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("Standing items")
    standing = document.add_table(rows=1, cols=6)
    for cell, text in zip(
        standing.rows[0].cells,
        ("Every meeting", "Budget monitoring", "Quarterly figures", "", "", "Finance lead"),
        strict=True,
    ):
        cell.text = text
    document.save(str(path))
    return path


def test_a_word_table_by_its_header(tmp_path: Path) -> None:
    result = extract_file(_docx(tmp_path / "programme.docx"))
    assert result.status == "ok"
    assert parse_work_programme(result.pages) == [
        WorkProgrammeRow(
            "SEND transport", 0, date(2024, 7, 10), None, None,
            "Home to school transport costs", "Report to Cabinet", "Cllr Ann Lee", "Jane Doe", 1,
        ),
        WorkProgrammeRow(
            "Edge of care", 1, None, "tbc", None,
            "Update on the service", None, "Cllr Bob Smith", "John Roe", 1,
        ),
        WorkProgrammeRow(
            "Budget monitoring", 2, None, "Every meeting", "Standing items",
            "Quarterly figures", None, None, "Finance lead", 1,
        ),
    ]  # fmt: skip


PDF_LINES = [
    "Children and Young People Scrutiny Panel - Work Programme 2024/25",
    "Main programme",
    "10 July 2024 SEND transport Cllr Ann Lee Jane Doe, Director of Education",
    "Review of the home to school transport policy",
    "and its costs.",
    "September 2024",
    "- Edge of care service Cllr Bob Smith John Roe",
    "tbc Section 20 accommodation",
    "Awaiting the final report Youth justice inquiry",
    "Briefing notes",
    "1. Youth justice plan",
    "2. Parent Partnership contract",
    "Inquiry days / working groups",
    "Elective home education",
]


def test_a_pdf_programme_read_line_by_line(tmp_path: Path) -> None:
    result = extract_file(make_pdf(tmp_path / "wp.pdf", [PDF_LINES[:9], PDF_LINES[9:]]))
    rows = parse_work_programme(result.pages)
    got = [
        (
            r.planned_date,
            r.planned_label,
            r.section,
            r.title,
            r.cabinet_member,
            r.lead_officer,
            r.page,
        )
        for r in rows
    ]
    main, briefing, inquiry = "Main programme", "Briefing notes", "Inquiry days / working groups"
    assert got == [
        (date(2024, 7, 10), None, main, "SEND transport", "Cllr Ann Lee",
         "Jane Doe, Director of Education", 1),
        (None, "September 2024", main, "Edge of care service", "Cllr Bob Smith", "John Roe", 1),
        (None, "tbc", main, "Section 20 accommodation", None, None, 1),
        (None, "Awaiting the final report", main, "Youth justice inquiry", None, None, 1),
        (None, None, briefing, "Youth justice plan", None, None, 2),
        (None, None, briefing, "Parent Partnership contract", None, None, 2),
        (None, None, inquiry, "Elective home education", None, None, 2),
    ]  # fmt: skip
    assert rows[0].details == "Review of the home to school transport policy and its costs."
    assert [r.position for r in rows] == list(range(7))


def test_wrapped_cells_of_a_three_column_table() -> None:
    # How a PDF table (Meeting | Item | Lead officer) comes out as text: each
    # cell's wrapped lines one after the other, a date split before its year.
    page = "\n".join(
        [
            "Highways Committee: Work Programme 2026/27",
            "Meeting Item Lead officer",
            "Thursday 9 April 2026",
            "Highway Maintenance: Potholes and Road",
            "Condition",
            "Claire Yeo, Head of",
            "Highways",
            "Thursday 10 December",
            "2026",
            "Review of 20mph Limits Near Schools",
            "Dr Paul Andrade, Road Safety",
            "Manager",
            "To be scheduled Bus Service Improvement Plan update",
        ]
    )
    got = [
        (r.planned_date, r.planned_label, r.title, r.lead_officer, r.details)
        for r in parse_work_programme([page])
    ]
    assert got == [
        (date(2026, 4, 9), None, "Highway Maintenance: Potholes and Road Condition",
         "Claire Yeo, Head of Highways", None),
        (date(2026, 12, 10), None, "Review of 20mph Limits Near Schools",
         "Dr Paul Andrade, Road Safety Manager", None),
        (None, "To be scheduled", "Bus Service Improvement Plan update", None, None),
    ]  # fmt: skip
    # A year on its own line completes a wrapped date; a title that starts
    # with a year ("2026/27 ...") is not cut to complete one.
    wrapped = "Meeting Item Lead officer\nThursday 10 December\n2026\n2026/27 Revenue Budget"
    [row] = parse_work_programme([wrapped])
    assert (row.planned_date, row.title) == (date(2026, 12, 10), "2026/27 Revenue Budget")
    cut = "Meeting Item Lead officer\nTuesday 8 December 2026 Youth Plan\n"
    cut += "Thursday 10 December\n2026/27 Revenue Budget"
    assert not any(r.title.startswith("/") for r in parse_work_programme([cut]))


@pytest.mark.timeout(120)  # linear work: a hang is caught, a busy machine is not
def test_hostile_programmes() -> None:
    assert parse_work_programme([]) == []
    assert parse_work_programme(["", "\t\t\t"]) == []
    assert parse_work_programme(["Work Programme\nNothing is planned yet."]) == []
    parse_work_programme(["\t".join(["Date", "Item", "Lead"] * 2000)] * 3)
    parse_work_programme(["\n".join(f"tbc Item {n} Cllr " + "A " * 200 for n in range(3000))])


def test_a_report_about_the_programme_gives_no_rows() -> None:
    # An agenda item titled "Work Programme" whose pages are a covering report.
    report = "\n".join(
        [
            "Work Programme",
            "Purpose of report",
            "1. The Panel is asked to consider the items it would like to examine next year.",
            "2. Members agreed at the last meeting to keep the list short and focused.",
        ]
    )
    assert parse_work_programme([report]) == []


def test_rows_that_wrap_over_a_page_and_sentences_that_are_no_rows() -> None:
    first = "\n".join(
        [
            "Environment Panel Work Programme 2025/26",
            "12 June 2025 Flood risk strategy Cllr Amy Ward",
            "Annual update on the",
        ]
    )
    second = "\n".join(
        [
            "strategy and its funding.",
            "tbc Street lighting",
            "Awaiting the final report Tree planting review",
            "1. The Panel noted that the programme is kept under review at every meeting and "
            "that members may suggest new topics to the Chair at any time.",
        ]
    )
    rows = parse_work_programme([first, second])
    assert [(r.planned_date, r.planned_label, r.title) for r in rows] == [
        (date(2025, 6, 12), None, "Flood risk strategy"),
        (None, "tbc", "Street lighting"),
        (None, "Awaiting the final report", "Tree planting review"),
    ]
    assert rows[0].details == "Annual update on the strategy and its funding."
    assert [r.position for r in rows] == [0, 1, 2]
