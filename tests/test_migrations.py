"""The migrations build exactly the models' schema, both ways."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from indexer.db import current_revision, downgrade, head_revision, make_engine, upgrade
from indexer.models import Base

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
