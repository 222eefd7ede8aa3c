"""The PostgreSQL search backend's own promises (on a real PostgreSQL server).

Same results as Whoosh for the same rows; exact phrases keep every word; a
row committed through one home is found from another home sharing the
database with no `papers index`; a unit leaves the index in the very
transaction that deletes its rows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, text
from sqlalchemy.orm import Session

from indexer.db import open_database
from indexer.home import Home
from indexer.models import Document
from indexer.search_index import HIT_FIELDS, SearchFilters, search, update_index
from tests.search_support import populate

ALL = SearchFilters()
QUERIES = (
    '"edge of care"',
    "placements",
    "LAC",
    '"looked after children"',
    "care* -kingston",
    '"edge of care" OR sufficiency',
    "council:thurrock type:resolution transport",
    "edge AND care NOT council:kingston",
)


@pytest.fixture
def pg_home(tmp_path: Path, postgres_url: str) -> Home:
    return Home(tmp_path / "pg", postgres_url).ensure()


@pytest.fixture
def pg_engine(pg_home: Home) -> Engine:
    engine = open_database(pg_home)
    yield engine
    engine.dispose()


def rows(home: Home, query: str, **options: object) -> list[dict[str, object]]:
    """The --format json rows, without the score (each backend ranks by its own measure)."""
    found = search(home, query, ALL, limit=None, **options)  # type: ignore[arg-type]
    return sorted(
        ({k: v for k, v in hit.as_row().items() if k != "score"} for hit in found.hits),
        key=lambda row: str(row["id"]),
    )


def test_same_rows_give_the_same_json_on_both_backends(
    tmp_path: Path, pg_home: Home, pg_engine: Engine
) -> None:
    sqlite_home = Home(tmp_path / "sqlite", f"sqlite:///{tmp_path / 'sqlite.db'}").ensure()
    sqlite_engine = open_database(sqlite_home)
    populate(sqlite_engine)
    update_index(sqlite_engine, sqlite_home)
    populate(pg_engine)
    for query in QUERIES:
        whoosh_rows = rows(sqlite_home, query)
        assert whoosh_rows, query
        assert rows(pg_home, query) == whoosh_rows, query
        assert all(list(row) == [f for f in HIT_FIELDS if f != "score"] for row in whoosh_rows)
    for sort in ("newest", "oldest"):  # the same dates in the same order (ties may differ)
        dated = [h.meeting_date for h in search(pg_home, '"edge of care"', ALL, sort=sort).hits]
        assert dated == [
            h.meeting_date for h in search(sqlite_home, '"edge of care"', ALL, sort=sort).hits
        ]
    facets = search(pg_home, '"edge of care"', ALL, facets=True)
    assert facets.facets == search(sqlite_home, '"edge of care"', ALL, facets=True).facets
    sqlite_engine.dispose()


def test_a_quoted_phrase_keeps_every_word(pg_home: Home, pg_engine: Engine) -> None:
    populate(pg_engine)
    exact = search(pg_home, '"edge of care"', ALL, limit=None)
    assert exact.total > 0
    for hit in exact.hits:
        assert "**edge of care**" in hit.snippet.lower()
    # "edge care" and "edge of the care" are in the corpus: neither is "edge of care".
    near = {h.id for h in search(pg_home, '"edge care"', ALL, limit=None).hits}
    assert near and not near & {h.id for h in exact.hits}


def test_a_second_home_on_the_same_database_sees_new_rows_without_indexing(
    tmp_path: Path, pg_home: Home, pg_engine: Engine
) -> None:
    other = Home(tmp_path / "other-machine", pg_home.database_url).ensure()
    assert search(other, "placements", ALL).total == 0
    populate(pg_engine)  # committed by this home's engine, no `papers index`
    assert search(other, '"edge of care"', ALL).total > 0
    assert update_index(pg_engine, pg_home).changed == 0  # nothing was left to do


def test_deleting_a_document_removes_its_units_in_the_same_transaction(
    pg_home: Home, pg_engine: Engine
) -> None:
    populate(pg_engine)

    def units_of(document_id: int) -> int:
        with pg_engine.connect() as connection:
            return int(
                connection.execute(
                    text("SELECT count(*) FROM search_units WHERE document_id = :d"),
                    {"d": document_id},
                ).scalar()
                or 0
            )

    with Session(pg_engine) as session:
        document_id = session.scalars(
            text("SELECT document_id FROM pages ORDER BY id LIMIT 1")  # type: ignore[arg-type]
        ).one()
    assert units_of(document_id) > 1  # its pages and its title
    with Session(pg_engine) as session:
        session.execute(delete(Document).where(Document.id == document_id))
        session.flush()
        assert units_of(document_id) > 1  # others see nothing until the commit
        session.rollback()
    assert units_of(document_id) > 1
    with Session(pg_engine) as session, session.begin():
        session.execute(delete(Document).where(Document.id == document_id))
    assert units_of(document_id) == 0
    with pg_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM search_dirty")).scalar() == 0
