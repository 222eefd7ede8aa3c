"""Realistic rows for search tests, inserted through the models.

Two councils, three committees, meetings over three years, agenda items with
minutes and resolutions, a reports pack whose pages map to items, and a work
programme. The texts are written to tell exact phrases from near misses:
"edge of care" appears exactly in some rows and as "edge care" or "edge of
the care" in others.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from indexer.home import Home
from indexer.models import (
    AgendaItem,
    Committee,
    Council,
    Document,
    DocumentPart,
    Meeting,
    Page,
    Resolution,
    WorkProgrammeEntry,
)
from indexer.search.backend import is_postgres

BASE = "https://democracy.example.gov.uk"


def council(session: Session, slug: str, name: str) -> Council:
    row = Council(slug=slug, name=name, platform="moderngov", base_url=f"{BASE}/{slug}")
    session.add(row)
    session.flush()
    return row


def committee(session: Session, owner: Council, source_id: str, name: str) -> Committee:
    row = Committee(council=owner, source_id=source_id, name=name)
    session.add(row)
    session.flush()
    return row


def meeting(
    session: Session, owner: Committee, source_id: str, start: datetime, status: str = "held"
) -> Meeting:
    row = Meeting(
        council=owner.council,
        committee=owner,
        source_id=source_id,
        title=owner.name,
        start=start,
        status=status,
        url=f"{BASE}/{owner.council.slug}/ieListDocuments.aspx?CId={owner.source_id}&MId={source_id}",
    )
    session.add(row)
    session.flush()
    return row


def item(session: Session, at: Meeting, number: str, title: str, **text: str) -> AgendaItem:
    row = AgendaItem(
        meeting=at,
        key=number.rstrip("."),
        number=number,
        position=int(number.rstrip(".")),
        title=title,
        **text,
    )
    session.add(row)
    session.flush()
    return row


def resolution(session: Session, at: AgendaItem, text: str, **extra: object) -> Resolution:
    row = Resolution(
        meeting=at.meeting, agenda_item=at, text=text, fingerprint=str(hash(text)), **extra
    )
    session.add(row)
    session.flush()
    return row


def document(
    session: Session, at: Meeting, name: str, title: str, kind: str, pages: list[str]
) -> Document:
    row = Document(
        council_id=at.council_id,
        meeting=at,
        url=f"{BASE}/{at.council.slug}/documents/s{at.source_id}/{name.replace(' ', '%20')}.pdf",
        title=title,
        kind=kind,
        page_count=len(pages),
        text_status="ok",
    )
    session.add(row)
    session.flush()
    for number, text in enumerate(pages, start=1):
        session.add(Page(document=row, number=number, text=text))
    session.flush()
    return row


def populate(engine: Engine) -> dict[str, int]:
    """Insert the standard corpus; returns the ids tests refer to."""
    with Session(engine) as s, s.begin():
        thurrock = council(s, "thurrock", "Thurrock Council")
        kingston = council(s, "kingston", "Royal Borough of Kingston upon Thames")
        cs = committee(s, thurrock, "139", "Children's Services Overview and Scrutiny Committee")
        cabinet = committee(s, thurrock, "125", "Cabinet")
        ks = committee(s, kingston, "514", "Children's and Adults' Care and Education Committee")

        m1 = meeting(s, cs, "6071", datetime(2018, 7, 10, 19, 0))
        m2 = meeting(s, cs, "6200", datetime(2019, 11, 12, 19, 0))
        m3 = meeting(s, cabinet, "6300", datetime(2020, 3, 11, 19, 0))
        m4 = meeting(s, ks, "7700", datetime(2019, 6, 20, 19, 30))
        m5 = meeting(s, cs, "6400", datetime(2021, 1, 14, 19, 0), status="scheduled")

        edge = item(
            s,
            m1,
            "5.",
            "Edge of Care Service update",
            description="Report on the edge of care service for families in crisis.",
            minutes="Members asked how many young people the edge of care team supported "
            "and whether placements had been avoided.",
        )
        resolution(
            s,
            edge,
            "That the Committee notes the progress of the edge of care service.",
        )
        near_miss = item(
            s,
            m2,
            "7.",
            "Youth offending and edge care pilot",
            description="The edge care pilot reported on the cutting edge of the care "
            "market and its costs.",
        )
        placements = item(
            s,
            m2,
            "8.",
            "Sufficiency strategy for looked after children",
            description="Placements for looked after children out of borough have risen.",
            minutes="The Corporate Parenting lead said placement stability had improved.",
        )
        resolution(s, placements, "That Cabinet approves the sufficiency strategy 2019-2022.")
        send = item(
            s,
            m3,
            "12.",
            "SEND transport policy",
            description="Home to school transport for pupils with an EHCP.",
            decision="Cabinet agreed the revised SEND transport policy.",
        )
        resolution(s, send, "That the SEND home to school transport policy be adopted.")
        kingston_item = item(
            s,
            m4,
            "4.",
            "Edge of care and family support",
            description="Kingston's edge of care offer and child and adolescent mental "
            "health services (CAMHS) waiting times.",
        )
        future = item(
            s,
            m5,
            "3.",
            "Special educational needs and disabilities update",
            description="An update on special educational needs and disabilities provision.",
        )
        pack = document(
            s,
            m2,
            "Agenda reports pack",
            "Agenda reports pack",
            "agenda_pack",
            [
                "Children's Services Overview and Scrutiny Committee agenda.",
                "Minutes of the meeting held on 10 July 2018. The edge of care service "
                "was discussed at length.",
                "Report: sufficiency strategy. Placements and placement stability for "
                "children in care.",
            ],
        )
        s.add(
            DocumentPart(
                document=pack,
                kind="minutes",
                title="Minutes",
                page_start=2,
                page_end=2,
                meeting_id=m1.id,
            )
        )
        s.add(
            DocumentPart(
                document=pack,
                kind="report",
                title="Sufficiency strategy",
                page_start=3,
                page_end=3,
                meeting_id=m2.id,
                agenda_item_id=placements.id,
            )
        )
        wp = document(
            s, m2, "Work programme", "Work Programme 2019/20", "work_programme", ["Work programme"]
        )
        s.add(
            WorkProgrammeEntry(
                council_id=thurrock.id,
                committee_id=cs.id,
                document_id=wp.id,
                position=1,
                planned_date=date(2020, 2, 4),
                title="Edge of care annual report",
                details="Annual report of the edge of care service",
                lead_officer="Director",
            )
        )
        s.flush()
        return {
            "edge": edge.id,
            "near_miss": near_miss.id,
            "placements": placements.id,
            "send": send.id,
            "kingston": kingston_item.id,
            "future": future.id,
            "pack": pack.id,
            "thurrock": thurrock.id,
            "m1": m1.id,
        }


def whoosh_only(home: Home, why: str = "tests the Whoosh index files") -> None:
    """Skip on PostgreSQL, whose index is a table in the database (no files, no lock)."""
    if is_postgres(home):
        pytest.skip(f"Whoosh only: {why}")
