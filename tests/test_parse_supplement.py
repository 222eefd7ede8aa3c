"""Supplements: a covering letter listing the enclosed items with their page
ranges, then the enclosures, filed under those items. Letters written for
these tests in several styles, their import next to the meeting's agenda, and
the real Kent supplements read exactly as the pipeline reads them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from indexer.home import Home
from indexer.models import DocumentPart, Meeting
from indexer.parse.agenda import parse_agenda
from indexer.parse.pack import split_pack
from indexer.store.imports import import_files
from tests.parse_support import pages

LETTER_TWO_COLUMNS = """Democratic Services
Date: 3 March 2025
Dear Councillor
PLANNING COMMITTEE - TUESDAY, 11 MARCH 2025
Please find enclosed the following papers, which were not ready when the agenda was sent out.
Agenda Item No
6 25/0112 - Former depot site, Station Road: outline application for
forty homes with access and landscaping (Pages 1 - 12)
8 Enforcement update (Pages 13 - 16)
Yours sincerely
Pat Lowe
Head of Democratic Services"""

LETTER_ITEM_WORDS = """Supplementary agenda
Health Scrutiny Panel, 20 May 2025
The following report is now available.
Item 7 Dental access in the district
(Pages 1 - 8)
Contact: Sam Reid, 01234 567890"""


def test_a_covering_letter_lists_its_items() -> None:
    items = parse_agenda([LETTER_TWO_COLUMNS]).items
    assert [(i.number, i.title, i.page_start, i.page_end, i.description) for i in items] == [
        (
            "6",
            "25/0112 - Former depot site, Station Road: outline application for forty homes "
            "with access and landscaping",
            1,
            12,
            None,
        ),
        ("8", "Enforcement update", 13, 16, None),
    ]
    [item] = parse_agenda([LETTER_ITEM_WORDS]).items
    assert (item.number, item.title, item.page_start, item.page_end) == (
        "Item 7",
        "Dental access in the district",
        1,
        8,
    )


def _text_file(path: Path, pages_text: list[str]) -> Path:
    path.write_text("\f".join(pages_text), encoding="utf-8")
    return path


AGENDA = """Planning Committee
Tuesday, 11 March 2025 at 6.30 pm
AGENDA
5. Minutes of the last meeting
6. 25/0112 - Former depot site, Station Road (Pages 1 - 30)
7. Appeals (Pages 31 - 34)
8. Enforcement update"""


def test_a_supplement_adds_to_the_meetings_items_and_files_its_parts(
    engine: Engine, home: Home, tmp_path: Path
) -> None:
    day = date(2025, 3, 11)
    agenda = _text_file(tmp_path / "agenda.txt", [AGENDA])
    import_files(engine, home, [agenda], "dale", committee="Planning Committee", meeting_date=day)
    supplement = _text_file(
        tmp_path / "supplement.txt",
        [
            LETTER_TWO_COLUMNS,
            "This page is intentionally left blank",
            "Report to: Planning Committee\nSubject: Former depot site\nPage 1 Agenda Item 6",
            *[f"Assessment continues\nPage {n}" for n in range(2, 12)],
            "This page is intentionally left blank\nPage 12",
            "Enforcement update\nReport of the Planning Manager\nPage 13 Agenda Item 8",
            "Cases closed\nPage 14",
            "Appendix 1 - Open cases\nList\nPage 15",
            "This page is intentionally left blank\nPage 16",
        ],
    )
    [outcome] = import_files(
        engine,
        home,
        [supplement],
        "dale",
        committee="Planning Committee",
        meeting_date=day,
        kind="supplement",
    )
    with Session(engine) as session:
        meeting = session.scalars(select(Meeting)).one()
        items = sorted(meeting.agenda_items, key=lambda i: i.position)
        # The agenda's items stay as the agenda printed them, ranges and all.
        assert [(i.number, i.page_start) for i in items] == [
            ("5.", None),
            ("6.", 1),
            ("7.", 31),
            ("8.", None),
        ]
        parts = session.scalars(
            select(DocumentPart)
            .where(DocumentPart.document_id == outcome.document_id)
            .order_by(DocumentPart.page_start)
        ).all()
        got = [
            (p.kind, p.page_start, p.page_end, p.agenda_item.number if p.agenda_item else None)
            for p in parts
        ]
        assert got == [
            ("agenda", 1, 2, None),
            ("report", 3, 14, "6."),
            ("report", 15, 16, "8."),
            ("appendix", 17, 18, "8."),
        ]
        assert parts[0].title == "Covering letter"


def test_a_supplement_alone_gives_its_items_and_the_stamped_ones(
    engine: Engine, home: Home, tmp_path: Path
) -> None:
    supplement = _text_file(
        tmp_path / "late.txt",
        [
            "Dear Member\nCABINET - 2 APRIL 2025\nEnclosed are the amendments moved at the "
            "meeting.\nYours sincerely",
            "This page is intentionally left blank",
            "Amendment Form\nProposer: Cllr Lee\nPage 1 Agenda Item 4",
        ],
    )
    import_files(
        engine,
        home,
        [supplement],
        "fen",
        committee="Cabinet",
        meeting_date=date(2025, 4, 2),
        kind="supplement",
    )
    with Session(engine) as session:
        meeting = session.scalars(select(Meeting)).one()
        # Item 4 exists (the stamp says so); its title is not printed here.
        assert [(i.number, i.title) for i in meeting.agenda_items] == [("4", "")]
        part = session.scalars(select(DocumentPart).where(DocumentPart.page_start == 3)).one()
        assert (part.kind, part.agenda_item.number if part.agenda_item else None) == ("other", "4")


def _kent_gold() -> dict[str, dict[str, object]]:
    from tests.conftest import SHARED_FIXTURES

    gold = SHARED_FIXTURES / "kent" / "gold.json"
    if not gold.is_file():
        pytest.skip(f"Kent fixtures not found at {gold.parent}")
    return {entry["file"]: entry for entry in json.loads(gold.read_text(encoding="utf-8"))}


KENT_SUPPLEMENTS = [
    "kent_cabinet_supplement_2025-01-30_24-00096.pdf",
    "kent_cabinet_supplement_2025-01-30_24-00109.pdf",
    "kent_council_supplement_2025-01-09_devolution.pdf",
    "kent_council_supplement_2025-02-13_budget_amendments.pdf",
    "kent_council_supplement_2025-03-13_questions.pdf",
]


@pytest.mark.parametrize("name", KENT_SUPPLEMENTS)
def test_real_kent_supplements(shared_fixtures: Path, name: str) -> None:
    gold = _kent_gold()[name]
    text = pages(shared_fixtures, f"kent/{name}")
    agenda = parse_agenda(text)
    assert [(i.number, i.title) for i in agenda.items] == [
        (g["number"], g["title"])
        for g in gold["items"]  # type: ignore[attr-defined]
    ]
    assert [f"{i.page_start} - {i.page_end}" for i in agenda.items] == [
        g["pages"] for g in gold["items"]
    ]  # type: ignore[attr-defined]
    parts = split_pack(text, agenda)
    assert [(p.kind, p.page_start, p.page_end, p.item_number) for p in parts] == [
        (g["kind"], g["first_page"], g["last_page"], g.get("item"))
        for g in gold["parts"]  # type: ignore[attr-defined]
    ]


def test_a_letter_then_stamped_papers_is_read_as_a_supplement(
    engine: Engine, home: Home, tmp_path: Path
) -> None:
    """Nothing says "supplement" but the shape: a covering sheet, then papers
    stamped with the item they belong to."""
    late = _text_file(
        tmp_path / "late.txt",
        [
            "Dear Member\nEnclosed is the paper that was not ready.\nAgenda Item No\n"
            "5 Parking Strategy (Pages 1 - 2)\nYours sincerely",
            "Parking Strategy\nSummary\nThe strategy runs to 2030.\nPage 1 Agenda Item 5",
            "Car park tariffs\nPage 2",
        ],
    )
    [outcome] = import_files(
        engine, home, [late], "moor", committee="Cabinet", meeting_date=date(2025, 5, 6)
    )
    assert outcome.kind == "supplement"
    with Session(engine) as session:
        meeting = session.scalars(select(Meeting)).one()
        assert [(i.number, i.title) for i in meeting.agenda_items] == [("5", "Parking Strategy")]
