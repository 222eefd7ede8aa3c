"""The PostgreSQL search backend's own promises (on a real PostgreSQL server).

Same results as Whoosh for the same rows; exact phrases keep every word; a
row committed through one home is found from another home sharing the
database with no `papers index`; a unit leaves the index in the very
transaction that deletes its rows; the units every commit keeps in step are
those a rebuild makes, and a change recomputes what it touches, not its meeting.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, delete, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from indexer.db import open_database
from indexer.home import Home
from indexer.models import Document
from indexer.search.postgres_units import drain, rebuild
from indexer.search.units import iter_units
from indexer.search_index import HIT_FIELDS, SearchFilters, search, update_index
from scraper.run import SETTINGS_ENV
from scraper.sample_site import SAMPLE_COUNCIL, publish_next_meeting, serve_sample_council
from tests.cli_support import FAST_SETTINGS, papers_ok
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


def _units(connection: Connection) -> dict[str, str]:
    rows = connection.execute(text("SELECT id, fingerprint FROM search_units"))
    return {unit_id: fingerprint for unit_id, fingerprint in rows}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory, module_postgres_url: str) -> Iterator[Engine]:
    """The sample council crawled twice (a meeting published between) into PostgreSQL;
    shared by the tests below, which roll back what they change."""
    root = str(tmp_path_factory.mktemp("crawled") / "home")
    url = module_postgres_url
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DATABASE_URL", url)
        env.setenv(SETTINGS_ENV, FAST_SETTINGS)
        runner = CliRunner()
        with serve_sample_council() as server:
            slug = SAMPLE_COUNCIL.slug
            papers_ok(runner, "--home", root, "councils", "add", server.base_url, "--slug", slug)
            papers_ok(runner, "--home", root, "crawl", slug)
            publish_next_meeting(server)
            papers_ok(runner, "--home", root, "crawl", slug)
        engine = open_database(Home(Path(root), url))
        yield engine
        engine.dispose()


def test_units_kept_in_step_by_every_commit_are_the_units_a_rebuild_makes(
    crawled: Engine,
) -> None:
    with crawled.connect() as connection:
        kept = _units(connection)
        assert len(kept) > 50
        rebuild(connection)
        assert _units(connection) == kept
        connection.rollback()


def test_a_changed_paper_recomputes_itself_and_what_cites_it_not_its_meetings_other_papers(
    crawled: Engine,
) -> None:
    with crawled.connect() as connection:
        # A paper of the meeting with the most papers.
        (document_id,) = connection.execute(
            text(
                "SELECT min(d.id) FROM documents d JOIN pages p ON p.document_id = d.id"
                " GROUP BY d.meeting_id ORDER BY count(DISTINCT d.id) DESC LIMIT 1"
            )
        ).one()
        # What reading a paper again changes: its row, its pages, its parts.
        for change in (
            "UPDATE documents SET title = title || ' (amended)' WHERE id = :d",
            "UPDATE pages SET text = text || ' amended' WHERE document_id = :d",
            "UPDATE document_parts SET title = title || ' (amended)' WHERE document_id = :d",
        ):
            connection.execute(text(change), {"d": document_id})
        scope = drain(connection)
        assert scope is not None
        read = [unit.id for unit in iter_units(connection, scope)]
        assert f"document:{document_id}" in read
        # Counted work: no other paper is read again (the items citing it are).
        others = [i for i in read if i.startswith(("page:", "document:"))]
        assert {int(i.split(":")[1]) for i in others} == {document_id}
        entries_in_it = {
            f"work-programme:{entry}"
            for (entry,) in connection.execute(
                text("SELECT id FROM work_programme_entries WHERE document_id = :d"),
                {"d": document_id},
            )
        }
        assert {i for i in read if i.startswith("work-programme:")} <= entries_in_it
        assert {i.split(":")[0] for i in read} <= {
            "page",
            "document",
            "item",
            "resolution",
            "work-programme",
        }
        connection.rollback()
