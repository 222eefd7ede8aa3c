"""What a search refuses, in one plain line, and an index that is not finished.

Real database, real Whoosh index, the real `papers` command in-process.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy.orm import Session

from indexer.models import Meeting
from indexer.search.backend import is_postgres
from indexer.search.querying import MAX_EXPANSION, MAX_QUERY_WORDS
from indexer.search.schema import create_index
from search_cli.app import app
from tests.search_support import item, populate, whoosh_only


@pytest.fixture
def ids(engine, home, runner):  # type: ignore[no-untyped-def]
    found = populate(engine)
    assert runner.invoke(app, ["index"]).exit_code == 0
    return found


def _one_plain_line(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["care", "--limit", "1" + "0" * 30], "--limit must be a number from 1 to 1,000,000"),
        (["care", "--limit", "-1"], "--limit must be a number from 1 to 1,000,000"),
        ([" ".join(["care"] * 10_000)], "The query is too long (49,999 characters)"),
        ([" ".join(["care"] * (MAX_QUERY_WORDS + 1))], f"has {MAX_QUERY_WORDS + 1} words"),
        (["(" * 3000 + "care" + ")" * 3000], "The query is too long (6,004 characters)"),
        (["(" * 500 + "care" + ")" * 500], "brackets inside brackets more than 10 deep"),
        (["x" * 100_000], "The query is too long (100,000 characters)"),
        (["x" * 500], "a word of 500 letters"),
        (["?are"], "'?are' is too broad"),
    ],
)
def test_oversized_queries_get_one_plain_line(runner, ids, args, message) -> None:
    result = runner.invoke(app, ["search", *args])
    assert message in _one_plain_line(result)


def test_a_nesting_a_few_deep_and_a_long_list_of_words_still_search(runner, ids) -> None:
    nested = "(" * 10 + '"edge of care"' + ")" * 10
    assert runner.invoke(app, ["search", nested]).exit_code == 0
    words = " OR ".join(["edge"] * (MAX_QUERY_WORDS // 2))
    assert runner.invoke(app, ["search", words]).exit_code == 0


@pytest.mark.parametrize("pattern", ["[a TO z]", "ab*", "ab?*"])
def test_broad_patterns_are_bounded(runner, engine, home, ids, pattern: str) -> None:
    whoosh_only(home, "PostgreSQL never lists a pattern's words (see the test below)")
    # One item with more distinct words than a pattern may stand for.
    many = " ".join(f"ab{n:02d}" for n in range(MAX_EXPANSION + 5))
    with Session(engine) as s, s.begin():
        item(s, s.get(Meeting, ids["m1"]), "30.", "Many words", description=many)
    assert runner.invoke(app, ["index"]).exit_code == 0
    line = _one_plain_line(runner.invoke(app, ["search", pattern]))
    assert f"stands for more than {MAX_EXPANSION:,} different words" in line
    # Narrower patterns over the same words still find the item.
    for narrow in ("[ab10 TO ab19]", "ab10*", "ab1?"):
        found = runner.invoke(app, ["search", narrow, "--format", "json"])
        assert found.exit_code == 0, found.output
        assert [hit["title"] for hit in json.loads(found.stdout)] == ["Many words"]


def test_patterns_on_postgresql(runner, engine, home, ids) -> None:
    if not is_postgres(home):
        pytest.skip("PostgreSQL only")
    many = " ".join(f"ab{n:02d}" for n in range(MAX_EXPANSION + 5))
    with Session(engine) as s, s.begin():
        item(s, s.get(Meeting, ids["m1"]), "30.", "Many words", description=many)
    for pattern in ("ab*", "ab?*", "ab10*", "ab1?"):
        found = runner.invoke(app, ["search", pattern, "--format", "json"])
        assert found.exit_code == 0, found.output
        assert [hit["title"] for hit in json.loads(found.stdout)] == ["Many words"]
    assert json.loads(runner.invoke(app, ["search", "ab9???", "--format", "json"]).stdout) == []
    line = _one_plain_line(runner.invoke(app, ["search", "[ab10 TO ab19]"]))
    assert "cannot be searched on PostgreSQL" in line


@pytest.mark.parametrize("command", [["export", "meetings"], ["meetings", "--format", "csv"]])
def test_the_widest_dates_are_every_meeting(runner, ids, command: list[str]) -> None:
    everything = runner.invoke(app, command)
    widest = runner.invoke(app, [*command, "--since", "0001-01-01", "--until", "9999-12-31"])
    assert widest.exit_code == 0, widest.output
    assert widest.stdout == everything.stdout and everything.stdout.count("\n") == 6
    one_day = runner.invoke(app, [*command, "--since", "2018-07-10", "--until", "2018-07-10"])
    assert one_day.stdout.count("\n") == 2  # the header and the meeting at 19:00 that day


def test_a_meeting_id_too_big_for_the_database_is_a_plain_error(runner, ids) -> None:
    result = runner.invoke(app, ["show", "meeting", "99999999999999999999999"])
    assert result.exit_code == 2 and "a meeting id is a number" in result.stderr
    assert "Traceback" not in result.output


def test_an_empty_index_left_by_a_killed_first_build_is_not_no_hits(runner, engine, home) -> None:
    whoosh_only(home, "PostgreSQL indexes rows in the transaction that writes them")
    populate(engine)
    # What a first `papers index` killed before its commit leaves behind.
    create_index(home.index_dir)
    line = _one_plain_line(runner.invoke(app, ["search", "transport"]))
    assert "No hits" not in line
    assert "the search index is incomplete (0 of 16 searchable units indexed)" in line
    assert "run `papers index` to finish it" in line
    assert runner.invoke(app, ["index"]).exit_code == 0
    finished = runner.invoke(app, ["search", "transport"])
    assert finished.exit_code == 0 and "incomplete" not in finished.stderr


def test_units_added_since_the_index_was_built_are_not_no_hits(runner, engine, home, ids) -> None:
    with Session(engine) as s, s.begin():
        meeting = s.get(Meeting, ids["m1"])
        item(s, meeting, "21.", "Octopus gardens", description="A new pond.")
        item(s, meeting, "22.", "Edge of care again", description="More edge of care.")
    if is_postgres(home):  # indexed as they were committed
        found = runner.invoke(app, ["search", "octopus", "--format", "json"])
        assert [hit["title"] for hit in json.loads(found.stdout)] == ["Octopus gardens"]
        return
    nothing = _one_plain_line(runner.invoke(app, ["search", "octopus"]))
    assert "(16 of 18 searchable units indexed)" in nothing and "No hits" not in nothing
    assert runner.invoke(app, ["search", '"edge of care"']).exit_code == 0
