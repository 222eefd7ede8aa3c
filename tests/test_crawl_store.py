"""The crawl's store keeps what it does not own: items read from papers survive a re-crawl."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from indexer.home import Home
from indexer.models import AgendaItem, Document, Meeting
from indexer.store.councils import add_council
from indexer.store.crawl import CrawlStore
from scraper.items import AgendaItemData, DocumentRef, MeetingItem


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


@pytest.fixture
def store(home: Home, engine: Engine) -> CrawlStore:
    add_council(engine, "test", "Test", "moderngov", "https://example.gov.uk/")
    crawl_store = CrawlStore(engine, home.files, "test")
    crawl_store.start_run()
    return crawl_store


def test_a_recrawl_keeps_items_read_from_papers_and_drops_what_the_site_removed(
    store: CrawlStore, engine: Engine
) -> None:
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


def _pack(name: str) -> DocumentRef:
    return DocumentRef(
        url=f"https://example.gov.uk/documents/g1/{name}.pdf", title=name, kind="agenda_pack"
    )


def test_a_document_the_page_stops_listing_is_kept_and_marked_withdrawn(
    store: CrawlStore, engine: Engine
) -> None:
    first = meeting_item("Room 1")
    first.documents = [_pack("pack-10-dec"), _pack("frontsheet")]
    store.store_meeting(first)
    moved = meeting_item("Room 1")  # the meeting moved: its pack is re-published
    moved.start = datetime(2026, 3, 17, 10, 0)
    moved.documents = [_pack("pack-17-dec"), _pack("frontsheet")]
    store.store_meeting(moved)

    def withdrawn() -> dict[str, bool]:
        with Session(engine) as session:
            rows = session.execute(select(Document.title, Document.withdrawn_at))
            return {title: when is not None for title, when in rows}

    assert withdrawn() == {"pack-10-dec": True, "frontsheet": False, "pack-17-dec": False}
    # A listing that could not be read whole (a pack chooser failed) withdraws nothing.
    partial = meeting_item("Room 2")
    partial.documents, partial.documents_complete = [_pack("frontsheet")], False
    store.store_meeting(partial)
    assert withdrawn() == {"pack-10-dec": True, "frontsheet": False, "pack-17-dec": False}
    # Listed again: no longer withdrawn.
    first.venue = "Room 3"
    store.store_meeting(first)
    assert withdrawn() == {"pack-10-dec": False, "frontsheet": False, "pack-17-dec": True}
