"""The crawl's store keeps what it does not own: items read from papers survive a re-crawl."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from indexer.home import Home
from indexer.models import AgendaItem, Meeting
from indexer.store.councils import add_council
from indexer.store.crawl import CrawlStore
from scraper.items import AgendaItemData, MeetingItem


def meeting_item(venue: str, *items: AgendaItemData) -> MeetingItem:
    return MeetingItem(
        council="test",
        committee_source_id="1",
        committee_name="Cabinet",
        source_id="100",
        title="Cabinet",
        start=datetime(2026, 3, 10, 10, 0),
        status="held",
        venue=venue,
        url="https://example.gov.uk/ieListDocuments.aspx?CId=1&MId=100",
        source="html",
        agenda_items=list(items),
    )


def test_a_recrawl_keeps_items_read_from_papers_and_drops_what_the_site_removed(
    home: Home, engine: Engine
) -> None:
    add_council(engine, "test", "Test", "moderngov", "https://example.gov.uk/")
    store = CrawlStore(engine, home.root, "test")
    store.start_run()
    first, second = AgendaItemData("1.", 0, "Apologies"), AgendaItemData("2.", 1, "Budget")
    store.store_meeting(meeting_item("Room 1", first, second))
    with Session(engine) as session, session.begin():
        meeting = session.scalars(select(Meeting)).one()
        meeting.agenda_items.append(
            AgendaItem(number="3.", position=2, title="Edge of care", source="pdf", key="pdf-3")
        )

    store.store_meeting(meeting_item("Room 2"))  # the page now lists no items at all
    store.store_meeting(meeting_item("Room 3", first))  # item 2 taken off the page

    with Session(engine) as session:
        titles = sorted(session.scalars(select(AgendaItem.title)))
    assert titles == ["Apologies", "Edge of care"]
