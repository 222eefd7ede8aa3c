"""Help and usage errors read as English in every command, not as Python types."""

from __future__ import annotations

import re

import pytest
import typer

from search_cli.app import app

pytestmark = pytest.mark.database_free

WIDE = {"COLUMNS": "200"}


def _commands(group: typer.main.TyperGroup, path: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        if hasattr(command, "commands"):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name)


COMMANDS = list(_commands(typer.main.get_command(app)))  # type: ignore[arg-type]


@pytest.mark.parametrize("command", [(), *COMMANDS], ids=" ".join)
def test_help_shows_no_python_types(runner, command: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*command, "--help"], env=WIDE)
    assert result.exit_code == 0, result.output
    for python in (r"<\w", r"list\[", r"x[<>]=", r"\brange\b"):
        assert not re.search(python, result.stdout), (python, result.stdout)


def test_the_search_help_names_its_values(runner) -> None:
    out = runner.invoke(app, ["search", "--help"], env=WIDE).stdout
    for shown in ("QUERY...", "--limit N", "--since YYYY-MM-DD", "--council NAME"):
        assert shown in out
    assert "--format table|json|jsonl|csv" in out and "--group meeting" in out
    assert "0 or more" in runner.invoke(app, ["watch", "show", "--help"], env=WIDE).stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["search", "care", "--format", "banana"],
            "Invalid value for '--format': 'banana' is not one of: table, json, jsonl, csv",
        ),
        (
            ["search", "care", "--kind", "banana"],
            "'banana' is not one of: item, resolution, page, document, work-programme",
        ),
        (["search", "care", "--limit", "ten"], "'--limit': give a whole number, such as 10"),
        (["watch", "show", "w", "--limit", "-3"], "'--limit': give 0 or more"),
    ],
)
def test_usage_errors_are_plain_and_list_the_choices(runner, args, message: str) -> None:
    result = runner.invoke(app, args, env=WIDE)
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and message in errors[0]
    assert "Value error" not in result.stderr
    assert "Input should" not in result.stderr
