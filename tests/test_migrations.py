"""The migrations build exactly the models' schema, both ways."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from indexer.db import current_revision, downgrade, head_revision, make_engine, upgrade
from indexer.models import Base
from indexer.parse.types import WorkProgrammeRow
from indexer.store.structure import work_programme_key

REQUIRED_TABLES = {
    "councils",
    "committees",
    "meetings",
    "documents",
    "document_versions",
    "pages",
    "agenda_items",
    "resolutions",
    "attendances",
    "declarations",
    "work_programme_entries",
    "watches",
    "watch_hits",
    "crawl_runs",
}


def test_upgrade_head_matches_models(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'papers.db'}")
    upgrade(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
    assert set(inspect(engine).get_table_names()) >= REQUIRED_TABLES
    assert current_revision(engine) == head_revision()


def test_downgrade_to_base_and_back(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'papers.db'}")
    upgrade(engine)
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    upgrade(engine)
    assert set(inspect(engine).get_table_names()) >= REQUIRED_TABLES


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'papers.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def _database_at(tmp_path: Path, revision: str) -> Engine:
    """A database at an older revision, holding one council."""
    engine = make_engine(f"sqlite:///{tmp_path / 'papers.db'}")
    upgrade(engine, revision)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO councils (id, slug, name, platform, timezone, created_at)"
                " VALUES (1, 'x', 'X', 'local', 'Europe/London', '2026-01-01')"
            )
        )
    return engine


def test_0002_keys_existing_work_programme_entries_and_reads_papers_again(
    tmp_path: Path,
) -> None:
    engine = _database_at(tmp_path, "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO documents (id, council_id, url, title, kind, text_status,"
                " parsed_at, first_seen, last_changed) VALUES (1, 1, 'file:///a.pdf', 'A',"
                " 'agenda_pack', 'ok', '2026-01-02', '2026-01-01', '2026-01-01')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO work_programme_entries (id, council_id, document_id, position,"
                " planned_date, planned_label, title, first_seen) VALUES"
                " (7, 1, 1, 0, '2026-03-10', NULL, 'Review of the Edge of Care Service',"
                " '2026-01-01'), (8, 1, 1, 1, NULL, 'tbc', 'Youth Justice Plan', '2026-01-01')"
            )
        )
    upgrade(engine)
    with engine.connect() as connection:
        keys = dict(connection.execute(text("SELECT id, key FROM work_programme_entries")).all())
        parsed = connection.execute(text("SELECT parsed_at FROM documents")).scalar()
    # The same key the code gives a row read now, so the next parse finds these rows.
    assert keys == {
        7: work_programme_key(
            WorkProgrammeRow("Review of the Edge of Care Service", 0, date(2026, 3, 10))
        ),
        8: work_programme_key(WorkProgrammeRow("Youth Justice Plan", 1, None, "tbc")),
    }
    assert parsed is None


def test_0003_marks_imported_kinds_as_read_from_the_text_and_reads_papers_again(
    tmp_path: Path,
) -> None:
    engine = _database_at(tmp_path, "0002")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO documents (id, council_id, url, title, kind, text_status,"
                " parsed_at, first_seen, last_changed) VALUES"
                " (1, 1, 'file:///home/files/a.pdf', 'pack.pdf', 'report', 'ok', '2026-01-02',"
                " '2026-01-01', '2026-01-01'),"
                " (2, 1, 'https://moderngov.example.gov.uk/documents/s1/a.pdf', 'Minutes',"
                " 'minutes', 'ok', '2026-01-02', '2026-01-01', '2026-01-01')"
            )
        )
    upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, detected, parsed_at FROM documents ORDER BY id")
        ).all()
    assert [tuple(row) for row in rows] == [(1, "kind", None), (2, "", None)]


def test_0004_members_of_meetings_not_held_become_expected_and_back(tmp_path: Path) -> None:
    engine = _database_at(tmp_path, "0003")
    seen = "'2026-01-01', '2026-01-01', '2026-01-01'"
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO meetings (id, council_id, source_id, start, status, first_seen,"
                f" last_seen, last_changed) VALUES (1, 1, 'held', '2020-01-01', 'held', {seen}),"
                f" (2, 1, 'off', '2020-02-01', 'cancelled', {seen}),"
                f" (3, 1, 'next', '2999-01-01', 'scheduled', {seen})"
            )
        )
        connection.execute(
            text(
                "INSERT INTO attendances (id, meeting_id, person, role) VALUES"
                " (1, 1, 'Ann', 'chair'), (2, 2, 'Ann', 'chair'), (3, 2, 'Ann', 'member'),"
                " (4, 3, 'Bo', 'member'), (5, 3, 'Cy', 'apologies')"
            )
        )
    upgrade(engine)
    query = text("SELECT meeting_id, person, role FROM attendances ORDER BY meeting_id, person")
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(query)]
    assert rows == [
        (1, "Ann", "chair"),  # held: as it was
        (2, "Ann", "expected"),  # cancelled: nobody attended (one row per person)
        (3, "Bo", "expected"),  # still to come
        (3, "Cy", "apologies"),  # apologies can be sent ahead
    ]
    downgrade(engine, "0003")
    with engine.connect() as connection:
        roles = [row[2] for row in connection.execute(query)]
    assert roles == ["chair", "member", "member", "apologies"]


def test_0006_adds_ocr_confidence_and_downgrade_reads_ocr_text_as_text(tmp_path: Path) -> None:
    engine = _database_at(tmp_path, "0005")
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO documents (id, council_id, url, title, kind, text_status,"
                " first_seen, last_changed, detected) VALUES (1, 1, 'file:///scan.pdf',"
                " 'Scan', 'minutes', 'ocr', '2026-01-01', '2026-01-01', '')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO pages (document_id, number, text, ocr_confidence)"
                " VALUES (1, 1, 'RESOLVED that the report be noted.', 91.5)"
            )
        )
    downgrade(engine, "0005")
    columns = {c["name"] for c in inspect(engine).get_columns("pages")}
    with engine.connect() as connection:
        row = connection.execute(text("SELECT text_status FROM documents")).one()
        page = connection.execute(text("SELECT text FROM pages")).scalar()
    assert "ocr_confidence" not in columns
    assert (row[0], page) == ("ok", "RESOLVED that the report be noted.")


def test_0006_marks_imported_unplaced_scans_to_be_placed_from_their_ocr_text(
    tmp_path: Path,
) -> None:
    engine = _database_at(tmp_path, "0005")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO documents (id, council_id, url, title, kind, text_status,"
                " first_seen, last_changed, detected) VALUES"
                " (1, 1, 'file:///scan.pdf', 'Scan', 'other', 'no_text_layer',"
                " '2026-01-01', '2026-01-01', ''),"
                " (2, 1, 'file:///given.pdf', 'Scan', 'minutes', 'no_text_layer',"
                " '2026-01-01', '2026-01-01', ''),"
                " (3, 1, 'https://moderngov.example.gov.uk/s1.pdf', 'Scan', 'other',"
                " 'no_text_layer', '2026-01-01', '2026-01-01', ''),"
                " (4, 1, 'file:///text.pdf', 'Report', 'other', 'ok',"
                " '2026-01-01', '2026-01-01', '')"
            )
        )
    upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, detected FROM documents ORDER BY id")).all()
    assert [tuple(row) for row in rows] == [
        (1, "kind committee date"),  # nothing was read or given: all from the OCR text
        (2, "committee date"),  # a kind given (or read) stays
        (3, ""),  # crawled: the site placed it
        (4, ""),  # not a scan
    ]
