"""Rows for watch tests: a council whose papers about "edge of care" grow between crawls.

`first_crawl` is what exists when the watch is added; `second_crawl` is what
a later crawl brings: each kind of news once, plus changes that are not news
for the watch (a non-matching item). Both return the ids tests refer to.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from indexer.models import (
    AgendaItem,
    Committee,
    Council,
    Document,
    Meeting,
    Page,
    Resolution,
    WorkProgrammeEntry,
)
from tests.search_support import meeting

BASE = "https://democracy.example.gov.uk"
QUERY = '"edge of care"'


def _item(s: Session, meeting: Meeting, number: int, title: str, description: str) -> AgendaItem:
    row = AgendaItem(
        meeting=meeting,
        key=str(number),
        number=f"{number}.",
        position=number,
        title=title,
        description=description,
    )
    s.add(row)
    s.flush()
    return row


def first_crawl(engine: Engine, today: date) -> dict[str, int]:
    """A held meeting with a matching item and decision; an upcoming one that will be cancelled."""
    with Session(engine) as s, s.begin():
        council = Council(slug="kingston", name="Royal Borough of Kingston", platform="moderngov")
        committee = Committee(council=council, source_id="514", name="Children's Committee")
        s.add_all([council, committee])
        held = meeting(s, committee, "100", datetime(2024, 1, 15, 19, 30), "held")
        upcoming = meeting(
            s,
            committee,
            "200",
            datetime.combine(today + timedelta(days=20), datetime.min.time()),
            "scheduled",
        )
        later = meeting(
            s,
            committee,
            "300",
            datetime.combine(today + timedelta(days=60), datetime.min.time()),
            "scheduled",
        )
        edge = _item(s, held, 5, "Edge of care service", "Report on the edge of care service.")
        decision = Resolution(
            meeting_id=held.id,
            agenda_item_id=edge.id,
            text="That the edge of care report be noted.",
            fingerprint="r1",
        )
        s.add(decision)
        to_cancel = _item(s, later, 3, "Edge of care: placements", "The edge of care placements.")
        budget = _item(s, upcoming, 1, "Budget monitoring", "Quarter 3 budget.")
        s.add(decision)
        s.flush()
        return {
            "held": held.id,
            "upcoming": upcoming.id,
            "later": later.id,
            "edge_item": edge.id,
            "decision": decision.id,
            "to_cancel_item": to_cancel.id,
            "budget_item": budget.id,
            "committee": committee.id,
            "council": council.id,
        }


def second_crawl(engine: Engine, ids: dict[str, int]) -> dict[str, str]:
    """Each kind of news once; returns the expected kind by hit id."""
    with Session(engine) as s, s.begin():
        held = s.get_one(Meeting, ids["held"])
        upcoming = s.get_one(Meeting, ids["upcoming"])
        new_item = _item(s, upcoming, 2, "Edge of care: update", "The edge of care team's year.")
        # Not news for the watch: it does not match.
        _item(s, upcoming, 4, "School transport", "Home to school transport policy.")
        new_decision = Resolution(
            meeting=held,
            agenda_item_id=ids["edge_item"],
            text="That officers report back on the edge of care budget.",
            fingerprint="r2",
        )
        s.add(new_decision)
        # Re-published agenda: the matching item's text changed.
        s.get_one(
            AgendaItem, ids["edge_item"]
        ).description = "Revised report on the edge of care service, with figures."
        s.get_one(Meeting, ids["later"]).status = "cancelled"
        supplement = Document(
            council_id=ids["council"],
            meeting=upcoming,
            url=f"{BASE}/documents/s200/Supplement.pdf",
            title="Supplement: late figures",
            kind="supplement",
            page_count=2,
            text_status="ok",
        )
        s.add(supplement)
        s.flush()
        s.add_all(
            [
                Page(document=supplement, number=1, text="Contents"),
                Page(document=supplement, number=2, text="Table 1: edge of care referrals."),
            ]
        )
        entry = WorkProgrammeEntry(
            council_id=ids["council"],
            committee_id=ids["committee"],
            planned_date=upcoming.start.date() + timedelta(days=90),
            title="Edge of care annual report",
        )
        s.add(entry)
        s.flush()
        return {
            f"item:{new_item.id}": "new_item",
            f"resolution:{new_decision.id}": "new_resolution",
            f"item:{ids['edge_item']}": "changed",
            f"item:{ids['to_cancel_item']}": "cancelled",
            f"page:{supplement.id}:2": "new_page",
            f"work-programme:{entry.id}": "new_work_programme",
        }
