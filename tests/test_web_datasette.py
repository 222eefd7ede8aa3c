"""docs/datasette/metadata.json matches the schema: every table and label
column exists, and every canned query runs on a real database."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import Engine, inspect, text

from tests.conftest import REPO_ROOT
from tests.search_support import populate

METADATA = REPO_ROOT / "docs" / "datasette" / "metadata.json"


def _database() -> dict:  # type: ignore[type-arg]
    return json.loads(METADATA.read_text(encoding="utf-8"))["databases"]["papers"]


def test_tables_and_label_columns_exist(engine: Engine) -> None:
    schema = inspect(engine)
    tables = set(schema.get_table_names())
    for table, settings in _database()["tables"].items():
        assert table in tables, table
        columns = {c["name"] for c in schema.get_columns(table)}
        for key in ("label_column", "sort", "sort_desc"):
            if key in settings:
                assert settings[key] in columns, (table, key)
        assert set(settings.get("facets", [])) <= columns, table
    # Meetings have no title of their own in most homes: never label them by it.
    assert _database()["tables"]["meetings"]["label_column"] == "start"


def test_canned_queries_run(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("Datasette opens SQLite files only: its canned queries are SQLite's SQL")
    populate(engine)
    with engine.connect() as conn:
        for name, query in _database()["queries"].items():
            params = {p: "" for p in re.findall(r"(?<!:):(\w+)", query["sql"])}
            rows = conn.execute(text(query["sql"]), params).all()
            assert rows or name == "coming_up", name
        listed = conn.execute(
            text(_database()["queries"]["meetings_list"]["sql"]), {"council": "kingston"}
        ).all()
        assert listed and all(row.council.startswith("Royal Borough of Kingston") for row in listed)
