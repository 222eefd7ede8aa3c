"""A small council in a real database, with documents stored as a crawl stores them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from indexer.home import Home
from indexer.models import (
    AgendaItem,
    Attendance,
    Committee,
    Council,
    Declaration,
    Document,
    DocumentPart,
    Meeting,
    Page,
    Resolution,
    WorkProgrammeEntry,
)
from indexer.store.files import store_bytes

COUNCIL_URL = "https://democracy.example.gov.uk"

MINUTES_PAGES = [
    [
        "Audit Committee",
        "Minutes of the Audit Committee meeting held on 10 July 2018 at 7.00 pm",
        "Present: Councillor Ann Lee (Chair), Councillor Bob Smith (Vice-Chair),",
        "Councillor Carol Jones",
        "Apologies: Councillor Dan Brown",
        "1. Declarations of Interest",
        "Councillor Carol Jones declared a personal interest in item 5 as a school governor.",
        "2. Minutes of the previous meeting",
        "RESOLVED - That the minutes of the meeting held on 5 June 2018 be agreed as a",
        "correct record.",
    ],
    [
        "5. Internal Audit Progress Report",
        "The Head of Audit introduced the report.",
        "RESOLVED - That the report be noted.",
        "6. School Transport Policy",
        "RESOLVED that:",
        "(a) the revised policy be approved; and",
        "(b) officers report back to the committee in six months.",
    ],
]
# A reports pack: a frontsheet, the previous minutes (pages 2-3), a report.
PACK_PAGES = [
    [
        "Audit Committee",
        "Thursday 20 September 2018 at 7.00 pm",
        "Agenda",
        "1. Apologies for absence",
        "2. Minutes of the previous meeting (Pages 2 - 3)",
        "3. Treasury Management Report (Pages 4 - 4)",
    ],
    *MINUTES_PAGES,
    ["Treasury Management Report", "Report of the Director of Finance", "Page 4"],
]

ROW_MODELS = (
    AgendaItem,
    Attendance,
    Declaration,
    Document,
    DocumentPart,
    Meeting,
    Page,
    Resolution,
    WorkProgrammeEntry,
)


def add_meeting(engine: Engine, when: datetime, items: list[tuple[str, str, str | None]]) -> int:
    """A crawled council, committee and meeting with (number, title, decision) items."""
    with Session(engine) as session, session.begin():
        council = session.scalar(select(Council).where(Council.slug == "example"))
        if council is None:
            council = Council(
                slug="example", name="Example", platform="moderngov", base_url=COUNCIL_URL
            )
            council.committees.append(Committee(source_id="711", name="Audit Committee"))
            session.add(council)
            session.flush()
        meeting = Meeting(
            council_id=council.id,
            committee_id=council.committees[0].id,
            source_id=f"mid-{when:%Y%m%d}",
            start=when,
            status="held",
            url=f"{COUNCIL_URL}/ieListDocuments.aspx?MId=1",
        )
        for position, (number, title, decision) in enumerate(items):
            meeting.agenda_items.append(
                AgendaItem(
                    key=number.rstrip("."),
                    number=number,
                    position=position,
                    title=title,
                    decision=decision,
                    source="html",
                )
            )
        session.add(meeting)
        session.flush()
        return meeting.id


def add_document(
    engine: Engine, home: Home, meeting_id: int | None, path: Path, kind: str, name: str
) -> int:
    """A document as the crawl leaves it: file archived, text not yet read."""
    stored = store_bytes(home.files, path.read_bytes(), "application/pdf")
    with Session(engine) as session, session.begin():
        council = session.scalar(select(Council).where(Council.slug == "example"))
        assert council is not None
        document = Document(
            council_id=council.id,
            meeting_id=meeting_id,
            url=f"{COUNCIL_URL}/documents/s1/{name}",
            title=name,
            kind=kind,
            content_type="application/pdf",
            sha256=stored.sha256,
            size=stored.size,
            file_path=stored.key,
        )
        session.add(document)
        session.flush()
        return document.id


def row_counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in ROW_MODELS
        }
