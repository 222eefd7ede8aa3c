"""Start-up: a command imports only what it uses (counted in sys.modules, not timed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

from indexer.db import _head_from_files, head_revision
from indexer.home import Home
from indexer.search.backend import is_postgres
from indexer.search_index import update_index
from search_cli.app import COMMANDS, app, load_command
from tests.conftest import REPO_ROOT
from tests.search_support import populate

# Runs `papers ARGS` in this fresh interpreter, then prints the top-level
# packages it imported.
PROBE = """
import json, sys
from search_cli.app import main
sys.argv = ["papers", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
sys.__stdout__.write("\\n" + json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""
HEAVY = {"scrapy", "twisted", "alembic", "sqlalchemy", "whoosh", "pypdfium2", "bs4", "lxml"}
QUEUE = {"celery", "kombu", "redis"}  # only for running a worker or enqueueing
HEAVY |= QUEUE


def imported_by(*args: str, home: Home | None = None) -> set[str]:
    """The packages `papers ARGS` imports, on the home's own database if given."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    env.pop("DATABASE_URL", None)
    if home is not None and home.database_url_override:
        env["DATABASE_URL"] = home.database_url_override
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=120,
        check=True,
    )
    return set(json.loads(done.stdout.rsplit("\n", 1)[-1]))


def test_help_imports_no_engine() -> None:
    assert imported_by("--help") & HEAVY == set()
    assert imported_by("worker", "--help") & QUEUE == set()


def test_search_imports_the_index_only(home: Home, engine) -> None:  # type: ignore[no-untyped-def]
    populate(engine)
    update_index(engine, home)
    modules = imported_by("--home", str(home.root), "search", '"edge of care"', home=home)
    if is_postgres(home):
        # The index is a table in the database, so SQLAlchemy and the driver are
        # used; Whoosh too, for its query parser (one query language on both
        # backends). Neither the crawler nor Alembic: the schema is up to date.
        assert {"sqlalchemy", "psycopg", "whoosh"} <= modules
        assert modules & {"scrapy", "twisted", "alembic", "pypdfium2"} == set()
        return
    assert "whoosh" in modules
    # Neither the crawler nor the database layer: a plain search reads the index.
    assert modules & {"scrapy", "twisted", "alembic", "sqlalchemy", "pypdfium2"} == set()


def test_search_with_council_and_status_skip_scrapy_and_alembic(
    home: Home,
    engine,  # type: ignore[no-untyped-def]
) -> None:
    populate(engine)
    update_index(engine, home)
    root = str(home.root)
    for args in (["search", "--council", "kingston", "care"], ["status"]):
        modules = imported_by("--home", root, *args, home=home)
        assert modules & {"scrapy", "twisted", "alembic", "celery"} == set(), args


def test_help_lists_each_command_as_its_own_help_would(runner: CliRunner) -> None:
    listed = runner.invoke(app, ["--help"]).output
    group = typer.main.get_command(app)
    ctx = typer.Context(group, info_name="papers")
    for name in COMMANDS:
        command = load_command(name)
        declared = typer.core.TyperCommand(name, help=COMMANDS[name][2])
        assert command.get_short_help_str(1000) == declared.get_short_help_str(1000), name
        assert group.get_command(ctx, name) is not None
        assert f"  {name} " in listed


def test_migration_head_read_from_the_files_is_alembics() -> None:
    assert _head_from_files() == head_revision()


def test_every_command_module_is_registered() -> None:
    modules = {path.stem for path in (Path(REPO_ROOT) / "search_cli" / "commands").glob("*.py")}
    assert modules - {"__init__"} == {module for module, _, _ in COMMANDS.values()}


def test_search_keeps_its_own_option_settings(runner: CliRunner) -> None:
    # `-word` is a query word, not an unknown option, once search is loaded lazily.
    assert load_command("search").context_settings["ignore_unknown_options"] is True
    result = runner.invoke(app, ["watch", "--help"])
    assert result.exit_code == 0 and "papers watch" in result.output, result.output
