"""`papers show meeting` gives each agenda item its decision, minutes and
recorded votes, on the real Kingston meeting page (MId=10221) imported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from indexer.home import Home
from search_cli.app import app

PAGE = "moderngov/kingston/kingston_ieListDocuments_CId711_MId10221.html"


@pytest.fixture
def kingston(shared_fixtures: Path, home: Home, runner: CliRunner) -> str:
    """The imported meeting's id."""
    imported = runner.invoke(
        app, ["import", str(shared_fixtures / PAGE), "--council", "kingston", "--no-index"]
    )
    assert imported.exit_code == 0, imported.output
    return "1"


def _items(runner: CliRunner, meeting: str) -> dict[str, dict[str, Any]]:
    shown = runner.invoke(app, ["show", "meeting", meeting, "--format", "json"])
    assert shown.exit_code == 0, shown.output
    return {item["number"]: item for item in json.loads(shown.stdout)["items"]}


def test_json_has_each_items_decision_minutes_and_votes_whole(
    kingston: str, runner: CliRunner
) -> None:
    items = _items(runner, kingston)
    petition = items["59."]
    assert petition["votes"] == [
        "Petition Regarding the Introduction of Traffic Management Measures On Manorgate Road:"
        " Resolution 1 & 2 (Resolution): Carried",
        "Petition Regarding the Introduction of Traffic Management Measures On Manorgate Road:"
        " Resolution 3 (Resolution): Carried",
    ]
    assert items["60."]["votes"] == [
        "Deferral: Coombe Lane West Zebra Crossing (Amendment): Carried"
    ]
    assert petition["decision"].startswith("RESOLVED that:\n1. the introduction of traffic")
    [resolution] = petition["resolutions"]
    assert resolution["item"] == "59." and len(resolution["clauses"]) == 3
    # The minutes whole, as the page prints them (3,346 characters).
    assert petition["minutes"].startswith("The Chair moved this item up the agenda")
    assert len(petition["minutes"]) > 3000
    assert items["65."]["minutes"] == "There were no urgent items."
    assert items["65."]["votes"] == [] and items["65."]["resolutions"] == []


def test_table_shows_them_under_each_item_with_long_minutes_cut(
    kingston: str, runner: CliRunner
) -> None:
    shown = runner.invoke(app, ["show", "meeting", kingston], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    out = shown.stdout
    block = out[out.index("59. Petition Regarding") : out.index("60. Coombe Lane West")]
    assert "  Decision: [resolved; from html, page 1] RESOLVED that:" in block
    assert "  Minutes: The Chair moved this item up the agenda" in block
    assert "(3,346 characters in all: papers show meeting 1 --format json)" in block
    assert (
        "  Recorded vote: Petition Regarding the Introduction of Traffic Management Measures"
        " On Manorgate Road: Resolution 3 (Resolution): Carried"
    ) in block
    assert "  Recorded vote: Deferral: Coombe Lane West Zebra Crossing (Amendment): Carried" in out
    assert "65. Urgent Items Authorised by the Chair\n  Minutes: There were no urgent items." in out
