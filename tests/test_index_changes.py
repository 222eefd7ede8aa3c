"""An index update costs what changed: nothing changed, no unit is read (counted)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from indexer.home import Home
from indexer.models import AgendaItem, Base, Meeting, Page
from indexer.search import changes, units
from indexer.search_index import SearchFilters, search, update_index
from tests.search_support import item, populate, whoosh_only

ALL = SearchFilters()


@pytest.fixture
def ids(engine: Engine, home: Home) -> dict[str, int]:
    whoosh_only(home, "the change counter tells the Whoosh index what changed")
    found = populate(engine)
    first = update_index(engine, home)
    assert first.added == first.read > 0
    return found


def hit_ids(home: Home, words: str) -> set[str]:
    return {hit.id for hit in search(home, words, ALL, limit=None).hits}


def test_nothing_changed_reads_no_unit(engine: Engine, home: Home, ids: dict[str, int]) -> None:
    counts = update_index(engine, home)
    assert (counts.read, counts.changed) == (0, 0)
    assert counts.unchanged == update_index(engine, home, rebuild=True).added > 0
    assert update_index(engine, home).read == 0


def test_added_changed_and_deleted_rows_reach_the_index(
    engine: Engine, home: Home, ids: dict[str, int]
) -> None:
    with Session(engine) as s, s.begin():
        s.get(AgendaItem, ids["placements"]).minutes = "Members asked about kinship carers."
        meeting = s.get(Meeting, ids["m1"])
        assert meeting is not None
        item(s, meeting, "9.", "Kinship care", description="Kinship carers support.")
    # A change made with plain SQL, not through the models, is seen as well.
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM resolutions WHERE id = 3"))
    counts = update_index(engine, home)
    assert counts.read > 0
    assert (counts.added, counts.updated, counts.deleted) == (1, 2, 1)
    assert len(hit_ids(home, "kinship")) == 2
    assert "resolution:3" not in hit_ids(home, "transport")
    assert update_index(engine, home).read == 0


def test_a_meeting_change_is_seen_but_a_visit_is_not(
    engine: Engine, home: Home, ids: dict[str, int]
) -> None:
    with Session(engine) as s, s.begin():
        s.get(Meeting, ids["m1"]).last_seen = datetime(2030, 1, 1, tzinfo=UTC)  # a crawl's visit
    assert update_index(engine, home).read == 0
    with Session(engine) as s, s.begin():
        s.get(Meeting, ids["m1"]).status = "cancelled"
    counts = update_index(engine, home)
    assert counts.read > 0 and counts.updated > 0


def test_a_dropped_trigger_is_made_again_and_everything_compared(
    engine: Engine, home: Home, ids: dict[str, int]
) -> None:
    # What SQLite's batch migrations do when they rebuild a table.
    with engine.begin() as connection:
        connection.execute(text('DROP TRIGGER "papers_changes_pages_update"'))
        connection.execute(text("UPDATE pages SET text = 'Fostering allowances' WHERE id = 1"))
    counts = update_index(engine, home)
    assert counts.read > 0 and counts.updated == 1
    with Session(engine) as s, s.begin():
        s.scalars(select(Page).where(Page.id == 1)).one().text = "Kinship allowances"
    assert update_index(engine, home).updated == 1
    assert {h for h in hit_ids(home, '"kinship allowances"') if h.startswith("page:")}


def test_an_update_cut_short_is_not_taken_as_complete(
    engine: Engine, home: Home, ids: dict[str, int]
) -> None:
    with Session(engine) as s, s.begin():
        s.get(AgendaItem, ids["send"]).title = "SEND home to school transport"
    # A killed update removes the record first and never wrote the new one.
    changes.forget_state(home.index_dir)
    counts = update_index(engine, home)
    assert counts.read > 0 and counts.updated > 0


def test_another_database_is_not_taken_for_this_one(
    engine: Engine, home: Home, ids: dict[str, int]
) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE change_counter SET database_id = 'another'"))
    assert update_index(engine, home).read > 0


def test_source_tables_are_every_table_units_read() -> None:
    read = {
        value.__tablename__
        for value in vars(units).values()
        if isinstance(value, type) and issubclass(value, Base) and value is not Base
    }
    assert set(changes.SOURCE_TABLES) == read
