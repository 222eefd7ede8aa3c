"""The skeleton: help, version, status, and plain errors for user mistakes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from indexer.db import make_engine
from indexer.home import Home
from indexer.models import Council
from indexer.search.backend import is_postgres
from search_cli.app import app
from search_cli.output import when
from tests.conftest import REPO_ROOT


def test_help_lists_commands(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("status", "db"):
        assert command in result.output


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("papers (council-papers) ")


def test_status_json_on_fresh_home_creates_database(runner: CliRunner, tmp_path: Path) -> None:
    home = tmp_path / "fresh"
    result = runner.invoke(app, ["status", "--format", "json"], env={"PAPERS_HOME": str(home)})
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["councils"] == 0
    assert report["meetings"] == 0
    assert report["documents_by_text_status"]["ok"] == 0
    # No Whoosh index until papers index; on PostgreSQL it is a table, there from the start.
    assert report["index_present"] is is_postgres(Home.from_env(home))
    tables = set(inspect(make_engine(Home.from_env(home).database_url)).get_table_names())
    assert {"councils", "meetings", "documents", "watch_hits", "crawl_runs"} <= tables


def test_home_option_beats_environment(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["--home", str(tmp_path / "a"), "status", "--format", "json"],
        env={"PAPERS_HOME": str(tmp_path / "b")},
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["home"] == str(tmp_path / "a")
    assert (tmp_path / "a" / "files").is_dir()
    assert not (tmp_path / "b").exists()


def test_database_url_overrides_the_file(runner: CliRunner, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere.db"
    result = runner.invoke(
        app,
        ["--home", str(tmp_path / "h"), "status", "--format", "json"],
        env={"DATABASE_URL": f"sqlite:///{other}"},
    )
    assert result.exit_code == 0
    assert other.exists()
    assert not (tmp_path / "h" / "papers.db").exists()


def test_unwritable_home_is_one_plain_line(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = runner.invoke(app, ["--home", str(blocker / "home"), "status"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.startswith("Error: Cannot create the home directory")
    assert len(result.stderr.strip().splitlines()) == 1


def test_db_upgrade(runner: CliRunner, home) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0
    assert "Database at revision 0010 (head 0010)" in result.output


def test_error_lines_keep_square_brackets(runner: CliRunner, home) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["councils", "remove", "x[bold]y", "--yes"])
    assert result.exit_code == 1
    assert "'x[bold]y'" in result.output
    assert "Traceback" not in result.output


def test_crawl_counts_read_as_words() -> None:
    from search_cli.commands.status import describe_counts

    text = describe_counts({"meetings_new": 3, "meetings_changed": 1, "documents_failed": 2})
    assert text == "meetings: 3 new, 1 changed\ndocuments: 2 failed"


def test_tables_for_people_are_narrower_than_data_for_programs() -> None:
    import io
    from datetime import datetime

    from search_cli.output import Format, render

    rows = [{"id": 1, "start": datetime(2026, 3, 10, 10, 0, 5), "url": "http://x/1"}]
    table, data = io.StringIO(), io.StringIO()
    render(rows, ("id", "start", "url"), Format.table, out=table, table_columns=("id", "start"))
    render(rows, ("id", "start", "url"), Format.json, out=data, table_columns=("id", "start"))
    assert "2026-03-10 10:00" in table.getvalue() and "url" not in table.getvalue()
    assert json.loads(data.getvalue()) == [
        {"id": 1, "start": "2026-03-10T10:00:05", "url": "http://x/1"}
    ]


def test_a_file_error_is_one_line(runner: CliRunner, home, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["export", "meetings", "-o", str(tmp_path / "nowhere" / "x.csv")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: No such file or directory: ")
    assert "Traceback" not in result.output


def test_a_reader_that_stops_early_is_not_an_error(home: Home, engine: Engine) -> None:
    # `papers ... | head -1`: enough output to fill the pipe, read one line, close.
    with Session(engine) as session, session.begin():
        session.add_all(
            Council(slug=f"council-{n}", name=f"Council {n}", platform="local") for n in range(3000)
        )
    command = [sys.executable, "-m", "search_cli", "councils", "list", "--format", "jsonl"]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().startswith(b'{"slug": "council-')
        process.stdout.close()
        error = process.stderr.read().decode()
        process.wait(timeout=60)
    assert error == ""


def test_a_meeting_without_a_known_time_shows_its_date_alone() -> None:
    assert when(datetime(2026, 1, 15)) == "2026-01-15"
    assert when(datetime(2026, 1, 15, 19, 30)) == "2026-01-15 19:30"
    assert when(None) == "date unknown"


def test_a_missing_database_driver_is_one_line_naming_the_extra(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['psycopg'] = None\n"
        "from search_cli.app import main; sys.argv = ['papers', 'status']; main()"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT),
        "PAPERS_HOME": str(tmp_path / "home"),
        "DATABASE_URL": "postgresql+psycopg://papers:secret@127.0.0.1/papers",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Error: DATABASE_URL needs the Python module 'psycopg', which is not installed "
        "(pip install 'council-papers[postgres]')"
    ]


def test_status_names_the_database_without_its_password(home: Home, runner: CliRunner) -> None:
    result = runner.invoke(app, ["status", "--format", "json"])
    shown = make_url(home.database_url).render_as_string(hide_password=True)
    assert json.loads(result.stdout)["database"] == shown
    result = runner.invoke(app, ["status"])
    assert "database" in result.stdout
