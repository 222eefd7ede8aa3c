"""The issue's "done when", on the real Merton pack: import it, and the previous
meeting's minutes land on that meeting with attendance and every resolution."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from indexer.home import Home
from indexer.models import Meeting
from indexer.store.imports import import_files
from tests.parse_support import MERTON_PACK


def test_importing_the_merton_pack_files_its_minutes_under_the_meeting_they_record(
    engine: Engine, home: Home, shared_fixtures: Path
) -> None:
    [outcome] = import_files(engine, home, [shared_fixtures / MERTON_PACK], "merton")
    assert (outcome.kind, outcome.committee, outcome.meeting_date) == (
        "agenda_pack",
        "Audit Committee",
        date(2009, 10, 22),
    )
    with Session(engine) as session:
        meetings = {
            m.start.date(): m for m in session.scalars(select(Meeting)) if m.start is not None
        }
        assert sorted(meetings) == [date(2009, 9, 24), date(2009, 10, 22)]
        october, september = meetings[date(2009, 10, 22)], meetings[date(2009, 9, 24)]
        assert september.start == datetime(2009, 9, 24, 19, 15)  # "(19:15 TO 19:25 ...)"
        assert [(i.number, i.page_start) for i in october.agenda_items][3:] == [
            ("4.", 9), ("5.", 23), ("6.", 53), ("7.", 155), ("8.", 169),
        ]  # fmt: skip
        assert october.resolutions == []
        resolutions = sorted(september.resolutions, key=lambda r: r.position)
        assert [(r.kind, r.page, len(r.clauses)) for r in resolutions] == [
            ("resolved", 3, 0),
            ("resolved", 4, 0),
            ("resolved", 4, 2),
            ("resolved", 4, 0),
            ("noted", 4, 0),
        ]
        assert all(r.sources == ["import"] for r in resolutions)
        roles = {(a.person, a.role) for a in september.attendances}
        assert {("Dave Roberts", "chair"), ("Rod Scott", "apologies")} <= roles
        assert ("Caroline Holland", "officer") in roles
        assert {d.person for d in september.declarations} == {"Chair", "Danny Connellan"}
        # Every minute is an item with its text, numbered as the minutes number
        # them: minutes 3 and 4 both cite "Agenda item 4" (a slip in the
        # original), and neither is lost nor given the other's resolution.
        items = sorted(september.agenda_items, key=lambda i: i.position)
        assert [i.number for i in items] == ["1", "2", "3", "4", "5", "6", "7"]
        assert all(i.minutes for i in items)
        accounts = items[3]
        assert accounts.title.startswith("AUDITED FINAL ACCOUNTS 2008/09")
        [accounts_resolution] = accounts.resolutions
        assert "Audit Committee notes the comments" in accounts_resolution.text
        assert items[2].resolutions == []  # the interim report: noted without a resolution


def test_a_pack_that_opens_like_a_report_is_read_as_a_pack(
    engine: Engine, home: Home, tmp_path: Path
) -> None:
    """Its agenda with page ranges and its stamped reports say it is a pack."""
    from indexer.models import DocumentPart, WorkProgrammeEntry

    pack = tmp_path / "pack.txt"
    pack.write_text(
        "\f".join(
            [
                "Report of the Clerk\nHousing Panel\n3 June 2025\nAGENDA\n1. Apologies\n"
                "2. Rent arrears (Pages 1 - 2)\n3. Work programme (Pages 3 - 3)",
                "Report to: Housing Panel\nRent arrears\nPage 1 Agenda Item 2",
                "More on arrears\nPage 2",
                "Housing Panel Work Programme\nJuly 2025 Damp and mould review\n"
                "tbc Tenant survey\nPage 3 Agenda Item 3",
            ]
        ),
        encoding="utf-8",
    )
    [outcome] = import_files(
        engine, home, [pack], "vale", committee="Housing Panel", meeting_date=date(2025, 6, 3)
    )  # fmt: skip
    assert outcome.kind == "agenda_pack"
    with Session(engine) as session:
        meeting = session.scalars(select(Meeting)).one()
        assert [i.number for i in meeting.agenda_items] == ["1.", "2.", "3."]
        parts = session.scalars(select(DocumentPart).order_by(DocumentPart.page_start)).all()
        assert [(p.kind, p.agenda_item.number if p.agenda_item else None) for p in parts] == [
            ("agenda", None),
            ("report", "2."),
            ("work_programme", "3."),
        ]
        entries = session.scalars(
            select(WorkProgrammeEntry).order_by(WorkProgrammeEntry.position)
        ).all()
        assert [(e.title, e.page) for e in entries] == [
            ("Damp and mould review", 4),
            ("Tenant survey", 4),
        ]
