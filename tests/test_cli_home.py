"""Which home a command uses: `--home` after the command as before it, and
a plain word on stderr when the home in use holds nothing yet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from search_cli.app import app, home_first


@pytest.fixture
def no_home_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No PAPERS_HOME, run from an empty folder: as a new user would."""
    monkeypatch.delenv("PAPERS_HOME", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_home_after_the_command_is_the_same_as_before_it(
    runner: CliRunner, no_home_env: Path
) -> None:
    home = no_home_env / "archive"
    added = runner.invoke(app, ["councils", "add", "kingston", "--home", str(home)])
    assert added.exit_code == 0, added.output
    for args in (
        ["--home", str(home), "councils", "list", "--format", "json"],
        ["councils", "list", "--format", "json", "--home", str(home)],
        ["councils", "list", f"--home={home}", "--format", "json"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert [row["slug"] for row in json.loads(result.stdout)] == ["kingston"]
    searched = runner.invoke(app, ["search", "transport", "--home", str(home)])
    assert "No such option" not in searched.output
    assert not (no_home_env / "papers-data").exists()  # the default was never touched


def test_only_what_comes_before_a_double_dash_is_moved() -> None:
    assert home_first(["search", "x", "--home", "D", "--limit", "3"]) == [
        "--home",
        "D",
        "search",
        "x",
        "--limit",
        "3",
    ]
    assert home_first(["search", "--", "--home", "D"]) == ["search", "--", "--home", "D"]


def test_an_empty_home_says_which_it_is_without_spoiling_json(
    runner: CliRunner, no_home_env: Path
) -> None:
    result = runner.invoke(app, ["meetings", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    default = (no_home_env / "papers-data").resolve()
    assert result.stderr.replace("\n", " ").startswith(
        f"The home {default} (the default, ./papers-data in the current folder) holds no"
        " councils yet; choose another with --home DIR or PAPERS_HOME."
    )
    env_home = runner.invoke(
        app, ["councils", "list"], env={"PAPERS_HOME": str(no_home_env / "other")}
    )
    assert "(from PAPERS_HOME) holds no councils yet" in env_home.stderr
    searched = runner.invoke(app, ["search", "x", "--home", str(no_home_env / "third")])
    assert "(from --home) holds no councils yet" in searched.stderr


def test_a_home_with_a_council_says_nothing_of_it(runner: CliRunner, no_home_env: Path) -> None:
    added = runner.invoke(app, ["councils", "add", "kingston"])
    assert "holds no councils" not in added.stderr  # adding is not showing
    listed = runner.invoke(app, ["councils", "list"])
    assert listed.exit_code == 0 and "kingston" in listed.stdout
    assert listed.stderr == ""
